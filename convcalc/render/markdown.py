"""GitHub-flavoured Markdown: the Keras table and totals, for READMEs and pull requests."""

from __future__ import annotations

from ..shapes import format_shape
from . import totals_lines


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render(summary, show_trainable: bool = False) -> str:
    connected = not summary.sequential_like
    header = ["Layer (type)", "Output Shape", "Param #"] + (["Connected to"] if connected else [])
    align = ["---", "---", "---:"] + (["---"] if connected else [])
    if show_trainable:
        header.append("Trainable")
        align.append(":---:")
    lines = [f'### Model: "{_cell(summary.name)}"', "", "| " + " | ".join(header) + " |",
             "|" + "|".join(align) + "|"]
    for layer in summary.layers:
        cells = [f"{layer.name} ({layer.type})", format_shape(layer.output_shape), f"{layer.params:,}"]
        if connected:
            cells.append(", ".join(f"{name}[0][0]" for name in layer.inputs) or "-")
        if show_trainable:
            cells.append(layer.trainable_flag)
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    lines.append("")
    lines += [f"**{label}:** {count:,} ({size})  " for label, count, size in totals_lines(summary)]
    lines[-1] = lines[-1].rstrip()
    return "\n".join(lines)
