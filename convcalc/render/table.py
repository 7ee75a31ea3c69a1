"""The Keras 3 `model.summary()` table, drawn with rich exactly as Keras draws it.

Column widths, box style and totals lines follow keras/src/utils/summary_utils.py,
so the plain-text output matches Keras character for character at the same width.
"""

from __future__ import annotations

import shutil

from ..errors import ConvcalcError
from . import totals_lines
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
    import io

    import rich.console
    import rich.markup

    keras_layout = columns is None or tuple(columns) == keras_columns(summary, show_trainable)
    table = (_keras_table(summary, show_trainable, width) if keras_layout
             else _custom_table(summary, columns, width))

    def number(value) -> str:
        return f"[color(34)]{value}[/]"

    buffer = io.StringIO()
    console = rich.console.Console(file=buffer, highlight=False, force_terminal=color,
                                   color_system="auto" if color else None, width=10_000, no_color=not color)
    # Keras's table has its own width; a table of chosen columns gets all the width its contents need.
    console.width = max(table.width or console.measure(table).maximum, 80)
    console.print(f'[bold]Model: "{rich.markup.escape(summary.name)}"[/]')
    console.print(table)
    for label, count, size in totals_lines(summary):
        console.print(f"[bold] {label}: [/]" + number(f"{count:,}") + f" ({size})")
    if costs:
        for label, value in costs:
            console.print(f"[bold] {label}: [/]{rich.markup.escape(value)}", soft_wrap=True)
        console.print(f"[dim] {rich.markup.escape(CONVENTION)}[/]", soft_wrap=True)
    return buffer.getvalue()


def _keras_table(summary, show_trainable: bool, width):
    """Keras's print_summary table: fixed column widths from its positions, its colours."""
    import rich.markup
    import rich.table
    import rich.text

    line_length = width or default_line_length(summary, show_trainable)
    widths = column_widths(line_length, summary.sequential_like, show_trainable)
    if min(widths) < 4:
        raise ConvcalcError(f"a width of {line_length} is too narrow for the summary table")

    def number(value) -> str:
        return f"[color(45)]{value}[/]" if value in (None, "None") else f"[color(34)]{value}[/]"

    def shape(dims) -> str:
        return "(" + ", ".join(number("None" if d is None else d) for d in dims) + ")"

    names = keras_columns(summary, show_trainable)
    columns = [rich.table.Column(COLUMNS[name].header, justify=COLUMNS[name].justify, width=w)
               for name, w in zip(names, widths)]
    table = rich.table.Table(*columns, width=line_length, show_lines=True)
    for layer in summary.table_rows:
        # Like Keras, a name too long for its column is cut with an ellipsis; numbers and shapes fold
        # onto the next line instead, so that no figure is ever lost in a narrow table.
        row = [f"{rich.markup.escape(layer.name)} ([color(33)]{rich.markup.escape(layer.type)}[/])"]
        row += [rich.text.Text.from_markup(markup, overflow="fold")
                for markup in (shape(layer.output_shape), number(f"{layer.params:,}"))]
        if not summary.sequential_like:
            row.append(", ".join(f"{rich.markup.escape(name)}[{number(0)}][{number(0)}]" for name in layer.inputs)
                       or "-")
        if show_trainable:
            flag = layer.trainable_flag
            row.append({"Y": "[bold][color(34)]Y[/][/]", "N": "[bold][color(9)]N[/][/]"}.get(flag, "[bold]-[/]"))
        table.add_row(*row)
    return table


def _custom_table(summary, names, width):
    """The user's choice of columns, in Keras's style, each as wide as its contents need."""
    import rich.table
    import rich.text

    columns = [rich.table.Column(COLUMNS[name].header, justify=COLUMNS[name].justify, overflow="fold")
               for name in names]
    table = rich.table.Table(*columns, width=width, show_lines=True)
    for layer in summary.layers:
        table.add_row(*(rich.text.Text(COLUMNS[name].value(layer, summary)) for name in names))
    return table
