"""Lambda layers inside Sequential models, as time-series lessons write them: the output is read from the body
once the model has its input (from an Input, a first layer's input_shape, build or a call)."""

import keras
import tensorflow as tf
from keras import layers

window_size = 20

forecaster = tf.keras.models.Sequential([
    tf.keras.Input(shape=(window_size, 1)),
    tf.keras.layers.SimpleRNN(40, return_sequences=True),
    tf.keras.layers.SimpleRNN(40),
    tf.keras.layers.Dense(1),
    tf.keras.layers.Lambda(lambda x: x * 100.0),
])

expanding = tf.keras.models.Sequential([
    tf.keras.layers.Lambda(lambda x: keras.ops.expand_dims(x, axis=-1), input_shape=[window_size]),
    tf.keras.layers.Conv1D(8, 3, padding="causal"),
    tf.keras.layers.LSTM(16),
    tf.keras.layers.Dense(1),
])

built_later = keras.Sequential([layers.Dense(4), layers.Lambda(lambda x: keras.ops.expand_dims(x, -1)), layers.Flatten()])
built_later.build((None, 3))

called_later = keras.Sequential([layers.Lambda(lambda x: x[:, :2]), layers.Dense(3)])
called_later(keras.Input((6,)))

added = keras.Sequential()
added.add(layers.Lambda(lambda x: x / 255.0 - 0.5, input_shape=(8, 8, 3)))
added.add(layers.Conv2D(4, 3))
added.add(layers.Lambda(lambda x: keras.ops.mean(x, axis=[1, 2])))
