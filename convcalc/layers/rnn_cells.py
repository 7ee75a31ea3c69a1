"""RNN with cells: `RNN: {cell: {LSTMCell: {units: 8}}}`, or a list of cells stacked (StackedRNNCells).

SimpleRNNCell, LSTMCell and GRUCell are kinds too, so that the Python reader can make them and the writers
write them, but a cell alone reads (input, states), which no model feeds it: outside an RNN it is refused.
A cell's weights are those of the layer of the same name (LSTMCell's are LSTM's); stacked cells read the
units of the cell before them. Keras names each cell when it is made (lstm_cell, ...) and the stack
stacked_rnn_cells. Costs as recurrent.py's: each kernel weight once per time step.
"""

from __future__ import annotations

from typing import Any

from .. import args as a
from ..args import REQUIRED, Arg
from ..errors import ArgumentError, ShapeError
from ..shapes import Shape
from .base import REGISTRY, SEQUENCE_MASK, Args, LayerKind, Weight, register
from .recurrent import GATES, check_rnn, rnn_cost, rnn_weights, sequence
from .wrappers import inner, wrapped_layer

CELLS = {f"{name}Cell": name for name in GATES}
# What a layer reading sequences takes and a cell does not.
SEQUENCE_ONLY = ("activity_regularizer", "return_sequences", "return_state", "go_backwards", "stateful", "unroll",
                 "use_cudnn", "zero_output_for_mask")


def _cell_args(layer: str) -> dict[str, Arg]:
    args = {key: arg for key, arg in REGISTRY[layer].args.items() if key not in SEQUENCE_ONLY}
    return {**{key: arg for key, arg in args.items() if key != "seed"}, "seed": args["seed"]}  # seed last


def _alone(args: Args, shape: Shape) -> Shape:
    raise ShapeError("a cell reads (input, states): put it in an RNN, `RNN: {cell: {LSTMCell: {units: 8}}}`")


def _cells(value: Any, name: str) -> Any:
    """One cell entry, or a list of them (stacked); each checked as a layer's arguments are."""
    entries = value if isinstance(value, list | tuple) else [value]
    if not entries:
        raise ArgumentError(name, f"`{name}` must be a cell entry or a list of them, received {value!r}")
    checked = []
    for entry in entries:
        cell = wrapped_layer(entry, name)
        if next(iter(cell)) not in CELLS:
            raise ArgumentError(name, f"`{name}` must be a cell ({', '.join(CELLS)}), received {next(iter(cell))}")
        checked.append(cell)
    return checked if isinstance(value, list | tuple) else checked[0]


def _stack(args: Args) -> list[tuple[str, Args]]:
    """Each cell as (the layer its weights are those of, its arguments bound)."""
    cell = args["cell"]
    stack = []
    for entry in cell if isinstance(cell, list) else [cell]:
        kind, bound = inner(entry)
        stack.append((CELLS[kind.name], bound))
    return stack


def _rnn_shape(args: Args, shape: Shape) -> Shape:
    steps, _ = sequence(shape)
    units = _stack(args)[-1][1]["units"]
    return (shape[0], steps, units) if args["return_sequences"] else (shape[0], units)


def _rnn_weights(args: Args, shape: Shape) -> tuple[Weight, ...]:
    weights: tuple[Weight, ...] = ()
    for layer, bound in _stack(args):
        weights += rnn_weights(layer)(bound, shape)
        shape = shape[:2] + (bound["units"],)
    return weights


def _inner_names(args: Args) -> tuple[str, ...]:
    cell = args["cell"]
    entries = cell if isinstance(cell, list) else [cell]
    names = tuple(REGISTRY[kind].default_name for entry in entries for kind, given in entry.items()
                  if not given.get("name"))
    return names + (("stacked_rnn_cells",) if isinstance(cell, list) else ())


for _cell, _layer in CELLS.items():
    register(LayerKind(name=_cell, args=_cell_args(_layer), output_shape=_alone,
                       doc=f"{_layer}'s weights, inside an RNN"))
register(LayerKind(
    name="RNN",
    args={"cell": Arg(REQUIRED, _cells), **{key: Arg(False, a.boolean) for key in (
        "return_sequences", "return_state", "go_backwards", "stateful", "unroll", "zero_output_for_mask")}},
    output_shape=_rnn_shape,
    weights=_rnn_weights,
    check_args=check_rnn,
    cost=rnn_cost,
    inner_names=_inner_names,
    mask=SEQUENCE_MASK,
    doc="its cells' weights (an LSTMCell's are an LSTM's)",
))
