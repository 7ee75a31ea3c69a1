"""`convcalc convert --to python` checked with real torch: `python -m tools.torch_oracle --convert FILE` (run from
the repository root, convcalc on the path) writes the code convcalc writes for every tenth random model, for
a few models with containers of their own classes (nn.Module subclasses, an OrderedDict) and for the PyTorch
example files of tests/python_source/torch_examples it can write (F.relu, torch.flatten in forward), runs each
with torch, and records the code beside the table torchinfo's summary call in it printed. It stops if a table
differs from the one recorded for the model (the random fixtures) or from what convcalc prints for it."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import torch

from convcalc.engine import compute
from convcalc.model import ModelSpec
from convcalc.readers import load, parse
from convcalc.readers.files import INPUT_SIZE
from convcalc.readers.torch_graph import TorchModelBuilder
from convcalc.render import torchinfo as convcalc_torchinfo
from convcalc.writers import torch_code

from .shared import UNITS

SAMPLE_EVERY = 10
EXAMPLES = Path("tests/python_source/torch_examples")
FILES = {"lenet_functional": ("Net", "1,1,32,32"), "mnist_main": ("Net", None),  # the file gives its input
         "sequential_forms": ("model", "2,3,32,32")}  # (--model, --input-size)
MODULES: dict[str, dict[str, Any]] = {  # containers of other classes, built with TorchModelBuilder
    "net_class": {"container": "Net", "input_size": [1, 1, 28, 28], "modules": [["features", "Sequential"]],
                  "steps": [["conv1", "Conv2d", {"in_channels": 1, "out_channels": 8, "kernel_size": 3}],
                            ["relu", "ReLU", {}], ["features.0", "MaxPool2d", {"kernel_size": 2}],
                            ["features.1", "Flatten", {}],
                            ["fc", "Linear", {"in_features": 1352, "out_features": 10}]]},
    "nested_classes": {"container": "Net", "input_size": [2, 3, 16, 16], "modules": [["block", "Block"]],
                       "steps": [["stem", "Conv2d", {"in_channels": 3, "out_channels": 4, "kernel_size": 3,
                                                     "padding": 1, "bias": False}],
                                 ["block.bn", "BatchNorm2d", {"num_features": 4}], ["block.act", "ReLU6", {}],
                                 ["pool", "AdaptiveAvgPool2d", {"output_size": 1}],
                                 ["flat", "Flatten", {}], ["head", "Linear", {"in_features": 4, "out_features": 3}]]},
    "ordered_dict": {"container": "Sequential", "input_size": [4, 20], "modules": [],
                     "steps": [["hidden", "Linear", {"in_features": 20, "out_features": 16}], ["act", "GELU", {}],
                               ["out", "Linear", {"in_features": 16, "out_features": 2, "bias": False}]]},
}


def module_spec(entry: dict[str, Any]) -> ModelSpec:
    builder = TorchModelBuilder("model.py")
    builder.add_container("", entry["container"], 1)
    builder.add_input(entry["input_size"], 1)
    for path, type_name in entry["modules"]:
        builder.add_container(path, type_name, 1)
    for line, (path, kind, args) in enumerate(entry["steps"], start=2):
        builder.add_module(path, kind, args, line, {})
    return builder.build("net")


def run(code: str) -> str:
    """What running the code prints (torchinfo's summary call in it), with torchinfo's (M) for Units.MEGABYTES."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "<convert>", "exec"), {"__name__": "__convert__"})  # noqa: S102 - convcalc's own code
    text = printed.getvalue().rstrip("\n")
    for wrong, right in UNITS.items():
        text = text.replace(wrong, right)
    return text


def record_convert(fixtures: Path) -> dict[str, Any]:
    recorded: dict[str, Any] = {}
    cases: list[tuple[str, dict[str, Any], ModelSpec]] = []
    for path in sorted(fixtures.glob("*.json"))[::SAMPLE_EVERY]:
        fixture = json.loads(path.read_text(encoding="utf-8"))
        cases.append((path.stem, {"spec": fixture["spec"], "torchinfo": fixture["summary"]},
                      parse(fixture["spec"], f"{path.stem}.yaml")))
    cases += [(name, dict(entry), module_spec(entry)) for name, entry in MODULES.items()]
    for name, (model, size) in FILES.items():
        path = EXAMPLES / f"{name}.py"
        cases.append((name, {"file": str(path), "model": model, "input_size": size},
                      load(str(path), model=model, settings={INPUT_SIZE: size} if size else {})))
    for name, entry, spec in cases:
        code = torch_code.write(spec, entry.get("file", f"{name}.yaml"))
        printed = run(code)
        expected = entry.pop("torchinfo", None) or convcalc_torchinfo.render(compute(spec))
        if printed != expected:
            raise AssertionError(f"{name}: torch prints\n{printed}\nfor\n{code}\nnot\n{expected}")
        recorded[name] = {**entry, "python": code, "summary": printed,
                          "torch_version": torch.__version__.split("+")[0]}
    return recorded
