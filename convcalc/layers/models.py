"""A model used as a layer: keras.Sequential or a functional model called on a tensor (ConvNeXt's stem).

Keras's summary shows it as one row (`convnext_tiny_stem (Sequential)`) with all its weights; convcalc's
engine computes the inner model on the shapes the row receives, so costs, receptive fields and explain see
inside it. The `model` argument is a ModelSpec built by a reader, never written by a user as a value.
"""

from __future__ import annotations

from typing import Any

from ..args import REQUIRED, Arg
from ..errors import ArgumentError, ShapeError
from ..shapes import Shape
from .base import ANY_INPUTS, Args, LayerKind, register


def nested_model(value: Any, name: str) -> Any:
    from ..model import ModelSpec  # model.py imports this package: import it when a model is checked

    if not isinstance(value, ModelSpec):
        raise ArgumentError(name, "a nested model is written as its own `layers:` list, not as a value")
    return value


def computed_by_the_engine(args: Args, shapes: tuple[Shape, ...]) -> Shape:
    raise ShapeError("a nested model's shapes are computed by the engine")


for _name in ("Sequential", "Functional"):
    register(LayerKind(name=_name, args={"model": Arg(REQUIRED, nested_model)}, output_shape=computed_by_the_engine,
                       arity=ANY_INPUTS, nested=True,
                       doc="a model used as a layer: its layers' weights; shapes as its layers compute them"))
