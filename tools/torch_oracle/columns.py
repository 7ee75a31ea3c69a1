"""torchinfo's `col_names` and `depth`, recorded on a sample of the random models, on the shared ones and on the
PyTorch example files of tests/python_source/torch_examples (residual blocks, functional operations, a module
called twice; each file run with runpy, its model made by its own class or variable): `python -m
tools.torch_oracle --columns FILE`. Each entry holds the model's spec (or steps, or file), and for each
combination (its key the col_names joined by commas, then `@depth`) the text torchinfo prints."""

from __future__ import annotations

import contextlib
import io
import json
import runpy
from pathlib import Path
from typing import Any

import torch
import torchinfo
import yaml

from .generate import build, spec_entries
from .shared import SHARED, UNITS, shared_model

ALL = ("input_size", "output_size", "num_params", "params_percent", "kernel_size", "mult_adds", "trainable")
COMBINATIONS: tuple[tuple[tuple[str, ...], int], ...] = (
    (ALL, 3),
    (("kernel_size", "output_size", "num_params", "mult_adds"), 3),
    (("trainable", "params_percent", "input_size"), 1),
    (("mult_adds", "num_params", "params_percent"), 2),
    (("output_size",), 0),
)
SAMPLE_EVERY = 10  # every tenth random model
EXAMPLES = Path("tests/python_source/torch_examples")
FILES = {"lenet_functional": ("Net", [1, 1, 32, 32]), "mnist_main": ("Net", [64, 1, 28, 28]),
         "resnet_blocks": ("ResNet", [1, 3, 32, 32]), "patch_embed": ("PatchClassifier", [2, 3, 32, 32]),
         "shared_and_summary": ("model", [2, 3, 24, 24]), "sequential_forms": ("model", [2, 3, 32, 32])}


def file_model(path: Path, name: str) -> torch.nn.Module:
    """The file's class (made with its defaults) or module-level model, its own code run (quietly) by runpy."""
    with contextlib.redirect_stdout(io.StringIO()):
        found = runpy.run_path(str(path), run_name="convcalc_columns")[name]
    return found() if isinstance(found, type) else found


def texts(model: torch.nn.Module, size: list[int]) -> dict[str, str]:
    found = {}
    for names, depth in COMBINATIONS:
        text = str(torchinfo.summary(model, input_size=size, col_names=names, depth=depth, verbose=0))
        for wrong, right in UNITS.items():
            text = text.replace(wrong, right)
        found[f"{','.join(names)}@{depth}"] = text
    return found


def record_columns(fixtures: Path) -> dict[str, Any]:
    recorded: dict[str, Any] = {}
    for path in sorted(fixtures.glob("*.json"))[::SAMPLE_EVERY]:
        spec = json.loads(path.read_text(encoding="utf-8"))["spec"]
        loaded = yaml.safe_load(spec)
        recorded[path.stem] = {"spec": spec, "texts": texts(build(spec_entries(loaded["layers"])),
                                                            loaded["input_size"])}
    for name, (model, size) in FILES.items():
        path = EXAMPLES / f"{name}.py"
        recorded[f"file_{name}"] = {"file": str(path), "model": model, "input_size": size,
                                    "texts": texts(file_model(path, model), size)}
    for name, (size, steps) in SHARED.items():
        recorded[f"shared_{name}"] = {"input_size": size, "steps": steps, "texts": texts(shared_model(steps), size)}
    return recorded
