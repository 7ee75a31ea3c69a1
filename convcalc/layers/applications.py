"""Layers keras.applications defines for its own models: LayerScale (ConvNeXt), CustomScaleLayer (InceptionResNetV2).

They are saved under their own modules (keras.src.applications.convnext, ...inception_resnet_v2), not keras.layers.
"""

from __future__ import annotations

from .. import args as a
from ..args import REQUIRED, Arg
from ..costs import Cost, per_element, per_value
from ..errors import ShapeError
from ..shapes import Shape
from .base import ANY_INPUTS, Args, LayerKind, Weight, register
from .ops import broadcast_shapes


def _layer_scale_shape(args: Args, shape: Shape) -> Shape:
    """x * gamma, gamma of shape (projection_dim,)."""
    return broadcast_shapes(shape, (args["projection_dim"],))


def _layer_scale_weights(args: Args, shape: Shape) -> tuple[Weight, ...]:
    return (Weight("gamma", (args["projection_dim"],)),)


register(LayerKind(name="LayerScale", args={"init_values": Arg(REQUIRED, a.number),
                                            "projection_dim": Arg(REQUIRED, a.positive_int)},
                   output_shape=_layer_scale_shape, weights=_layer_scale_weights, cost=per_value(1),
                   doc="ConvNeXt's x * gamma: projection_dim weights"))


def _custom_scale_shape(args: Args, shapes: tuple[Shape, ...]) -> Shape:
    """inputs[0] + inputs[1] * scale."""
    if len(shapes) != 2:
        raise ShapeError(f"reads exactly two inputs, [x, residual], received {len(shapes)}")
    return broadcast_shapes(shapes[0], shapes[1])


def _custom_scale_cost(args: Args, shapes: tuple[Shape, ...], out: Shape, weights: tuple[Weight, ...]) -> Cost:
    return per_element(2, out)


register(LayerKind(name="CustomScaleLayer", args={"scale": Arg(REQUIRED, a.number)},
                   output_shape=_custom_scale_shape, arity=ANY_INPUTS, cost=_custom_scale_cost,
                   doc="InceptionResNetV2's x + residual * scale: no weights"))
