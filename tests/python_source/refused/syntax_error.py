import keras
from keras import layers

model = keras.Sequential([
    layers.Conv2D(32, (3, 3), activation="relu", input_shape=(28, 28, 1),
    layers.Flatten(),
    layers.Dense(10 activation="softmax"),
])
