"""Operations on tensors that Keras records in a functional model: `x + 3.0`, `keras.ops.multiply(a, b)`, ...

Keras 3 saves them as layers of module keras.src.ops.numpy (class Add, Multiply, ...); its summary shows each
as a row (`add (Add)`, 0 params) connected to the tensors it reads. A number among the operands is kept as
`constant`: it changes no shape unless it is an array. Shapes broadcast as Keras's ops broadcast them (the
batch axis included; an unknown size meets a known one as the known one, unlike the merge layers).
"""

from __future__ import annotations

from .. import args as a
from ..args import Arg
from ..costs import Cost, per_element
from ..errors import ShapeError
from ..shapes import Shape, format_shape
from .base import ANY_INPUTS, Args, LayerKind, Weight, register

# Kind name -> the class Keras reports (keras.src.ops.numpy), for the binary element-wise operations.
OPERATIONS = {"ops.add": "Add", "ops.subtract": "Subtract", "ops.multiply": "Multiply", "ops.divide": "Divide",
              "ops.true_divide": "TrueDivide", "ops.maximum": "Maximum", "ops.minimum": "Minimum",
              "ops.power": "Power"}
# Python's comparisons on Keras tensors (`source != 0`, a mask): the same broadcast, boolean values.
COMPARISONS = {"ops.equal": "Equal", "ops.not_equal": "NotEqual", "ops.less": "Less", "ops.less_equal": "LessEqual",
               "ops.greater": "Greater", "ops.greater_equal": "GreaterEqual"}


def broadcast_shapes(first: Shape, second: Shape) -> Shape:
    """keras.src.ops.operation_utils.broadcast_shapes: trailing axes line up, 1 gives way, None gives way to a size."""
    if len(first) < len(second):
        first, second = second, first
    second = (1,) * (len(first) - len(second)) + tuple(second)
    out = []
    for i, j in zip(first, second, strict=True):
        if i == 1:
            out.append(j)
        elif i is None:
            out.append(None if j == 1 else j)
        elif j in (1, None, i):
            out.append(i)
        else:
            raise ShapeError(f"cannot broadcast {format_shape(first)} and {format_shape(second)}: {i} and {j} differ "
                             "and neither is 1")
    return tuple(out)


def _operands(args: Args, shapes: tuple[Shape, ...]) -> list[Shape]:
    operands = list(shapes) + ([a.array_shape(args["constant"])] if args["constant"] is not None else [])
    if len(operands) != 2:
        raise ShapeError(f"takes two operands (tensors, or a tensor and a `constant`), received {len(operands)}")
    return [shape for shape in operands if shape is not None]


def _binary_shape(args: Args, shapes: tuple[Shape, ...]) -> Shape:
    first, second = _operands(args, shapes)
    return broadcast_shapes(first, second)


def _binary_cost(args: Args, shapes: tuple[Shape, ...], out: Shape, weights: tuple[Weight, ...]) -> Cost:
    return per_element(1, out)


for _kind, _class in {**OPERATIONS, **COMPARISONS}.items():
    register(LayerKind(name=_kind, reported_type=_class, args={"constant": Arg(None, a.optional(a.array))},
                       output_shape=_binary_shape, arity=ANY_INPUTS, cost=_binary_cost,
                       doc=f"keras.{_kind}: no weights; two operands (tensors, or one and a constant) broadcast"))
