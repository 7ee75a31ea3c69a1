"""Random reshaping layers: padding, cropping, upsampling, flattening, reshaping, permuting, repeating."""

import math
from typing import Any

from .base import MakerBase


class ReshapingLayers(MakerBase):
    def _pairs(self, rank, pairs):
        """padding/cropping in one of Keras's forms: an int, one per axis, or (before, after) pairs."""
        if all(a == b for a, b in pairs) and len({a for a, _ in pairs}) == 1 and self.chance(0.6):
            return pairs[0][0]
        if rank == 1:
            return list(pairs[0])
        if all(a == b for a, b in pairs) and self.chance(0.6):
            return [a for a, _ in pairs]
        return [list(p) for p in pairs]

    def zero_padding(self, dims, fault):
        n = len(dims)
        rank = n - 1
        if fault is not None or not 1 <= rank <= 3:
            return None
        kwargs: dict[str, Any] = {}
        fmt = self.fmt(kwargs)
        spatial, _ = self.axes(n, fmt)
        symmetric = self.chance(0.5)
        pairs = []
        for _ in range(rank):
            a = self.rng.randint(0, 3)
            pairs.append((a, a) if symmetric else (a, self.rng.randint(0, 3)))
        if self.chance(0.4):
            pairs = [pairs[0]] * rank
        if self.chance(0.1):
            args = {}
            pairs = [(1, 1)] * rank
        else:
            args = {"padding": self._pairs(rank, pairs)}
        out = list(dims)
        for axis, (a, b) in zip(spatial, pairs, strict=False):
            if out[axis] is not None:
                out[axis] += a + b
        return f"ZeroPadding{rank}D", {**args, **kwargs}, out

    def cropping(self, dims, fault):
        n = len(dims)
        rank = n - 1
        if fault not in (None, "crop_whole_axis") or not 1 <= rank <= 3:
            return None
        kwargs: dict[str, Any] = {}
        fmt = self.fmt(kwargs) if rank > 1 else "channels_last"
        spatial, _ = self.axes(n, fmt)
        sizes = [dims[a] for a in spatial]
        pairs = []
        for size in sizes:
            room = 3 if size is None else max(0, min(3, size - 1))
            a = self.rng.randint(0, room)
            b = self.rng.randint(0, min(3, room - a)) if room > a else 0
            pairs.append((a, a) if self.chance(0.4) and 2 * a <= room else (a, b))
        if fault:
            known = [i for i, s in enumerate(sizes) if s is not None]
            if not known:
                return None
            axis = self.rng.choice(known)
            a = self.rng.randint(0, sizes[axis])
            pairs[axis] = (a, sizes[axis] - a + self.rng.randint(0, 1))
        args = {"cropping": self._pairs(rank, pairs)}
        out = list(dims)
        for axis, (a, b) in zip(spatial, pairs, strict=False):
            if out[axis] is not None:
                out[axis] -= a + b
        if fault is None and any(d is not None and d <= 0 for d in out):
            return None
        return f"Cropping{rank}D", {**args, **kwargs}, out

    def upsampling(self, dims, fault):
        n = len(dims)
        rank = n - 1
        if fault is not None or not 1 <= rank <= 3:
            return None
        kwargs: dict[str, Any] = {}
        if rank == 1:
            spatial = [0]
            sizes = [self.rng.randint(1, 3)]
            args = {"size": sizes[0]} if sizes[0] != 2 or self.chance(0.5) else {}
        else:
            fmt = self.fmt(kwargs)
            spatial, _ = self.axes(n, fmt)
            sizes = [self.rng.randint(1, 3) for _ in range(rank)]
            if self.chance(0.6):
                sizes = [sizes[0]] * rank
            args = {"size": self.per_dim(sizes)} if sizes != [2] * rank or self.chance(0.5) else {}
            if rank == 2 and self.chance(0.3):
                kwargs["interpolation"] = self.rng.choice(["nearest", "bilinear", "bicubic"])
        out = list(dims)
        for axis, s in zip(spatial, sizes, strict=False):
            if out[axis] is not None:
                out[axis] *= s
        return f"UpSampling{rank}D", {**args, **kwargs}, out

    def flatten(self, dims, fault):
        if fault is not None:
            return None
        kwargs = {}
        if len(dims) > 1 and self.chance(0.3):
            kwargs["data_format"] = self.rng.choice(["channels_first", "channels_last"])
        return "Flatten", kwargs, [None if None in dims else math.prod(dims)]

    def repeat_vector(self, dims, fault):
        if (fault == "wrong_rank") == (len(dims) == 1):
            return None
        if fault not in (None, "wrong_rank"):
            return None
        n = self.rng.randint(1, 4)
        return "RepeatVector", {"n": n}, [n] + dims

    def reshape(self, dims, fault):
        if None in dims or fault not in (None, "reshape_count"):
            return None
        total = math.prod(dims)
        factors = []
        rest = total
        for _ in range(self.rng.randint(0, 2)):
            divisors = [d for d in range(2, min(rest, 64) + 1) if rest % d == 0]
            if not divisors:
                break
            f = self.rng.choice(divisors)
            factors.append(f)
            rest //= f
        target = factors + [rest]
        self.rng.shuffle(target)
        out = list(target)
        if self.chance(0.5):
            target[self.rng.randrange(len(target))] = -1
        if fault and -1 in target:
            # the known sizes do not divide the number of values
            i = target.index(-1)
            known = [k for k in range(2, total + 2) if total % k][:4]
            target = target[:i] + [-1, self.rng.choice(known)] + target[i + 1:] if self.chance(0.5) else [
                self.rng.choice(known), -1]
        elif fault:
            # one size more than the values allow
            i = self.rng.randrange(len(target))
            target[i] += self.rng.choice([1, 2])
        return "Reshape", {"target_shape": target}, out

    def permute(self, dims, fault):
        n = len(dims)
        if fault == "wrong_rank":
            m = self.rng.choice([k for k in (1, 2, 3, 4) if k != n])
            order = list(range(1, m + 1))
            self.rng.shuffle(order)
            return "Permute", {"dims": order}, dims
        if fault is not None or n < 2:
            return None
        order = list(range(1, n + 1))
        while order == list(range(1, n + 1)) and not self.chance(0.05):
            self.rng.shuffle(order)
        return "Permute", {"dims": order}, [dims[i - 1] for i in order]
