"""A layer convcalc cannot compute (a Lambda, a user's own class), declared with its output shape and counts.

convcalc never runs a Lambda's code nor imports a user's class: the spec says what the layer gives and
convcalc takes it as given. The row shows `class_name` as its type, as Keras shows the class. A value left
null (as `convcalc convert` writes what a saved model does not tell) is an error naming what to declare.
"""

from __future__ import annotations

from typing import Any

from .. import args as a
from ..args import REQUIRED, Arg
from ..costs import Field
from ..errors import ArgumentError, ShapeError
from ..shapes import Shape
from .base import ANY_INPUTS, Args, LayerKind, Weight, register


def python_class_name(value: Any, name: str) -> str:
    if not isinstance(value, str) or not value.isidentifier():
        raise ArgumentError(name, f"`{name}` must be the layer's Python class name, like MyBlock; received {value!r}")
    return value


def _count(value: Any, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ArgumentError(name, f"`{name}` must be a whole number >= 0, received {value!r}")
    return value


DECLARED = ("output_shape", "trainable_params", "non_trainable_params")


def _declared_shape(args: Args, shapes: tuple[Shape, ...]) -> Shape:
    if not shapes:
        raise ShapeError("a declared layer reads at least one input")
    missing = [key for key in DECLARED if args[key] is None]
    if missing:  # `convcalc convert` leaves null what a saved model does not tell
        raise ShapeError(f"convcalc cannot compute a {args['class_name']}: declare its {', '.join(missing)} "
                         "(output_shape without the batch axis)")
    return (shapes[0][0], *args["output_shape"])


def _declared_weights(args: Args, shapes: tuple[Shape, ...]) -> tuple[Weight, ...]:
    counts = (("declared_trainable", args["trainable_params"], True),
              ("declared_non_trainable", args["non_trainable_params"], False))
    return tuple(Weight(name, (count,), trainable) for name, count, trainable in counts if count)


def _unknown_field(args: Args, shapes: tuple[Shape, ...], fields: tuple[Field, ...]) -> Field:
    return None  # what a declared layer's outputs see is not declared


register(LayerKind(name="Declared", type_argument="class_name", arity=ANY_INPUTS, receptive_field=_unknown_field,
                   args={"class_name": Arg(REQUIRED, python_class_name),
                         "output_shape": Arg(REQUIRED, a.optional(a.input_dims)),
                         "trainable_params": Arg(0, a.optional(_count)),
                         "non_trainable_params": Arg(0, a.optional(_count))},
                   output_shape=_declared_shape, weights=_declared_weights,
                   doc="a layer convcalc does not know, taken as declared: output shape (without the batch axis) "
                       "and parameter counts"))
