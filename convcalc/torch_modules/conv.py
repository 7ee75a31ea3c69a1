"""Convolutions: Conv1d/2d/3d and ConvTranspose1d/2d/3d, with PyTorch's arithmetic.

Output size along an axis: floor((L + 2p − d(k − 1) − 1) / s) + 1 (padding='same' keeps L, and torch allows
it only at stride 1); transposed: (L − 1)s − 2p + d(k − 1) + output_padding + 1. The weight is
(C_out, C_in / groups, *k), transposed (C_in, C_out / groups, *k).
"""

from __future__ import annotations

from .. import args as a
from ..args import REQUIRED, Arg
from ..costs import Cost, times
from ..errors import ArgumentError, ShapeError
from ..layers.base import Args, Weight
from ..shapes import Shape, format_shape
from .base import FACTORY_ARGS, add, channels_of, module, require_dims, sizes, weight_and_bias, with_axes
from .fields import padding_before as padded
from .fields import transpose_rule, window_rule

PADDING_MODES = ("zeros", "reflect", "replicate", "circular")


def conv_padding(rank: int) -> a.Checker:
    """An int, a list of `rank` ints (>= 0), or 'valid' / 'same'."""
    numbers = sizes(rank, least=0)

    def check(value: object, name: str) -> object:
        if isinstance(value, str):
            return a.choice("valid", "same", lower=False)(value, name)
        return numbers(value, name)

    return check


def check_channels(args: Args, shape: Shape, rank: int, what: str) -> int:
    """The input's channels must be in_channels: torch's first complaint about a wrong model."""
    kind = f"Conv{rank}d" if what == "conv" else f"ConvTranspose{rank}d"
    require_dims(shape, (rank + 1, rank + 2), f"(N, C, {', '.join('DHW'[3 - rank:])})")
    channels = channels_of(shape, rank)
    if channels != args["in_channels"]:
        raise ShapeError(f"{kind} with in_channels={args['in_channels']} receives {channels} channels (input "
                         f"{format_shape(shape)}): write in_channels: {channels}")
    return channels


def conv_lengths(args: Args, shape: Shape, rank: int) -> tuple[int, ...]:
    lengths = []
    for i, n in enumerate(shape[-rank:]):
        assert n is not None
        k, s, d = args["kernel_size"][i], args["stride"][i], args["dilation"][i]
        if args["padding"] == "same":
            lengths.append(n)
            continue
        p = padded(args, rank)[i]
        span = d * (k - 1) + 1
        if n + 2 * p < span:
            raise ShapeError(f"kernel {args['kernel_size']} (dilation {args['dilation']}) is larger than its padded "
                             f"input {format_shape(shape)} + padding {padded(args, rank)}: torch refuses it "
                             "(\"Kernel size can't be greater than actual input size\")")
        lengths.append((n + 2 * p - span) // s + 1)
    return tuple(lengths)


def transpose_lengths(args: Args, shape: Shape, rank: int) -> tuple[int, ...]:
    lengths = []
    for i, n in enumerate(shape[-rank:]):
        assert n is not None
        k, s, d = args["kernel_size"][i], args["stride"][i], args["dilation"][i]
        size = (n - 1) * s - 2 * args["padding"][i] + d * (k - 1) + args["output_padding"][i] + 1
        if size <= 0:
            raise ShapeError(f"output size would be {size}: input {format_shape(shape)}, padding {args['padding']}")
        lengths.append(size)
    return tuple(lengths)


def _groups_divide(args: Args) -> None:
    for key in ("in_channels", "out_channels"):
        if args[key] % args["groups"]:
            raise ArgumentError(key, f"{key} must be divisible by groups ({args[key]} % {args['groups']} != 0)")


def _check_conv(args: Args) -> None:
    _groups_divide(args)
    if args["padding"] == "same" and any(s != 1 for s in args["stride"]):
        raise ArgumentError("padding", "padding='same' is not supported for strided convolutions "
                                       f"(stride={args['stride']}): torch allows it only at stride 1")


def _check_transpose(args: Args) -> None:
    _groups_divide(args)
    if args["padding_mode"] != "zeros":
        raise ArgumentError("padding_mode", 'Only "zeros" padding mode is supported for ConvTranspose')
    for p, s, d in zip(args["output_padding"], args["stride"], args["dilation"], strict=True):
        if p >= s and p >= d:
            raise ArgumentError("output_padding", "output padding must be smaller than either stride or dilation, "
                                f"received output_padding={args['output_padding']}, stride={args['stride']}, "
                                f"dilation={args['dilation']}")


def conv_kind(rank: int) -> None:
    def output_shape(args: Args, shape: Shape) -> Shape:
        check_channels(args, shape, rank, "conv")
        return with_axes(shape, rank, args["out_channels"], conv_lengths(args, shape, rank))

    def weights(args: Args, shape: Shape) -> tuple[Weight, ...]:
        return weight_and_bias((args["out_channels"], args["in_channels"] // args["groups"], *args["kernel_size"]),
                               args["out_channels"], args["bias"])

    def cost(args: Args, shape: Shape, out: Shape, layer_weights: tuple[Weight, ...]) -> Cost:
        return Cost(times(layer_weights[0].size, *out[-rank:]), 0)

    add(module(f"Conv{rank}d", {
        "in_channels": Arg(REQUIRED, a.positive_int), "out_channels": Arg(REQUIRED, a.positive_int),
        "kernel_size": Arg(REQUIRED, sizes(rank)), "stride": Arg(1, sizes(rank)), "padding": Arg(0, conv_padding(rank)),
        "dilation": Arg(1, sizes(rank)), "groups": Arg(1, a.positive_int), "bias": Arg(True, a.boolean),
        "padding_mode": Arg("zeros", a.choice(*PADDING_MODES, lower=False)), **FACTORY_ARGS,
    }, output_shape, weights, check_args=_check_conv, cost=cost, receptive_field=window_rule(rank),
        doc="out_channels × in_channels / groups × kernel_size weights, plus out_channels biases"))


def conv_transpose_kind(rank: int) -> None:
    def output_shape(args: Args, shape: Shape) -> Shape:
        check_channels(args, shape, rank, "transpose")
        return with_axes(shape, rank, args["out_channels"], transpose_lengths(args, shape, rank))

    def weights(args: Args, shape: Shape) -> tuple[Weight, ...]:
        return weight_and_bias((args["in_channels"], args["out_channels"] // args["groups"], *args["kernel_size"]),
                               args["out_channels"], args["bias"])

    def cost(args: Args, shape: Shape, out: Shape, layer_weights: tuple[Weight, ...]) -> Cost:
        return Cost(times(layer_weights[0].size, *shape[-rank:]), 0)

    add(module(f"ConvTranspose{rank}d", {
        "in_channels": Arg(REQUIRED, a.positive_int), "out_channels": Arg(REQUIRED, a.positive_int),
        "kernel_size": Arg(REQUIRED, sizes(rank)), "stride": Arg(1, sizes(rank)),
        "padding": Arg(0, sizes(rank, least=0)), "output_padding": Arg(0, sizes(rank, least=0)),
        "groups": Arg(1, a.positive_int), "bias": Arg(True, a.boolean),
        "dilation": Arg(1, sizes(rank)), "padding_mode": Arg("zeros", a.choice(*PADDING_MODES, lower=False)),
        **FACTORY_ARGS,
    }, output_shape, weights, check_args=_check_transpose, cost=cost, receptive_field=transpose_rule(rank),
        doc="in_channels × out_channels / groups × kernel_size weights, plus out_channels biases"))


for _rank in (1, 2, 3):
    conv_kind(_rank)
    conv_transpose_kind(_rank)
