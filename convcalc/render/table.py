"""The Keras 3 `model.summary()` table, drawn as Keras draws it with rich.

Column widths, box style and totals lines follow keras/src/utils/summary_utils.py, and render/grid.py
lays them out by rich's rules, so the plain-text output matches Keras character for character at the
same width.
"""

from __future__ import annotations

import shutil

from ..errors import ConvcalcError
from . import grid, totals_lines
from .columns import COLUMNS, CONVENTION, keras_columns

SEQUENTIAL_LINE_LENGTH = 88
SEQUENTIAL_POSITIONS = (0.45, 0.80, 1.0)
GRAPH_LINE_LENGTH = 108
GRAPH_POSITIONS = (0.3, 0.56, 0.74, 1.0)
TRAINABLE_EXTRA = 12


def default_line_length(summary, show_trainable: bool) -> int:
    """Keras's rule: 88 for a chain, 108 with "Connected to", +12 for Trainable; at most the terminal less 4."""
    length = SEQUENTIAL_LINE_LENGTH if summary.sequential_like else GRAPH_LINE_LENGTH
    length += TRAINABLE_EXTRA if show_trainable else 0
    return min(length, shutil.get_terminal_size().columns - 4)


def column_widths(line_length: int, sequential_like: bool, show_trainable: bool):
    positions = list(SEQUENTIAL_POSITIONS if sequential_like else GRAPH_POSITIONS)
    if show_trainable:
        positions = [p * 0.90 for p in positions] + [1.0]
    widths, current = [], 0
    for position in positions:
        width = int(position * line_length) - current
        widths.append(width)
        current += width
    return widths


def render(summary, *, columns=None, show_trainable: bool = False, width: int | None = None,
           color: bool = False, costs=None) -> str:
    """The table as a string.

    With Keras's columns (the default) it is Keras's own table; other `columns` (names from
    render.columns) give a table of the same style sized to its contents. `costs` are extra
    (label, value) totals printed under Keras's three, followed by the MACs/FLOPs convention.
    `color` adds Keras's terminal colours, `width` fixes the line length.
    """
    keras_layout = columns is None or tuple(columns) == keras_columns(summary, show_trainable)
    table = (_keras_table(summary, show_trainable, width) if keras_layout
             else _custom_table(summary, columns, width))
    # Like Keras's rich console: as wide as the table (a table of chosen columns as its contents need),
    # at least 80; the lines around the table wrap at that width.
    page = grid.Page(max(table.natural_width(), 80), color)
    page.print([(f'Model: "{summary.name}"', "bold")])
    page.table(table)
    for label, count, size in totals_lines(summary):
        page.print([(f" {label}: ", "bold"), (f"{count:,}", NUMBER), (f" ({size})", "")])
    if costs:
        for label, value in costs:
            page.print([(f" {label}: ", "bold"), (value, "")], soft_wrap=True)
        page.print([(f" {CONVENTION}", "dim")], soft_wrap=True)
    return page.text()


NUMBER, UNKNOWN, TYPE = "color(34)", "color(45)", "color(33)"  # Keras's colours
TRAINABLE_FLAGS = {"Y": [("Y", "bold color(34)")], "N": [("N", "bold color(9)")], "-": [("-", "bold")]}


def _keras_table(summary, show_trainable: bool, width) -> grid.Table:
    """Keras's print_summary table: fixed column widths from its positions, its colours."""
    line_length = width or default_line_length(summary, show_trainable)
    widths = column_widths(line_length, summary.sequential_like, show_trainable)
    if min(widths) < 4:
        raise ConvcalcError(f"a width of {line_length} is too narrow for the summary table")

    def shape(dims):
        spans = [("(", "")]
        for index, dim in enumerate(dims):
            spans += [(", ", "")] if index else []
            spans.append(("None", UNKNOWN) if dim is None else (str(dim), NUMBER))
        return spans + [(")", "")]

    def connected(layer):
        spans = []
        for name in layer.inputs:
            spans += [(", ", "")] if spans else []
            spans += [(f"{name}[", ""), ("0", NUMBER), ("][", ""), ("0", NUMBER), ("]", "")]
        return spans or [("-", "")]

    names = keras_columns(summary, show_trainable)
    # Like Keras, a name too long for its column is cut with an ellipsis; numbers and shapes fold
    # onto the next line instead, so that no figure is ever lost in a narrow table.
    folding = ("output_shape", "params")
    columns = [grid.Column(COLUMNS[name].header, COLUMNS[name].justify, width=w,
                           body_overflow="fold" if name in folding else None) for name, w in zip(names, widths, strict=False)]
    rows = []
    for layer in summary.table_rows:
        row = [[(f"{layer.name} (", ""), (layer.type, TYPE), (")", "")], shape(layer.output_shape),
               [(f"{layer.params:,}", NUMBER)]]
        if not summary.sequential_like:
            row.append(connected(layer))
        if show_trainable:
            row.append(TRAINABLE_FLAGS[layer.trainable_flag])
        rows.append(row)
    return grid.Table(columns, rows, width=line_length)


def _custom_table(summary, names, width) -> grid.Table:
    """The user's choice of columns, in Keras's style, each as wide as its contents need."""
    columns = [grid.Column(COLUMNS[name].header, COLUMNS[name].justify, overflow="fold") for name in names]
    rows = [[[(COLUMNS[name].value(layer, summary), "")] for name in names] for layer in summary.layers]
    return grid.Table(columns, rows, width=width, emoji=False)
