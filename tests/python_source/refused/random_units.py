import random

import keras
from keras import layers

units = random.randint(8, 64)
model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Flatten(),
    layers.Dense(units, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
