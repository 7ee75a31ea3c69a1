# Old notebook style: star imports, Keras 2 alias names, a helper that adds a block.
from tensorflow.keras.models import *
from tensorflow.keras.layers import *
from tensorflow.keras.regularizers import *


def conv_block(model, filters, first=False):
    if first:
        model.add(Convolution2D(filters, (5, 5), padding="same", input_shape=(64, 64, 1)))
    else:
        model.add(Convolution2D(filters, (5, 5), padding="same", kernel_regularizer=l2(0.0005)))
    model.add(BatchNormalization())
    model.add(Activation("relu"))
    model.add(MaxPool2D(pool_size=(2, 2)))


model = Sequential()
conv_block(model, 16, first=True)
for filters in [32, 64]:
    conv_block(model, filters)
model.add(GlobalAvgPool2D())
model.add(Dense(1, activation="sigmoid"))
model.summary()
