"""Pooling: MaxPooling1D/2D/3D and AveragePooling1D/2D/3D."""

from __future__ import annotations

from .. import args as a
from ..args import REQUIRED, Arg
from ..errors import ShapeError
from ..shapes import Shape, format_shape, pool_output_length, require_rank, spatial_axes
from .base import Args, LayerKind, ShapeRule, register
from .conv import layout

def _pool_shape(rank: int) -> ShapeRule:
    def output_shape(args: Args, shape: Shape) -> Shape:
        require_rank(shape, rank + 2, layout(rank, args["data_format"]))
        strides = args["strides"] or args["pool_size"]
        out = list(shape)
        for i, axis in enumerate(spatial_axes(rank, len(shape), args["data_format"])):
            size = pool_output_length(shape[axis], args["pool_size"][i], strides[i], args["padding"])
            if size is not None and size <= 0:
                raise ShapeError(
                    f"output size would be {size} (zero or negative): input {format_shape(shape)}, "
                    f"pool_size={args['pool_size']}, strides={strides}, padding='{args['padding']}'")
            out[axis] = size
        return tuple(out)

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
        doc="no weights",
    )




for _rank in (1, 2, 3):
    register(pool_kind(_rank, "Max"))
    register(pool_kind(_rank, "Average"))
