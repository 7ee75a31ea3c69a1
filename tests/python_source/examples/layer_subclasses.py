"""Keras layer subclasses in functional and Sequential models: each is one row, its shape from `call`."""

import keras
from keras import layers, ops


class Patches(layers.Layer):
    def __init__(self, patch_size):
        super().__init__()
        self.patch_size = patch_size

    def call(self, images):
        input_shape = ops.shape(images)
        batch_size = input_shape[0]
        height = input_shape[1]
        width = input_shape[2]
        channels = input_shape[3]
        num_patches_h = height // self.patch_size
        num_patches_w = width // self.patch_size
        patches = keras.ops.image.extract_patches(images, size=self.patch_size)
        patches = ops.reshape(
            patches,
            (batch_size, num_patches_h * num_patches_w, self.patch_size * self.patch_size * channels),
        )
        return patches


class PatchEncoder(layers.Layer):
    def __init__(self, num_patches, projection_dim):
        super().__init__()
        self.num_patches = num_patches
        self.projection = layers.Dense(units=projection_dim)
        self.position_embedding = layers.Embedding(input_dim=num_patches, output_dim=projection_dim)

    def call(self, patch):
        positions = ops.expand_dims(ops.arange(start=0, stop=self.num_patches, step=1), axis=0)
        projected_patches = self.projection(patch)
        encoded = projected_patches + self.position_embedding(positions)
        return encoded


class TransformerBlock(layers.Layer):
    def __init__(self, embed_dim, num_heads, ff_dim, rate=0.1, **kwargs):
        super().__init__(**kwargs)
        self.att = layers.MultiHeadAttention(num_heads=num_heads, key_dim=embed_dim)
        self.ffn = keras.Sequential([layers.Dense(ff_dim, activation="relu"), layers.Dense(embed_dim)])
        self.layernorm1 = layers.LayerNormalization(epsilon=1e-6)
        self.layernorm2 = layers.LayerNormalization(epsilon=1e-6)
        self.dropout1 = layers.Dropout(rate)
        self.dropout2 = layers.Dropout(rate)

    def call(self, inputs, training=False):
        attn_output = self.att(inputs, inputs)
        attn_output = self.dropout1(attn_output, training=training)
        out1 = self.layernorm1(inputs + attn_output)
        ffn_output = self.ffn(out1)
        ffn_output = self.dropout2(ffn_output, training=training)
        return self.layernorm2(out1 + ffn_output)


class Scale(layers.Layer):
    """Own weights made in build."""

    def build(self, input_shape):
        self.gamma = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="gamma")
        self.count = self.add_weight(shape=(), initializer="zeros", trainable=False, name="count")

    def call(self, x):
        return x * self.gamma


class NamedScale(Scale):
    def __init__(self, name="named_scale", **kwargs):
        super().__init__(name=name, **kwargs)


inputs = keras.Input(shape=(32, 32, 3))
patches = Patches(4)(inputs)
encoded = PatchEncoder(64, 48)(patches)
x = TransformerBlock(48, 2, 96)(encoded)
x = Scale()(x)
x = NamedScale()(x)
x = layers.GlobalAveragePooling1D()(x)
outputs = layers.Dense(10, activation="softmax")(x)
vit = keras.Model(inputs, outputs)

blocks = keras.Sequential([keras.Input((20, 16)), TransformerBlock(16, 2, 32), Scale(), layers.Flatten(),
                           layers.Dense(1)])


class MixerBlock(layers.Layer):
    """Built later: in a Sequential model without an input, called on a tensor of a functional model."""

    def __init__(self, num_patches, hidden_units, **kwargs):
        super().__init__(**kwargs)
        self.token_mix = keras.Sequential([layers.Dense(num_patches), layers.Dense(num_patches)])
        self.channel_mix = layers.Dense(hidden_units)
        self.normalize = layers.LayerNormalization(epsilon=1e-6)

    def call(self, inputs):
        x = self.normalize(inputs)
        x = ops.transpose(x, axes=(0, 2, 1))
        x = ops.transpose(self.token_mix(x), axes=(0, 2, 1)) + inputs
        return x + self.channel_mix(self.normalize_again(x))

    def normalize_again(self, x):
        batch_size = ops.shape(x)[0]
        return ops.reshape(x, (batch_size, -1, x.shape[-1]))


mixers = keras.Sequential([MixerBlock(16, 8) for _ in range(2)])
pixels = keras.Input((16, 8))
mixed = mixers(pixels)
mixer = keras.Model(pixels, layers.Dense(3)(layers.Flatten()(mixed)), name="mixer")

built = keras.Sequential([Scale(name="first"), Scale(trainable=False)])
built.build((None, 5, 7))
