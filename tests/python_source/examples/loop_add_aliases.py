# A VGG-like stack built in loops, with the module aliased and Keras's alias class names.
import keras
import keras.layers as L
from keras.models import Sequential

IMG_SIZE = 64
FILTERS = [32, 64, 128]

model = Sequential(name="vgg_like")
model.add(L.InputLayer(shape=(IMG_SIZE, IMG_SIZE, 3)))
for f in FILTERS:
    model.add(L.Convolution2D(f, 3, 1, "same", activation=keras.activations.relu))
    model.add(L.Conv2D(f, (3, 3), padding="same", activation="relu"))
    model.add(L.MaxPool2D())
model.add(L.GlobalAvgPool2D())
for i in range(2):
    model.add(L.Dense(256 // 2 ** i, "relu"))
model.add(L.Dense(10, 'softmax'))
model.summary()
