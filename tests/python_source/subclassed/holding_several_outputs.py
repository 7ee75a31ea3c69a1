"""keras.Model subclasses never called, holding a model with several outputs: one called as a layer elsewhere
(Keras shows its shapes as a list, from its call) and one never called (a tuple, from its output_shape)."""

import keras
from keras import layers

image = keras.Input(shape=(8, 8, 1))
x = layers.Flatten()(layers.Conv2D(4, 3)(image))
z_mean = layers.Dense(2, name="z_mean")(x)
z_log_var = layers.Dense(2, name="z_log_var")(x)
encoder = keras.Model(image, [z_mean, z_log_var, layers.Add()([z_mean, z_log_var])], name="encoder")
outer = keras.Model(image, layers.concatenate(encoder(image)))


class Holder(keras.Model):
    def __init__(self, encoder, **kwargs):
        super().__init__(**kwargs)
        self.encoder = encoder


holder = Holder(encoder)
never_called = keras.Model(image, [z_mean, z_log_var], name="never_called")
holds_uncalled = Holder(never_called)
