"""Random normalization layers (batch, layer, group, unit, Normalization) and Rescaling."""

from typing import Any

from .base import MakerBase


class NormalizationLayers(MakerBase):
    def batch_norm(self, dims, fault):
        n = len(dims)
        kwargs = {}
        if fault == "axis_out_of_range":
            kwargs["axis"] = self.rng.choice([n + 1, n + 2, -n - 2])
        elif fault is not None:
            return None
        else:
            choice = self.rng.random()
            if self.channels_first and n > 1 and choice < 0.7:
                kwargs["axis"] = self.rng.choice([1, -n])
            elif choice < 0.25:
                kwargs["axis"] = self._axis_in_range(n)
            axis = kwargs.get("axis", -1)
            if dims[axis - 1 if axis > 0 else axis] is None:
                return None
        if self.chance(0.15):
            kwargs["center"] = False
        if self.chance(0.15):
            kwargs["scale"] = False
        if self.chance(0.05):
            kwargs["renorm"] = True
        return "BatchNormalization", kwargs, dims

    def _axes_arg(self, n, dims):
        """A random axis argument (int or list) over known axes; None if none is known."""
        known = [i + 1 for i, d in enumerate(dims) if d is not None]
        if not known:
            return None, ()
        if self.chance(0.5):
            return -1 if dims[-1] is not None else known[-1], (n,) if dims[-1] is not None else (known[-1],)
        picked = sorted(self.rng.sample(known, self.rng.randint(1, len(known))))
        written = [a - n - 1 if self.chance(0.3) else a for a in picked]
        if len(written) == 1 and self.chance(0.5):
            return written[0], tuple(picked)
        return written, tuple(picked)

    def layer_norm(self, dims, fault):
        n = len(dims)
        kwargs = {}
        if fault == "axis_out_of_range":
            kwargs["axis"] = self.rng.choice([n + 1, -n - 2, [1, n + 1]])
        elif fault is not None:
            return None
        else:
            axis, picked = self._axes_arg(n, dims)
            if not picked:
                return None
            if axis != -1 or self.chance(0.1):
                kwargs["axis"] = axis
        if self.chance(0.15):
            kwargs["center"] = False
        if self.chance(0.15):
            kwargs["scale"] = False
        if self.chance(0.05):
            kwargs["rms_scaling"] = True
        return "LayerNormalization", kwargs, dims

    def group_norm(self, dims, fault):
        n = len(dims)
        kwargs = {}
        axis = -1
        if self.channels_first and n > 1 and self.chance(0.6):
            axis = self.rng.choice([1, -n])
            kwargs["axis"] = axis
        channels = dims[axis - 1 if axis > 0 else axis]
        if channels is None:
            return None
        if fault == "groups_vs_channels":
            choices = [g for g in range(2, channels + 3) if channels % g]
            if not choices:
                return None
            kwargs["groups"] = self.rng.choice(choices)
        elif fault is not None:
            return None
        else:
            divisors = [g for g in range(1, channels + 1) if channels % g == 0]
            if channels % 32 == 0 and self.chance(0.5):
                pass  # Keras's default of 32 groups
            elif self.chance(0.15):
                kwargs["groups"] = -1
            else:
                kwargs["groups"] = self.rng.choice(divisors)
        if self.chance(0.15):
            kwargs["center"] = False
        if self.chance(0.15):
            kwargs["scale"] = False
        return "GroupNormalization", kwargs, dims

    def unit_norm(self, dims, fault):
        n = len(dims)
        kwargs = {}
        if fault == "axis_out_of_range":
            kwargs["axis"] = self.rng.choice([n + 1, -n - 2, [1, n + 1]])
        elif fault is not None:
            return None
        elif self.chance(0.5):
            kwargs["axis"] = self._axis_in_range(n) if self.chance(0.5) else sorted(
                self.rng.sample(range(1, n + 1), self.rng.randint(1, n)))
        return "UnitNormalization", kwargs, dims

    def normalization(self, dims, fault):
        n = len(dims)
        kwargs: dict[str, Any] = {}
        if fault == "axis_out_of_range":
            kwargs["axis"] = self.rng.choice([n + 1, -n - 2])
            return "Normalization", kwargs, dims
        if fault not in (None, "mean_vs_axis"):
            return None
        choice = self.rng.random()
        if choice < 0.15:
            kwargs["axis"] = None
            picked = ()
        else:
            axis, picked = self._axes_arg(n, dims)
            if not picked:
                return None
            if axis != -1 or self.chance(0.1):
                kwargs["axis"] = axis
        if fault == "mean_vs_axis":
            if not picked or dims[picked[-1] - 1] > 16:
                return None
            size = dims[picked[-1] - 1]
            wrong = size + self.rng.randint(1, 2) if size > 1 else 2
            kwargs["mean"] = [0.5] * wrong
            kwargs["variance"] = [2.0] * wrong
        elif self.chance(0.3):
            if picked and self.chance(0.5) and dims[picked[-1] - 1] <= 16:
                size = dims[picked[-1] - 1]
                kwargs["mean"] = [0.5] * size
                kwargs["variance"] = [2.0] * size
            else:
                kwargs["mean"] = 0.5
                kwargs["variance"] = 2.0
        if self.chance(0.1):
            kwargs["invert"] = True
        return "Normalization", kwargs, dims

    def rescaling(self, dims, fault):
        if fault is not None:
            return None
        kwargs = {"scale": self.rng.choice([0.5, 2.0, 0.25, 3])}
        if self.chance(0.4):
            kwargs["offset"] = self.rng.choice([-1.0, 0.5, 1])
        return "Rescaling", kwargs, dims
