"""Convolutions: Conv1D/2D/3D, Conv1D/2D/3DTranspose, DepthwiseConv1D/2D, SeparableConv1D/2D.

They share Keras's windowed arithmetic over the spatial axes and build their weights on the
input channels; each family differs only in its output channels, its per-axis size rule and
its weights, which `_conv_family` puts together.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypedDict, Unpack

from .. import args as a
from ..args import REQUIRED, Arg
from ..costs import PIXEL, Cost, Field, times, upsample_step, window_field
from ..errors import ArgumentError, ShapeError
from ..shapes import (
    Shape,
    channel_axis,
    conv_output_length,
    conv_transpose_output_length,
    format_shape,
    known_dim,
    map_axes,
    require_rank,
    spatial_axes,
)
from .base import Args, LayerKind, Weight, bias, kernel_and_bias, register

AXIS_NAMES = {1: ("steps",), 2: ("rows", "cols"), 3: ("depth", "rows", "cols")}


def layout(rank: int, data_format: str) -> str:
    spatial = ", ".join(AXIS_NAMES[rank])
    inner = f"{spatial}, channels" if data_format == "channels_last" else f"channels, {spatial}"
    return f"(batch, {inner})"


def input_channels(args: Args, shape: Shape, rank: int) -> int:
    """The input's channels, which every kernel is built on: the rank must fit and the channels be known."""
    require_rank(shape, rank + 2, layout(rank, args["data_format"]))
    return known_dim(shape, channel_axis(args["data_format"]), "channel dimension")


def window_args(rank: int, paddings: tuple[str, ...] = ("valid", "same")) -> dict[str, Arg]:
    """The arguments every convolution takes to slide its window."""
    return {
        "kernel_size": Arg(REQUIRED, a.int_tuple(rank)),
        "strides": Arg(1, a.int_tuple(rank)),
        "padding": Arg("valid", a.choice(*paddings)),
        "data_format": Arg(None, a.data_format),
        "dilation_rate": Arg(1, a.int_tuple(rank)),
    }


# --- per-axis size rules -----------------------------------------------------------------------

Length = Callable[[int, int], int]  # (spatial axis index, input size) -> output size


def _windowed_length(args: Args, shape: Shape) -> Length:
    """Conv, DepthwiseConv and SeparableConv: Keras refuses an output size of zero or less."""
    def length(i: int, n: int) -> int:
        size = conv_output_length(n, args["kernel_size"][i], args["strides"][i], args["padding"],
                                  args["dilation_rate"][i])
        if size <= 0:
            raise ShapeError(
                f"output size would be {size} (zero or negative): input {format_shape(shape)}, "
                f"kernel_size={args['kernel_size']}, dilation_rate={args['dilation_rate']}, "
                f"strides={args['strides']}, padding='{args['padding']}'")
        return size

    return length


def _transposed_length(args: Args, shape: Shape) -> Length:
    def length(i: int, n: int) -> int:
        output_padding = None if args["output_padding"] is None else args["output_padding"][i]
        return conv_transpose_output_length(n, args["kernel_size"][i], args["strides"][i], args["padding"],
                                            output_padding, args["dilation_rate"][i])

    return length


# --- argument checks ---------------------------------------------------------------------------

def _check_strides_and_dilation(args: Args) -> None:
    if max(args["strides"]) > 1 and max(args["dilation_rate"]) > 1:
        raise ArgumentError("dilation_rate", "strides > 1 cannot be combined with dilation_rate > 1; received "
                                             f"strides={args['strides']}, dilation_rate={args['dilation_rate']}")


def _check_conv_args(args: Args) -> None:
    if args["filters"] % args["groups"]:
        raise ArgumentError("groups", f"filters={args['filters']} is not divisible by groups={args['groups']}")
    _check_strides_and_dilation(args)


def _check_transpose_args(args: Args) -> None:
    padding = args["output_padding"]
    if padding is not None and any(p >= s for p, s in zip(padding, args["strides"], strict=False)):
        raise ArgumentError("output_padding", f"output_padding must be less than strides on every axis; "
                                              f"received output_padding={padding}, strides={args['strides']}")
    _check_strides_and_dilation(args)


# --- output channels and weights, given the input channels -------------------------------------

def _conv_filters(args: Args, channels: int) -> int:
    if channels % args["groups"]:
        raise ShapeError(f"input channels {channels} are not divisible by groups={args['groups']}")
    return _filters(args, channels)


def _filters(args: Args, channels: int) -> int:
    filters: int = args["filters"]
    return filters


def _depthwise_channels(args: Args, channels: int) -> int:
    multiplier: int = args["depth_multiplier"]
    return multiplier * channels


def _conv_weights(args: Args, channels: int) -> tuple[Weight, ...]:
    return kernel_and_bias(args["kernel_size"] + (channels // args["groups"], args["filters"]), args["filters"], args)


def _transpose_weights(args: Args, channels: int) -> tuple[Weight, ...]:
    """Keras stores a transposed kernel output channels first: (*kernel_size, filters, C_in)."""
    return kernel_and_bias(args["kernel_size"] + (args["filters"], channels), args["filters"], args)


def _depthwise_weights(args: Args, channels: int) -> tuple[Weight, ...]:
    multiplier = args["depth_multiplier"]
    return kernel_and_bias(args["kernel_size"] + (channels, multiplier), multiplier * channels, args)


def _separable_weights(args: Args, channels: int) -> tuple[Weight, ...]:
    """A depthwise kernel per input channel, then a 1×…×1 pointwise kernel mixing them into filters."""
    multiplier, rank, filters = args["depth_multiplier"], len(args["kernel_size"]), args["filters"]
    return (Weight("depthwise_kernel", args["kernel_size"] + (channels, multiplier)),
            Weight("pointwise_kernel", (1,) * rank + (multiplier * channels, filters))) + bias(args, filters)


def dilated_windows(args: Args) -> tuple[int, ...]:
    """The span of each kernel axis once dilated: d·(k − 1) + 1."""
    return tuple(d * (k - 1) + 1 for k, d in zip(args["kernel_size"], args["dilation_rate"], strict=False))


class _PassedOn(TypedDict, total=False):
    """What a convolution family hands to LayerKind unchanged."""

    check_args: Callable[[Args], None]
    doc: str


def _conv_family(name: str, rank: int, args: dict[str, Arg], *, lengths: Callable[[Args, Shape], Length],
                 out_channels: Callable[[Args, int], int], weights: Callable[[Args, int], tuple[Weight, ...]],
                 transposed: bool = False, **kind: Unpack[_PassedOn]) -> LayerKind:
    """A convolution kind from its per-axis size rule, its output channels and its weights (given C_in).

    MACs: every kernel weight is used once per output position (per input position when transposed).
    """
    def output_shape(bound: Args, shape: Shape) -> Shape:
        channels = input_channels(bound, shape, rank)
        out = list(map_axes(shape, spatial_axes(rank, len(shape), bound["data_format"]), lengths(bound, shape)))
        out[channel_axis(bound["data_format"])] = out_channels(bound, channels)
        return tuple(out)

    def weights_rule(bound: Args, shape: Shape) -> tuple[Weight, ...]:
        return weights(bound, input_channels(bound, shape, rank))

    def cost(bound: Args, shape: Shape, out: Shape, layer_weights: tuple[Weight, ...]) -> Cost:
        grid = shape if transposed else out
        positions = times(*(grid[axis] for axis in spatial_axes(rank, len(grid), bound["data_format"])))
        return Cost(times(sum(w.size for w in layer_weights if w.name != "bias"), positions), 0)

    def receptive_field(bound: Args, shape: Shape, field: Field) -> Field:
        axes = spatial_axes(rank, len(shape), bound["data_format"])
        if not transposed:
            return window_field(field, shape, axes, dilated_windows(bound), bound["strides"], bound["padding"])
        if field is None:
            return None
        field = field or (PIXEL,) * rank
        return tuple(upsample_step(f, s, w)
                     for f, s, w in zip(field, bound["strides"], dilated_windows(bound), strict=False))

    return LayerKind(name=name, args=args, output_shape=output_shape, weights=weights_rule, cost=cost,
                     receptive_field=receptive_field, **kind)


def conv_kind(rank: int) -> LayerKind:
    paddings = ("valid", "same", "causal") if rank == 1 else ("valid", "same")
    return _conv_family(
        f"Conv{rank}D", rank,
        {"filters": Arg(REQUIRED, a.positive_int), **window_args(rank, paddings), "groups": Arg(1, a.positive_int),
         **a.KERNEL_ARGS},
        lengths=_windowed_length, out_channels=_conv_filters, weights=_conv_weights, check_args=_check_conv_args,
        doc="kernel_size × (C_in / groups) × filters weights, plus filters biases")


def conv_transpose_kind(rank: int) -> LayerKind:
    return _conv_family(
        f"Conv{rank}DTranspose", rank,
        {"filters": Arg(REQUIRED, a.positive_int), **window_args(rank),
         "output_padding": Arg(None, a.optional(a.int_tuple(rank, allow_zero=True))),
         **a.BIAS_ARGS, **a.weight_args("kernel")},
        lengths=_transposed_length, out_channels=_filters, weights=_transpose_weights, transposed=True,
        check_args=_check_transpose_args,
        doc="kernel_size × filters × C_in weights, plus filters biases; sizes grow by the strides")


def depthwise_conv_kind(rank: int) -> LayerKind:
    return _conv_family(
        f"DepthwiseConv{rank}D", rank,
        {**window_args(rank), "depth_multiplier": Arg(1, a.positive_int), **a.BIAS_ARGS, **a.weight_args("depthwise")},
        lengths=_windowed_length, out_channels=_depthwise_channels, weights=_depthwise_weights,
        doc="kernel_size × C_in × depth_multiplier weights, plus C_in × depth_multiplier biases")


def separable_conv_kind(rank: int) -> LayerKind:
    return _conv_family(
        f"SeparableConv{rank}D", rank,
        {"filters": Arg(REQUIRED, a.positive_int), **window_args(rank), "depth_multiplier": Arg(1, a.positive_int),
         **a.BIAS_ARGS, **a.weight_args("depthwise"), **a.weight_args("pointwise")},
        lengths=_windowed_length, out_channels=_filters, weights=_separable_weights,
        doc="depthwise kernel_size × C_in × depth_multiplier, then pointwise (C_in × depth_multiplier) × filters, "
            "plus filters biases")


for _rank in (1, 2, 3):
    register(conv_kind(_rank))
    register(conv_transpose_kind(_rank))
for _rank in (1, 2):
    register(depthwise_conv_kind(_rank))
    register(separable_conv_kind(_rank))
