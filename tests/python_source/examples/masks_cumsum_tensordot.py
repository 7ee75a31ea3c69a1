"""Comparisons giving masks (`tokens != 0`, `3 < positions`), ops.cumsum with and without an axis, and
ops.tensordot on a layer's own weights (axes as a number and as lists), as Keras records them."""

import keras
from keras import layers, ops

tokens = keras.Input(shape=(12,), dtype="int32", name="tokens")
positions = ops.cumsum(ops.ones_like(tokens), axis=-1) - 1
flat = ops.cumsum(tokens)
mask = tokens != 0
late = 3 < positions
x = layers.Embedding(50, 8)(tokens)
y = layers.Embedding(12, 8)(positions)
scores = layers.Dense(1)(ops.cast(mask, "float32")[..., None] * (x + y))
first = keras.Model(tokens, [scores, flat, late])


class Scorer(layers.Layer):
    """A MIL-style attention score: tensordot with weights of its own."""

    def __init__(self, dim, **kwargs):
        super().__init__(**kwargs)
        self.dim = dim

    def build(self, input_shape):
        self.v = self.add_weight(shape=(input_shape[-1], self.dim), name="v")
        self.w = self.add_weight(shape=(self.dim, 1), name="w")

    def call(self, inputs):
        hidden = ops.tanh(ops.tensordot(inputs, self.v, axes=1))
        return ops.tensordot(hidden, self.w, axes=[[2], [0]])


features = keras.Input(shape=(5, 16))
scored = Scorer(32)(features)
second = keras.Model(features, layers.Flatten()(scored))
