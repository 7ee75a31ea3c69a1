import json

from tensorflow import keras

with open("config.json") as handle:
    config = json.load(handle)

model = keras.Sequential()
model.add(keras.layers.Input(shape=(32, 32, 3)))
for filters in config["filters"]:
    model.add(keras.layers.Conv2D(filters, 3, activation="relu"))
