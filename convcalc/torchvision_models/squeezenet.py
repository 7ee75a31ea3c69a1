"""torchvision's SqueezeNet 1.0 and 1.1 (squeezenet.py): Fire modules (a squeeze 1×1 conv, then 1×1 and 3×3
expansions joined by torch.cat), a convolutional `classifier` and torch.flatten(x, 1) last."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import args as a
from .base import Constructor, Net

POOL = (0, 0, 0)
# after the first conv, ReLU and pool: Fire modules (squeeze, expand1x1, expand3x3) and pools
FIRES = {
    "1_0": ((96, 7), ((16, 64, 64), (16, 64, 64), (32, 128, 128), POOL, (32, 128, 128), (48, 192, 192),
                      (48, 192, 192), (64, 256, 256), POOL, (64, 256, 256))),
    "1_1": ((64, 3), ((16, 64, 64), (16, 64, 64), POOL, (32, 128, 128), (32, 128, 128), POOL, (48, 192, 192),
                      (48, 192, 192), (64, 256, 256), (64, 256, 256))),
}


def _fire(net: Net, sub: str, inplanes: int, squeeze: int, left: int, right: int) -> int:
    net.container(sub, "Fire")
    net.module(f"{sub}.squeeze", "Conv2d", in_channels=inplanes, out_channels=squeeze, kernel_size=1)
    squeezed = net.module(f"{sub}.squeeze_activation", "ReLU", inplace=True)
    net.module(f"{sub}.expand1x1", "Conv2d", in_channels=squeeze, out_channels=left, kernel_size=1)
    first = net.module(f"{sub}.expand1x1_activation", "ReLU", inplace=True)
    net.module(f"{sub}.expand3x3", "Conv2d", reads=(squeezed,), in_channels=squeeze, out_channels=right,
               kernel_size=3, padding=1)
    second = net.module(f"{sub}.expand3x3_activation", "ReLU", inplace=True)
    net.returns(sub, net.op("cat", reads=(first, second), dim=1))
    return left + right


def squeezenet(version: str) -> Constructor:
    def build(net: Net, kwargs: Mapping[str, Any]) -> str:
        (channels, kernel), fires = FIRES[version]
        net.container("features", "Sequential")
        net.module("features.0", "Conv2d", in_channels=3, out_channels=channels, kernel_size=kernel, stride=2)
        net.module("features.1", "ReLU", inplace=True)
        net.module("features.2", "MaxPool2d", kernel_size=3, stride=2, ceil_mode=True)
        for index, fire in enumerate(fires, start=3):
            if fire == POOL:
                net.module(f"features.{index}", "MaxPool2d", kernel_size=3, stride=2, ceil_mode=True)
            else:
                channels = _fire(net, f"features.{index}", channels, *fire)
        net.returns("features", net.current)
        net.container("classifier", "Sequential")
        net.module("classifier.0", "Dropout", p=kwargs["dropout"])
        net.module("classifier.1", "Conv2d", in_channels=512, out_channels=kwargs["num_classes"], kernel_size=1)
        net.module("classifier.2", "ReLU", inplace=True)
        net.returns("classifier", net.module("classifier.3", "AdaptiveAvgPool2d", output_size=[1, 1]))
        return net.op("flatten", start_dim=1)

    return Constructor("SqueezeNet", build, {"dropout": (0.5, a.fraction)})


MODELS = {"squeezenet1_0": squeezenet("1_0"), "squeezenet1_1": squeezenet("1_1")}
