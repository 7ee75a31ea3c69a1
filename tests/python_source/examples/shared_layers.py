"""Shared layers: a layer, a Sequential model and a functional model each called more than once. Keras shows each
once, where its first call is, with the output of its last call and every call in "Connected to"."""

import keras
from keras import layers

left = keras.Input((8,), name="left")
right = keras.Input((8,), name="right")
project = layers.Dense(4)
encode = keras.Sequential([keras.Input((4,)), layers.Dense(3)], name="encode")
joined = layers.concatenate([encode(project(left)), encode(project(right))])
pair = keras.Model([left, right], layers.Dense(1, activation="sigmoid")(joined), name="pair")

conv = layers.Conv2D(4, 3)
images = keras.Input((10, 10, 3))
twice = conv(layers.Conv2D(3, 1)(conv(images)))
again = keras.Model(images, twice, name="again")

digits = keras.Input((28, 28, 1))
x = layers.Conv2D(8, 3, activation="relu")(digits)
x = layers.GlobalAveragePooling2D()(x)
tower = keras.Model(digits, layers.Dense(16)(x), name="tower")
first = keras.Input((28, 28, 1))
second = keras.Input((28, 28, 1))
distance = layers.Subtract()([tower(first), tower(second)])
siamese = keras.Model([first, second], layers.Dense(1)(distance))
