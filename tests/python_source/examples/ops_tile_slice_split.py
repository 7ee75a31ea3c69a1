"""Less common keras.ops on tensors, as point-cloud, gMLP and CCT examples use them: tile, slice, broadcast_to,
convert_to_tensor, and split inside a layer's call."""

import keras
from keras import layers, ops

points = keras.Input(shape=(16, 3))
features = layers.Conv1D(8, 1)(points)
pooled = layers.GlobalMaxPooling1D()(features)
tiled = ops.tile(ops.expand_dims(pooled, 1), [1, 16, 1])
joined = layers.Concatenate()([features, tiled])
part = ops.slice(joined, (0, 0, 0), (2, 4, 8))
wide = ops.broadcast_to(ops.expand_dims(pooled, 1), (2, 5, 8))
scaled = layers.Lambda(lambda t: ops.divide(t, ops.convert_to_tensor(1e-9) + ops.sum(t, axis=-1, keepdims=True)))(
    features)
segmenter = keras.Model(points, [joined, part, wide, scaled], name="segmenter")


class Gate(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.norm = layers.LayerNormalization(epsilon=1e-6)
        self.project = layers.Dense(units=8)

    def call(self, x):
        u, v = keras.ops.split(x, indices_or_sections=2, axis=2)
        v = self.norm(v)
        v = ops.transpose(self.project(ops.transpose(v, axes=(0, 2, 1))), axes=(0, 2, 1))
        return u * v


class Positions(layers.Layer):
    def __init__(self, length, **kwargs):
        super().__init__(**kwargs)
        self.table = self.add_weight(shape=(length, 6), initializer="zeros")

    def call(self, x):
        shape = ops.shape(x)
        table = ops.convert_to_tensor(self.table)
        table = ops.slice(table, (0, 0), (shape[-2], shape[-1]))
        return x + ops.broadcast_to(table, shape)


class Repeat(layers.Layer):
    def call(self, x):
        first, second, third = ops.split(x, [2, 5], axis=-1)
        return ops.concatenate([ops.tile(first, [1, 1, 3]), second, third], axis=-1)


tokens = keras.Input(shape=(8, 12))
gated = Gate()(tokens)
placed = Positions(10)(layers.Dense(6)(gated))
repeated = Repeat()(placed)
gmlp = keras.Model(tokens, repeated, name="gmlp")


class Fourier(layers.Layer):
    """FNet's mixing: the real part of a 2-D Fourier transform, inside the call."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.normalize = layers.LayerNormalization(epsilon=1e-6)

    def call(self, inputs):
        x = keras.ops.fft2((inputs, keras.ops.zeros_like(inputs)))[0]
        return self.normalize(x + inputs)


fnet_blocks = keras.Sequential([Fourier() for _ in range(2)])
fnet_input = keras.Input(shape=(8, 12))
fnet = keras.Model(fnet_input, layers.Dense(3)(fnet_blocks(fnet_input)), name="fnet")
