# A Sequential baseline, then a functional model, then a Sequential built with model.build():
# Keras's session counters run through all three (functional models made inside Sequential ones included).
import keras
from keras import layers

baseline = keras.Sequential([layers.Dense(32, activation="relu", input_shape=(20,)), layers.Dense(1)])
baseline.add(layers.Dense(1, activation="sigmoid"))

inputs = keras.Input(shape=(20,))
hidden = layers.Dense(32, activation="relu")(inputs)
outputs = layers.Dense(1, activation="sigmoid")(hidden)
wide = keras.Model(inputs=inputs, outputs=outputs)

deep = keras.Sequential()
for units in (64, 32, 16):
    deep.add(layers.Dense(units, activation="relu"))
deep.add(layers.Dense(1))
deep.build((None, 20))
deep.summary()
