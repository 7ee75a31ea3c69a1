"""`explain` on a model whose sizes reach zero: the working up to the failing layer, then its formula with the
numbers that make it zero or negative, then the error (exit 2)."""

from __future__ import annotations

from click.testing import CliRunner

from convcalc.cli import cli

SHRINKING = """input_shape: [8, 8, 1]
layers:
  - Conv2D: {filters: 4, kernel_size: 3}
  - MaxPooling2D: {pool_size: 2}
  - Conv2D: {filters: 4, kernel_size: 5}
  - Dense: {units: 2}
"""


def explain(text: str, *args: str):
    return CliRunner().invoke(cli, ["explain", "-", *args], input=text, env={"COLUMNS": "200"})


def test_the_working_up_to_the_layer_then_its_failing_formula():
    result = explain(SHRINKING)
    assert result.exit_code == 2
    titles = [line for line in result.stdout.splitlines() if line and not line.startswith(" ")]
    assert titles == ["conv2d (Conv2D)", "max_pooling2d (MaxPooling2D)", "conv2d_1 (Conv2D)"]
    assert "  output (None, 3, 3, 4)" in result.stdout.splitlines()  # the pool's, which the failing conv reads
    failing = result.stdout.split("conv2d_1 (Conv2D)\n")[1].splitlines()
    assert failing[0] == "  input (None, 3, 3, 4)"
    assert "    height: floor((3 − 5) / 1) + 1 = -1" in failing and "    width: floor((3 − 5) / 1) + 1 = -1" in failing
    assert not any(line.lstrip().startswith(("output", "params")) for line in failing)
    assert result.stderr.startswith("Error: <stdin>:5: conv2d_1 (Conv2D): output size would be -1 (zero or negative)")


def test_a_pool_reaching_zero_and_layer_picks_one():
    text = SHRINKING.replace("kernel_size: 5", "kernel_size: 1").replace("Dense: {units: 2}",
                                                                         "MaxPooling2D: {pool_size: 4}")
    result = explain(text, "--layer", "max_pooling2d_1")
    assert result.exit_code == 2
    assert result.stdout.splitlines()[0] == "max_pooling2d_1 (MaxPooling2D)"
    assert "    height: floor((3 − 4) / 4) + 1 = 0" in result.stdout.splitlines()
    assert "conv2d (Conv2D)" not in result.stdout


def test_another_refusal_shows_the_working_up_to_it_and_the_input_it_got():
    result = explain("input_shape: [6]\nlayers:\n  - Dense: {units: 4}\n  - Conv2D: {filters: 2, kernel_size: 3}\n")
    assert result.exit_code == 2
    assert result.stdout.endswith("conv2d (Conv2D)\n  input (None, 4)\n")
    assert "expected an input of rank 4" in result.stderr


def test_a_graph_shows_the_branch_the_failing_layer_reads():
    text = ("inputs: {a: [8, 8, 3]}\nlayers:\n"
            "  - Conv2D: {name: c, inputs: a, filters: 2, kernel_size: 3, strides: 3}\n"
            "  - Conv2D: {name: d, inputs: c, filters: 2, kernel_size: 3}\n  - Add: {inputs: [c, d]}\noutputs: [add]\n")
    result = explain(text)
    titles = [line for line in result.stdout.splitlines() if line and not line.startswith(" ")]
    assert result.exit_code == 2 and titles == ["a (InputLayer)", "c (Conv2D)", "d (Conv2D)"]
    assert "    height: floor((2 − 3) / 1) + 1 = 0" in result.stdout.splitlines()


def test_a_one_layer_question_that_reaches_zero():
    result = CliRunner().invoke(cli, ["explain", "--layer", "Conv2D(32, 9)", "--input", "4,4,1"],
                                env={"COLUMNS": "200"})
    assert result.exit_code == 2 and "    height: floor((4 − 9) / 1) + 1 = -4" in result.stdout.splitlines()
    assert result.stderr.startswith("Error: --layer: conv2d (Conv2D): output size would be -4")
