"""Every mistake of a spec in one run, each on its own line, in line order (as compilers report them)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import convcalc
from convcalc.cli import cli
from convcalc.errors import SpecErrors

THREE_BAD_ARGUMENTS = """\
input_shape: [28, 28, 1]
layers:
  - Conv2D: {filters: 0, kernel_size: 3}
  - MaxPooling2D: {pool_size: 2, padding: middle}
  - Flatten
  - Dense: {units: 10, activation: softmx}
"""


def invoke(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input)


def test_three_wrong_arguments_are_three_error_lines(tmp_path):
    path = tmp_path / "three.yaml"
    path.write_text(THREE_BAD_ARGUMENTS, encoding="utf-8")
    result = invoke("summary", str(path))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"Error: {path}:3: conv2d (Conv2D): `filters` must be a positive integer, received 0\n"
        f"Error: {path}:4: max_pooling2d (MaxPooling2D): `padding` must be one of 'valid', 'same', "
        "received 'middle'\n"
        f"Error: {path}:6: dense (Dense): `activation` must name a Keras activation, received 'softmx' "
        "(did you mean 'softmax'?)\n")


def test_every_bad_argument_of_one_layer():
    text = "input_shape: [8, 8, 3]\nlayers:\n  - Conv2D:\n      filter: 4\n      strides: 0\n      paddin: same\n"
    with pytest.raises(SpecErrors) as caught:
        convcalc.summarize(text=text)
    assert caught.value.lines() == [
        "<spec>:3: conv2d (Conv2D): missing required argument `kernel_size`",
        "<spec>:4: conv2d (Conv2D): unknown argument `filter` for Conv2D (did you mean 'filters'?)",
        "<spec>:5: conv2d (Conv2D): `strides` values must be > 0, received 0",
        "<spec>:6: conv2d (Conv2D): unknown argument `paddin` for Conv2D (did you mean 'padding'?)",
    ]


def test_reader_graph_and_argument_mistakes_together_in_line_order():
    text = ("name: 7\nlayers:\n  - Input: {shape: [4]}\n  - Dense: {units: -1}\n  - Flaten\n"
            "  - Add: {inputs: [dense, nowhere]}\n")
    with pytest.raises(SpecErrors) as caught:
        convcalc.summarize(text=text)
    assert caught.value.lines() == [
        "<spec>:1: `name` must be a non-empty string, received 7",
        "<spec>:4: dense (Dense): `units` must be a positive integer, received -1",
        "<spec>:5: unknown layer type 'Flaten' (did you mean 'Flatten'?)",
        "<spec>:6: add (Add): unknown layer or input 'nowhere'",
    ]


def test_a_misspelt_required_argument_is_one_mistake_not_two():
    with pytest.raises(convcalc.SpecError) as caught:
        convcalc.summarize(text="input_shape: [4]\nlayers: [Dense: {unit: 3}]\n")
    assert not isinstance(caught.value, SpecErrors)
    assert str(caught.value) == "<spec>:2: dense (Dense): unknown argument `unit` for Dense (did you mean 'units'?)"


def test_the_first_error_stands_for_all_where_one_is_expected():
    with pytest.raises(SpecErrors) as caught:
        convcalc.summarize(text=THREE_BAD_ARGUMENTS)
    error = caught.value
    assert (error.line, error.layer, error.kind) == (3, "conv2d", "Conv2D")
    assert str(error) == ("<spec>:3: conv2d (Conv2D): `filters` must be a positive integer, received 0 "
                          "(and 2 more errors)")


def test_at_most_50_errors_then_how_many_more():
    text = "input_shape: [4]\nlayers:\n" + "  - Dense: {units: 0}\n" * 60
    result = invoke("summary", "-", input=text)
    lines = result.stderr.splitlines()
    assert result.exit_code == 2
    assert len(lines) == 51
    assert lines[0] == "Error: <stdin>:3: dense (Dense): `units` must be a positive integer, received 0"
    assert lines[49] == "Error: <stdin>:52: dense_49 (Dense): `units` must be a positive integer, received 0"
    assert lines[50] == "Error: ... and 10 more"


def test_check_prints_every_error_and_reports_the_file_once(tmp_path):
    path = tmp_path / "three.yaml"
    path.write_text(THREE_BAD_ARGUMENTS, encoding="utf-8")
    result = invoke("check", str(path), "--max-params", "1M")
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 3
    assert result.stdout.splitlines()[-1] == (
        "1 spec: 0 within budget, 0 near a limit, 0 over budget, 1 cannot be checked")


def test_github_annotates_each_mistake_on_its_line(tmp_path):
    path = tmp_path / "three.yaml"
    path.write_text(THREE_BAD_ARGUMENTS, encoding="utf-8")
    result = invoke("check", str(path), "--max-params", "1M", "--format", "github")
    assert result.exit_code == 2
    assert [line.split("::")[1] for line in result.stdout.splitlines()] == [
        f"error file={path},line=3", f"error file={path},line=4", f"error file={path},line=6"]
