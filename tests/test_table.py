"""The summary table as convcalc prints it: Keras's colours on a terminal, and every line within the width.

Its text is compared with Keras's own in tests/test_oracle.py (fixtures) and tests/test_specs.py (goldens).
"""

from __future__ import annotations

import re

import pytest
from conftest import SPECS

import convcalc
from convcalc.render import table

ANSI = re.compile(r"\x1b\[[0-9;]*m")
COSTS = [("Total MACs", "1,234,567 (1.23 M)"),
         ("Training memory (estimate)", "3.88 GB at batch 32: activations kept for the backward pass + weights + "
                                        "gradients + Adam's two moments")]


def test_colours_are_keras_s(monkeypatch):
    summary = convcalc.summarize(SPECS / "fashion_mnist.yaml")
    plain = table.render(summary, costs=COSTS)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("COLORTERM", raising=False)
    coloured = table.render(summary, color=True, costs=COSTS)
    assert ANSI.sub("", coloured) == plain
    assert '\x1b[1mModel: "fashion_mnist_cnn"\x1b[0m' in coloured
    assert "\x1b[38;5;34m243,786\x1b[0m" in coloured  # Keras's color(34) for numbers
    assert "(\x1b[38;5;45mNone\x1b[0m, \x1b[38;5;34m26\x1b[0m" in coloured  # color(45) for None
    assert "(\x1b[38;5;33mConv2D\x1b[0m)" in coloured
    assert "\x1b[2m MACs count multiply-accumulates" in coloured  # the convention, dim


@pytest.mark.parametrize("width", [40, 60, 88, 120])
@pytest.mark.parametrize("columns", [None, ("layer", "output_shape", "kernel_shape", "params", "macs", "flops", "rf")])
def test_every_line_fits_the_width_given(width, columns):
    summary = convcalc.summarize(SPECS / "resnet_block.yaml")
    text = table.render(summary, columns=columns, width=width, costs=COSTS)
    assert max(len(line) for line in text.splitlines()) <= width
    assert "Training memory (estimate):" in text and "moments" in text  # wrapped, not cut


@pytest.mark.parametrize("terminal", [60, 100])
def test_every_line_fits_the_terminal(monkeypatch, terminal):
    monkeypatch.setenv("COLUMNS", str(terminal))
    summary = convcalc.summarize(SPECS / "vgg16.yaml")
    for columns in (None, ("layer", "input_shape", "output_shape", "params", "macs", "flops", "activations", "rf")):
        text = table.render(summary, columns=columns, costs=COSTS)
        assert max(len(line) for line in text.splitlines()) <= terminal


def test_a_figure_too_long_for_its_column_folds_rather_than_being_cut():
    summary = convcalc.summarize(text="input_shape: [100000, 100000, 3]\nlayers: [Flatten, Dense: {units: 100000}]\n")
    text = table.render(summary, width=40)
    last_column = "".join(line.split("│")[-2].strip() for line in text.splitlines() if line.startswith("│"))
    assert f"{summary.layers[-1].params:,}" in last_column
