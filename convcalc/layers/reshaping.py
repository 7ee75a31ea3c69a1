"""Reshaping: ZeroPadding1D/2D/3D, Cropping1D/2D/3D, UpSampling1D/2D/3D, Reshape, Permute, RepeatVector.

None of them has weights. (Flatten, which Keras files here too, is in core.py.)
"""

from __future__ import annotations

from collections.abc import Callable

from .. import args as a
from ..args import REQUIRED, Arg
from ..costs import PIXEL, AxisField, Field, shift, upsample_step
from ..errors import ShapeError
from ..shapes import Shape, format_shape, map_axes, require_min_rank, require_rank, reshaped, spatial_axes
from .base import Args, FieldRule, LayerKind, ShapeRule, register
from .conv import AXIS_NAMES, Length, layout

Change = Callable[[Args, Shape], Length]  # (args, input) -> (axis index, size) -> new size


def _spatial_rule(rank: int, change: Change) -> ShapeRule:
    """Each known spatial axis of a rank + 2 input resized by `change`; None stays None, as in Keras."""
    def output_shape(args: Args, shape: Shape) -> Shape:
        data_format = args.get("data_format", "channels_last")  # Cropping1D and UpSampling1D take none
        require_rank(shape, rank + 2, layout(rank, data_format))
        return map_axes(shape, spatial_axes(rank, len(shape), data_format), change(args, shape))

    return output_shape


def _spatial_field(rank: int, step: Callable[[Args, int, AxisField], AxisField]) -> FieldRule:
    """The receptive field through a layer that moves or stretches each spatial axis on its own."""
    def receptive_field(args: Args, shape: Shape, field: Field) -> Field:
        if field is None:
            return None
        return tuple(step(args, i, axis) for i, axis in enumerate(field or (PIXEL,) * rank))

    return receptive_field


def _padded(args: Args, shape: Shape) -> Length:
    return lambda i, n: n + sum(args["padding"][i])


def _cropped(args: Args, shape: Shape) -> Length:
    cropping: tuple[tuple[int, int], ...] = args["cropping"]

    def length(i: int, n: int) -> int:
        size = n - sum(cropping[i])
        if size <= 0:
            raise ShapeError(f"cropping={cropping} leaves {size} {AXIS_NAMES[len(cropping)][i]} of input "
                             f"{format_shape(shape)}; it must crop less than the whole axis")
        return size

    return length


def _factors(args: Args) -> tuple[int, ...]:
    size: int | tuple[int, ...] = args["size"]
    return size if isinstance(size, tuple) else (size,)  # UpSampling1D takes one int


def _upsampled(args: Args, shape: Shape) -> Length:
    factors = _factors(args)
    return lambda i, n: n * factors[i]


# Keras's defaults differ by rank: ZeroPadding pads 1 everywhere; Cropping1D and 3D crop 1, Cropping2D nothing.
PADDING_DEFAULTS = {1: 1, 2: (1, 1), 3: ((1, 1), (1, 1), (1, 1))}
CROPPING_DEFAULTS = {1: (1, 1), 2: ((0, 0), (0, 0)), 3: ((1, 1), (1, 1), (1, 1))}
# What UpSampling2D can resize with on Keras's JAX backend (checked when the model runs).
INTERPOLATIONS = ("bicubic", "bilinear", "lanczos3", "lanczos5", "nearest")


def zero_padding_kind(rank: int) -> LayerKind:
    return LayerKind(
        name=f"ZeroPadding{rank}D",
        args={"padding": Arg(PADDING_DEFAULTS[rank], a.pairs(rank)), "data_format": Arg(None, a.data_format)},
        output_shape=_spatial_rule(rank, _padded),
        receptive_field=_spatial_field(rank, lambda args, i, axis: shift(axis, -args["padding"][i][0])),
        doc="no weights; each spatial axis grows by its before + after padding",
    )


def cropping_kind(rank: int) -> LayerKind:
    return LayerKind(
        name=f"Cropping{rank}D",
        args={"cropping": Arg(CROPPING_DEFAULTS[rank], a.pairs(rank)),
              **({"data_format": Arg(None, a.data_format)} if rank > 1 else {})},
        output_shape=_spatial_rule(rank, _cropped),
        receptive_field=_spatial_field(rank, lambda args, i, axis: shift(axis, args["cropping"][i][0])),
        doc="no weights; each spatial axis shrinks by its before + after cropping, to at least 1",
    )


def up_sampling_kind(rank: int) -> LayerKind:
    sizes = {
        1: {"size": Arg(2, a.positive_int)},
        2: {"size": Arg(2, a.int_tuple(2)), "data_format": Arg(None, a.data_format),
            "interpolation": Arg("nearest", a.choice(*INTERPOLATIONS))},
        3: {"size": Arg(2, a.int_tuple(3)), "data_format": Arg(None, a.data_format)},
    }
    return LayerKind(
        name=f"UpSampling{rank}D",
        args=sizes[rank],
        output_shape=_spatial_rule(rank, _upsampled),
        receptive_field=_spatial_field(rank, lambda args, i, axis: upsample_step(axis, _factors(args)[i])),
        doc="no weights; each spatial axis multiplied by its size",
    )


def _reshape_shape(args: Args, shape: Shape) -> Shape:
    require_min_rank(shape, 1)  # the batch axis Reshape keeps (a scalar from ops.max has none)
    return (shape[0],) + reshaped(shape[1:], args["target_shape"])


def _permute_shape(args: Args, shape: Shape) -> Shape:
    dims = args["dims"]
    require_rank(shape, len(dims) + 1, f"(batch and one axis per entry of dims={dims})")
    return (shape[0],) + tuple(shape[axis] for axis in dims)


def _repeat_vector_shape(args: Args, shape: Shape) -> Shape:
    require_rank(shape, 2, "(batch, features)")
    return (shape[0], args["n"], shape[1])


for _rank in (1, 2, 3):
    register(zero_padding_kind(_rank))
    register(cropping_kind(_rank))
    register(up_sampling_kind(_rank))
register(LayerKind(
    name="Reshape",
    args={"target_shape": Arg(REQUIRED, a.target_shape)},
    output_shape=_reshape_shape,
    doc="no weights; the same values in a new shape, -1 inferred",
))
register(LayerKind(
    name="Permute",
    args={"dims": Arg(REQUIRED, a.permutation)},
    output_shape=_permute_shape,
    doc="no weights; the non-batch axes reordered",
))
register(LayerKind(
    name="RepeatVector",
    args={"n": Arg(REQUIRED, a.positive_int)},
    output_shape=_repeat_vector_shape,
    doc="no weights; (batch, features) repeated n times into (batch, n, features)",
))
