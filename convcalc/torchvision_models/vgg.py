"""torchvision's VGG (torchvision/models/vgg.py, vgg11..19 and their _bn forms) and AlexNet (alexnet.py): a
`features` Sequential, an adaptive average pool, torch.flatten(x, 1) and a `classifier` Sequential."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import args as a
from .base import Constructor, Net

POOL = 0  # "M" in torchvision's cfgs
CFGS: dict[str, list[int]] = {
    "A": [64, POOL, 128, POOL, 256, 256, POOL, 512, 512, POOL, 512, 512, POOL],
    "B": [64, 64, POOL, 128, 128, POOL, 256, 256, POOL, 512, 512, POOL, 512, 512, POOL],
    "D": [64, 64, POOL, 128, 128, POOL, 256, 256, 256, POOL, 512, 512, 512, POOL, 512, 512, 512, POOL],
    "E": [64, 64, POOL, 128, 128, POOL, 256, 256, 256, 256, POOL, 512, 512, 512, 512, POOL, 512, 512, 512, 512, POOL],
}


def _classifier(net: Net, features: int, kwargs: Mapping[str, Any], dropout_first: bool) -> str:
    """Linear, ReLU, Dropout twice, then the last Linear (AlexNet: each Dropout before its Linear)."""
    net.container("classifier", "Sequential")
    index = 0

    def add(kind: str, **args: Any) -> None:
        nonlocal index
        net.module(f"classifier.{index}", kind, **args)
        index += 1

    for width in (features, 4096):
        if dropout_first:
            add("Dropout", p=kwargs["dropout"])
        add("Linear", in_features=width, out_features=4096)
        add("ReLU", inplace=True)
        if not dropout_first:
            add("Dropout", p=kwargs["dropout"])
    add("Linear", in_features=4096, out_features=kwargs["num_classes"])
    return net.returns("classifier", net.current)


def vgg(cfg: str, batch_norm: bool) -> Constructor:
    def build(net: Net, kwargs: Mapping[str, Any]) -> str:
        net.container("features", "Sequential")
        index, channels = 0, 3
        for value in CFGS[cfg]:
            if value == POOL:
                net.module(f"features.{index}", "MaxPool2d", kernel_size=2, stride=2)
                index += 1
                continue
            net.module(f"features.{index}", "Conv2d", in_channels=channels, out_channels=value, kernel_size=3,
                       padding=1)
            if batch_norm:
                net.module(f"features.{index + 1}", "BatchNorm2d", num_features=value)
            net.module(f"features.{index + 1 + batch_norm}", "ReLU", inplace=True)
            index, channels = index + 2 + batch_norm, value
        net.returns("features", net.current)
        net.module("avgpool", "AdaptiveAvgPool2d", output_size=[7, 7])
        net.op("flatten", start_dim=1)
        return _classifier(net, 512 * 7 * 7, kwargs, dropout_first=False)

    return Constructor("VGG", build, {"init_weights": (True, a.boolean), "dropout": (0.5, a.fraction)})


def _alexnet(net: Net, kwargs: Mapping[str, Any]) -> str:
    net.container("features", "Sequential")
    steps: list[tuple[str, dict[str, Any]]] = [
        ("Conv2d", {"in_channels": 3, "out_channels": 64, "kernel_size": 11, "stride": 4, "padding": 2}),
        ("ReLU", {"inplace": True}), ("MaxPool2d", {"kernel_size": 3, "stride": 2}),
        ("Conv2d", {"in_channels": 64, "out_channels": 192, "kernel_size": 5, "padding": 2}),
        ("ReLU", {"inplace": True}), ("MaxPool2d", {"kernel_size": 3, "stride": 2}),
        ("Conv2d", {"in_channels": 192, "out_channels": 384, "kernel_size": 3, "padding": 1}),
        ("ReLU", {"inplace": True}),
        ("Conv2d", {"in_channels": 384, "out_channels": 256, "kernel_size": 3, "padding": 1}),
        ("ReLU", {"inplace": True}),
        ("Conv2d", {"in_channels": 256, "out_channels": 256, "kernel_size": 3, "padding": 1}),
        ("ReLU", {"inplace": True}), ("MaxPool2d", {"kernel_size": 3, "stride": 2})]
    for index, (kind, args) in enumerate(steps):
        net.module(f"features.{index}", kind, **args)
    net.returns("features", net.current)
    net.module("avgpool", "AdaptiveAvgPool2d", output_size=[6, 6])
    net.op("flatten", start_dim=1)
    return _classifier(net, 256 * 6 * 6, kwargs, dropout_first=True)


MODELS = {
    **{f"vgg{depth}{'_bn' * bn}": vgg(cfg, bn) for depth, cfg in (("11", "A"), ("13", "B"), ("16", "D"), ("19", "E"))
       for bn in (False, True)},
    "alexnet": Constructor("AlexNet", _alexnet, {"dropout": (0.5, a.fraction)}),
}
