"""Merging: Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate.

They read several inputs (arity ANY_INPUTS): the shape rules receive a tuple of shapes, batch
axis included, and follow Keras's merge layers, including what they refuse.
"""

from __future__ import annotations

from .. import args as a
from ..args import Arg
from ..costs import Cost, per_element
from ..errors import ShapeError
from ..shapes import Shape, broadcast, format_shape
from .base import ANY_INPUTS, MASKS_UNMODELLED, ORS_MASKS, Args, LayerKind, Weight, register

Shapes = tuple[Shape, ...]


def _listed(shapes: Shapes) -> str:
    return ", ".join(format_shape(shape) for shape in shapes)


def _require_several(shapes: Shapes) -> None:
    """Keras merges a list of tensors; one tensor on its own is refused."""
    if len(shapes) < 2:
        raise ShapeError(f"merges several inputs, received {len(shapes)}: list them with `inputs: [a, b, ...]`")


def _elementwise_shape(args: Args, shapes: Shapes) -> Shape:
    """Shapes broadcast pairwise without their batch axes; known batch sizes must agree."""
    _require_several(shapes)
    batches = {shape[0] for shape in shapes} - {None}
    if len(batches) > 1:
        raise ShapeError(f"cannot merge inputs with different batch sizes: {_listed(shapes)}")
    out = shapes[0][1:]
    for shape in shapes[1:]:
        out = broadcast(out, shape[1:])
    return (batches.pop() if batches else None,) + out


def _subtract_shape(args: Args, shapes: Shapes) -> Shape:
    if len(shapes) != 2:
        raise ShapeError(f"Subtract takes exactly 2 inputs, received {len(shapes)}")
    return _elementwise_shape(args, shapes)


def _axis_in(shape: Shape, axis: int) -> None:
    if not -len(shape) <= axis < len(shape):
        raise ShapeError(f"axis={axis} is out of range for input {format_shape(shape)} (rank {len(shape)})")


def _concatenate_shape(args: Args, shapes: Shapes) -> Shape:
    """Sizes add up along `axis`; the other axes must agree where known, as Keras's Concatenate.build checks.

    Like Keras, a positive axis past an input's rank removes nothing from it before the comparison,
    the output takes its other sizes from the first input, and the sum stops at the first unknown
    size, None (so inputs after it are not even looked at along the axis).
    """
    _require_several(shapes)
    axis = args["axis"]
    for shape in shapes:
        if axis < 0:
            _axis_in(shape, axis)
    rest = {tuple(d for i, d in enumerate(shape) if i != axis % len(shape)) if len(shape) > axis else shape
            for shape in shapes}
    if len(rest) > 1:
        ranks = {len(shape) for shape in rest}
        if len(ranks) > 1 or any(len({shape[i] for shape in rest} - {None}) > 1 for i in range(ranks.pop())):
            raise ShapeError(f"inputs must have the same shape except along axis {axis}; received {_listed(shapes)}")
    _axis_in(shapes[0], axis)
    out = list(shapes[0])
    for shape in shapes[1:]:
        total = out[axis]
        if total is None:
            break
        _axis_in(shape, axis)
        size = shape[axis]
        out[axis] = None if size is None else total + size
    return tuple(out)


def _combine_cost(args: Args, shapes: Shapes, out: Shape, weights: tuple[Weight, ...]) -> Cost:
    """Combining n inputs takes n − 1 operations per output value."""
    return per_element(len(shapes) - 1, out)


def _average_cost(args: Args, shapes: Shapes, out: Shape, weights: tuple[Weight, ...]) -> Cost:
    """n − 1 additions and one division per output value."""
    return per_element(len(shapes), out)


for _name in ("Add", "Multiply", "Average", "Maximum", "Minimum"):
    register(LayerKind(name=_name, args={}, output_shape=_elementwise_shape, arity=ANY_INPUTS,
                       cost=_average_cost if _name == "Average" else _combine_cost, mask=ORS_MASKS,
                       doc="no weights; inputs broadcast against each other"))
register(LayerKind(name="Subtract", args={}, output_shape=_subtract_shape, arity=ANY_INPUTS, cost=_combine_cost,
                   mask=ORS_MASKS, doc="no weights; exactly two inputs"))
register(LayerKind(name="Concatenate", args={"axis": Arg(-1, a.integer)}, output_shape=_concatenate_shape,
                   arity=ANY_INPUTS, mask=MASKS_UNMODELLED, doc="no weights; sizes along axis add up"))
