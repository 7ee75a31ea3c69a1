"""torchinfo's col_names and depth for a torch model (`summary --columns ... --depth N`), to the byte, against
torch + torchinfo 1.8.0 on a sample of the random models, the shared ones and six PyTorch example files (residual
blocks, functional operations; tests/torch_oracle/columns.json,
recorded by `python -m tools.torch_oracle --columns`); Keras's names refused for a torch model, and the other way."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import ROOT, recorded_torch_summary

import convcalc
from convcalc.cli import cli
from convcalc.engine import compute
from convcalc.readers import load
from convcalc.readers.files import INPUT_SIZE
from convcalc.render import torchinfo

RECORDED = json.loads((ROOT / "tests" / "torch_oracle" / "columns.json").read_text(encoding="utf-8"))
CASES = [(name, key) for name, entry in sorted(RECORDED.items()) for key in sorted(entry["texts"])]


def summary_of(entry):
    if "file" in entry:  # a PyTorch file of tests/python_source/torch_examples, read by convcalc
        size = ",".join(map(str, entry["input_size"]))
        return compute(load(str(ROOT / entry["file"]), model=entry["model"], settings={INPUT_SIZE: size}))
    return convcalc.summarize(text=entry["spec"]) if "spec" in entry else recorded_torch_summary(entry)


def test_the_sample_covers_every_column_and_recursive_rows():
    keys = {key for entry in RECORDED.values() for key in entry["texts"]}
    assert {name for key in keys for name in key.split("@")[0].split(",")} == set(torchinfo.DEFAULT_COLUMNS) | {
        "input_size", "params_percent", "kernel_size", "mult_adds", "trainable"}
    assert any("(recursive)" in text for entry in RECORDED.values() for text in entry["texts"].values())
    assert len(RECORDED) >= 40 and sum("file" in entry for entry in RECORDED.values()) >= 5


@pytest.mark.parametrize(("name", "key"), CASES)
def test_columns_agree_with_torchinfo(name, key):
    entry = RECORDED[name]
    names, depth = key.split("@")
    assert torchinfo.render(summary_of(entry), int(depth), tuple(names.split(","))) == entry["texts"][key]


@pytest.fixture
def spec(tmp_path):
    path = tmp_path / "model.yaml"
    path.write_text(RECORDED["random_0010"]["spec"], encoding="utf-8")
    return str(path)


def test_the_command_line_prints_them(spec):
    key = "trainable,params_percent,input_size@1"
    result = CliRunner().invoke(cli, ["summary", spec, "--columns", key.split("@")[0], "--depth", "1"])
    assert (result.exit_code, result.stdout) == (0, RECORDED["random_0010"]["texts"][key] + "\n")


def test_convcalc_figures_sit_beside_torchinfo_columns(spec):
    result = CliRunner().invoke(cli, ["summary", spec, "--columns", "output_size,macs,rf,jump"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1].split() == ["Layer", "(type:depth-idx)", "Output", "Shape", "MACs", "RF", "Jump"]
    conv = next(line for line in lines if line.startswith("├─Conv1d"))
    # per sample: 1,536 weights × 52 positions; the field after ConvTranspose1d(k2, s2) (1 input, jump 1/2),
    # AvgPool1d(2) (1 + 1 × 1/2, jump 1) and Conv1d(k3, s2): 1.5 + 2 × 1 = 3.5, jump 2
    assert conv.split()[-3:] == ["79,872", "3.5", "2"]


@pytest.mark.parametrize(("columns", "named"), [("output_shape,params", "input_size, output_size"),
                                                ("layer", "num_params")])
def test_keras_columns_for_a_torch_model_are_one_line(spec, columns, named):
    result = CliRunner().invoke(cli, ["summary", spec, "--columns", columns])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and named in result.stderr and "PyTorch model" in result.stderr


def test_torchinfo_columns_for_a_keras_model_are_one_line():
    result = CliRunner().invoke(cli, ["summary", str(ROOT / "specs" / "fashion_mnist.yaml"), "--columns",
                                      "output_size,num_params"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "output_shape" in result.stderr and "Keras model" in result.stderr


def test_markdown_takes_torchinfo_names_as_its_own_columns(spec):
    result = CliRunner().invoke(cli, ["summary", spec, "--format", "markdown", "--columns",
                                      "input_size,output_size,num_params,rf"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[2] == "| Layer (type) | Input Shape | Output Shape | Param # | RF |"
    assert lines[4] == "| 0 (ConvTranspose1d) | (4, 16, 106) | (4, 8, 212) | 264 | 1 |"
    refused = CliRunner().invoke(cli, ["summary", spec, "--format", "markdown", "--columns", "kernel_size"])
    assert refused.exit_code == 2 and refused.stderr.count("\n") == 1 and "--format table" in refused.stderr
