"""Recurrent modules: RNN, LSTM, GRU (num_layers, bidirectional, batch_first, LSTM's proj_size).

Per layer and direction, with g gates (RNN 1, GRU 3, LSTM 4): weight_ih (g·H, input), weight_hh (g·H, H or
proj_size), bias_ih and bias_hh (g·H each), and LSTM's weight_hr (proj_size, H); a layer after the first reads
D·H (or D·proj_size) features. They return a tuple (output, h_n[, c_n]); torchinfo's row shows the output,
(L, N, D·H_out), or (N, L, D·H_out) with batch_first. In an nn.Sequential nothing can follow them.
"""

from __future__ import annotations

from collections.abc import Callable

from .. import args as a
from ..args import REQUIRED, Arg
from ..errors import ArgumentError, FeaturesError
from ..layers.base import Args, Weight
from ..shapes import Shape
from .base import FACTORY_ARGS, add, module, require_dims

GATES = {"RNN": 1, "GRU": 3, "LSTM": 4}
TUPLE_OUTPUTS = frozenset(GATES)  # modules returning a tuple, which no module of a Sequential can read


def _output_shape(kind: str) -> Callable[[Args, Shape], Shape]:
    def output_shape(args: Args, shape: Shape) -> Shape:
        require_dims(shape, (2, 3), "(L, N, H_in), (N, L, H_in) with batch_first, or unbatched (L, H_in)")
        if shape[-1] != args["input_size"]:
            raise FeaturesError(f"{kind}({args['input_size']}, {args['hidden_size']}) receives {shape[-1]} features",
                                f": write input_size: {shape[-1]}", shape)
        out = args.get("proj_size") or args["hidden_size"]
        return tuple(shape[:-1]) + ((2 if args["bidirectional"] else 1) * out,)

    return output_shape


def _weights(kind: str) -> Callable[[Args, Shape], tuple[Weight, ...]]:
    def weights(args: Args, shape: Shape) -> tuple[Weight, ...]:
        gates, hidden = GATES[kind] * args["hidden_size"], args["hidden_size"]
        proj = args.get("proj_size") or 0
        out = proj or hidden
        directions = 2 if args["bidirectional"] else 1
        found: list[Weight] = []
        for layer in range(args["num_layers"]):
            features = args["input_size"] if layer == 0 else directions * out
            for suffix in ("", "_reverse")[:directions]:
                found += [Weight(f"weight_ih_l{layer}{suffix}", (gates, features)),
                          Weight(f"weight_hh_l{layer}{suffix}", (gates, out))]
                if args["bias"]:
                    found += [Weight(f"bias_ih_l{layer}{suffix}", (gates,)),
                              Weight(f"bias_hh_l{layer}{suffix}", (gates,))]
                if proj:
                    found.append(Weight(f"weight_hr_l{layer}{suffix}", (proj, hidden)))
        return tuple(found)

    return weights


def _check(args: Args) -> None:
    if args.get("proj_size", 0) >= args["hidden_size"]:
        raise ArgumentError("proj_size", "proj_size has to be smaller than hidden_size")


def _recurrent(kind: str) -> None:
    args: dict[str, Arg] = {"input_size": Arg(REQUIRED, a.positive_int), "hidden_size": Arg(REQUIRED, a.positive_int),
                            "num_layers": Arg(1, a.positive_int)}
    if kind == "RNN":
        args["nonlinearity"] = Arg("tanh", a.choice("tanh", "relu", lower=False))
    args.update({"bias": Arg(True, a.boolean), "batch_first": Arg(False, a.boolean), "dropout": Arg(0.0, a.fraction),
                 "bidirectional": Arg(False, a.boolean)})
    if kind == "LSTM":
        args["proj_size"] = Arg(0, a.integer)
    add(module(kind, {**args, **FACTORY_ARGS}, _output_shape(kind), _weights(kind),
               check_args=_check if kind == "LSTM" else None,
               doc=f"{GATES[kind]} gates × hidden_size rows of input and hidden weights and two biases, per layer "
                   "and direction"))


for _kind in GATES:
    _recurrent(_kind)
