"""render/grid.py draws what rich draws: random tables and paragraphs, drawn by both and compared.

Keras prints its summary with rich; convcalc draws the same characters without importing rich's
console (issue 7: start-up). rich is a dependency, so it serves here as the reference: tables of
random columns (fixed or sized to their contents, left/right/center, ellipsis or fold), random cells
(words, long words, wide characters, tabs, line breaks, control codes, :emoji: codes) and random
widths; then every spec's summary at many widths, against the table rich itself draws.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
import rich.console
import rich.markup
import rich.table
import rich.text
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import convcalc
from convcalc.render import grid, table, totals_lines
from convcalc.render.columns import COLUMNS, CONVENTION, keras_columns
from convcalc.render.table import column_widths, default_line_length

SPECS = sorted((Path(__file__).resolve().parent.parent / "specs").glob("*.yaml"))
EXAMPLES = int(os.environ.get("CONVCALC_FUZZ_EXAMPLES", "300"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ANSI = re.compile(r"\x1b\[[0-9;]*m")

WORDS = ["a", "conv2d_1", "(Conv2D)", "(None,", "26,", "64)", "243,786", "x" * 23, "é", "中文", "😀", ":smile:",
         ":thumbs_up:", "[bold]", "a[0][0]", "-", "…", "\t", "\n", " ", "  ", "\x07", "\r", "\u2028", "", ","]
STYLES = ["", "bold", "color(34)", "bold color(9)"]

spans = st.lists(st.tuples(st.lists(st.sampled_from(WORDS), max_size=6).map(" ".join), st.sampled_from(STYLES)),
                 max_size=3)


def rich_console(width: int) -> rich.console.Console:
    return rich.console.Console(file=io.StringIO(), width=width, highlight=False, color_system=None, no_color=True)


def markup(cell) -> str:
    return "".join(f"[{style}]{rich.markup.escape(text)}[/]" if style else rich.markup.escape(text)
                   for text, style in cell)


@st.composite
def tables(draw):
    columns = []
    for _ in range(draw(st.integers(1, 4))):
        columns.append(grid.Column(header=draw(st.sampled_from(["Layer (type)", "Output Shape", "Param #", "", "x" * 15])),
                                   justify=draw(st.sampled_from(["left", "right", "center"])),
                                   width=draw(st.none() | st.integers(0, 25)),
                                   overflow=draw(st.sampled_from(["ellipsis", "fold"])),
                                   body_overflow=draw(st.sampled_from([None, "ellipsis", "fold"]))))
    rows = draw(st.lists(st.lists(spans, min_size=len(columns), max_size=len(columns)), max_size=4))
    return columns, rows, draw(st.none() | st.integers(5, 120)), draw(st.booleans())


@FUZZ
@given(tables())
def test_tables_as_rich_draws_them(drawn):
    columns, rows, width, emoji = drawn
    reference = rich.table.Table(*(rich.table.Column(c.header, justify=c.justify, width=c.width, overflow=c.overflow)
                                   for c in columns), width=width, show_lines=True)
    for row in rows:
        # rich: a markup string takes its column's overflow; a Text its own; Text() does no :emoji: codes.
        reference.add_row(*(rich.text.Text.from_markup(markup(cell), overflow=c.body_overflow, emoji=emoji)
                            for cell, c in zip(row, columns, strict=False)))
    console = rich_console(10_000)
    try:
        console.width = max(reference.width or console.measure(reference).maximum, 80)
        console.print(reference)
    except (AssertionError, ZeroDivisionError):  # rich's own limits (no width to share out): not a layout
        assume(False)
    ours = grid.Table(columns, rows, width=width, emoji=emoji)
    page = grid.Page(max(ours.natural_width(), 80), color=False)
    page.table(ours)
    assert page.text() == console.file.getvalue()


@FUZZ
@given(st.lists(st.tuples(spans, st.booleans()), min_size=1, max_size=3), st.integers(1, 100))
def test_paragraphs_as_rich_prints_them(paragraphs, width):
    console, page = rich_console(width), grid.Page(width, color=False)
    for cell, soft_wrap in paragraphs:
        console.print(markup(cell), soft_wrap=soft_wrap)
        page.print(cell, soft_wrap=soft_wrap)
    assert page.text() == console.file.getvalue()


def rich_summary(summary, columns=None, show_trainable=False, width=None) -> str:
    """The summary as rich draws it, from Keras's own recipe (keras/src/utils/summary_utils.py)."""
    keras_layout = columns is None or tuple(columns) == keras_columns(summary, show_trainable)
    if keras_layout:
        line_length = width or default_line_length(summary, show_trainable)
        names = keras_columns(summary, show_trainable)
        reference = rich.table.Table(*(rich.table.Column(COLUMNS[name].header, justify=COLUMNS[name].justify, width=w)
                                       for name, w in zip(names, column_widths(line_length, summary.sequential_like,
                                                                              show_trainable), strict=False)),
                                     width=line_length, show_lines=True)
        for layer in summary.table_rows:
            dims = ", ".join("None" if d is None else str(d) for d in layer.output_shape)
            row = [f"{rich.markup.escape(layer.name)} ({rich.markup.escape(layer.type)})",
                   rich.text.Text.from_markup(f"({dims})", overflow="fold"),
                   rich.text.Text.from_markup(f"{layer.params:,}", overflow="fold")]
            if not summary.sequential_like:
                row.append(", ".join(f"{rich.markup.escape(name)}[0][0]" for name in layer.inputs) or "-")
            if show_trainable:
                row.append(layer.trainable_flag)
            reference.add_row(*row)
    else:
        reference = rich.table.Table(*(rich.table.Column(COLUMNS[name].header, justify=COLUMNS[name].justify,
                                                         overflow="fold") for name in columns),
                                     width=width, show_lines=True)
        for layer in summary.layers:
            reference.add_row(*(rich.text.Text(COLUMNS[name].value(layer, summary)) for name in columns))
    console = rich_console(10_000)
    console.width = max(reference.width or console.measure(reference).maximum, 80)
    console.print(f'Model: "{rich.markup.escape(summary.name)}"')
    console.print(reference)
    for label, count, size in totals_lines(summary):
        console.print(f" {label}: {count:,} ({size})")
    return console.file.getvalue()


@pytest.mark.parametrize("spec", SPECS, ids=lambda path: path.stem)
def test_summaries_as_rich_draws_them(spec):
    whole = convcalc.summarize(spec)
    summary = whole._replace(layers=whole.layers[:15], rows=whole.rows[:15])  # big models: their first rows
    for width in (23, 30, 41, 57, 64, 88, 100, 131):
        for show_trainable in (False, True):
            try:
                ours = table.render(summary, width=width, show_trainable=show_trainable)
            except convcalc.ConvcalcError:
                continue  # too narrow for these columns: refused, as test_cli checks
            assert ours == rich_summary(summary, show_trainable=show_trainable, width=width), (width, show_trainable)
    chosen = ["layer", "output_shape", "kernel_shape", "params", "macs", "rf"]
    for width in (None, 30, 70, 200):
        assert table.render(summary, columns=chosen, width=width) == rich_summary(summary, chosen, width=width)


def test_colours_are_keras_s_and_follow_the_terminal(monkeypatch):
    summary = convcalc.summarize(SPECS[0].parent / "fashion_mnist.yaml")
    plain = table.render(summary, costs=[("MACs", "1")])
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("COLORTERM", raising=False)
    coloured = table.render(summary, color=True, costs=[("MACs", "1")])
    assert ANSI.sub("", coloured) == plain
    assert '\x1b[1mModel: "fashion_mnist_cnn"\x1b[0m' in coloured
    assert "\x1b[38;5;34m243,786\x1b[0m" in coloured  # Keras's color(34) for numbers
    assert "(\x1b[38;5;45mNone\x1b[0m, \x1b[38;5;34m26\x1b[0m" in coloured  # color(45) for None
    assert "(\x1b[38;5;33mConv2D\x1b[0m)" in coloured
    assert f"\x1b[2m {CONVENTION}\x1b[0m" in coloured
    monkeypatch.setenv("TERM", "xterm")  # 16 colours: rich's nearest equivalents
    assert "\x1b[32m243,786\x1b[0m" in table.render(summary, color=True)
    monkeypatch.setenv("COLORTERM", "truecolor")
    assert "\x1b[38;5;34m243,786\x1b[0m" in table.render(summary, color=True)
