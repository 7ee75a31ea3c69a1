"""preprocess_input on Keras tensors, in every mode: the operation rows Keras records, named by its counters."""

import keras
import numpy as np
import tensorflow as tf
from keras import layers
from keras.applications import resnet
from keras.applications.densenet import preprocess_input as densenet_preprocess

images = keras.applications.vgg16.preprocess_input(np.zeros((2, 32, 32, 3)))  # on data: no row

inputs = keras.Input((32, 32, 3))
x = resnet.preprocess_input(inputs)
caffe = keras.Model(inputs, layers.Conv2D(2, 3)(x))

inputs = keras.Input((32, 32, 3))
x = tf.keras.applications.mobilenet_v2.preprocess_input(inputs)
tf_mode = keras.Model(inputs, layers.Conv2D(2, 3)(x))

inputs = keras.Input((32, 32, 3))
x = densenet_preprocess(inputs)
torch_mode = keras.Model(inputs, layers.Conv2D(2, 3)(x))

inputs = keras.Input((32, 32, 3))
x = keras.applications.efficientnet.preprocess_input(inputs)
x = keras.applications.convnext.preprocess_input(x)
unchanged = keras.Model(inputs, layers.Conv2D(2, 3)(x))

pixels = keras.Input((3, 16, 16))
bgr = keras.applications.imagenet_utils.preprocess_input(pixels, data_format="channels_first", mode="caffe")
scaled = keras.applications.imagenet_utils.preprocess_input(pixels, "channels_first", "torch")
channels_first = keras.Model(pixels, [bgr, scaled])

three = keras.Input((None, None, 3))
siamese = keras.Model(three, [resnet.preprocess_input(three), keras.applications.xception.preprocess_input(three)])
