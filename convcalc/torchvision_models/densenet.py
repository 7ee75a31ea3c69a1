"""torchvision's DenseNet (densenet.py): dense blocks whose layers each read torch.cat of every earlier output of
the block (the block returns the cat of them all), transitions halving the channels, then F.relu,
F.adaptive_avg_pool2d, torch.flatten and the `classifier` Linear."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import args as a
from .base import Constructor, Net


def _dense_block(net: Net, sub: str, layers: int, channels: int, growth: int, kwargs: Mapping[str, Any]) -> int:
    net.container(sub, "_DenseBlock")
    features = [net.current]
    for number in range(1, layers + 1):
        layer, width = f"{sub}.denselayer{number}", kwargs["bn_size"] * growth
        net.container(layer, "_DenseLayer")
        net.op("cat", reads=tuple(features), dim=1)
        net.module(f"{layer}.norm1", "BatchNorm2d", num_features=channels + (number - 1) * growth)
        net.module(f"{layer}.relu1", "ReLU", inplace=True)
        net.module(f"{layer}.conv1", "Conv2d", in_channels=channels + (number - 1) * growth, out_channels=width,
                   kernel_size=1, bias=False)
        net.module(f"{layer}.norm2", "BatchNorm2d", num_features=width)
        net.module(f"{layer}.relu2", "ReLU", inplace=True)
        net.module(f"{layer}.conv2", "Conv2d", in_channels=width, out_channels=growth, kernel_size=3, padding=1,
                   bias=False)
        if kwargs["drop_rate"] > 0:
            net.op("Dropout", p=kwargs["drop_rate"])
        features.append(net.returns(layer, net.current))
    net.returns(sub, net.op("cat", reads=tuple(features), dim=1))
    return channels + layers * growth


def densenet(growth: int, blocks: tuple[int, int, int, int], initial: int) -> Constructor:
    def build(net: Net, kwargs: Mapping[str, Any]) -> str:
        net.container("features", "Sequential")
        net.module("features.conv0", "Conv2d", in_channels=3, out_channels=initial, kernel_size=7, stride=2,
                   padding=3, bias=False)
        net.module("features.norm0", "BatchNorm2d", num_features=initial)
        net.module("features.relu0", "ReLU", inplace=True)
        net.module("features.pool0", "MaxPool2d", kernel_size=3, stride=2, padding=1)
        channels = initial
        for index, layers in enumerate(blocks, start=1):
            channels = _dense_block(net, f"features.denseblock{index}", layers, channels, growth, kwargs)
            if index != len(blocks):
                sub = f"features.transition{index}"
                net.container(sub, "_Transition")
                net.module(f"{sub}.norm", "BatchNorm2d", num_features=channels)
                net.module(f"{sub}.relu", "ReLU", inplace=True)
                net.module(f"{sub}.conv", "Conv2d", in_channels=channels, out_channels=channels // 2, kernel_size=1,
                           bias=False)
                net.returns(sub, net.module(f"{sub}.pool", "AvgPool2d", kernel_size=2, stride=2))
                channels //= 2
        net.returns("features", net.module("features.norm5", "BatchNorm2d", num_features=channels))
        net.op("ReLU", inplace=True)
        net.op("AdaptiveAvgPool2d", output_size=[1, 1])
        net.op("flatten", start_dim=1)
        return net.module("classifier", "Linear", in_features=channels, out_features=kwargs["num_classes"])

    return Constructor("DenseNet", build, {"bn_size": (4, a.positive_int), "drop_rate": (0.0, a.fraction),
                                           "memory_efficient": (False, a.boolean)})


MODELS = {
    "densenet121": densenet(32, (6, 12, 24, 16), 64),
    "densenet161": densenet(48, (6, 12, 36, 24), 96),
    "densenet169": densenet(32, (6, 12, 32, 32), 64),
    "densenet201": densenet(32, (6, 12, 48, 32), 64),
}
