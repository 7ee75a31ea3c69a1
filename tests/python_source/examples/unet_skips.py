# A small U-Net in the functional API: skip connections kept in a list, popped on the way up.
from tensorflow import keras
from tensorflow.keras import layers

IMG_SIZE = (96, 96)
NUM_CLASSES = 3
FILTERS = [16, 32, 64]


def double_conv(x, filters, name):
    for i in range(2):
        x = layers.Conv2D(filters, 3, padding="same", use_bias=False, name=f"{name}_conv{i}")(x)
        x = layers.BatchNormalization(name=f"{name}_bn{i}")(x)
        x = layers.Activation("relu", name=f"{name}_relu{i}")(x)
    return x


def get_model(img_size, num_classes):
    inputs = keras.Input(shape=img_size + (3,))
    skips = []
    x = inputs
    for depth, filters in enumerate(FILTERS):
        x = double_conv(x, filters, f"down{depth}")
        skips.append(x)
        x = layers.MaxPooling2D(2)(x)
    x = double_conv(x, FILTERS[-1] * 2, "bottom")
    for depth, filters in reversed(list(enumerate(FILTERS))):
        x = layers.Conv2DTranspose(filters, 2, strides=2, padding="same")(x)
        x = layers.concatenate([x, skips.pop()])
        x = double_conv(x, filters, f"up{depth}")
    outputs = layers.Conv2D(num_classes, 1, activation="softmax", name="mask")(x)
    return keras.Model(inputs, outputs, name="unet")


keras.backend.clear_session()
model = get_model(IMG_SIZE, NUM_CLASSES)
model.summary()
