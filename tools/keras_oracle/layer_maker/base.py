"""What every family of random layers uses: the random source, the model's data format, small choices."""

import math
import random


def known_product(dims):
    return math.prod(d for d in dims if d is not None)


class MakerBase:
    """The helpers of LayerMaker (see there); each family of layers is a mixin on this class."""

    ACTIVATIONS = ("relu", "relu", "sigmoid", "tanh", "linear", "softmax", "gelu", "swish", "elu")

    def __init__(self, rng: random.Random, channels_first: bool = False) -> None:
        self.rng = rng
        self.channels_first = channels_first

    def chance(self, p):
        return self.rng.random() < p

    def per_dim(self, values):
        """An int if all equal (mostly), else a list: Keras accepts both."""
        if len(set(values)) == 1 and not self.chance(0.1):
            return values[0]
        return list(values)

    def fmt(self, kwargs):
        """Pick a data format (mostly the model's), write it into kwargs if not the default."""
        first = self.channels_first if self.chance(0.85) else not self.channels_first
        if first:
            kwargs["data_format"] = "channels_first"
        elif self.chance(0.12):
            kwargs["data_format"] = "channels_last"
        return "channels_first" if first else "channels_last"

    @staticmethod
    def axes(n, fmt):
        """(spatial axes, channel axis) of n non-batch dims."""
        if fmt == "channels_first":
            return list(range(1, n)), 0
        return list(range(0, n - 1)), n - 1

    def _axis_in_range(self, n):
        """One of n non-batch axes, counted from the front or (sometimes) from the back."""
        axis = self.rng.randint(1, n)
        return axis - n - 1 if self.chance(0.4) else axis
