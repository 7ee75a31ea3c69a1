"""The model's input: a tensor of `input_size` (the batch axis included, as torchinfo's summary takes it)."""

from __future__ import annotations

from ..args import REQUIRED, Arg
from ..errors import ArgumentError
from ..layers.base import NO_INPUT, Args, LayerKind
from .base import add


def input_size(value: object, name: str) -> tuple[int, ...]:
    if not isinstance(value, list | tuple) or not value or not all(
            isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in value):
        raise ArgumentError(name, f"`{name}` must be a list of positive integers, the batch included "
                                  f"(e.g. [1, 3, 32, 32]), received {value!r}")
    return tuple(value)


def _shape(args: Args, received: tuple[()]) -> tuple[int, ...]:
    shape: tuple[int, ...] = args["shape"]
    return shape


add(LayerKind(name="Input", args={"shape": Arg(REQUIRED, input_size)}, output_shape=_shape, arity=NO_INPUT,
              layer_args=False, doc="the input tensor"))
