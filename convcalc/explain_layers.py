"""explain's working for the recurrent, wrapper, attention and image-sizing layers (explain.py has the others).

Each function returns None for a layer it has nothing to say about, so explain.py falls back on its own
lines. The figures are the row's own (its weights, shapes and cost), so the working ends on the summary's.
"""

from __future__ import annotations

from .layers.recurrent import GATES
from .model import LayerSummary
from .shapes import format_shape

SIZED = ("Resizing", "CenterCrop", "RandomCrop")
ATTENTION = ("MultiHeadAttention", "Attention", "AdditiveAttention")


def n(value: int | None) -> str:
    return "None" if value is None else f"{value:,}"


def _wrapped(layer: LayerSummary, key: str = "layer") -> tuple[str, dict[str, object]]:
    [(kind, given)] = layer.args[key].items()
    return kind, given


def shape_lines(layer: LayerSummary) -> list[str] | None:
    """How the output shape follows from the input and the arguments."""
    args, shape = layer.args, layer.input_shapes[0] if layer.input_shapes else ()
    if layer.type in GATES:
        steps = f"{n(shape[1])} time steps of {n(shape[2])} features"
        if args["return_sequences"]:
            return [f"{layer.type} runs over {steps}; return_sequences: units = {args['units']} at every step"]
        return [f"{layer.type} runs over {steps}; only the last step's output: units = {args['units']}"]
    if layer.type == "TimeDistributed":
        kind, _ = _wrapped(layer)
        return [f"TimeDistributed applies {kind} to each of the {n(shape[1])} time steps, "
                f"each a {format_shape((shape[0],) + shape[2:])} input"]
    if layer.type == "Bidirectional":
        kind, _ = _wrapped(layer)
        merge = {"concat": "concat joins them on the last axis (twice the forward layer's)",
                 "sum": "sum adds them", "mul": "mul multiplies them", "ave": "ave averages them"}
        return [f"Bidirectional runs {kind} forwards and backwards over the sequence; {merge[args['merge_mode']]}"]
    if layer.type in SIZED:
        return [f"{layer.type} makes each image height × width = {args['height']} × {args['width']}"]
    if layer.type == "MultiHeadAttention":
        query, value = layer.input_shapes[0], layer.input_shapes[1]
        return [f"each query position of {format_shape(query)} attends to the positions of {format_shape(value)} "
                f"with {args['num_heads']} heads of key_dim {args['key_dim']}",
                "the output keeps the query's positions; its last axis is output_shape (default: the query's)"]
    if layer.type in ATTENTION:
        return ["each query position becomes a weighted sum of the value's vectors: "
                "the query's positions, the value's last axis"]
    return None


def params_line(layer: LayerSummary) -> str | None:
    """The parameter count of a recurrent layer as its formula."""
    if layer.type not in GATES or not layer.weights:
        return None
    args, gates = layer.args, GATES[layer.type]
    d_in, units = layer.weights[0].shape[0], args["units"]
    biases = 0 if not args["use_bias"] else 2 if layer.type == "GRU" and args["reset_after"] else 1
    formula = f"{gates} × (D_in + units{f' + {biases}' if biases else ''}) × units"
    worked = f"{gates} × ({d_in} + {units}{f' + {biases}' if biases else ''}) × {units}"
    return f"{formula} = {worked} = {n(layer.params)}"


def macs_line(layer: LayerSummary) -> str | None:
    """MACs by the convention of these layers (see their modules' docstrings)."""
    if layer.type in GATES:
        kernels = sum(w.size for w in layer.weights if w.name != "bias")
        return f"MACs: {n(kernels)} kernel and recurrent-kernel weights × {n(layer.input_shapes[0][1])} time steps" \
               f" = {n(layer.macs)}"
    if layer.type in ("TimeDistributed", "Bidirectional"):
        return f"MACs: the wrapped layer's, {'per time step' if layer.type == 'TimeDistributed' else 'both ways'}" \
               f" = {n(layer.macs)}"
    if layer.type in ATTENTION:
        return f"MACs: the projections, the scores (query · key) and the weighted sum of the values = {n(layer.macs)}"
    return None
