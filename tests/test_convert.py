"""`convcalc convert`: the spec it writes gives the same numbers, and it never loses what the user gave."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import ORACLE, ROOT, SPECS

import convcalc
from convcalc import readers
from convcalc.cli import cli
from convcalc.render import table
from convcalc.writers import yaml_spec

ACCEPTED_CASES = sorted(
    ROOT / json.loads(path.read_text(encoding="utf-8"))["spec"]
    for path in (ORACLE / "fixtures").rglob("*.json")
    if not json.loads(path.read_text(encoding="utf-8"))["refused"])


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


def rows(summary: convcalc.Summary) -> list[tuple[object, ...]]:
    return [(row.name, row.type, row.inputs, row.output_shape, row.params, row.trainable_params,
             row.bytes_per_param, row.macs) for row in summary.table_rows]


@pytest.mark.parametrize("path", sorted(SPECS.glob("*.yaml")) + ACCEPTED_CASES,
                         ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_the_written_spec_gives_the_same_summary(path):
    model = readers.load(str(path))
    written = yaml_spec.write(model, str(path))
    again = readers.parse(written, "<written>", "other name")
    original, converted = convcalc.engine.compute(model), convcalc.engine.compute(again)
    assert rows(converted) == rows(original)
    assert (converted.name, converted.functional, converted.outputs) == (original.name, original.functional,
                                                                         original.outputs)
    assert table.render(converted, width=100) == table.render(original, width=100)


def test_defaults_and_keras_names_are_left_out():
    text = yaml_spec.write(readers.parse(
        "input_shape: [28, 28, 1]\nlayers:\n"
        "  - Conv2D: {filters: 8, kernel_size: [3, 3], strides: 1, padding: valid, kernel_initializer: he_normal}\n"
        "  - Conv2D: {filters: 8, kernel_size: [3, 1], name: conv2d_1}\n"
        "  - Conv2D: {filters: 8, kernel_size: 1, name: mine}\n", "<spec>", "tiny"))
    assert text == ("name: tiny\ninput_shape: [28, 28, 1]\nlayers:\n"
                    "  - Conv2D: {filters: 8, kernel_size: 3}\n"
                    "  - Conv2D: {filters: 8, kernel_size: [3, 1]}\n"
                    "  - Conv2D: {name: mine, filters: 8, kernel_size: 1}\n")


def test_a_branching_model_keeps_its_inputs_and_outputs():
    text = yaml_spec.write(readers.parse(
        "inputs: {a: [4], b: [4]}\nlayers:\n  - Dense: {units: 2, inputs: a, name: da}\n"
        "  - Dense: {units: 2, inputs: b}\n  - Add: {inputs: [da, dense]}\noutputs: [da, add]\n", "<spec>", "two"))
    assert text == ("name: two\ninputs:\n  a: [4]\n  b: [4]\nlayers:\n"
                    "  - Dense: {name: da, units: 2, inputs: a}\n"
                    "  - Dense: {units: 2, inputs: b}\n"
                    "  - Add: {inputs: [da, dense]}\n"
                    "outputs: [da, add]\n")


def test_convert_prints_to_standard_output():
    result = invoke("convert", str(SPECS / "fashion_mnist.yaml"))
    assert result.exit_code == 0
    assert result.stdout.startswith(f"# convcalc spec of {SPECS / 'fashion_mnist.yaml'}, written by")
    assert "  - Dense: {name: hidden, units: 128, activation: relu}\n" in result.stdout


def test_convert_never_overwrites_without_force(tmp_path):
    out = tmp_path / "out.yaml"
    out.write_text("precious\n", encoding="utf-8")
    result = invoke("convert", str(SPECS / "fashion_mnist.yaml"), "--out", str(out))
    assert (result.exit_code, result.stderr) == (2, f"Error: {out}: already exists; use --force to overwrite it\n")
    assert out.read_text(encoding="utf-8") == "precious\n"
    assert invoke("convert", str(SPECS / "fashion_mnist.yaml"), "--out", str(out), "--force").exit_code == 0
    assert convcalc.summarize(out).total_params == convcalc.summarize(SPECS / "fashion_mnist.yaml").total_params


def test_convert_refuses_to_write_over_its_own_input_even_with_force(tmp_path):
    spec = tmp_path / "model.yaml"
    original = (SPECS / "fashion_mnist.yaml").read_text(encoding="utf-8")
    spec.write_text(original, encoding="utf-8")
    result = invoke("convert", str(spec), "--out", str(spec), "--force")
    assert (result.exit_code, result.stderr) == (2, f"Error: {spec}: is MODEL itself; write the conversion to "
                                                    "another file\n")
    assert spec.read_text(encoding="utf-8") == original


def test_convert_of_a_bad_spec_writes_nothing(tmp_path):
    spec, out = tmp_path / "bad.yaml", tmp_path / "out.yaml"
    spec.write_text("input_shape: [4]\nlayers:\n  - Dense: {units: 0}\n", encoding="utf-8")
    result = invoke("convert", str(spec), "--out", str(out))
    assert (result.exit_code, result.stderr) == (
        2, f"Error: {spec}:3: dense (Dense): `units` must be a positive integer, received 0\n")
    assert not out.exists()


def test_convert_reads_standard_input():
    result = invoke("convert", "-", input="input_shape: [4]\nlayers: [Dense: {units: 3}]\n")
    assert result.exit_code == 0
    assert result.stdout == ("# convcalc spec of <stdin>, written by `convcalc convert`\nname: sequential\n"
                             "input_shape: [4]\nlayers:\n  - Dense: {units: 3}\n")
