"""GitHub-flavoured Markdown: the summary table and totals, for READMEs and pull requests."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import totals_lines
from .columns import COLUMNS, CONVENTION, keras_columns

if TYPE_CHECKING:
    from ..model import Summary

ALIGN = {"left": "---", "right": "---:", "center": ":---:"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render(summary: Summary, *, columns: Sequence[str] | None = None, show_trainable: bool = False,
           costs: Sequence[tuple[str, str]] | None = None) -> str:
    names = columns or keras_columns(summary, show_trainable)
    lines = [f'### Model: "{_cell(summary.name)}"', "",
             "| " + " | ".join(COLUMNS[name].header for name in names) + " |",
             "|" + "|".join(ALIGN[COLUMNS[name].justify] for name in names) + "|"]
    for layer in summary.table_rows:
        lines.append("| " + " | ".join(_cell(COLUMNS[name].value(layer, summary)) for name in names) + " |")
    lines.append("")
    lines += [f"**{label}:** {count:,} ({size})  " for label, count, size in totals_lines(summary)]
    if costs:
        lines += [f"**{label}:** {value}  " for label, value in costs]
        lines += ["", f"_{CONVENTION}_"]
    lines[-1] = lines[-1].rstrip()
    return "\n".join(lines)
