"""Shapes read from a dataset, as course lessons write them: keras.datasets' arrays, reshaped and scaled."""

import numpy as np
import tensorflow as tf
from tensorflow.keras import layers

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.fashion_mnist.load_data()
x_train = x_train.reshape(-1, 28, 28, 1).astype("float32") / 255.0
x_test = np.expand_dims(x_test, -1) / 255.0
print(x_train.shape, len(x_train), "training images")

idx = np.random.permutation(len(x_train))
x_train, y_train = x_train[idx], y_train[idx]
x_small = x_train[:1000]

model = tf.keras.Sequential([
    layers.Conv2D(16, 3, activation="relu", input_shape=x_small.shape[1:]),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(10, activation="softmax"),
])

(c_train, _), _ = tf.keras.datasets.cifar10.load_data()
inputs = tf.keras.Input(shape=c_train.shape[1:])
x = layers.Conv2D(8, 3, strides=2)(inputs)
x = layers.GlobalAveragePooling2D()(x)
colour_model = tf.keras.Model(inputs, layers.Dense(10)(x))

sequence = np.zeros((64, 20, 3))
recurrent_input = tf.keras.Input((sequence.shape[1], sequence.shape[2]))
dense_model = tf.keras.Model(recurrent_input, layers.Dense(4)(recurrent_input[:, -1, :]))

identity = tf.keras.Input((4,))
mixed = layers.Dense(4, kernel_initializer=tf.keras.initializers.Constant(np.eye(4)), use_bias=False)(identity)
identity_model = tf.keras.Model(identity, layers.Dense(2)(mixed), name="identity_start")
