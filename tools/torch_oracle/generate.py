"""Random valid nn.Sequential models as spec entries: ("Name", {args}) or ("Sequential", [entries])."""

from __future__ import annotations

import random
from typing import Any

import torch
from torch import nn

Entry = tuple[str, Any]
MAX_VALUES = 400_000  # keep every tensor small: the oracle records quickly
LAZY = {"Linear": "in_features", "BatchNorm1d": "num_features", "BatchNorm2d": "num_features",
        "BatchNorm3d": "num_features", "InstanceNorm2d": "num_features",
        **{f"Conv{rank}d": "in_channels" for rank in (1, 2, 3)},
        **{f"ConvTranspose{rank}d": "in_channels" for rank in (1, 2, 3)}}


def build(entries: list[Entry]) -> nn.Sequential:
    """The torch model of spec entries (lists become tuples, as a user writes them in Python)."""
    return nn.Sequential(*(build_one(entry) for entry in entries))


def spec_entries(layers: list[Any]) -> list[Entry]:
    """A torch spec's `layers` (as yaml.safe_load reads them) as entries: `ReLU`, `{Conv2d: {...}}`, `{Sequential:
    [...]}` or `{Sequential: {layers: [...]}}`."""
    entries: list[Entry] = []
    for layer in layers:
        name, args = next(iter(layer.items())) if isinstance(layer, dict) else (layer, {})
        if name == "Sequential":
            entries.append((name, spec_entries(args["layers"] if isinstance(args, dict) else args)))
        else:
            entries.append((name, args or {}))
    return entries


def build_one(entry: Entry) -> nn.Module:
    name, args = entry
    if name == "Sequential":
        return build(args)
    return getattr(nn, name)(**{key: tuple(v) if isinstance(v, list) else v for key, v in args.items()})


class Drawer:
    def __init__(self, seed: int, index: int):
        self.rng = random.Random(f"torch_oracle:{seed}:{index}")

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def input_size(self) -> list[int]:
        rng = self.rng
        batch = rng.choice([1, 1, 1, 2, 4])
        rank = rng.choices([1, 2, 3, 0], [20, 60, 8, 12])[0]
        if rank == 0:
            return [batch, rng.randint(4, 200)]
        channels = rng.choice([1, 3, 3, 4, 8, 16])
        side = {1: (8, 120), 2: (6, 48), 3: (4, 12)}[rank]
        first = rng.randint(*side)
        return [batch, channels] + [first if self.chance(0.7) else rng.randint(*side) for _ in range(rank)]

    # --- one module for a tensor of `shape` -------------------------------------------------------------

    def module(self, shape: list[int]) -> Entry:
        rank = len(shape) - 2
        rng = self.rng
        if rank >= 1:
            choices = {"conv": 8, "pool": 4, "adaptive": 1, "norm": 3, "act": 4, "dropout": 1, "flatten": 1,
                       "transpose": 1 if rank <= 2 else 0, "identity": 0.3}
            if rank == 2:
                choices.update({"upsample": 1, "shuffle": 0.6, "pad": 1, "layer_norm": 0.5, "group_norm": 1,
                                "instance": 0.7})
        else:
            choices = {"linear": 8, "act": 3, "dropout": 1, "bn1d": 1, "layer_norm": 1, "softmax": 0.5,
                       "unflatten": 0.6, "identity": 0.3}
        kind = rng.choices(list(choices), list(choices.values()))[0]
        return getattr(self, kind)(shape)

    def conv(self, shape: list[int]) -> Entry:
        rng, rank, c = self.rng, len(shape) - 2, shape[1]
        args: dict[str, Any] = {"in_channels": c, "out_channels": rng.choice([2, 4, 6, 8, 12, 16, 24, 32, 64])}
        args["kernel_size"] = rng.choice([1, 2, 3, 3, 3, 5, 7]) if self.chance(0.8) else [
            rng.choice([1, 2, 3, 5]) for _ in range(rank)]
        if self.chance(0.4):
            args["stride"] = rng.choice([1, 2, 2, 3])
        if self.chance(0.5):
            args["padding"] = rng.choice([0, 1, 2, "valid"] + (["same"] if args.get("stride", 1) == 1 else []))
        if self.chance(0.15):
            args["dilation"] = 2
        if self.chance(0.15):
            groups = rng.choice([g for g in (1, 2, 4) if c % g == 0 and args["out_channels"] % g == 0])
            args["groups"] = groups
        if self.chance(0.2):
            args["bias"] = False
        if self.chance(0.1):
            args["padding_mode"] = rng.choice(["reflect", "replicate", "circular"])
        return f"Conv{rank}d", args

    def transpose(self, shape: list[int]) -> Entry:
        rng, rank = self.rng, len(shape) - 2
        stride = rng.choice([1, 2, 2])
        args: dict[str, Any] = {"in_channels": shape[1], "out_channels": rng.choice([2, 4, 8, 16]),
                                "kernel_size": rng.choice([2, 3, 4]), "stride": stride}
        if self.chance(0.4):
            args["padding"] = rng.choice([0, 1])
        if stride > 1 and self.chance(0.3):
            args["output_padding"] = 1
        if self.chance(0.2):
            args["bias"] = False
        return f"ConvTranspose{rank}d", args

    def pool(self, shape: list[int]) -> Entry:
        rng, rank = self.rng, len(shape) - 2
        kernel = rng.choice([2, 2, 3, 3, 4])
        args: dict[str, Any] = {"kernel_size": kernel}
        if self.chance(0.5):
            args["stride"] = rng.choice([1, 2, 3])
        if self.chance(0.3):
            args["padding"] = rng.randint(0, kernel // 2)
        if self.chance(0.3):
            args["ceil_mode"] = True
        if self.chance(0.5):
            if self.chance(0.15):
                args["dilation"] = 2
            return f"MaxPool{rank}d", args
        if self.chance(0.2):
            args["count_include_pad"] = False
        return f"AvgPool{rank}d", args

    def adaptive(self, shape: list[int]) -> Entry:
        rng, rank = self.rng, len(shape) - 2
        size: Any = rng.choice([1, 1, 2, 3, 4])
        if rank == 2 and self.chance(0.2):
            size = [rng.choice([1, 2, 3]), None if self.chance(0.3) else rng.choice([1, 2, 5])]
        kind = "AdaptiveAvgPool" if self.chance(0.6) or rank == 3 else "AdaptiveMaxPool"
        return f"{kind}{rank}d", {"output_size": size}

    def norm(self, shape: list[int]) -> Entry:
        args: dict[str, Any] = {"num_features": shape[1]}
        if self.chance(0.1):
            args["affine"] = False
        if self.chance(0.1):
            args["momentum"] = 0.01
        return f"BatchNorm{len(shape) - 2}d", args

    def group_norm(self, shape: list[int]) -> Entry:
        c = shape[1]
        groups = self.rng.choice([g for g in (1, 2, 4, 8) if c % g == 0])
        return "GroupNorm", {"num_groups": groups, "num_channels": c, **({"affine": False} if self.chance(0.1) else {})}

    def instance(self, shape: list[int]) -> Entry:
        return "InstanceNorm2d", {"num_features": shape[1], **({"affine": True} if self.chance(0.5) else {})}

    def layer_norm(self, shape: list[int]) -> Entry:
        n = self.rng.choice([1, 1, 2, len(shape) - 1]) if len(shape) > 2 else 1
        size: Any = shape[-n:] if n > 1 or self.chance(0.5) else shape[-1]
        args: dict[str, Any] = {"normalized_shape": size}
        if self.chance(0.15):
            args["elementwise_affine"] = False
        elif self.chance(0.15):
            args["bias"] = False
        return "LayerNorm", args

    def bn1d(self, shape: list[int]) -> Entry:
        return "BatchNorm1d", {"num_features": shape[1]}

    def act(self, shape: list[int]) -> Entry:
        rng = self.rng
        name = rng.choice(["ReLU", "ReLU", "LeakyReLU", "GELU", "SiLU", "Sigmoid", "Tanh", "ELU", "Hardswish",
                           "ReLU6", "PReLU", "Softplus", "Mish"])
        args: dict[str, Any] = {}
        if name == "LeakyReLU" and self.chance(0.5):
            args["negative_slope"] = 0.2
        if name == "PReLU" and self.chance(0.5) and len(shape) > 1:
            args["num_parameters"] = shape[1]
        if name == "GELU" and self.chance(0.3):
            args["approximate"] = "tanh"
        if name in ("ReLU", "SiLU") and self.chance(0.2):
            args["inplace"] = True
        return name, args

    def softmax(self, shape: list[int]) -> Entry:
        return self.rng.choice(["Softmax", "LogSoftmax"]), {"dim": self.rng.choice([1, -1])}

    def dropout(self, shape: list[int]) -> Entry:
        name = "Dropout2d" if len(shape) == 4 and self.chance(0.4) else "Dropout"
        return name, ({"p": self.rng.choice([0.1, 0.25, 0.5])} if self.chance(0.6) else {})

    def identity(self, shape: list[int]) -> Entry:
        return "Identity", {}

    def flatten(self, shape: list[int]) -> Entry:
        if len(shape) > 3 and self.chance(0.15):
            return "Flatten", {"start_dim": 2}
        return "Flatten", {}

    def linear(self, shape: list[int]) -> Entry:
        args: dict[str, Any] = {"in_features": shape[-1], "out_features": self.rng.choice([2, 5, 10, 16, 32, 64, 100,
                                                                                          128, 256])}
        if self.chance(0.15):
            args["bias"] = False
        return "Linear", args

    def unflatten(self, shape: list[int]) -> Entry:
        f = shape[1]
        for c in (16, 8, 4, 3, 2, 1):
            rest = f // c
            side = int(round(rest ** 0.5))
            if f % c == 0 and side * side == rest and side > 1:
                return "Unflatten", {"dim": 1, "unflattened_size": [c, side, side]}
        return "Unflatten", {"dim": 1, "unflattened_size": [f, 1]}

    def upsample(self, shape: list[int]) -> Entry:
        if self.chance(0.3):
            return "Upsample", {"size": [self.rng.randint(4, 40), self.rng.randint(4, 40)]}
        args: dict[str, Any] = {"scale_factor": self.rng.choice([2, 2, 1.5, 3])}
        if self.chance(0.3):
            args["mode"] = "bilinear"
            args["align_corners"] = False
        return "Upsample", args

    def shuffle(self, shape: list[int]) -> Entry:
        if shape[1] % 4 == 0:
            return "PixelShuffle", {"upscale_factor": 2}
        return "Identity", {}

    def pad(self, shape: list[int]) -> Entry:
        padding: Any = self.rng.choice([1, 2]) if self.chance(0.6) else [self.rng.randint(0, 3) for _ in range(4)]
        return "ZeroPad2d", {"padding": padding}

    # --- a model --------------------------------------------------------------------------------------------

    def step(self, x: torch.Tensor) -> tuple[Entry, torch.Tensor] | None:
        """A module that runs on `x` and keeps the tensor small, with its output; None after many refusals."""
        for _ in range(40):
            entry = self.module(list(x.shape))
            if entry[0] in LAZY and self.chance(0.08):  # torch infers the argument from the input
                entry = f"Lazy{entry[0]}", {k: v for k, v in entry[1].items() if k != LAZY[entry[0]]}
            if entry[0] == "Linear" and entry[1]["in_features"] > 30_000:
                continue
            try:
                with torch.no_grad():
                    y = build_one(entry).eval()(x)
            except Exception:  # torch refused it: draw another
                continue
            if 0 < y.numel() <= MAX_VALUES and min(y.shape) > 0:
                return entry, y
        return None

    def chain(self, x: torch.Tensor, length: int, depth: int) -> tuple[list[Entry], torch.Tensor]:
        entries: list[Entry] = []
        while len(entries) < length:
            if depth < 4 and self.chance(0.12 if depth == 1 else 0.3 / depth):
                inner, y = self.chain(x, self.rng.randint(1, 4), depth + 1)
                if inner:
                    entries.append(("Sequential", inner))
                    x = y
                continue
            found = self.step(x)
            if found is None:
                break
            entries.append(found[0])
            x = found[1]
        return entries, x

    def recurrent(self, shape: list[int]) -> Entry:
        """RNN, LSTM or GRU on a 3D tensor read as (L, N, H_in), or (N, L, H_in) with batch_first."""
        rng = self.rng
        kind = rng.choice(["RNN", "LSTM", "GRU"])
        args: dict[str, Any] = {"input_size": shape[-1], "hidden_size": rng.choice([4, 8, 16, 32])}
        if self.chance(0.4):
            args["num_layers"] = rng.choice([2, 3])
        if self.chance(0.4):
            args["bidirectional"] = True
        if self.chance(0.5):
            args["batch_first"] = True
        if self.chance(0.15):
            args["bias"] = False
        if kind == "LSTM" and self.chance(0.2):
            args["proj_size"] = args["hidden_size"] // 2
        if kind == "RNN" and self.chance(0.3):
            args["nonlinearity"] = "relu"
        return kind, args

    def model(self) -> tuple[list[int], list[Entry]]:
        size = self.input_size()
        entries, y = self.chain(torch.rand(*size), self.rng.randint(2, 10), 1)
        if not entries:
            entries = [("Identity", {})]
        if y.dim() in (2, 3) and y.shape[-1] <= 512 and self.chance(0.5):  # it returns a tuple: only last
            entries.append(self.recurrent(list(y.shape)))
        return size, entries
