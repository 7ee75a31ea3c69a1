"""`convcalc convert` on torch models: --to yaml reads back to the same torchinfo table (all 400 random models);
--to python writes the code torch ran to print that table (tests/torch_oracle/convert.json, recorded by `python -m
tools.torch_oracle --convert`: every tenth random model, nn.Module subclasses, an OrderedDict); what a spec or the
code cannot say is refused in one line."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import ROOT

import convcalc
from convcalc.cli import cli
from convcalc.engine import compute
from convcalc.readers import load, parse
from convcalc.readers.files import INPUT_SIZE
from convcalc.readers.torch_graph import TorchModelBuilder
from convcalc.render import torchinfo
from convcalc.writers import torch_code, torch_spec

FIXTURES = sorted((ROOT / "tests" / "torch_oracle" / "fixtures").glob("*.json"))
CONVERTED = json.loads((ROOT / "tests" / "torch_oracle" / "convert.json").read_text(encoding="utf-8"))


def module_spec(entry):
    """The model tools/torch_oracle/convert.py builds from `steps` with TorchModelBuilder."""
    builder = TorchModelBuilder("model.py")
    builder.add_container("", entry["container"], 1)
    builder.add_input(entry["input_size"], 1)
    for path, type_name in entry["modules"]:
        builder.add_container(path, type_name, 1)
    for line, (path, kind, args) in enumerate(entry["steps"], start=2):
        builder.add_module(path, kind, args, line, {})
    return builder.build("net")


def test_yaml_round_trip_over_every_random_model():
    for path in FIXTURES:
        recorded = json.loads(path.read_text(encoding="utf-8"))
        written = torch_spec.write(parse(recorded["spec"], path.name))
        again = convcalc.summarize(text=written)
        assert torchinfo.render(again) == recorded["summary"], written
        assert torchinfo.render(again, 1, ("kernel_size", "num_params")) == torchinfo.render(
            convcalc.summarize(text=recorded["spec"]), 1, ("kernel_size", "num_params"))


def test_the_sample_covers_nesting_and_classes():
    assert len(CONVERTED) >= 40
    assert sum("nn.Sequential(\n        nn.Sequential(" in entry["python"] for entry in CONVERTED.values()) >= 3
    assert sum("(nn.Module)" in entry["python"] for entry in CONVERTED.values()) >= 2
    assert any("OrderedDict" in entry["python"] for entry in CONVERTED.values())
    assert sum("x = F.relu(x)" in entry["python"] for entry in CONVERTED.values()) >= 2  # forward's operations


@pytest.mark.parametrize("name", sorted(CONVERTED))
def test_python_is_the_code_torch_ran(name):
    entry = CONVERTED[name]
    if "file" in entry:  # a PyTorch file of tests/python_source/torch_examples, read by convcalc
        size = {INPUT_SIZE: entry["input_size"]} if entry["input_size"] else {}
        spec = load(str(ROOT / entry["file"]), model=entry["model"], settings=size)._replace(source=entry["file"])
    else:
        spec = parse(entry["spec"], f"{name}.yaml") if "spec" in entry else module_spec(entry)
    assert torch_code.write(spec, entry.get("file", f"{name}.yaml")) == entry["python"]
    assert torchinfo.render(compute(spec)) == entry["summary"]  # what torch printed, running it


def test_the_command_line_writes_them(tmp_path):
    name = next(name for name in sorted(CONVERTED) if "spec" in CONVERTED[name])
    path = tmp_path / f"{name}.yaml"
    path.write_text(CONVERTED[name]["spec"], encoding="utf-8")
    result = CliRunner().invoke(cli, ["convert", str(path), "--to", "python"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.split("\n", 1)[1] == CONVERTED[name]["python"].split("\n", 1)[1]  # after the comment
    out = tmp_path / "again.yaml"
    assert CliRunner().invoke(cli, ["convert", str(path), "--out", str(out)]).exit_code == 0
    summaries = [CliRunner().invoke(cli, ["summary", str(file)]).stdout for file in (out, path)]
    assert summaries[0] == summaries[1] and summaries[0].startswith("=====")


def test_a_size_is_written_as_it_was():
    text = ("framework: torch\ninput_size: [1, 2, 12, 12]\nlayers:\n  - MaxPool2d: {kernel_size: 2}\n"
            "  - MaxPool2d: {kernel_size: [3, 3], stride: 1}\n")
    written = torch_spec.write(parse(text, "pools.yaml"))
    assert "  - MaxPool2d: {kernel_size: 2}\n  - MaxPool2d: {kernel_size: [3, 3], stride: 1}\n" in written
    assert "nn.MaxPool2d(2),\n    nn.MaxPool2d((3, 3), stride=1)," in torch_code.write(parse(text, "p.yaml"))


def refusal(spec, target):
    with pytest.raises(convcalc.SpecError) as caught:
        (torch_code if target == "python" else torch_spec).write(spec)
    return str(caught.value)


@pytest.mark.parametrize("target", ["yaml", "python"])
def test_what_cannot_be_written_is_refused_in_one_line(target):
    builder = TorchModelBuilder("model.py")
    builder.add_container("", "Sequential", 1)
    builder.add_input([1, 4], 1)
    builder.add_module("0", "Linear", {"in_features": 4, "out_features": 4}, 2, {})
    builder.add_module("1", "Linear", {"in_features": 4, "out_features": 4}, 3, {})
    builder.call_again("0", 4)
    message = refusal(builder.build("net"), target)
    assert message == ("model.py:4: 0/1 (Linear): module '0' is called more than once, which convert cannot write "
                       "yet; summary, explain and check read the model's own file")
    builder = TorchModelBuilder("model.py")
    builder.add_container("", "Sequential", 1)
    builder.add_input([1, 4], 1)
    builder.add_module("0", "Linear", {"in_features": 4, "out_features": 4}, 2, {})
    builder.add_module("1", "ReLU", {}, 3, {}, reads=("input",))
    assert "reads input, not the module before it" in refusal(builder.build("net"), target)


def test_a_class_is_python_only():
    spec = module_spec(CONVERTED["net_class"])
    assert "the model is a Net, not an nn.Sequential of numbered modules (convert it --to python)" in refusal(
        spec, "yaml")
