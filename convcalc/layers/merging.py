"""Merging: Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot.

They read several inputs (arity ANY_INPUTS): the shape rules receive a tuple of shapes, batch
axis included, and follow Keras's merge layers, including what they refuse.
"""

from __future__ import annotations

from .. import args as a
from ..args import Arg
from ..costs import Cost, per_element
from ..errors import ArgumentError, ShapeError
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


def _dot_axes_argument(value: object, name: str) -> tuple[int, int]:
    """Dot's axes: one axis for both inputs, or one each."""
    checked = a.axes(value, name)
    pair = (checked, checked) if isinstance(checked, int) else checked
    if len(pair) != 2:
        raise ArgumentError(name, f"`{name}` must be an integer or a pair of integers, received {value!r}")
    return pair[0], pair[1]


def _dot_axes(args: Args, shapes: Shapes) -> tuple[int, int]:
    axis1, axis2 = args["axes"]
    for axis, shape in ((axis1, shapes[0]), (axis2, shapes[1])):
        _axis_in(shape, axis)
    return axis1 % len(shapes[0]), axis2 % len(shapes[1])


def _dot_shape(args: Args, shapes: Shapes) -> Shape:
    """Keras's Dot: the sizes along the two axes must agree; each input loses its axis, the second its batch too."""
    if len(shapes) != 2:
        raise ShapeError(f"Dot takes exactly 2 inputs, received {len(shapes)}")
    first, second = shapes
    axis1, axis2 = _dot_axes(args, shapes)
    if first[axis1] is not None and second[axis2] is not None and first[axis1] != second[axis2]:
        raise ShapeError(f"dimension incompatibility: {format_shape(first)} axis {axis1} is {first[axis1]}, "
                         f"{format_shape(second)} axis {axis2} is {second[axis2]}")
    out = [d for i, d in enumerate(first) if i != axis1] + [d for i, d in enumerate(second) if i not in (0, axis2)]
    return tuple(out) if len(out) > 1 else (*out, 1)


def _dot_cost(args: Args, shapes: Shapes, out: Shape, weights: tuple[Weight, ...]) -> Cost:
    """A multiplication and an addition per summed pair, for each output value (no weights: FLOPs, not MACs)."""
    size = shapes[0][_dot_axes(args, shapes)[0]]
    return Cost(0, None) if size is None else per_element(2 * size, out)


register(LayerKind(name="Dot", args={"axes": Arg(-1, _dot_axes_argument), "normalize": Arg(False, a.boolean)},
                   output_shape=_dot_shape,
                   arity=ANY_INPUTS, cost=_dot_cost,
                   doc="no weights; sums the products along `axes` (an int or one axis per input)"))
