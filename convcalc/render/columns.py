"""The per-layer columns a user can pick with --columns, and the cost totals printed under a table.

Values come formatted as plain text; the table and Markdown renderers lay them out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal, NamedTuple, TypeAlias, TypedDict

from ..errors import ConvcalcError, did_you_mean
from ..model import split_call, split_output
from ..shapes import format_number, format_shape
from . import readable_size

if TYPE_CHECKING:
    from ..costs import Field
    from ..model import LayerSummary, Summary

Justify: TypeAlias = Literal["left", "center", "right"]


class Column(NamedTuple):
    header: str
    justify: Justify
    value: Callable[[LayerSummary, Summary], str]


def count(value: int | None) -> str:
    return "?" if value is None else f"{value:,}"


def human_count(value: int | None) -> str:
    """1000-based units for operation counts: 15.47 G."""
    if value is None:
        return "?"
    for unit, scale in (("T", 10**12), ("G", 10**9), ("M", 10**6), ("K", 10**3)):
        if value >= scale:
            return f"{value / scale:.2f} {unit}"
    return str(value)


def per_axis(field: Field, attribute: Literal["size", "jump", "start"]) -> str:
    return "-" if not field else "×".join(format_number(getattr(axis, attribute)) for axis in field)


def kernel_shape(layer: LayerSummary) -> str:
    """The shape of the layer's first non-bias weight (its kernel), or '-'."""
    kernel = next((w for w in layer.weights if w.name != "bias"), None)
    return format_shape(kernel.shape) if kernel else "-"


def params_percent(layer: LayerSummary, summary: Summary) -> str:
    return f"{100 * layer.params / summary.total_params:.2f}%" if summary.total_params else "0.00%"


COLUMNS = {
    "layer": Column("Layer (type)", "left", lambda layer, s: f"{layer.name} ({layer.type})"),
    "input_shape": Column("Input Shape", "left",
                          lambda layer, s: ", ".join(format_shape(shape) for shape in layer.input_shapes) or "-"),
    "output_shape": Column("Output Shape", "left",
                           lambda layer, s: _shapes(layer) if layer.called else "?"),
    "kernel_shape": Column("Kernel Shape", "left", lambda layer, s: kernel_shape(layer)),
    "params": Column("Param #", "right",
                     lambda layer, s: f"{layer.params:,}" + ("" if layer.built else " (unbuilt)")),
    "params_percent": Column("Param %", "right", params_percent),
    "trainable": Column("Trainable", "center", lambda layer, s: layer.trainable_flag),
    "macs": Column("MACs", "right", lambda layer, s: count(layer.macs)),
    "flops": Column("FLOPs", "right", lambda layer, s: count(layer.flops)),
    "activations": Column("Activations", "right", lambda layer, s: count(layer.activations)),
    "output_bytes": Column("Output Bytes", "right",
                           lambda layer, s: "?" if layer.output_bytes is None else readable_size(layer.output_bytes)),
    "rf": Column("RF", "right", lambda layer, s: per_axis(layer.field, "size")),
    "jump": Column("Jump", "right", lambda layer, s: per_axis(layer.field, "jump")),
    "rf_start": Column("RF Start", "right", lambda layer, s: per_axis(layer.field, "start")),
    "connected_to": Column("Connected to", "left",
                           lambda layer, s: ", ".join(_node(name) for name in layer.inputs) or "-"),
}
COST_COLUMNS = frozenset({"macs", "flops", "activations", "output_bytes", "rf", "jump", "rf_start"})


def parse_columns(text: str) -> tuple[str, ...]:
    """`layer,output_shape,params` -> the column names, refusing unknown ones with a suggestion."""
    names = tuple(name.strip() for name in text.split(",") if name.strip())
    if not names:
        raise ConvcalcError("--columns needs at least one column name")
    for name in names:
        if name not in COLUMNS:
            raise ConvcalcError(f"unknown column {name!r}" + did_you_mean(name, COLUMNS)
                                + f"; available: {', '.join(COLUMNS)}")
    return names


def keras_columns(summary: Summary, show_trainable: bool) -> tuple[str, ...]:
    """The columns Keras prints for this model."""
    names = ("layer", "output_shape", "params") + (() if summary.sequential_like else ("connected_to",))
    return names + (("trainable",) if show_trainable else ())


CONVENTION = ("MACs count multiply-accumulates with weights; FLOPs = 2 × MACs + element-wise operations "
              "(bias, activation, pooling, normalisation, merges). Per sample, at inference.")


DTYPES = {"float32": 4, "float16": 2, "bfloat16": 2, "int8": 1}


class Memory(TypedDict):
    """Memory figures in bytes (None where a dimension is unknown), and what they assume."""

    dtype: str
    batch_size: int
    param_bytes: int
    activation_bytes_per_sample: int | None
    activation_bytes_per_batch: int | None
    training_bytes: int | None


def memory(summary: Summary, batch_size: int, dtype: str | None) -> Memory:
    """Memory figures in bytes: weights, activations per sample and per batch, a training estimate.

    `dtype` stores every weight and activation at that width; None keeps each layer's own dtype.
    """
    width = DTYPES[dtype] if dtype else None
    per_sample = summary.activation_bytes(width)
    return {
        "dtype": dtype or "as declared",
        "batch_size": batch_size,
        "param_bytes": summary.param_bytes(width),
        "activation_bytes_per_sample": per_sample,
        "activation_bytes_per_batch": None if per_sample is None else per_sample * batch_size,
        "training_bytes": summary.training_bytes(batch_size, width),
    }


def cost_totals(summary: Summary, figures: Memory) -> tuple[tuple[str, str], ...]:
    """(label, value) lines for the totals under a table, after Keras's three."""
    cost = summary.cost
    elementwise = count(cost.elementwise)

    def size(num_bytes: int | None) -> str:
        return "?" if num_bytes is None else readable_size(num_bytes)

    batch = figures["batch_size"]
    return (
        ("Total MACs", f"{count(cost.macs)} ({human_count(cost.macs)})"),
        ("Total FLOPs", f"{count(cost.flops)} ({human_count(cost.flops)}) = 2 × MACs + {elementwise} element-wise"),
        ("Parameter memory", f"{size(figures['param_bytes'])} ({figures['dtype']})"),
        ("Activation memory", f"{size(figures['activation_bytes_per_sample'])} per sample, "
                              f"{size(figures['activation_bytes_per_batch'])} per batch of {batch}"),
        ("Training memory (estimate)", f"{size(figures['training_bytes'])} at batch {batch}: activations kept for the "
                                       "backward pass + weights + gradients + Adam's two moments"),
    )


def _shapes(layer: LayerSummary) -> str:
    """Its output's shape; a list of them for a layer giving several (a tuple for a model Keras shows by its
    output_shape), as Keras prints them."""
    if not layer.output_shapes:
        return format_shape(layer.output_shape)
    if layer.shapes_as_tuple:
        return str(tuple(layer.output_shapes))
    return f"[{', '.join(map(format_shape, layer.output_shapes))}]"


def node_output(reference: str) -> tuple[str, int, int]:
    """The layer, its call and its output a reference reads: ("gru", 1, 1) for "gru/1#1"."""
    node, index = split_output(reference)
    layer, call = split_call(node)
    return layer, call, index


def _node(name: str) -> str:
    """Keras's name of a call's output: `dense[0][0]`, `dense[1][0]` for its second call, `gru[0][1]` for the
    second output of a layer giving several."""
    return "{}[{}][{}]".format(*node_output(name))
