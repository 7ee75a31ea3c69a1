"""Operations on Keras tensors in a functional model: each is a row of Keras's summary."""

import keras
from keras import layers, ops

tokens = keras.Input((16, 32), name="tokens")
hidden = layers.Dense(32)(tokens)
scores = ops.matmul(hidden, ops.transpose(tokens, (0, 2, 1))) / ops.sqrt(float(tokens.shape[-1]))
weights = ops.softmax(scores, axis=-1)
mixed = ops.matmul(weights, hidden)
gated = keras.activations.sigmoid(mixed) * mixed + 1.0
pooled = ops.mean(gated, axis=1)
first = tokens[:, 0]
joined = ops.concatenate([pooled, first, -first], axis=-1)
wide = ops.expand_dims(joined, 1)
flat = ops.reshape(wide, (-1, joined.shape[-1]))
outputs = layers.Dense(4, activation="softmax")(keras.activations.swish(flat) ** 2)
attention_model = keras.Model(tokens, outputs)

squares = keras.Input((8,))
halves = 0.5 * squares - ops.square(squares)
two_outputs = keras.Model(squares, [ops.relu(halves), ops.sum(halves, axis=-1, keepdims=True)], name="two")

pixels = keras.Input((8, 8, 3))
scaled = layers.Lambda(lambda t: t * 2.0 + 1.0)(pixels)
means = layers.Lambda(lambda t: ops.mean(t, axis=[1, 2]), name="channel_means")(scaled)
rows = layers.Reshape((64, 3))(pixels)
similarity = layers.Dot(axes=(2, 2))([rows, rows])
self_dot = layers.Dot(axes=1, normalize=True)([means, means])
lambdas_and_dots = keras.Model(pixels, [similarity, self_dot, pixels + 1.0], name="lambdas_and_dots")
