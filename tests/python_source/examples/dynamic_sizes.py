"""Sizes only running knows, inside a layer's call: a sub-pixel upscaler on images of any size (the keras-io
super-resolution example), on the TensorFlow backend, where ops.shape(x) gives them as tensors."""

import os

os.environ["KERAS_BACKEND"] = "tensorflow"

import keras
from keras import layers, ops


class DepthToSpace(layers.Layer):
    def __init__(self, block_size):
        super().__init__()
        self.block_size = block_size

    def call(self, input):
        batch, height, width, depth = ops.shape(input)
        depth = depth // (self.block_size**2)
        x = ops.reshape(input, [batch, height, width, self.block_size, self.block_size, depth])
        x = ops.transpose(x, [0, 1, 3, 2, 4, 5])
        return ops.reshape(x, [batch, height * self.block_size, width * self.block_size, depth])


inputs = keras.Input(shape=(None, None, 1))
x = layers.Conv2D(16, 3, padding="same", activation="relu")(inputs)
x = layers.Conv2D(9, 3, padding="same")(x)
upscaler = keras.Model(inputs, DepthToSpace(3)(x), name="upscaler")

fixed = keras.Input(shape=(8, 8, 4))
fixed_upscaler = keras.Model(fixed, DepthToSpace(2)(fixed), name="fixed_upscaler")
