"""Yet more layer classes: a chain of bases, super().build, keyword-only arguments, a classmethod maker,
get_config and compute_output_shape (never needed), a dict of Sequential branches, a mask argument, and a layer
class inside a Sequential model used in a functional one."""

import keras
from keras import layers, ops


class Base(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def get_config(self):
        return {**super().get_config(), "units": self.units}


class Projected(Base):
    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")
        super().build(input_shape)

    def call(self, x):
        return ops.matmul(x, self.kernel)

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], self.units)


class Biased(Projected):
    def __init__(self, units, *, use_bias=True, **kwargs):
        super().__init__(units, **kwargs)
        self.use_bias = use_bias

    def build(self, input_shape):
        super().build(input_shape)
        if self.use_bias:
            self.bias = self.add_weight(shape=(self.units,), initializer="zeros", name="bias")

    def call(self, x):
        y = super().call(x)
        return y + self.bias if self.use_bias else y

    @classmethod
    def small(cls):
        return cls(4, use_bias=False)


class Branches(layers.Layer):
    def __init__(self, widths=(8, 16)):
        super().__init__()
        self.branches = {
            f"w{width}": keras.Sequential([layers.Dense(width, activation="relu"), layers.Dense(4)])
            for width in widths
        }

    def call(self, x, mask=None):
        outputs = [branch(x) for branch in self.branches.values()]
        return ops.concatenate(outputs, axis=-1)


class Pool(layers.Layer):
    def call(self, x):
        return ops.max(x, axis=1)


inputs = keras.Input((6, 10))
x = Biased(12)(inputs)
x = Biased.small()(x)
x = Branches()(x)
x = Pool()(x)
chained = keras.Model(inputs, layers.Dense(2)(x), name="chained")

encoder = keras.Sequential([keras.Input((5,)), Biased(7), layers.ReLU(), Projected(3)], name="encoder")
pair_in = keras.Input((5,))
nested = keras.Model(pair_in, layers.Dense(1)(encoder(pair_in)), name="nested")
