"""Masks from Embedding(mask_zero=True) in two models of one lesson: Keras names each mask's NotEqual operation
from the session's counter, so the second model's is not_equal_1; --format json lists it as Keras's row."""

import keras
from keras import layers

tokens = keras.Input(shape=(20,), dtype="int64")
x = layers.Embedding(1000, 8, mask_zero=True)(tokens)
x = layers.LSTM(4)(x)
first = keras.Model(tokens, layers.Dense(1)(x), name="first")

more_tokens = keras.Input(shape=(30,), dtype="int64")
y = layers.Embedding(500, 8, mask_zero=True)(more_tokens)
y = layers.Bidirectional(layers.GRU(4))(y)
second = keras.Model(more_tokens, layers.Dense(1)(y), name="second")
