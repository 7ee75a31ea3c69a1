"""A lesson's feature-map model: the layers picked by `type(layer) in [...]` (an alias, MaxPool2D, is the same
class as MaxPooling2D), and by `==` on a layer's class."""

import tensorflow as tf

model = tf.keras.models.Sequential([
    tf.keras.Input(shape=(28, 28, 1)),
    tf.keras.layers.Conv2D(8, 3, activation="relu"),
    tf.keras.layers.MaxPooling2D(2),
    tf.keras.layers.Conv2D(8, 3, activation="relu"),
    tf.keras.layers.MaxPool2D(2),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(3),
])

layers_to_visualize = [tf.keras.layers.Conv2D, tf.keras.layers.MaxPooling2D]
layer_outputs = [layer.output for layer in model.layers if type(layer) in layers_to_visualize]
activation_model = tf.keras.models.Model(inputs=model.inputs, outputs=layer_outputs)

dense_only = [layer.output for layer in model.layers if type(layer) == tf.keras.layers.Dense]
dense_model = tf.keras.Model(model.inputs, dense_only)
