"""Models calling a module more than once (torchinfo's "(recursive)" rows), and one with mult-adds in (G),
recorded for the TorchModelBuilder a reader of nn.Module code will use: `python -m tools.torch_oracle --shared
FILE`.

Each model is an input size and a list of steps: [path, class, arguments] makes and calls a module of an
nn.Sequential, [path] calls the module of that path again (the same module object, added under a new name).
"""

from __future__ import annotations

from typing import Any

import torch
import torchinfo
from torch import nn

from .generate import build_one

UNITS = {"(Units.MEGABYTES)": "(M)", "(Units.GIGABYTES)": "(G)", "(Units.TERABYTES)": "(T)"}
SHARED: dict[str, tuple[list[int], list[list[Any]]]] = {
    "linear_twice": ([2, 8], [["0", "Linear", {"in_features": 8, "out_features": 8}], ["1", "ReLU", {}], ["0"]]),
    "conv_block_twice": ([1, 4, 16, 16], [
        ["0", "Conv2d", {"in_channels": 4, "out_channels": 4, "kernel_size": 3, "padding": 1}],
        ["1", "BatchNorm2d", {"num_features": 4}], ["2", "ReLU", {}], ["0"], ["1"], ["2"],
        ["3", "AdaptiveAvgPool2d", {"output_size": 1}], ["4", "Flatten", {}],
        ["5", "Linear", {"in_features": 4, "out_features": 3}]]),
    # not shared, but large: mult-adds past 1e9, printed in (G)
    "giga_mult_adds": ([8, 64, 112, 112], [
        ["0", "Conv2d", {"in_channels": 64, "out_channels": 64, "kernel_size": 3, "padding": 1}], ["1", "ReLU", {}],
        ["2", "Conv2d", {"in_channels": 64, "out_channels": 128, "kernel_size": 3, "padding": 1}]]),
}


def shared_model(steps: list[list[Any]]) -> nn.Sequential:
    made: dict[str, nn.Module] = {}
    modules = []
    for step in steps:
        if len(step) == 1:
            modules.append(made[step[0]])
        else:
            made[step[0]] = build_one((step[1], step[2]))
            modules.append(made[step[0]])
    return nn.Sequential(*modules)


def record_shared(size: list[int], steps: list[list[Any]]) -> dict[str, Any]:
    text = str(torchinfo.summary(shared_model(steps), input_size=size, verbose=0))
    for wrong, right in UNITS.items():
        text = text.replace(wrong, right)
    return {"input_size": size, "steps": steps, "summary": text, "torch_version": torch.__version__.split("+")[0]}
