"""`convcalc` on a PyTorch spec: torchinfo's table (recorded by tools.torch_oracle), --depth, the other formats,
and one error line where a command or option is for Keras models only."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import ROOT

from convcalc.cli import cli

FIXTURE = json.loads((ROOT / "tests" / "torch_oracle" / "fixtures" / "random_0003.json").read_text(encoding="utf-8"))


@pytest.fixture
def spec(tmp_path):
    path = tmp_path / "model.yaml"
    path.write_text(FIXTURE["spec"], encoding="utf-8")
    return str(path)


def invoke(*args):
    return CliRunner().invoke(cli, list(args))


def test_summary_prints_torchinfo_as_print_does(spec):
    assert "Sequential:" in FIXTURE["spec"]  # a nested container: --depth 1 hides its rows
    result = invoke("summary", spec)
    assert (result.exit_code, result.stdout) == (0, FIXTURE["summary"] + "\n")
    result = invoke("summary", spec, "--depth", "1")
    assert (result.exit_code, result.stdout) == (0, FIXTURE["summary_depth_1"] + "\n")


def test_json_and_markdown(spec):
    document = json.loads(invoke("summary", spec, "--format", "json").stdout)
    rows = [row for row in FIXTURE["rows"] if row["depth"] and not row["type"] == "Sequential"]
    assert [(layer["type"], layer["output_shape"], layer["params"]) for layer in document["layers"]] == [
        (row["type"], row["output_shape"], row["params"]) for row in rows]
    assert document["total_params"] == FIXTURE["total_params"]
    markdown = invoke("summary", spec, "--format", "markdown").stdout
    assert markdown.count("\n| ") == len(rows) + 1  # the header and a row per module


@pytest.mark.parametrize("args", [("summary", "--columns", "layer,params"), ("summary", "--show-trainable"),
                                  ("summary", "--width", "100")])
def test_keras_only_options_are_one_error_line(spec, args):
    result = invoke(*args[:1], spec, *args[1:])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "PyTorch model" in result.stderr
