"""Convolutions: Conv1D, Conv2D, Conv3D."""

from __future__ import annotations

from typing import Tuple

from .. import args as a
from ..args import REQUIRED, Arg
from ..errors import ArgumentError, ShapeError
from ..shapes import Shape, channel_axis, conv_output_length, format_shape, known_dim, require_rank, spatial_axes
from .base import Args, LayerKind, ShapeRule, Weight, WeightsRule, kernel_and_bias, register


AXIS_NAMES = {1: ("steps",), 2: ("rows", "cols"), 3: ("depth", "rows", "cols")}


def layout(rank: int, data_format: str) -> str:
    spatial = ", ".join(AXIS_NAMES[rank])
    inner = f"{spatial}, channels" if data_format == "channels_last" else f"channels, {spatial}"
    return f"(batch, {inner})"


def _check_conv_args(args: Args) -> None:
    if args["filters"] % args["groups"]:
        raise ArgumentError("groups", f"filters={args['filters']} is not divisible by groups={args['groups']}")
    if max(args["strides"]) > 1 and max(args["dilation_rate"]) > 1:
        raise ArgumentError("dilation_rate", f"strides > 1 cannot be combined with dilation_rate > 1; "
                                             f"received strides={args['strides']}, dilation_rate={args['dilation_rate']}")


def _conv_input_channels(args: Args, shape: Shape, rank: int) -> int:
    require_rank(shape, rank + 2, layout(rank, args["data_format"]))
    channels = known_dim(shape, channel_axis(args["data_format"]), "channel dimension")
    if channels % args["groups"]:
        raise ShapeError(f"input channels {channels} are not divisible by groups={args['groups']} "
                         f"(input shape {format_shape(shape)})")
    return channels


def _conv_shape(rank: int) -> ShapeRule:
    def output_shape(args: Args, shape: Shape) -> Shape:
        _conv_input_channels(args, shape, rank)
        out = list(shape)
        axes = spatial_axes(rank, len(shape), args["data_format"])
        for i, axis in enumerate(axes):
            size = conv_output_length(shape[axis], args["kernel_size"][i], args["strides"][i],
                                      args["padding"], args["dilation_rate"][i])
            if size is not None and size <= 0:
                raise ShapeError(
                    f"output size would be {size} (zero or negative): input {format_shape(shape)}, "
                    f"kernel_size={args['kernel_size']}, dilation_rate={args['dilation_rate']}, "
                    f"strides={args['strides']}, padding='{args['padding']}'")
            out[axis] = size
        out[channel_axis(args["data_format"])] = args["filters"]
        return tuple(out)

    return output_shape


def _conv_weights(rank: int) -> WeightsRule:
    def weights(args: Args, shape: Shape) -> Tuple[Weight, ...]:
        channels = _conv_input_channels(args, shape, rank)
        kernel = args["kernel_size"] + (channels // args["groups"], args["filters"])
        return kernel_and_bias(kernel, args["filters"], args)

    return weights


def conv_kind(rank: int) -> LayerKind:
    paddings = ("valid", "same", "causal") if rank == 1 else ("valid", "same")
    return LayerKind(
        name=f"Conv{rank}D",
        args={
            "filters": Arg(REQUIRED, a.positive_int),
            "kernel_size": Arg(REQUIRED, a.int_tuple(rank)),
            "strides": Arg(1, a.int_tuple(rank)),
            "padding": Arg("valid", a.choice(*paddings)),
            "data_format": Arg(None, a.data_format),
            "dilation_rate": Arg(1, a.int_tuple(rank)),
            "groups": Arg(1, a.positive_int),
            **a.KERNEL_ARGS,
        },
        output_shape=_conv_shape(rank),
        weights=_conv_weights(rank),
        check_args=_check_conv_args,
        doc="kernel_size × (C_in / groups) × filters weights, plus filters biases",
    )




for _rank in (1, 2, 3):
    register(conv_kind(_rank))
