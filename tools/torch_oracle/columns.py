"""torchinfo's `col_names` and `depth`, recorded on a sample of the random models and on the shared ones:
`python -m tools.torch_oracle --columns FILE`. Each entry holds the model's spec (or steps), and for each
combination (its key the col_names joined by commas, then `@depth`) the text torchinfo prints."""

from __future__ import annotations

import json
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
    for name, (size, steps) in SHARED.items():
        recorded[f"shared_{name}"] = {"input_size": size, "steps": steps, "texts": texts(shared_model(steps), size)}
    return recorded
