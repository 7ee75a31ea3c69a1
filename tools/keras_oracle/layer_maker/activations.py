"""Random activation layers."""

from typing import Any

from .base import MakerBase, known_product


class ActivationLayers(MakerBase):
    def relu(self, dims, fault):
        if fault is not None:
            return None
        kwargs = {}
        if self.chance(0.3):
            kwargs["max_value"] = self.rng.choice([6.0, 1.0, 6])
        if self.chance(0.2):
            kwargs["negative_slope"] = 0.1
        if self.chance(0.15):
            kwargs["threshold"] = 0.5
        return "ReLU", kwargs, dims

    def leaky_relu(self, dims, fault):
        if fault is not None:
            return None
        kwargs = {}
        if self.chance(0.5):
            kwargs["negative_slope"] = self.rng.choice([0.1, 0.2, 0.01])
        return "LeakyReLU", kwargs, dims

    def prelu(self, dims, fault):
        n = len(dims)
        if fault == "shared_axes_out_of_range":
            return "PReLU", {"shared_axes": self.rng.choice([[n + 1], [1, n + 2]])}, dims
        if fault is not None:
            return None
        unknown = [i + 1 for i, d in enumerate(dims) if d is None]
        shared = set(unknown)
        if self.chance(0.5):
            shared |= set(self.rng.sample(range(1, n + 1), self.rng.randint(1, n)))
        kwargs: dict[str, Any] = {}
        if shared:
            kwargs["shared_axes"] = sorted(shared)
            if len(shared) == 1 and self.chance(0.3):
                kwargs["shared_axes"] = kwargs["shared_axes"][0]
        if known_product([1 if i + 1 in shared else d for i, d in enumerate(dims)]) > 5000:
            return None
        return "PReLU", kwargs, dims

    def elu(self, dims, fault):
        if fault is not None:
            return None
        return "ELU", ({"alpha": 0.5} if self.chance(0.4) else {}), dims

    def softmax(self, dims, fault):
        if fault is not None:
            return None
        n = len(dims)
        kwargs = {}
        if self.chance(0.4):
            # only axes in range: Keras's summary accepts any axis (the model then fails), convcalc refuses early
            kwargs["axis"] = self._axis_in_range(n) if n > 0 else -1
        return "Softmax", kwargs, dims

    def activation(self, dims, fault):
        if fault is not None:
            return None
        return "Activation", {"activation": self.rng.choice(self.ACTIVATIONS)}, dims
