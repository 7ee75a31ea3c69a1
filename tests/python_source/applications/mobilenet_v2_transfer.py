"""Transfer learning as the TensorFlow tutorial teaches it: a frozen MobileNetV2 base called on a new input."""
import numpy as np
import tensorflow as tf

IMG_SIZE = (160, 160)
IMG_SHAPE = IMG_SIZE + (3,)
preprocess_input = tf.keras.applications.mobilenet_v2.preprocess_input
images = preprocess_input(np.zeros((2, 160, 160, 3)))

base_model = tf.keras.applications.MobileNetV2(input_shape=IMG_SHAPE, include_top=False, weights="imagenet")
base_model.trainable = False
print(len(base_model.layers))

inputs = tf.keras.Input(shape=(160, 160, 3))
x = base_model(inputs, training=False)
x = tf.keras.layers.GlobalAveragePooling2D()(x)
x = tf.keras.layers.Dropout(0.2)(x)
outputs = tf.keras.layers.Dense(1)(x)
model = tf.keras.Model(inputs, outputs)
model.summary()
