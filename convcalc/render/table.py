"""The Keras 3 `model.summary()` table, drawn with rich exactly as keras/src/utils/summary_utils.py draws it.

Keras builds its cells as rich markup (names escaped, numbers and types coloured) in a Table of fixed
column widths with `show_lines=True`, and prints the title and totals through a Console without
highlighting; doing the same gives Keras's text character for character at the same width.
"""

from __future__ import annotations

import io
import shutil
import textwrap
from collections.abc import Sequence

import rich.console
import rich.markup
import rich.table
from rich.cells import cell_len
from rich.text import Text

from ..errors import ConvcalcError
from ..model import LayerSummary, Summary
from ..shapes import Shape
from . import legacy_table, totals_lines
from .columns import COLUMNS, CONVENTION, keras_columns, node_output

SEQUENTIAL_LINE_LENGTH = 88
SEQUENTIAL_POSITIONS = (0.45, 0.80, 1.0)
GRAPH_LINE_LENGTH = 108
GRAPH_POSITIONS = (0.3, 0.56, 0.74, 1.0)
TRAINABLE_EXTRA = 12
PIPE_COLUMNS = 80  # what rich and shutil assume without a terminal or COLUMNS
CONTINUATION = "   "  # the indent of a cost line's continuation, under its label

# Keras's markup: highlight_number, highlight_symbol, bold_text.
NUMBER, UNKNOWN, SYMBOL = "[color(34)]{}[/]", "[color(45)]{}[/]", "[color(33)]{}[/]"
TRAINABLE_FLAGS = {"Y": "[bold][color(34)]Y[/][/]", "N": "[bold][color(9)]N[/][/]", "-": "[bold]-[/]"}


def terminal_columns() -> int:
    return shutil.get_terminal_size((PIPE_COLUMNS, 24)).columns


def default_line_length(summary: Summary, show_trainable: bool) -> int:
    """Keras's rule: 88 for a chain, 108 with "Connected to", +12 for Trainable; at most the terminal less 4."""
    length = SEQUENTIAL_LINE_LENGTH if summary.sequential_like else GRAPH_LINE_LENGTH
    length += TRAINABLE_EXTRA if show_trainable else 0
    return min(length, terminal_columns() - 4)


def column_widths(line_length: int, sequential_like: bool, show_trainable: bool) -> list[int]:
    positions = list(SEQUENTIAL_POSITIONS if sequential_like else GRAPH_POSITIONS)
    if show_trainable:
        positions = [p * 0.90 for p in positions] + [1.0]
    widths, current = [], 0
    for position in positions:
        width = int(position * line_length) - current
        widths.append(width)
        current += width
    return widths


def render(summary: Summary, *, columns: Sequence[str] | None = None, show_trainable: bool = False,
           width: int | None = None, color: bool = False,
           costs: Sequence[tuple[str, str]] | None = None) -> str:
    """The table as a string.

    With Keras's columns (the default) it is Keras's own table at Keras's line length (or `width`); other
    `columns` (names from render.columns) give a table of the same style, as wide as its contents need
    and no wider than `width` (or the terminal). `costs` are extra (label, value) totals printed under
    Keras's three, folded to the same width, followed by the MACs/FLOPs convention. `color` adds Keras's
    terminal colours. A model read from a file tf.keras 2 saved gets tf.keras 2's plain table (legacy_table).
    """
    default_columns = columns is None or tuple(columns) == keras_columns(summary, show_trainable)
    if summary.framework == "tf.keras" and default_columns and not costs:  # a file tf.keras 2 saved: its table
        return legacy_table.render(summary, show_trainable, width)
    if columns is None or default_columns:
        line_length = width or default_line_length(summary, show_trainable)
        table = _keras_table(summary, show_trainable, line_length)
        # Keras's console is the terminal: never narrower than the table, which is at most the terminal less 4.
        page_width = width or max(line_length, terminal_columns())
    else:
        page_width = width or terminal_columns()
        table = _custom_table(summary, columns, page_width)
    buffer = io.StringIO()
    console = rich.console.Console(file=buffer, width=page_width, highlight=False, force_terminal=color,
                                   color_system="auto" if color else None, legacy_windows=False)
    console.print(f'[bold]Model: "{rich.markup.escape(summary.name)}"[/]')
    console.print(table)
    for label, count, size in totals_lines(summary):
        console.print(f"[bold] {label}: [/]" + NUMBER.format(f"{count:,}") + f" ({size})")
    for label, value in costs or ():
        head = f" {label}: "
        first, *rest = textwrap.wrap(head + value, page_width, subsequent_indent=CONTINUATION,
                                     break_on_hyphens=False)
        console.print(Text.assemble((head, "bold"), first[len(head):]) if first.startswith(head) else first)
        for line in rest:
            console.print(line)
    if costs:
        for line in textwrap.wrap(CONVENTION, page_width, initial_indent=" ", subsequent_indent=" ",
                                  break_on_hyphens=False):
            console.print(Text(line, style="dim"))
    return buffer.getvalue()


def _keras_table(summary: Summary, show_trainable: bool, line_length: int) -> rich.table.Table:
    """Keras's print_summary table: fixed column widths from its positions, its colours."""
    widths = column_widths(line_length, summary.sequential_like, show_trainable)
    if min(widths) < 4:
        raise ConvcalcError(f"a width of {line_length} is too narrow for the summary table")
    names = keras_columns(summary, show_trainable)
    table = rich.table.Table(*(rich.table.Column(COLUMNS[name].header, justify=COLUMNS[name].justify,
                                                 width=column_width)
                               for name, column_width in zip(names, widths, strict=True)),
                             width=line_length, show_lines=True)
    for layer in summary.table_rows:
        # Like Keras, a name too long for its column is cut with an ellipsis; shapes and counts fold onto
        # the next line instead, so that no figure is ever lost in a narrow table.
        row: list[str | Text] = [f"{rich.markup.escape(layer.name)} ({SYMBOL.format(rich.markup.escape(layer.type))})",
               Text.from_markup(_shapes(layer) if layer.called else "?", overflow="fold"),
               Text.from_markup(NUMBER.format(f"{layer.params:,}") + ("" if layer.built else " (unbuilt)"),
                                overflow="fold")]
        if not summary.sequential_like:
            row.append(_connections(layer))
        if show_trainable:
            row.append(TRAINABLE_FLAGS[layer.trainable_flag])
        table.add_row(*row)
    return table


def _shape(dims: Shape) -> str:
    return "(" + ", ".join(UNKNOWN.format(dim) if dim is None else NUMBER.format(dim) for dim in dims) + ")"


def _shapes(layer: LayerSummary) -> str:
    """Its output's shape; a list of them for a layer giving several, as Keras prints it."""
    if not layer.output_shapes:
        return _shape(layer.output_shape)
    if layer.shapes_as_tuple:  # Keras's str() of the shapes' tuple: (None,) keeps its comma, no colours
        return rich.markup.escape(str(tuple(layer.output_shapes)))
    return rich.markup.escape("[") + ", ".join(_shape(shape) for shape in layer.output_shapes) + "]"


def _connections(layer: LayerSummary) -> str:
    """Keras's `dense[0][0]`: the call of the layer read, then which of its outputs."""
    return ", ".join(f"{node}[{NUMBER.format(call)}][{NUMBER.format(index)}]"
                     for node, call, index in map(node_output, layer.inputs)) or "-"


def _custom_table(summary: Summary, names: Sequence[str], page_width: int) -> rich.table.Table:
    """The user's choice of columns in Keras's style, each as wide as its contents need (plain text, no markup);
    when they do not all fit, as narrow as their longest words where that fits."""
    cells = [[COLUMNS[name].value(layer, summary) for name in names] for layer in summary.layers]
    widths = _whole_word_widths([[COLUMNS[name].header for name in names], *cells], page_width - 3 * len(names) - 1)
    table = rich.table.Table(*(rich.table.Column(COLUMNS[name].header, justify=COLUMNS[name].justify,
                                                 overflow="fold", width=column_width)
                               for name, column_width in zip(names, widths, strict=True)), show_lines=True)
    for row in cells:
        table.add_row(*(Text(cell) for cell in row))
    return table


def _whole_word_widths(rows: Sequence[Sequence[str]], room: int) -> list[int | None]:
    """Column widths that fit `room` without cutting a word, the widest columns giving way first (when even the
    longest words do not fit, they are cut, the longest first); all None, rich's own widths, when the contents
    fit as they are. rich's min_width cannot do it: rich narrows columns below it, then crops the table."""
    columns = list(zip(*rows, strict=True))
    needed = [max(cell_len(cell) for cell in column) for column in columns]
    if sum(needed) <= room:
        return [None] * len(columns)
    floors = [max(cell_len(word) for cell in column for word in cell.split() or [""]) for column in columns]
    while sum(floors) > room and max(floors) > 1:
        floors[floors.index(max(floors))] -= 1
    widths = list(needed)
    while sum(widths) > room and any(width > floor for width, floor in zip(widths, floors, strict=True)):
        widest = max((i for i in range(len(widths)) if widths[i] > floors[i]), key=lambda i: widths[i])
        widths[widest] -= 1
    return list(widths)
