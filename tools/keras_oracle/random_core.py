"""``random``: Sequential models drawn from the core layers (Conv, pooling, BatchNormalization, Dropout,
Activation, Dense, Flatten)."""

import math
import random
from typing import Any


class RandomSpec:
    """Generate one random spec; rng is seeded per case, so case i does not
    depend on --count.

    It tracks the shape itself, well enough to keep the intended models
    valid; about 20% of the cases are meant to be refused and get one fault
    at a random position.  Keras's verdict in the fixture is what counts.
    """

    RANK_WEIGHTS = {1: 35, 2: 45, 3: 20}
    SIZE_RANGE = {1: (4, 64), 2: (4, 40), 3: (3, 12)}
    FAULT_RATE = 0.2
    FAULTS = (
        "kernel_too_large",
        "pool_too_large",
        "strides_with_dilation",
        "groups_vs_channels",
        "groups_vs_filters",
        "causal_padding",
        "wrong_rank",
    )
    ACTIVATIONS = ("relu", "relu", "relu", "sigmoid", "tanh", "linear", "softmax")

    # set by generate()
    rank: int
    channels_first: bool
    dims: list[int]
    layers: list[tuple[str, dict[str, Any]]]

    def __init__(self, seed, index):
        self.rng = random.Random(f"keras_oracle:{seed}:{index}")
        self.index = index

    # -- helpers
    def chance(self, p):
        return self.rng.random() < p

    def spatial_axes(self):
        n = len(self.dims)
        return list(range(1, n)) if self.channels_first else list(range(0, n - 1))

    @property
    def channels(self):
        return self.dims[0] if self.channels_first else self.dims[-1]

    def set_channels(self, value):
        self.dims[0 if self.channels_first else -1] = value

    def per_dim(self, values):
        """An int if all equal (mostly), else a list: Keras accepts both."""
        if len(set(values)) == 1 and not self.chance(0.1):
            return values[0]
        return list(values)

    def common_kwargs(self, kwargs):
        if self.chance(0.04):
            kwargs["trainable"] = False
        if self.chance(0.03):
            kwargs["dtype"] = self.rng.choice(["float16", "mixed_float16"])
        if self.chance(0.05):
            kwargs["name"] = f"block_{len(self.layers)}"
        return kwargs

    def data_format(self, kwargs):
        if self.channels_first:
            kwargs["data_format"] = "channels_first"
        elif self.chance(0.1):
            kwargs["data_format"] = "channels_last"

    # -- layers
    def conv(self, fault=None):
        rank = self.rank
        sizes = [self.dims[a] for a in self.spatial_axes()]
        if fault == "wrong_rank":
            rank = 2 if self.rank == 1 else 1
            sizes = [4] * rank
        channels = self.channels
        padding = self.rng.choice(["valid", "valid", "same", "same"] + (["causal"] if rank == 1 else []))
        strides = [1] * rank
        dilation = [1] * rank
        if self.chance(0.4):
            strides = [self.rng.randint(1, 3) for _ in range(rank)]
            if self.chance(0.7):
                strides = [strides[0]] * rank
        elif self.chance(0.3):
            dilation = [self.rng.randint(1, 3)] * rank
        kernel = []
        for size, d in zip(sizes, dilation, strict=False):
            limit = 5 if padding != "valid" else max(1, min(5, (size - 1) // d + 1))
            kernel.append(self.rng.randint(1, limit))
        if self.chance(0.6):
            kernel = [kernel[0]] * rank
            if padding == "valid":  # keep the uniform kernel valid everywhere
                kernel = [min(kernel[0], min((s - 1) // d + 1 for s, d in zip(sizes, dilation, strict=False)))] * rank
        groups = 1
        filters = self.rng.randint(1, 16)
        if self.chance(0.15):
            divisors = [g for g in range(2, channels + 1) if channels % g == 0]
            if divisors:
                groups = self.rng.choice(divisors)
                filters = groups * self.rng.randint(1, 4)

        if fault == "kernel_too_large":
            padding = "valid"
            axis = self.rng.randrange(rank)
            kernel = list(kernel)
            kernel[axis] = sizes[axis] + self.rng.randint(1, 3)
            dilation = [1] * rank
            if sizes[axis] >= 5 and self.chance(0.5) and max(strides) == 1:
                # reach past the edge with dilation instead of a huge kernel
                d = self.rng.randint(2, 3)
                dilation = [d] * rank
                kernel = [min(k, 5) for k in kernel]
                kernel[axis] = (sizes[axis] - 1) // d + 2
        elif fault == "strides_with_dilation":
            strides = [self.rng.randint(2, 3)] * rank
            dilation = [self.rng.randint(2, 3)] * rank
        elif fault == "groups_vs_channels":
            groups = self.rng.choice([g for g in range(2, channels + 2) if channels % g])
            filters = groups * self.rng.randint(1, 3)
        elif fault == "groups_vs_filters":
            groups = self.rng.randint(2, 4)
            filters = groups * self.rng.randint(1, 3) + self.rng.randint(1, groups - 1)
        elif fault == "causal_padding":
            padding = "causal"

        kwargs = {"filters": filters, "kernel_size": self.per_dim(kernel)}
        if max(strides) > 1 or self.chance(0.1):
            kwargs["strides"] = self.per_dim(strides)
        if padding != "valid" or self.chance(0.2):
            kwargs["padding"] = padding
        if max(dilation) > 1:
            kwargs["dilation_rate"] = self.per_dim(dilation)
        if groups != 1:
            kwargs["groups"] = groups
        if self.chance(0.15):
            kwargs["use_bias"] = False
        if self.chance(0.6):
            kwargs["activation"] = self.rng.choice(self.ACTIVATIONS)
        self.data_format(kwargs)
        self.add(f"Conv{rank}D", self.common_kwargs(kwargs))

        if fault is None:
            for axis, size, k, s, d in zip(self.spatial_axes(), sizes, kernel, strides, dilation, strict=False):
                if padding == "valid":
                    self.dims[axis] = (size - d * (k - 1) - 1) // s + 1
                else:  # same and causal
                    self.dims[axis] = -(-size // s)
            self.set_channels(filters)

    def pool(self, fault=None):
        rank = self.rank
        sizes = [self.dims[a] for a in self.spatial_axes()]
        if fault == "wrong_rank":
            rank = 2 if self.rank == 1 else 1
        kind = self.rng.choice(["MaxPooling", "MaxPooling", "AveragePooling"])
        padding = "same" if self.chance(0.4) else "valid"
        if fault == "causal_padding":
            padding = "causal"
        if fault == "pool_too_large":
            padding = "valid"
        pool = []
        for size in sizes[:rank] + [4] * (rank - len(sizes)):
            pool.append(self.rng.randint(1, 4 if padding != "valid" else max(1, min(4, size))))
        if self.chance(0.6):
            pool = [min(pool)] * rank
        if fault == "pool_too_large":
            axis = self.rng.randrange(rank)
            pool[axis] = sizes[axis] + self.rng.randint(1, 2)
        # MaxPooling*D defaults pool_size to 2; AveragePooling*D has no default
        keep = kind == "AveragePooling" or pool != [2] * rank or self.chance(0.5)
        kwargs = {"pool_size": self.per_dim(pool)} if keep else {}
        choice = self.rng.random()
        if choice < 0.5:
            strides = pool
        elif choice < 0.6:
            kwargs["strides"] = None
            strides = pool
        else:
            strides = [self.rng.randint(1, 3) for _ in range(rank)]
            if self.chance(0.7):
                strides = [strides[0]] * rank
            kwargs["strides"] = self.per_dim(strides)
        if padding != "valid" or self.chance(0.2):
            kwargs["padding"] = padding
        self.data_format(kwargs)
        self.add(f"{kind}{rank}D", self.common_kwargs(kwargs))
        if fault is None:
            for axis, size, p, s in zip(self.spatial_axes(), sizes, pool, strides, strict=False):
                if padding == "valid":
                    self.dims[axis] = (size - p) // s + 1
                else:
                    self.dims[axis] = -(-size // s)

    def batch_norm(self):
        kwargs: dict[str, Any] = {}
        if self.channels_first:
            if self.chance(0.8):
                kwargs["axis"] = self.rng.choice([1, -len(self.dims)])
        elif self.chance(0.2):
            kwargs["axis"] = self.rng.choice([-1, len(self.dims)])
        if self.chance(0.15):
            kwargs["center"] = False
        if self.chance(0.15):
            kwargs["scale"] = False
        if self.chance(0.2):
            kwargs["momentum"] = 0.9
        self.add("BatchNormalization", self.common_kwargs(kwargs))

    def dense(self, units=None, activation=None):
        kwargs = {"units": units or self.rng.randint(1, 16)}
        if activation or self.chance(0.5):
            kwargs["activation"] = activation or self.rng.choice(self.ACTIVATIONS)
        if self.chance(0.1):
            kwargs["use_bias"] = False
        self.add("Dense", self.common_kwargs(kwargs))
        self.dims[-1] = kwargs["units"]

    def add(self, cls_name, kwargs):
        self.layers.append((cls_name, kwargs))

    # -- the whole spec
    def generate(self):
        rng = self.rng
        self.rank = rng.choices(list(self.RANK_WEIGHTS), list(self.RANK_WEIGHTS.values()))[0]
        self.channels_first = self.chance(0.15)
        lo, hi = self.SIZE_RANGE[self.rank]
        first = rng.randint(lo, hi)
        spatial = [first if self.chance(0.6) else rng.randint(lo, hi) for _ in range(self.rank)]
        spatial[0] = first
        channels = rng.randint(1, 8)
        self.dims = [channels] + spatial if self.channels_first else spatial + [channels]
        input_shape = list(self.dims)
        self.layers = []

        count = rng.randint(1, 6)
        tail = count >= 2 and self.chance(0.45)
        body = count - 2 if tail else count
        fault = rng.choice(self.FAULTS) if self.chance(self.FAULT_RATE) else None
        if fault == "causal_padding" and self.rank == 1:
            fault_kind = "pool"  # Conv1D allows causal; pooling does not
        elif fault in ("pool_too_large",):
            fault_kind = "pool"
        elif fault == "wrong_rank":
            fault_kind = rng.choice(["conv", "pool"])
        else:
            fault_kind = "conv"
        fault_at = rng.randrange(max(body, 1)) if fault else None
        if fault and body == 0:
            body, tail = 1, count >= 3 and tail

        for i in range(body):
            if i == fault_at:
                (self.conv if fault_kind == "conv" else self.pool)(fault=fault)
                continue
            smallest = min(self.dims[a] for a in self.spatial_axes())
            kinds = ["conv"] * 9 + ["pool"] * (5 if smallest >= 2 else 0)
            kinds += ["bn"] * 2 + ["dropout", "activation", "dense"]
            kind = rng.choice(kinds)
            if kind == "conv":
                self.conv()
            elif kind == "pool":
                self.pool()
            elif kind == "bn":
                self.batch_norm()
            elif kind == "dropout":
                self.add("Dropout", self.common_kwargs({"rate": rng.choice([0.1, 0.25, 0.5])}))
            elif kind == "activation":
                self.add("Activation", {"activation": rng.choice(self.ACTIVATIONS)})
            else:
                self.dense()
        if tail:
            kwargs: dict[str, Any] = {}
            if self.channels_first and self.chance(0.5):
                kwargs["data_format"] = "channels_first"
            self.add("Flatten", kwargs)
            self.dims = [math.prod(self.dims)]
            self.dense(units=rng.randint(1, 10), activation=rng.choice(["softmax", "sigmoid", "relu"]))

        spec: dict[str, Any] = {"input_shape": input_shape, "layers": self.layers}
        if self.chance(0.5):
            spec["name"] = f"random_core_{self.index:03d}"
        intent = "valid" if fault is None else f"refused ({fault} at layer {fault_at})"
        return spec, intent
