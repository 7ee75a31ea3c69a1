"""PyTorch's registry: LayerKind entries (convcalc.layers.base's machinery) for torch.nn modules.

Each entry is a module's own constructor: its parameters in torch's positional order, its defaults and the
checks torch makes when the module is built; its shape rule follows torch's formulas on shapes that hold the
batch axis, channels first (N, C, H, W), as torch and torchinfo report them. Weights are named as torch names
its parameters (weight, bias); buffers (BatchNorm's running statistics) are not parameters and are left out.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from .. import args as a
from ..args import Arg
from ..costs import Cost, per_element
from ..errors import ArgumentError, ShapeError
from ..layers.base import Args, CostRule, FieldRule, LayerKind, Registry, Weight, register, same_shape
from ..shapes import Shape, format_shape

REGISTRY: Registry = {}

# torch's factory arguments, last in every module with parameters: where they live and their dtype.
FACTORY_ARGS = {
    "device": Arg(None),
    "dtype": Arg(None, a.optional(a.choice("float16", "bfloat16", "float32", "float64", lower=False))),
}


def add(kind: LayerKind) -> None:
    """Enter a module in PyTorch's registry."""
    register(kind, REGISTRY)


def lookup(name: str) -> LayerKind | None:
    return REGISTRY.get(name)


def module(name: str, args: Mapping[str, Arg], output_shape: Callable[[Args, Shape], Shape] = same_shape,
           weights: Callable[[Args, Shape], tuple[Weight, ...]] | None = None, *, doc: str = "",
           check_args: Callable[[Args], None] | None = None, cost: CostRule | None = None,
           receptive_field: FieldRule | None = None) -> LayerKind:
    """A torch.nn module kind: no Keras layer arguments; the order of `args` is torch's positional order."""
    extra: dict[str, Any] = {}
    if weights is not None:
        extra["weights"] = weights
    if check_args is not None:
        extra["check_args"] = check_args
    if cost is not None:
        extra["cost"] = cost
    if receptive_field is not None:
        extra["receptive_field"] = receptive_field
    return LayerKind(name=name, args=args, output_shape=output_shape, layer_args=False, doc=doc, **extra)


def per_value(flops: int) -> CostRule:
    """`flops` element-wise operations per output value, a `bias` (the shift of a norm) among them: the engine
    counts a bias's own FLOP per value, so this adds the rest (docs/costs.md: BatchNorm 2, LayerNorm 5, ...)."""
    def cost(args: Args, shape: Shape, out: Shape, weights: tuple[Weight, ...]) -> Cost:
        return per_element(flops - any(w.name == "bias" for w in weights), out)

    return cost


# --- argument checks, as torch's constructors and its _single/_pair/_triple read them ---------------------------

class Sizes(tuple[int, ...]):
    """A size argument as a tuple, remembering whether it was written as one int: torch keeps a pool's
    kernel_size as written (torchinfo shows `2`, not `[2, 2]`), and convert writes it back the same way."""

    scalar: bool = False

    @classmethod
    def of(cls, items: tuple[int, ...], scalar: bool) -> Sizes:
        made = cls(items)
        made.scalar = scalar
        return made


def sizes(n: int, *, least: int = 1) -> a.Checker:
    """An int or a list of `n` ints (torch's _ntuple), each >= least, as a tuple (a Sizes)."""
    def check(value: object, name: str) -> tuple[int, ...]:
        items = [value] * n if isinstance(value, int) and not isinstance(value, bool) else value
        if (not isinstance(items, list | tuple) or len(items) != n
                or not all(isinstance(v, int) and not isinstance(v, bool) for v in items)):
            raise ArgumentError(name, f"`{name}` must be an integer or a list of {n} integers, received {value!r}")
        if any(v < least for v in items):
            raise ArgumentError(name, f"`{name}` values must be >= {least}, received {value!r}")
        return Sizes.of(tuple(items), items is not value)

    return check


# --- shapes ------------------------------------------------------------------------------------------------------

def require_dims(shape: Shape, ranks: tuple[int, ...], layout: str) -> None:
    """torch's check of the input's number of dimensions: e.g. (3, 4) for Conv2d's unbatched or batched input."""
    if len(shape) not in ranks:
        expected = " or ".join(f"{r}D" for r in ranks)
        raise ShapeError(f"expects a {expected} input {layout}, received {format_shape(shape)} ({len(shape)}D)")


def channels_of(shape: Shape, rank: int) -> int:
    """The channel axis of a batched (N, C, *spatial) or unbatched (C, *spatial) input of `rank` spatial axes."""
    channels = shape[-rank - 1]
    assert channels is not None  # torch shapes are concrete
    return channels


def with_axes(shape: Shape, rank: int, channels: int, lengths: tuple[int, ...]) -> Shape:
    """`shape` with its channels and its last `rank` axes replaced."""
    return tuple(shape[:-rank - 1]) + (channels,) + lengths


def weight_and_bias(weight_shape: tuple[int, ...], bias_size: int, has_bias: bool) -> tuple[Weight, ...]:
    return (Weight("weight", weight_shape),) + ((Weight("bias", (bias_size,)),) if has_bias else ())


def numel(shape: Shape) -> int:
    return math.prod(d or 0 for d in shape)
