"""A VAE's sampling layer: random values drawn inside `call`, of a shape from the input (batch included)."""

import keras
from keras import layers, ops


class Sampling(layers.Layer):
    """Uses (z_mean, z_log_var) to sample z."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.seed_generator = keras.random.SeedGenerator(1337)

    def call(self, inputs):
        z_mean, z_log_var = inputs
        batch = ops.shape(z_mean)[0]
        dim = ops.shape(z_mean)[1]
        epsilon = keras.random.normal(shape=(batch, dim), seed=self.seed_generator)
        return z_mean + ops.exp(0.5 * z_log_var) * epsilon


class Jitter(layers.Layer):
    def __init__(self, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.seed = keras.random.SeedGenerator(seed)

    def call(self, x):
        noise = keras.random.uniform((ops.shape(x)[0], 1, 1, 3), minval=-0.1, maxval=0.1, seed=self.seed)
        return x + noise


images = keras.Input(shape=(28, 28, 3))
x = Jitter()(images)
x = layers.Conv2D(8, 3, strides=2, activation="relu")(x)
x = layers.Flatten()(x)
z_mean = layers.Dense(2, name="z_mean")(x)
z_log_var = layers.Dense(2, name="z_log_var")(x)
z = Sampling()([z_mean, z_log_var])
encoder = keras.Model(images, z, name="encoder")
