"""A one-layer question is one command: `explain --layer "Conv2D(...)" --input 128,128,3`, and Python code on
standard input is read as Python (told by its content)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import SPECS

from convcalc.cli import cli


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input, env={"COLUMNS": "200"})


def test_a_layer_and_its_input_give_the_working():
    result = invoke("explain", "--layer", "Conv2D(32, 3, strides=2, padding='same')", "--input", "128,128,3")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "conv2d (Conv2D)" and "  input (None, 128, 128, 3)" in lines
    assert "    height: ceil(128 / 2) = 64" in lines and "  output (None, 64, 64, 32)" in lines
    assert "  params: filters × (kernel × C_in) + filters (bias) = 32 × (3 × 3 × 3) + 32 = 896" in lines


def test_the_same_working_as_the_spec_of_that_layer():
    spec = ("input_shape: [28, 28, 1]\nlayers:\n  - Conv2D: {filters: 8, kernel_size: 5, strides: 2}\n"
            "  - Dense: {units: 4}\n")
    asked = invoke("explain", "--layer", "layers.Conv2D(8, 5, strides=2), keras.layers.Dense(4)", "--input", "28,28,1")
    assert asked.exit_code == 0 and asked.output == invoke("explain", "-", input=spec).output


@pytest.mark.parametrize(("args", "message"), [
    (["--layer", "Conv2d(32, 3)", "--input", "8,8,3"],
     "Error: --layer: Conv2d is not among the layers convcalc models (did you mean Conv2D?)"),
    (["--layer", "Conv2D(32, 3", "--input", "8,8,3"], "Error: --layer: expected Keras layers like Conv2D(32, 3"),
    (["--layer", "1], [2", "--input", "8,8,3"], "Error: --layer: expected Keras layers like Conv2D(32, 3"),
    (["--layer", "Conv2D(32, 3)", "--input", "8x8"], "Error: --input: expected the input's sizes without the batch"),
    (["--layer", "Conv2D(32, 3)"], "Error: give SPEC, or a layer and its input"),
    ([], "Error: give SPEC, or a layer and its input"),
    (["--layer", "Dense(3)", "--input", "4", "--set", "units=5"], "Error: --model and --set are for a SPEC"),
    ([str(SPECS / "fashion_mnist.yaml"), "--input", "8,8,3"], "Error: --input is for a layer given by --layer"),
])
def test_a_wrong_question_is_one_line(args, message):
    result = invoke("explain", *args)
    assert result.exit_code == 2 and result.output.startswith(message) and len(result.output.splitlines()) == 1


PYTHON = ("import keras\nfrom keras import layers\n"
          "model = keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(8, 3), layers.Flatten()])\n")


@pytest.mark.parametrize("command", ["summary", "explain"])
def test_python_on_standard_input_is_read_as_python(command):
    result = invoke(command, "-", input=PYTHON)
    assert result.exit_code == 0, result.output
    assert "conv2d" in result.output


def test_check_reads_python_on_standard_input():
    assert invoke("check", "-", "--max-params", "80", input=PYTHON).exit_code == 0
    assert invoke("check", "-", "--max-params", "79", input=PYTHON).exit_code == 1


def test_python_on_standard_input_takes_model_and_set():
    text = "import keras\nunits = 3\na = keras.Sequential([keras.Input((4,)), keras.layers.Dense(units)])\n"
    result = invoke("summary", "-", "--set", "units=5", "--model", "a", "--format", "json", input=text)
    assert result.exit_code == 0 and '"total_params":25' in result.output


def test_python_mistakes_on_standard_input_name_stdin():
    result = invoke("summary", "-", input=PYTHON.replace("Conv2D", "Conv2d"))
    assert result.exit_code == 2
    assert result.output == ("Error: <stdin>:3:53: Conv2d is not among the layers convcalc models "
                             "(did you mean Conv2D?)\n")
