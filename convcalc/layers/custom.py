"""A layer subclass of the user's (`class Patches(layers.Layer)`), read from its Python code, never run.

Keras's summary shows it as one row, `patches (Patches)`, with every weight it holds: those its `build` made with
`add_weight` and those of the layers its `call` used. The Python reader turns what `call` does to its inputs into
a graph (the `model` argument, a ModelSpec the reader builds, never a user's value); the engine computes it on the
shapes the row receives, as it computes a model used as a layer, so costs and explain see inside it.
"""

from __future__ import annotations

from typing import Any

from ..args import REQUIRED, Arg
from ..errors import ArgumentError
from ..shapes import Shape
from .base import ANY_INPUTS, Args, LayerKind, Weight, register
from .declared import python_class_name
from .models import computed_by_the_engine, nested_model


def _own_weights(value: Any, name: str) -> tuple[Weight, ...]:
    """[[name, shape, trainable], ...]: what `add_weight` made."""
    if not isinstance(value, list | tuple) or not all(
            isinstance(item, list | tuple) and len(item) == 3 and isinstance(item[0], str)
            and isinstance(item[1], list | tuple) and all(isinstance(size, int) and size >= 0 for size in item[1])
            and isinstance(item[2], bool) for item in value):
        raise ArgumentError(name, f"`{name}` lists [name, shape, trainable] of each weight, received {value!r}")
    return tuple(Weight(item[0], tuple(item[1]), item[2]) for item in value)


def _weights(args: Args, shapes: tuple[Shape, ...]) -> tuple[Weight, ...]:
    own: tuple[Weight, ...] = args["weights"]
    return own


register(LayerKind(name="Custom", type_argument="class_name", arity=ANY_INPUTS, nested=True,
                   args={"class_name": Arg(REQUIRED, python_class_name), "model": Arg(REQUIRED, nested_model),
                         "weights": Arg((), _own_weights)},
                   output_shape=computed_by_the_engine, weights=_weights,
                   doc="a layer class of the user's: its own weights and its sublayers'; the shape its call gives"))


def _constant(args: Args, shape: Shape) -> Shape:
    constant: tuple[int, ...] = args["shape"]
    return constant


def _sizes(value: Any, name: str) -> tuple[int, ...]:
    if not isinstance(value, list | tuple) or not all(
            isinstance(size, int) and not isinstance(size, bool) and size >= 1 for size in value):
        raise ArgumentError(name, f"`{name}` must list sizes of 1 or more, received {value!r}")
    return tuple(value)


register(LayerKind(name="ops.constant", reported_type="Constant", layer_args=False,
                   args={"shape": Arg(REQUIRED, _sizes)}, output_shape=_constant, receptive_field=lambda *_: None,
                   doc="a constant a layer's call makes (ops.arange(...), a weight): its shape, whatever it reads"))


def _batch_and_sizes(value: Any, name: str) -> tuple[int | None, ...]:
    if not isinstance(value, list | tuple) or not value or not (value[0] is None or isinstance(value[0], int) and not
                                                                isinstance(value[0], bool) and value[0] >= 1):
        raise ArgumentError(name, f"`{name}` must list the batch (None) and sizes, received {value!r}")
    return (value[0], *_sizes(value[1:], name))


def _drawn(args: Args, shape: Shape) -> Shape:
    """The batch of the input it reads (ops.shape(x)[0]), where the call gave None, then the sizes given."""
    drawn: tuple[int | None, ...] = args["shape"]
    return (shape[0] if drawn[0] is None else drawn[0], *drawn[1:])


register(LayerKind(name="ops.random", reported_type="Random", layer_args=False,
                   args={"shape": Arg(REQUIRED, _batch_and_sizes)}, output_shape=_drawn,
                   receptive_field=lambda *_: None,
                   doc="random values a layer's call draws (keras.random.normal(shape=(batch, dim))): its shape"))
