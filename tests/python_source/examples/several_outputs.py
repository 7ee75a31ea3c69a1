"""Layers and models giving several tensors: recurrent layers with return_state=True, layer classes whose call
returns a list or a tuple (and one reading three tensors by position), a functional model with several outputs
used as a layer (tests/python_source/subclassed/holding_several_outputs.py: held by a subclass)."""

import keras
from keras import layers, ops

tokens = keras.Input(shape=(10,), dtype="int32", name="tokens")
state_in = keras.Input(shape=(16,), name="state_in")
embedded = layers.Embedding(30, 8)(tokens)
sequence, last = layers.GRU(16, return_sequences=True, return_state=True)(embedded, initial_state=state_in)
outputs, h, c = layers.LSTM(12, return_state=True)(sequence)
merged = layers.concatenate([h, c, last])
recurrent = keras.Model([tokens, state_in], [layers.Dense(4)(merged), outputs, last])


class Scores(layers.Layer):
    """One score per tensor of a list, softmax across them: a list back."""

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[0][-1], 1), name="w")

    def call(self, inputs):
        stacked = ops.stack([ops.tensordot(item, self.w, axes=1) for item in inputs])
        alpha = ops.softmax(stacked, axis=0)
        return [alpha[i] for i in range(alpha.shape[0])]


class Distances(layers.Layer):
    def call(self, anchor, positive, negative):
        return ops.sum(ops.square(anchor - positive), -1), ops.sum(ops.square(anchor - negative), -1)


bag = [keras.Input(shape=(6,)) for _ in range(3)]
shared = layers.Dense(5)
embeddings = [shared(item) for item in bag]
alpha = Scores(name="alpha")(embeddings)
weighted = [layers.multiply([alpha[i], embeddings[i]]) for i in range(len(alpha))]
near, far = Distances()(weighted[0], weighted[1], weighted[2])
bags = keras.Model(bag, [layers.concatenate(weighted), near, far])

image = keras.Input(shape=(8, 8, 1))
x = layers.Flatten()(layers.Conv2D(4, 3)(image))
z_mean = layers.Dense(2, name="z_mean")(x)
z_log_var = layers.Dense(2, name="z_log_var")(x)
encoder = keras.Model(image, [z_mean, z_log_var, layers.Add()([z_mean, z_log_var])], name="encoder")

again = keras.Input(shape=(8, 8, 1))
mean, log_var, z = encoder(again)
uses_encoder = keras.Model(again, layers.Dense(3)(layers.concatenate([mean, log_var, z])))

# model.layers in Keras's order (its summary's), and a layer's .output: the list of its outputs
sequence_out, state_out = recurrent.layers[3].output
last_state = keras.Model(recurrent.inputs, layers.Dense(2)(state_out))
flat_embedding = keras.Model(tokens, layers.Flatten()(recurrent.layers[1].output))  # embedding, not state_in
