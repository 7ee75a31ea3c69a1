"""Wrappers, layers that take a layer: Bidirectional and TimeDistributed.

The wrapped layer is written as a layer entry, `layer: {LSTM: {units: 64, return_sequences: true}}`
(the Python reader turns `Bidirectional(LSTM(64))` into the same). It is kept as written, {kind: args},
and the wrapper's rules bind it and apply its kind's rules to the shape it sees, so its weights and costs
are the wrapper's. Keras names the wrapped layer when it is made: an unnamed one takes a name from the
session's counter (`inner_names`), so an LSTM after `Bidirectional(LSTM(8))` is lstm_1.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..args import REQUIRED, Arg
from ..costs import Cost, per_element, times
from ..errors import ArgumentError, ArgumentErrors, ShapeError
from ..shapes import Shape, format_shape
from .base import ONE_INPUT, READS_MASK, SEQUENCE_MASK, Args, LayerKind, Weight, lookup, register
from .recurrent import RECURRENT_KINDS

WRAPPED_ARGS = ("layer", "backward_layer", "cell")  # the arguments that hold a layer (the Python reader converts them)


def _entry(value: Any, name: str) -> tuple[LayerKind, dict[str, Any]]:
    """A wrapped layer's kind and arguments as written ({kind: args}, or a bare kind name)."""
    if isinstance(value, str):
        value = {value: {}}
    if not isinstance(value, Mapping) or len(value) != 1:
        raise ArgumentError(name, f"`{name}` must be one layer entry, e.g. {{LSTM: {{units: 64}}}}; "
                                  f"received {value!r}")
    [(kind_name, given)] = value.items()
    kind = lookup(kind_name) if isinstance(kind_name, str) else None
    if kind is None or kind.nested or kind.arity != ONE_INPUT:
        raise ArgumentError(name, f"`{name}` must be a layer of one input that convcalc knows; "
                                  f"received {kind_name!r}")
    if given is not None and not isinstance(given, Mapping):
        raise ArgumentError(name, f"the arguments of `{name}`'s {kind_name} must be a mapping, received {given!r}")
    return kind, dict(given or {})


def wrapped_layer(value: Any, name: str) -> dict[str, dict[str, Any]]:
    """Check a wrapped layer's entry, as any layer's arguments are checked; it is kept as written."""
    kind, given = _entry(value, name)
    try:
        kind.bind(given)
    except ArgumentError as error:
        wrong = error.errors if isinstance(error, ArgumentErrors) else (error,)
        raise ArgumentError(name, f"`{name}` ({kind.name}): " + "; ".join(one.message for one in wrong)) from None
    return {kind.name: given}


def inner(value: Mapping[str, Mapping[str, Any]]) -> tuple[LayerKind, Args]:
    """The kind and bound arguments of a checked wrapped layer."""
    [(kind_name, given)] = value.items()
    kind = lookup(kind_name)
    assert kind is not None
    return kind, kind.bind(given)


def _inner_names(*keys: str) -> Any:
    """The names the wrapped layers take from the session's counter: each one without a `name`."""
    def names(args: Args) -> tuple[str, ...]:
        return tuple(lookup(kind_name).default_name  # type: ignore[union-attr]
                     for key in keys if args.get(key) for kind_name, given in args[key].items()
                     if not given.get("name"))

    return names


# --- TimeDistributed -----------------------------------------------------------------------------

def _step_shape(shape: Shape) -> Shape:
    if len(shape) < 3:
        raise ShapeError(f"TimeDistributed needs an input of rank 3 or more (batch, time, ...); "
                         f"received {format_shape(shape)}")
    return (shape[0],) + shape[2:]


def _time_distributed_shape(args: Args, shape: Shape) -> Shape:
    """The wrapped layer's output for one step, with the time axis put back after the batch."""
    kind, inner_args = inner(args["layer"])
    out = kind.output_shape(inner_args, _step_shape(shape))
    return (out[0], shape[1]) + out[1:]


def _time_distributed_weights(args: Args, shape: Shape) -> tuple[Weight, ...]:
    kind, inner_args = inner(args["layer"])
    return kind.weights(inner_args, _step_shape(shape))


def _time_distributed_cost(args: Args, shape: Shape, output: Shape, weights: tuple[Weight, ...]) -> Cost:
    """The wrapped layer's cost once per time step; its activation once per output value (the engine adds
    the bias, as for the layer alone)."""
    kind, inner_args = inner(args["layer"])
    step = _step_shape(shape)
    once = kind.cost(inner_args, step, kind.output_shape(inner_args, step), weights)
    activation = inner_args.get("activation") not in (None, "linear")
    return Cost(times(once.macs, shape[1]), times(once.elementwise, shape[1])) + per_element(int(activation), output)


register(LayerKind(
    name="TimeDistributed",
    args={"layer": Arg(REQUIRED, wrapped_layer)},
    output_shape=_time_distributed_shape,
    weights=_time_distributed_weights,
    cost=_time_distributed_cost,
    inner_names=_inner_names("layer"),
    mask=READS_MASK,  # its call takes the mask, and hands it on for the time axis it keeps
    doc="the wrapped layer's weights, applied to every time step",
))


# --- Bidirectional -------------------------------------------------------------------------------

def _recurrent(args: Args, key: str) -> tuple[LayerKind, Args]:
    kind, inner_args = inner(args[key])
    if kind.name not in RECURRENT_KINDS:
        raise ArgumentError(key, f"Bidirectional wraps a recurrent layer ({', '.join(RECURRENT_KINDS)}); "
                                 f"received {kind.name}")
    return kind, inner_args


def _backward(args: Args) -> tuple[LayerKind, Args]:
    """The backward layer: as given, or a copy of the forward one reading the sequence backwards."""
    if args["backward_layer"] is None:
        kind, forward = _recurrent(args, "layer")
        return kind, {**forward, "go_backwards": not forward["go_backwards"]}
    return _recurrent(args, "backward_layer")


def _check_bidirectional(args: Args) -> None:
    _, forward = _recurrent(args, "layer")
    if forward["return_state"]:
        raise ArgumentError("layer", "a wrapped layer's return_state gives Bidirectional several outputs, which "
                                     "convcalc does not model; leave it out")
    if args["merge_mode"] is None:
        raise ArgumentError("merge_mode", "merge_mode null gives two outputs, which convcalc does not model; "
                                          "use concat, sum, mul or ave")
    if args["weights"] is not None:
        raise ArgumentError("weights", "initial `weights` need arrays, which a spec cannot hold; leave them out")
    if args["backward_layer"] is None:
        return
    _, backward = _recurrent(args, "backward_layer")
    if backward["go_backwards"] == forward["go_backwards"]:
        raise ArgumentError("backward_layer", "the forward and backward layers must have different "
                                              "`go_backwards` values")
    if backward["return_sequences"] != forward["return_sequences"]:
        raise ArgumentError("backward_layer", "the forward and backward layers must have the same "
                                              "`return_sequences`")


def _bidirectional_shape(args: Args, shape: Shape) -> Shape:
    """The forward layer's output; concat doubles its last axis (Keras 3.15 doubles the forward layer's, even
    when the backward layer has other units)."""
    kind, forward = _recurrent(args, "layer")
    out = kind.output_shape(forward, shape)
    backward_kind, backward = _backward(args)
    backward_kind.output_shape(backward, shape)
    units = out[-1]
    return out[:-1] + (None if units is None else units * 2,) if args["merge_mode"] == "concat" else out


def _bidirectional_weights(args: Args, shape: Shape) -> tuple[Weight, ...]:
    kind, forward = _recurrent(args, "layer")
    backward_kind, backward = _backward(args)
    return kind.weights(forward, shape) + backward_kind.weights(backward, shape)


def _bidirectional_cost(args: Args, shape: Shape, output: Shape, weights: tuple[Weight, ...]) -> Cost:
    """Both directions' MACs; the merge (sum, mul, ave) one FLOP per output value, concat none."""
    kind, forward = _recurrent(args, "layer")
    macs = kind.cost(forward, shape, output, weights).macs
    return Cost(macs, 0) + per_element(int(args["merge_mode"] != "concat"), output)


def _merge_mode(value: Any, name: str) -> Any:
    if value not in ("sum", "mul", "ave", "concat", None):
        raise ArgumentError(name, f"`{name}` must be one of 'sum', 'mul', 'ave', 'concat' or null, "
                                  f"received {value!r}")
    return value


register(LayerKind(
    name="Bidirectional",
    args={"layer": Arg(REQUIRED, wrapped_layer), "merge_mode": Arg("concat", _merge_mode), "weights": Arg(None),
          "backward_layer": Arg(None, lambda value, name: None if value is None else wrapped_layer(value, name))},
    output_shape=_bidirectional_shape,
    weights=_bidirectional_weights,
    check_args=_check_bidirectional,
    cost=_bidirectional_cost,
    inner_names=_inner_names("layer", "backward_layer"),
    mask=SEQUENCE_MASK,
    doc="the forward and the backward layer's weights (by default a copy of the forward one)",
))
