"""tf.keras 2's `model.summary()`: the plain-text table of tf_keras's layer_utils.print_summary, for models read
from files tf.keras 2 saved (Summary.framework "tf.keras"), so that convcalc prints what that Keras printed.

Fixed character positions rather than a rich table: each cell is cut at its column's width (at the end of a
"),", "],", "'," where one falls inside it) and continued on the next line; a blank line follows each row.
"""

from __future__ import annotations

from ..layers.normalization import COUNT_BYTES
from ..model import LayerSummary, Summary
from ..shapes import Shape
from . import readable_size
from .columns import node_output

SEQUENTIAL = (65, (0.45, 0.85, 1.0), ("Layer (type)", "Output Shape", "Param #"))
GRAPH = (98, (0.3, 0.6, 0.70, 1.0), ("Layer (type)", "Output Shape", "Param #", "Connected to"))
TRAINABLE_EXTRA = 11
INT64_BYTES = 8
BREAKS = ("),", "},", "],", "',")  # print_row ends a cell's line after the first of these it holds


def render(summary: Summary, show_trainable: bool = False, width: int | None = None) -> str:
    """The summary as tf.keras 2 prints it (`width`: print_summary's line_length)."""
    default_length, fractions, headers = SEQUENTIAL if summary.sequential_like else GRAPH
    length = width or default_length
    positions = [int(length * fraction) for fraction in fractions]
    header = list(headers)
    if show_trainable:
        length += TRAINABLE_EXTRA
        positions.append(length)
        header.append("Trainable")
    lines = [f'Model: "{summary.name}"', "_" * length, *_row(header, positions), "=" * length]
    for layer in summary.table_rows:
        fields = [f"{layer.name} ({layer.type})", _output_shape(layer), str(layer.params)]
        if not summary.sequential_like:
            fields.append(str([f"{name}[{call}][{index}]" for name, call, index in map(node_output, layer.inputs)]))
        if show_trainable:
            fields.append("Y" if layer.trainable else "N")
        lines += [*_row(fields, positions), " " * length]
    lines.append("=" * length)
    non_trainable_bytes = summary.non_trainable_bytes + _wider_counters(summary)
    for label, count, size in (("Total params", summary.total_params, summary.trainable_bytes + non_trainable_bytes),
                               ("Trainable params", summary.trainable_params, summary.trainable_bytes),
                               ("Non-trainable params", summary.non_trainable_params, non_trainable_bytes)):
        lines.append(f"{label}: {count} ({readable_size(size, 'Byte')})")
    lines.append("_" * length)
    return "\n".join(lines) + "\n"


def _wider_counters(summary: Summary) -> int:
    """tf.keras 2 keeps Normalization's sample count as an int64, 4 bytes more than Keras 3's int32."""
    return sum(INT64_BYTES - COUNT_BYTES for layer in summary.layers for weight in layer.weights
               if weight.name == "count" and weight.bytes_per_param == COUNT_BYTES)


def _tuple(shape: Shape) -> str:
    return str(tuple(shape))


def _output_shape(layer: LayerSummary) -> str:
    """layer.output_shape as tf.keras 2 prints it: a tuple, a list of one for an InputLayer, a list for a layer
    giving several outputs."""
    if layer.output_shapes:
        return f"[{', '.join(map(_tuple, layer.output_shapes))}]"
    if layer.type == "InputLayer":
        return f"[{_tuple(layer.output_shape)}]"
    return _tuple(layer.output_shape)


def _row(fields: list[str], positions: list[int]) -> list[str]:
    """print_row: the cells side by side, each cut to its column and continued on the lines below."""
    left = list(fields)
    lines = []
    while any(left):
        line = ""
        for column, text in enumerate(left):
            last = column == len(positions) - 1
            start = positions[column - 1] if column else 0
            cutoff = positions[column] - start - (0 if last else 3)
            piece = text[:cutoff]
            ends = [piece.find(mark) + len(mark) for mark in BREAKS if mark in piece]
            if ends:
                cutoff = min(ends)
                piece = piece[:cutoff]
            line += (" " if column == 0 else "") + piece + ("" if last else "  ")
            left[column] = text[cutoff:]
            line += " " * (positions[column] - len(line))
        lines.append(line)
    return lines
