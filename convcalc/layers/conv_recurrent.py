"""Convolutional recurrent layers: ConvLSTM1D, ConvLSTM2D, ConvLSTM3D.

Each reads a sequence of feature maps, (batch, time, *spatial, channels) (channels before the spatial axes
with channels_first), and runs an LSTM whose products are convolutions: the input convolution slides as
Conv{rank}D does with the same arguments; the recurrent one keeps the size ('same', stride 1). Weights:
kernel (*kernel_size, C_in, 4 × filters), recurrent kernel (*kernel_size, filters, 4 × filters), bias
(4 × filters). Costs: every kernel and recurrent-kernel weight once per output position per time step.
"""

from __future__ import annotations

from .. import args as a
from ..args import REQUIRED, Arg
from ..costs import Cost, times
from ..shapes import Shape, require_rank, spatial_axes
from .base import REGISTRY, SEQUENCE_MASK, Args, LayerKind, Weight, register
from .conv import input_channels, layout, window_args
from .recurrent import check_rnn


def _frame(rank: int, args: Args, shape: Shape) -> Shape:
    """One time step: the input without its time axis, as Conv{rank}D reads it."""
    require_rank(shape, rank + 3, "(batch, time, " + layout(rank, args["data_format"])[len("(batch, "):])
    return (shape[0],) + shape[2:]


def _conv_args(args: Args) -> dict[str, object]:
    return {**{key: args[key] for key in ("filters", "kernel_size", "strides", "padding", "data_format",
                                          "dilation_rate")}, "groups": 1, "lora_rank": None}


def _kind(rank: int) -> LayerKind:
    conv = REGISTRY[f"Conv{rank}D"]

    def output_shape(args: Args, shape: Shape) -> Shape:
        frame = conv.output_shape(_conv_args(args), _frame(rank, args, shape))
        return (frame[0], shape[1]) + frame[1:] if args["return_sequences"] else frame

    def weights(args: Args, shape: Shape) -> tuple[Weight, ...]:
        channels = input_channels(args, _frame(rank, args, shape), rank)
        size, width = args["kernel_size"], 4 * args["filters"]
        kernels = (Weight("kernel", size + (channels, width)),
                   Weight("recurrent_kernel", size + (args["filters"], width)))
        return kernels + ((Weight("bias", (width,)),) if args["use_bias"] else ())

    def cost(args: Args, shape: Shape, out: Shape, layer_weights: tuple[Weight, ...]) -> Cost:
        frame = conv.output_shape(_conv_args(args), _frame(rank, args, shape))
        positions = times(*(frame[axis] for axis in spatial_axes(rank, len(frame), args["data_format"])))
        return Cost(times(shape[1], positions, sum(w.size for w in layer_weights if w.name != "bias")), 0)

    arguments = {
        "filters": Arg(REQUIRED, a.positive_int), **window_args(rank),
        "activation": Arg("tanh", a.activation), "recurrent_activation": Arg("sigmoid", a.activation),
        "use_bias": Arg(True, a.boolean), **{key: Arg(default, a.initializer) for key, default in (
            ("kernel_initializer", "glorot_uniform"), ("recurrent_initializer", "orthogonal"),
            ("bias_initializer", "zeros"))},
        "unit_forget_bias": Arg(True, a.boolean),
        **{f"{w}_regularizer": Arg(None, a.regularizer) for w in ("kernel", "recurrent", "bias")},
        "activity_regularizer": Arg(None, a.regularizer),
        **{f"{w}_constraint": Arg(None, a.constraint) for w in ("kernel", "recurrent", "bias")},
        "dropout": Arg(0.0, a.fraction), "recurrent_dropout": Arg(0.0, a.fraction),
        "seed": Arg(None, a.optional(a.integer)),
        "return_sequences": Arg(False, a.boolean), "return_state": Arg(False, a.boolean),
        "go_backwards": Arg(False, a.boolean), "stateful": Arg(False, a.boolean),
    }
    return LayerKind(name=f"ConvLSTM{rank}D", args=arguments, output_shape=output_shape, weights=weights,
                     check_args=check_rnn, cost=cost, mask=SEQUENCE_MASK,
                     doc="4 × filters × (kernel_size × (C_in + filters) + 1): an LSTM's four gates, as convolutions")


for _rank in (1, 2, 3):
    register(_kind(_rank))
