"""torchvision's ShuffleNet V2 (shufflenetv2.py): blocks splitting their input with x.chunk(2, dim=1) (or, at
stride 2, reading it in two branches), joined by torch.cat and shuffled by channel_shuffle's view, transpose and
view; x.mean([2, 3]) before the `fc`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .base import Constructor, Net

REPEATS = (4, 8, 4)


def _branch(net: Net, sub: str, steps: list[tuple[str, dict[str, Any]]], reads: str) -> str:
    net.container(sub, "Sequential")
    for index, (kind, args) in enumerate(steps):
        net.module(f"{sub}.{index}", kind, reads=(reads,) if index == 0 else None, **args)
    return net.returns(sub, net.current)


def _depthwise(channels: int, stride: int) -> tuple[str, dict[str, Any]]:
    return "Conv2d", {"in_channels": channels, "out_channels": channels, "kernel_size": 3, "stride": stride,
                      "padding": 1, "groups": channels, "bias": False}


def _pointwise(cin: int, cout: int) -> tuple[str, dict[str, Any]]:
    return "Conv2d", {"in_channels": cin, "out_channels": cout, "kernel_size": 1, "bias": False}


def _block(net: Net, sub: str, cin: int, cout: int, stride: int) -> str:
    net.container(sub, "InvertedResidual")
    given, half = net.current, cout // 2

    def norm(channels: int) -> tuple[str, dict[str, Any]]:
        return "BatchNorm2d", {"num_features": channels}

    relu = ("ReLU", {"inplace": True})
    second = [_pointwise(cin if stride > 1 else half, half), norm(half), relu, _depthwise(half, stride), norm(half),
              _pointwise(half, half), norm(half), relu]
    if stride == 1:
        first = net.op("chunk_part", reads=(given,), chunks=2, dim=1, index=0)
        rest = net.op("chunk_part", reads=(given,), chunks=2, dim=1, index=1)
        joined = net.op("cat", reads=(first, _branch(net, f"{sub}.branch2", second, rest)), dim=1)
    else:
        left = _branch(net, f"{sub}.branch1", [_depthwise(cin, stride), norm(cin), _pointwise(cin, half), norm(half),
                                               relu], given)
        joined = net.op("cat", reads=(left, _branch(net, f"{sub}.branch2", second, given)), dim=1)
    batch, channels, height, width = net.builder.shape_of(joined) or (0, 0, 0, 0)
    net.op("view", shape=[batch, 2, (channels or 0) // 2, height, width])
    net.op("transpose", dim0=1, dim1=2)
    return net.returns(sub, net.op("view", shape=[batch, channels, height, width]))


def shufflenet(channels: tuple[int, int, int, int, int]) -> Constructor:
    def build(net: Net, kwargs: Mapping[str, Any]) -> str:
        net.container("conv1", "Sequential")
        net.module("conv1.0", "Conv2d", in_channels=3, out_channels=channels[0], kernel_size=3, stride=2, padding=1,
                   bias=False)
        net.module("conv1.1", "BatchNorm2d", num_features=channels[0])
        net.returns("conv1", net.module("conv1.2", "ReLU", inplace=True))
        net.module("maxpool", "MaxPool2d", kernel_size=3, stride=2, padding=1)
        for stage, (repeats, cin, cout) in enumerate(zip(REPEATS, channels[:3], channels[1:4], strict=True), start=2):
            net.container(f"stage{stage}", "Sequential")
            for number in range(repeats):
                _block(net, f"stage{stage}.{number}", cin if number == 0 else cout, cout, 2 if number == 0 else 1)
            net.returns(f"stage{stage}", net.current)
        net.container("conv5", "Sequential")
        net.module("conv5.0", "Conv2d", in_channels=channels[3], out_channels=channels[4], kernel_size=1, bias=False)
        net.module("conv5.1", "BatchNorm2d", num_features=channels[4])
        net.returns("conv5", net.module("conv5.2", "ReLU", inplace=True))
        net.op("reduce", dim=[2, 3])
        return net.module("fc", "Linear", in_features=channels[4], out_features=kwargs["num_classes"])

    return Constructor("ShuffleNetV2", build)


MODELS = {
    "shufflenet_v2_x0_5": shufflenet((24, 48, 96, 192, 1024)),
    "shufflenet_v2_x1_0": shufflenet((24, 116, 232, 464, 1024)),
    "shufflenet_v2_x1_5": shufflenet((24, 176, 352, 704, 1024)),
    "shufflenet_v2_x2_0": shufflenet((24, 244, 488, 976, 2048)),
}
