"""Recurrent layers: SimpleRNN, LSTM, GRU.

Each reads (batch, timesteps, features) and keeps one cell's weights, shared by every step: a kernel
(features, gates × units), a recurrent kernel (units, gates × units) and a bias (gates × units; GRU's
reset_after keeps two rows of it). LSTM has 4 gates, GRU 3, SimpleRNN 1. Costs: every kernel and
recurrent-kernel weight is one MAC per time step; the engine adds the bias and activation FLOPs once per
output value, as for any layer (the gates' own element-wise work is not counted).

Given first states (`initial_state=`), they are more inputs, each (batch, units); with return_state=True their
last states are more outputs, of those shapes. stateful (a fixed batch carried between calls) is not modelled:
it is refused with a clear message.
"""

from __future__ import annotations

from collections.abc import Callable

from .. import args as a
from ..args import REQUIRED, Arg
from ..costs import Cost, times
from ..errors import ArgumentError
from ..shapes import Shape, known_dim, require_rank
from .base import SEQUENCE_MASK, Args, LayerKind, Weight, WeightsRule, register

GATES = {"SimpleRNN": 1, "LSTM": 4, "GRU": 3}
STATES = {"SimpleRNN": 1, "LSTM": 2, "GRU": 1}  # an LSTM keeps h and c
RECURRENT_KINDS = tuple(GATES)


def sequence(shape: Shape) -> tuple[int | None, int]:
    """(timesteps, features) of a (batch, timesteps, features) input; the features must be known."""
    require_rank(shape, 3, "(batch, timesteps, features)")
    return shape[1], known_dim(shape, 2, "features dimension")


def rnn_shape(args: Args, shape: Shape) -> Shape:
    """(batch, timesteps, units) with return_sequences, else (batch, units)."""
    steps, _ = sequence(shape)
    return (shape[0], steps, args["units"]) if args["return_sequences"] else (shape[0], args["units"])


def rnn_states(name: str) -> Callable[[Args, Shape], tuple[Shape, ...]]:
    """(batch, units) per state of the cell: two for LSTM (h and c), one otherwise."""
    def states(args: Args, shape: Shape) -> tuple[Shape, ...]:
        return ((shape[0], args["units"]),) * STATES[name]

    return states


def rnn_weights(name: str) -> WeightsRule:
    def weights(args: Args, shape: Shape) -> tuple[Weight, ...]:
        _, features = sequence(shape)
        units, width = args["units"], GATES[name] * args["units"]
        kernels = (Weight("kernel", (features, width)), Weight("recurrent_kernel", (units, width)))
        if not args["use_bias"]:
            return kernels
        bias = (2, width) if name == "GRU" and args["reset_after"] else (width,)
        return kernels + (Weight("bias", bias),)

    return weights


def rnn_cost(args: Args, shape: Shape, output: Shape, weights: tuple[Weight, ...]) -> Cost:
    """Each kernel and recurrent-kernel weight once per time step."""
    return Cost(times(shape[1], sum(w.size for w in weights if w.name != "bias")), 0)


def check_rnn(args: Args) -> None:
    """Layers whose several outputs convcalc does not model (RNN of cells, ConvLSTM): no return_state."""
    if args["return_state"]:
        raise ArgumentError("return_state", "return_state gives several outputs (the sequence and the states), "
                                            "which convcalc does not model for this layer; leave it out")
    check_stateful(args)


def check_stateful(args: Args) -> None:
    if args["stateful"]:
        raise ArgumentError("stateful", "stateful layers are not modelled by convcalc; leave `stateful` out "
                                        "(the shapes and weights are the same)")


def _args(name: str) -> dict[str, Arg]:
    """Keras's arguments in its signature's order (the Python reader binds positional ones by it)."""
    gated = name != "SimpleRNN"
    weights = {key: Arg(default, a.initializer) for key, default in (
        ("kernel_initializer", "glorot_uniform"), ("recurrent_initializer", "orthogonal"),
        ("bias_initializer", "zeros"))}
    regularizers = {f"{w}_regularizer": Arg(None, a.regularizer) for w in ("kernel", "recurrent", "bias")}
    return {
        "units": Arg(REQUIRED, a.positive_int),
        "activation": Arg("tanh", a.activation),
        **({"recurrent_activation": Arg("sigmoid", a.activation)} if gated else {}),
        "use_bias": Arg(True, a.boolean),
        **weights,
        **({"unit_forget_bias": Arg(True, a.boolean)} if name == "LSTM" else {}),
        **regularizers,
        "activity_regularizer": Arg(None, a.regularizer),
        **{f"{w}_constraint": Arg(None, a.constraint) for w in ("kernel", "recurrent", "bias")},
        "dropout": Arg(0.0, a.fraction), "recurrent_dropout": Arg(0.0, a.fraction),
        **({"seed": Arg(None, a.optional(a.integer))} if gated else {}),
        "return_sequences": Arg(False, a.boolean), "return_state": Arg(False, a.boolean),
        "go_backwards": Arg(False, a.boolean), "stateful": Arg(False, a.boolean), "unroll": Arg(False, a.boolean),
        **({"seed": Arg(None, a.optional(a.integer))} if not gated else {}),
        **({"reset_after": Arg(True, a.boolean)} if name == "GRU" else {}),
        **({"use_cudnn": Arg("auto")} if gated else {}),
        "zero_output_for_mask": Arg(False, a.boolean),
    }


DOCS = {
    "SimpleRNN": "(D_in + units + 1) × units: kernel, recurrent kernel, bias",
    "LSTM": "4 × (D_in + units + 1) × units: four gates of kernel, recurrent kernel, bias",
    "GRU": "3 × (D_in + units + 2) × units with reset_after (two biases), else 3 × (D_in + units + 1) × units",
}
for _name in RECURRENT_KINDS:
    _arguments = _args(_name)
    register(LayerKind(
        name=_name,
        args=_arguments,
        output_shape=rnn_shape,
        weights=rnn_weights(_name),
        check_args=check_stateful,
        cost=rnn_cost,
        positional=tuple(key for key in _arguments if key != "zero_output_for_mask"),
        mask=SEQUENCE_MASK,
        states=rnn_states(_name),
        doc=DOCS[_name],
    ))
