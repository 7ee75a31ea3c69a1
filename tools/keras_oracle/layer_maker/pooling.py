"""Random pooling layers: windows, and global pooling."""

from typing import Any

from .base import MakerBase


class PoolingLayers(MakerBase):
    def pool(self, dims, fault):
        n = len(dims)
        rank = n - 1
        if not 1 <= rank <= 3 or fault not in (None, "pool_too_large"):
            return None
        kwargs: dict[str, Any] = {}
        kind = self.rng.choice(["MaxPooling", "MaxPooling", "AveragePooling"])
        fmt = self.fmt(kwargs)
        spatial, _ = self.axes(n, fmt)
        sizes = [dims[a] for a in spatial]
        padding = "same" if self.chance(0.4) else "valid"
        if fault:
            padding = "valid"
            if all(s is None for s in sizes):
                return None
        pool = [self.rng.randint(1, 4 if padding != "valid" or s is None else max(1, min(4, s))) for s in sizes]
        if self.chance(0.6):
            pool = [min(pool)] * rank
        if fault:
            axis = self.rng.choice([i for i, s in enumerate(sizes) if s is not None])
            pool[axis] = sizes[axis] + self.rng.randint(1, 2)
        keep = kind == "AveragePooling" or pool != [2] * rank or self.chance(0.5)
        args = {"pool_size": self.per_dim(pool)} if keep else {}
        choice = self.rng.random()
        if choice < 0.5:
            strides = pool
        elif choice < 0.6:
            args["strides"] = None
            strides = pool
        else:
            strides = [self.rng.randint(1, 3) for _ in range(rank)]
            if self.chance(0.7):
                strides = [strides[0]] * rank
            args["strides"] = self.per_dim(strides)
        if padding != "valid" or self.chance(0.2):
            args["padding"] = padding
        out = list(dims)
        for axis, size, p, s in zip(spatial, sizes, pool, strides, strict=False):
            if size is not None:
                out[axis] = (size - p) // s + 1 if padding == "valid" else -(-size // s)
        return f"{kind}{rank}D", {**args, **kwargs}, out

    def global_pool(self, dims, fault):
        n = len(dims)
        rank = n - 1
        if fault == "wrong_rank":
            rank = self.rng.choice([r for r in (1, 2, 3) if r != n - 1])
        elif fault is not None or not 1 <= rank <= 3:
            return None
        kwargs: dict[str, Any] = {}
        fmt = self.fmt(kwargs)
        spatial, channel_axis = self.axes(n, fmt)
        if self.chance(0.35):
            kwargs["keepdims"] = True
            out = [1 if a in spatial else d for a, d in enumerate(dims)]
        else:
            if self.chance(0.1):
                kwargs["keepdims"] = False
            out = [dims[channel_axis]]
        kind = self.rng.choice(["Max", "Average"])
        return f"Global{kind}Pooling{rank}D", kwargs, out
