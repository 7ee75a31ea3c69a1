"""Regularization: SpatialDropout1D/2D/3D, GaussianNoise, GaussianDropout, ActivityRegularization.

(Dropout is in core.py.) None has weights or changes the shape; they differ in the arguments
Keras accepts, which are checked as Keras checks them.
"""

from __future__ import annotations

from .. import args as a
from ..args import REQUIRED, Arg
from ..shapes import Shape, require_rank
from .base import KEEPS_MASK, Args, LayerKind, ShapeRule, elementwise, register
from .conv import layout

SEED = {"seed": Arg(None, a.optional(a.integer))}


def _rank_rule(rank: int) -> ShapeRule:
    """SpatialDropout drops whole channels, so it needs the rank of a rank-D feature map."""
    def output_shape(args: Args, shape: Shape) -> Shape:
        require_rank(shape, rank + 2, layout(rank, args.get("data_format", "channels_last")))
        return shape

    return output_shape


def spatial_dropout_kind(rank: int) -> LayerKind:
    # Unlike other layers, SpatialDropout's constructor takes no **kwargs: only these arguments.
    return LayerKind(
        name=f"SpatialDropout{rank}D",
        args={
            "rate": Arg(REQUIRED, a.fraction),
            **({"data_format": Arg(None, a.data_format)} if rank > 1 else {}),
            **SEED,
            "name": a.BASE_ARGS["name"],
            "dtype": a.BASE_ARGS["dtype"],
        },
        output_shape=_rank_rule(rank),
        layer_args=False,
        mask=KEEPS_MASK,
        doc="no weights",
        built_at_init=True,
    )


for _rank in (1, 2, 3):
    register(spatial_dropout_kind(_rank))
register(elementwise("GaussianNoise", {"stddev": Arg(REQUIRED, a.fraction), **SEED}))
register(elementwise("GaussianDropout", {"rate": Arg(REQUIRED, a.fraction), **SEED}))
# It sets the layer's activity_regularizer from l1 and l2, so Keras refuses one given as well.
register(elementwise(
    "ActivityRegularization",
    {**{key: arg for key, arg in a.BASE_ARGS.items() if key != "activity_regularizer"},
     "l1": Arg(0.0, a.penalty), "l2": Arg(0.0, a.penalty)},
    layer_args=False, positional=("l1", "l2"),
))
