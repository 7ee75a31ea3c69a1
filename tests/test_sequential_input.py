"""`Input: {shape: [...]}` first in a spec without graph keys is keras.Sequential([keras.Input(...), ...]).

tests/fixtures/sequential_with_input.json is what Keras 3.15.1 printed for tests/fixtures/sequential_with_input.yaml
(recorded by the script it holds, in the Keras virtualenv).
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import ROOT

import convcalc
from convcalc.cli import cli
from convcalc.render import table

FIXTURE = json.loads((ROOT / "tests" / "fixtures" / "sequential_with_input.json").read_text(encoding="utf-8"))
SPEC = ROOT / FIXTURE["spec"]


def test_the_summary_is_keras_own_to_the_byte():
    summary = convcalc.summarize(SPEC)
    assert not summary.functional
    assert table.render(summary, width=88) == FIXTURE["summary"]
    assert table.render(summary, width=100, show_trainable=True) == FIXTURE["summary_show_trainable"]
    result = CliRunner().invoke(cli, ["summary", str(SPEC), "--width", "88"])
    assert (result.exit_code, result.stdout) == (0, FIXTURE["summary"].rstrip("\n") + "\n")


def test_unnamed_it_is_named_sequential_as_keras_names_it():
    text = SPEC.read_text(encoding="utf-8").replace("name: sequential_with_input\n", "")
    assert convcalc.summarize(text=text).name == "sequential"


def test_with_a_top_level_input_shape_it_is_a_second_input_which_keras_refuses():
    assert FIXTURE["second_input_after_input_shape"]["refused"]
    text = "input_shape: [28, 28, 1]\nlayers:\n  - Input: {shape: [28, 28, 1]}\n  - Flatten\n"
    with pytest.raises(convcalc.SpecError) as caught:
        convcalc.summarize(text=text)
    assert str(caught.value) == ("<spec>:3: input_layer_1 (Input): a second model input after the one at line 1: "
                                 "a Sequential model has one input; remove one, or wire a graph with `inputs:`")


@pytest.mark.parametrize("graph", [
    "outputs: [flatten]\n",  # a graph key at the top level
    "",  # or a layer with `inputs:` (below)
])
def test_a_graph_keeps_its_input_layer_row(graph):
    reads = "  - Flatten\n" if graph else "  - Flatten: {inputs: input_layer}\n"
    summary = convcalc.summarize(text=f"{graph}layers:\n  - Input: {{shape: [4, 4]}}\n{reads}")
    assert summary.functional
    assert [layer.type for layer in summary.layers] == ["InputLayer", "Flatten"]
    assert summary.name == "functional"
