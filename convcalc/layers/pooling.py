"""Pooling: MaxPooling1D/2D/3D, AveragePooling1D/2D/3D and their Global* forms."""

from __future__ import annotations

import math

from .. import args as a
from ..args import REQUIRED, Arg
from ..costs import Cost, Field, per_element, window_field
from ..errors import ShapeError
from ..shapes import Shape, channel_axis, format_shape, map_axes, pool_output_length, require_rank, spatial_axes
from .base import DROPS_MASK, READS_AND_DROPS_MASK, Args, FieldRule, LayerKind, ShapeRule, Weight, register
from .conv import layout


def _pool_shape(rank: int) -> ShapeRule:
    def output_shape(args: Args, shape: Shape) -> Shape:
        require_rank(shape, rank + 2, layout(rank, args["data_format"]))
        strides = args["strides"] or args["pool_size"]

        def length(i: int, n: int) -> int:
            size = pool_output_length(n, args["pool_size"][i], strides[i], args["padding"])
            if size <= 0:
                raise ShapeError(
                    f"output size would be {size} (zero or negative): input {format_shape(shape)}, "
                    f"pool_size={args['pool_size']}, strides={strides}, padding='{args['padding']}'")
            return size

        return map_axes(shape, spatial_axes(rank, len(shape), args["data_format"]), length)

    return output_shape


def pool_kind(rank: int, mode: str) -> LayerKind:
    # Keras gives MaxPooling a default pool_size of 2 but makes AveragePooling's required.
    default = 2 if mode == "Max" else REQUIRED
    return LayerKind(
        name=f"{mode}Pooling{rank}D",
        args={
            "pool_size": Arg(default, a.int_tuple(rank)),
            "strides": Arg(None, a.optional(a.int_tuple(rank))),
            "padding": Arg("valid", a.choice("valid", "same", lower=False)),
            "data_format": Arg(None, a.data_format),
        },
        output_shape=_pool_shape(rank),
        positional=("pool_size", "strides", "padding", "data_format", "name"),
        cost=_max_cost if mode == "Max" else _average_cost,
        receptive_field=_pool_field(rank),
        doc="no weights",
        built_at_init=True,
    )


def _max_cost(args: Args, shape: Shape, out: Shape, weights: tuple[Weight, ...]) -> Cost:
    """pool − 1 comparisons per output value."""
    return per_element(math.prod(args["pool_size"]) - 1, out)


def _average_cost(args: Args, shape: Shape, out: Shape, weights: tuple[Weight, ...]) -> Cost:
    """pool − 1 additions and one division per output value."""
    return per_element(math.prod(args["pool_size"]), out)


def _pool_field(rank: int) -> FieldRule:
    def receptive_field(args: Args, shape: Shape, field: Field) -> Field:
        return window_field(field, shape, spatial_axes(rank, len(shape), args["data_format"]), args["pool_size"],
                            args["strides"] or args["pool_size"], args["padding"])

    return receptive_field


def _global_cost(args: Args, shape: Shape, out: Shape, weights: tuple[Weight, ...]) -> Cost:
    """One comparison or addition per input value."""
    return per_element(1, shape)


def _global_pool_shape(rank: int) -> ShapeRule:
    """(batch, channels), or with keepdims every spatial axis kept at size 1."""
    def output_shape(args: Args, shape: Shape) -> Shape:
        require_rank(shape, rank + 2, layout(rank, args["data_format"]))
        if args["keepdims"]:
            pooled = spatial_axes(rank, len(shape), args["data_format"])
            return tuple(1 if axis in pooled else dim for axis, dim in enumerate(shape))
        return (shape[0], shape[channel_axis(args["data_format"])])

    return output_shape


def global_pool_kind(rank: int, mode: str) -> LayerKind:
    return LayerKind(
        name=f"Global{mode}Pooling{rank}D",
        args={"data_format": Arg(None, a.data_format), "keepdims": Arg(False, a.boolean)},
        output_shape=_global_pool_shape(rank),
        cost=_global_cost,
        receptive_field=lambda args, shape, field: None,  # no spatial axes left to speak of
        # GlobalAveragePooling1D averages the unmasked steps only
        mask=READS_AND_DROPS_MASK if (rank, mode) == (1, "Average") else DROPS_MASK,
        doc="no weights; each channel reduced over all spatial axes",
        built_at_init=True,
    )


for _rank in (1, 2, 3):
    for _mode in ("Max", "Average"):
        register(pool_kind(_rank, _mode))
        register(global_pool_kind(_rank, _mode))
