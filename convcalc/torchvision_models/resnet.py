"""torchvision's ResNet family (torchvision/models/resnet.py): resnet18..152, resnext and wide_resnet.

A block's forward: conv1, bn1, relu, conv2, bn2 (, relu, conv3, bn3 for a Bottleneck), then its downsample
(a Sequential of a 1×1 conv and a BatchNorm2d) on the block's input, `out += identity`, and the same ReLU again.
The model's: conv1, bn1, relu, maxpool, layer1..4, avgpool, torch.flatten(x, 1), fc.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import args as a
from ..errors import ArgumentError
from .base import Checker, Constructor, Net

BASIC, BOTTLENECK = "BasicBlock", "Bottleneck"
EXPANSION = {BASIC: 1, BOTTLENECK: 4}


def _dilations(value: object, name: str) -> object:
    if value is None:
        return (False, False, False)
    if not isinstance(value, list | tuple) or len(value) != 3 or not all(isinstance(v, bool) for v in value):
        raise ArgumentError(name, "replace_stride_with_dilation should be None or a 3-element tuple, got "
                                  f"{value!r}")
    return tuple(value)


def _block(net: Net, sub: str, block: str, inplanes: int, planes: int, stride: int, groups: int, base_width: int,
           dilation: int) -> str:
    net.container(sub, block)
    identity = net.current
    out = planes * EXPANSION[block]
    conv: dict[str, Any] = {"kernel_size": 3, "stride": stride, "padding": dilation, "groups": groups,
                            "dilation": dilation, "bias": False}
    if block == BASIC:
        net.module(f"{sub}.conv1", "Conv2d", in_channels=inplanes, out_channels=planes, **conv)
        net.module(f"{sub}.bn1", "BatchNorm2d", num_features=planes)
        net.module(f"{sub}.relu", "ReLU", inplace=True)
        net.module(f"{sub}.conv2", "Conv2d", in_channels=planes, out_channels=planes,
                   **{**conv, "stride": 1, "groups": 1})
        last = net.module(f"{sub}.bn2", "BatchNorm2d", num_features=planes)
    else:
        width = int(planes * (base_width / 64.0)) * groups
        net.module(f"{sub}.conv1", "Conv2d", in_channels=inplanes, out_channels=width, kernel_size=1, bias=False)
        net.module(f"{sub}.bn1", "BatchNorm2d", num_features=width)
        net.module(f"{sub}.relu", "ReLU", inplace=True)
        net.module(f"{sub}.conv2", "Conv2d", in_channels=width, out_channels=width, **conv)
        net.module(f"{sub}.bn2", "BatchNorm2d", num_features=width)
        net.again(f"{sub}.relu")
        net.module(f"{sub}.conv3", "Conv2d", in_channels=width, out_channels=out, kernel_size=1, bias=False)
        last = net.module(f"{sub}.bn3", "BatchNorm2d", num_features=out)
    if stride != 1 or inplanes != out:
        net.container(f"{sub}.downsample", "Sequential")
        net.module(f"{sub}.downsample.0", "Conv2d", reads=(identity,), in_channels=inplanes, out_channels=out,
                   kernel_size=1, stride=stride, bias=False)
        identity = net.module(f"{sub}.downsample.1", "BatchNorm2d", num_features=out)
    net.op("broadcast", reads=(last, identity), op="add")
    return net.returns(sub, net.again(f"{sub}.relu"))


def resnet(block: str, layers: tuple[int, int, int, int], groups: int = 1,
           width_per_group: int = 64) -> Constructor:
    def build(net: Net, kwargs: Mapping[str, Any]) -> str:
        groups_, width = kwargs["groups"], kwargs["width_per_group"]
        if block == BASIC and (groups_ != 1 or width != 64):
            raise ArgumentError("groups", "BasicBlock only supports groups=1 and base_width=64")
        if block == BASIC and any(kwargs["replace_stride_with_dilation"]):
            raise ArgumentError("replace_stride_with_dilation", "Dilation > 1 not supported in BasicBlock")
        net.module("conv1", "Conv2d", in_channels=3, out_channels=64, kernel_size=7, stride=2, padding=3, bias=False)
        net.module("bn1", "BatchNorm2d", num_features=64)
        net.module("relu", "ReLU", inplace=True)
        net.module("maxpool", "MaxPool2d", kernel_size=3, stride=2, padding=1)
        inplanes, dilation = 64, 1
        for index, (planes, count) in enumerate(zip((64, 128, 256, 512), layers, strict=True)):
            stride = 1 if index == 0 else 2
            previous = dilation
            if index and kwargs["replace_stride_with_dilation"][index - 1]:
                dilation, stride = dilation * stride, 1
            layer = f"layer{index + 1}"
            net.container(layer, "Sequential")
            for number in range(count):
                _block(net, f"{layer}.{number}", block, inplanes, planes, stride if number == 0 else 1, groups_,
                       width, previous if number == 0 else dilation)
                inplanes = planes * EXPANSION[block]
            net.returns(layer, net.current)
        net.module("avgpool", "AdaptiveAvgPool2d", output_size=[1, 1])
        net.op("flatten", start_dim=1)
        return net.module("fc", "Linear", in_features=512 * EXPANSION[block], out_features=kwargs["num_classes"])

    own: dict[str, tuple[object, Checker]] = {
        "zero_init_residual": (False, a.boolean), "replace_stride_with_dilation": (None, _dilations),
        "groups": (groups, a.positive_int), "width_per_group": (width_per_group, a.positive_int)}
    fixed = {"groups": groups, "width_per_group": width_per_group} if groups != 1 or width_per_group != 64 else {}
    return Constructor("ResNet", build, own, fixed)


MODELS = {
    "resnet18": resnet(BASIC, (2, 2, 2, 2)),
    "resnet34": resnet(BASIC, (3, 4, 6, 3)),
    "resnet50": resnet(BOTTLENECK, (3, 4, 6, 3)),
    "resnet101": resnet(BOTTLENECK, (3, 4, 23, 3)),
    "resnet152": resnet(BOTTLENECK, (3, 8, 36, 3)),
    "resnext50_32x4d": resnet(BOTTLENECK, (3, 4, 6, 3), 32, 4),
    "resnext101_32x8d": resnet(BOTTLENECK, (3, 4, 23, 3), 32, 8),
    "resnext101_64x4d": resnet(BOTTLENECK, (3, 4, 23, 3), 64, 4),
    "wide_resnet50_2": resnet(BOTTLENECK, (3, 4, 6, 3), 1, 128),
    "wide_resnet101_2": resnet(BOTTLENECK, (3, 4, 23, 3), 1, 128),
}
