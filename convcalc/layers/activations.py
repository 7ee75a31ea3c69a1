"""Activation layers: ReLU, LeakyReLU, PReLU, ELU, Softmax (the Activation layer is in core.py).

Only PReLU has weights: one learned slope per input value, shared along `shared_axes`.
"""

from __future__ import annotations

from .. import args as a
from ..args import Arg
from ..costs import per_value
from ..errors import ShapeError
from ..shapes import Shape, format_shape
from .base import KEEPS_MASK, READS_MASK, Args, LayerKind, Weight, elementwise, register, same_shape_along_axes


def _alpha_shape(args: Args, shape: Shape) -> tuple[int, ...]:
    """The input's shape without the batch axis, with each shared axis set to 1.

    As Keras indexes that list with axis - 1, shared_axes=0 shares the last axis and negative axes
    count from the end; anything else outside the input's rank is refused.
    """
    size = list(shape[1:])
    shared = args["shared_axes"]
    for axis in (shared,) if isinstance(shared, int) else shared or ():
        if not -len(size) <= axis - 1 < len(size):
            raise ShapeError(f"shared_axes={shared}: axis {axis} is out of range for input {format_shape(shape)}")
        size[axis - 1] = 1
    known = [d for d in size if d is not None]
    if len(known) < len(size):
        raise ShapeError(f"alpha would have shape {format_shape(size)}: the axes of input {format_shape(shape)} "
                         f"that are not in shared_axes must be known")
    return tuple(known)


def _prelu_shape(args: Args, shape: Shape) -> Shape:
    _alpha_shape(args, shape)
    return shape


def _prelu_weights(args: Args, shape: Shape) -> tuple[Weight, ...]:
    return (Weight("alpha", _alpha_shape(args, shape)),)


register(elementwise(
    "ReLU",
    {"max_value": Arg(None, a.optional(a.non_negative)), "negative_slope": Arg(0.0, a.non_negative),
     "threshold": Arg(0.0, a.non_negative)},
    per_value(1),
))
# Keras 3 renamed `alpha` to `negative_slope`; it still accepts `alpha` (with a warning) and uses it instead.
register(elementwise(
    "LeakyReLU", {"negative_slope": Arg(0.3, a.non_negative), "alpha": Arg(None, a.optional(a.non_negative))},
    per_value(1), positional=("negative_slope",),
))
register(LayerKind(
    name="PReLU",
    args={**a.weight_args("alpha", "Zeros"), "shared_axes": Arg(None, a.optional(a.axes))},
    output_shape=_prelu_shape,
    weights=_prelu_weights,
    cost=per_value(1),
    mask=KEEPS_MASK,
    doc="alpha: one slope per value of a sample, 1 along each shared axis",
))
register(elementwise("ELU", {"alpha": Arg(1.0, a.number)}, per_value(1)))
# Keras's summary accepts any axis, but the model fails on its first batch if one is out of range.
register(LayerKind(
    name="Softmax",
    args={"axis": Arg(-1, a.axes)},
    output_shape=same_shape_along_axes,
    cost=per_value(1),
    mask=READS_MASK,
    doc="no weights",
    built_at_init=True,
))
