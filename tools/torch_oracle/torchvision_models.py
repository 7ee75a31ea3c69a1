"""torchvision.models constructors recorded with real torchvision and torchinfo 1.8.0, for
convcalc/torchvision_models: `python -m tools.torch_oracle --torchvision DIR` writes one JSON file a model
(torchinfo's text at input (1, 3, 224, 224) with the constructor's defaults (inception_v3: 299 × 299), and at
(2, 3, 160, 160) with num_classes=10), and `held.json`: a model held as `backbone` by a user's module. Needs
torchvision in the venv: `pip install torchvision --index-url https://download.pytorch.org/whl/cpu`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import torch
import torchinfo
import torchvision
from torch import nn

UNITS = {"(Units.MEGABYTES)": "(M)", "(Units.GIGABYTES)": "(G)", "(Units.TERABYTES)": "(T)"}
NAMES = ("resnet18", "resnet34", "resnet50", "resnet101", "resnet152", "resnext50_32x4d", "resnext101_32x8d",
         "resnext101_64x4d", "wide_resnet50_2", "wide_resnet101_2", "vgg11", "vgg11_bn", "vgg13", "vgg13_bn", "vgg16",
         "vgg16_bn", "vgg19", "vgg19_bn", "alexnet", "mobilenet_v2", "mobilenet_v3_small", "mobilenet_v3_large",
         "efficientnet_b0", "efficientnet_b1", "efficientnet_b2", "efficientnet_b3", "densenet121", "densenet161",
         "densenet169", "densenet201", "squeezenet1_0", "squeezenet1_1", "googlenet", "inception_v3",
         "shufflenet_v2_x0_5", "shufflenet_v2_x1_0", "shufflenet_v2_x1_5", "shufflenet_v2_x2_0", "mnasnet0_5",
         "mnasnet0_75", "mnasnet1_0", "mnasnet1_3")
CASES: tuple[tuple[list[int], dict[str, Any]], ...] = (([1, 3, 224, 224], {}), ([2, 3, 160, 160], {"num_classes": 10}))
SIZES = {"inception_v3": [1, 3, 299, 299]}  # instead of the first case's size: the size it was made for


class Held(nn.Module):
    """A user's model holding a torchvision model as `backbone`, and a head after it."""

    def __init__(self) -> None:
        super().__init__()
        self.backbone = torchvision.models.resnet18(num_classes=16)
        self.head = nn.Linear(16, 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.backbone(x))


def text(model: nn.Module, size: list[int]) -> str:
    summary = str(torchinfo.summary(model.eval(), input_size=size, verbose=0))
    for wrong, right in UNITS.items():
        summary = summary.replace(wrong, right)
    return summary


def record_model(out: Path, name: str, versions: dict[str, str]) -> None:
    cases = []
    for number, (size, kwargs) in enumerate(CASES):
        size = SIZES.get(name, size) if number == 0 else size
        model = getattr(torchvision.models, name)(**kwargs)
        cases.append({"input_size": size, "kwargs": kwargs, "summary": text(model, size)})
    (out / f"{name}.json").write_text(json.dumps({"name": name, "cases": cases, **versions}, indent=1,
                                                 sort_keys=True) + "\n", encoding="utf-8")


def record_torchvision(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    versions = {"torch_version": torch.__version__.split("+")[0],
                "torchvision_version": torchvision.__version__.split("+")[0], "torchinfo_version": "1.8.0"}
    for name in NAMES:
        record_model(out, name, versions)
    held = {"input_size": [1, 3, 64, 64], "summary": text(Held(), [1, 3, 64, 64]), **versions}
    (out / "held.json").write_text(json.dumps(held, indent=1, sort_keys=True) + "\n", encoding="utf-8")
