"""torchvision's GoogLeNet (googlenet.py): BasicConv2d (a conv without bias, a BatchNorm2d, F.relu) and Inception
modules (four branches joined by torch.cat). Its two auxiliary classifiers run only in training: torchinfo (eval
mode) shows no row for them, but counts their parameters in the model's row and the total."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import args as a
from .base import Constructor, Net

# Inception modules: in, 1×1, 3×3 reduce, 3×3, 5×5 reduce, 5×5 (a 3×3 in torchvision), pool projection; 0: a pool
INCEPTIONS: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("inception3a", (192, 64, 96, 128, 16, 32, 32)), ("inception3b", (256, 128, 128, 192, 32, 96, 64)),
    ("maxpool3", (3,)), ("inception4a", (480, 192, 96, 208, 16, 48, 64)),
    ("inception4b", (512, 160, 112, 224, 24, 64, 64)), ("inception4c", (512, 128, 128, 256, 24, 64, 64)),
    ("inception4d", (512, 112, 144, 288, 32, 64, 64)), ("inception4e", (528, 256, 160, 320, 32, 128, 128)),
    ("maxpool4", (2,)), ("inception5a", (832, 256, 160, 320, 32, 128, 128)),
    ("inception5b", (832, 384, 192, 384, 48, 128, 128)))


def basic_conv(net: Net, sub: str, cin: int, cout: int, reads: tuple[str, ...] | None = None, **conv: Any) -> str:
    net.container(sub, "BasicConv2d")
    net.module(f"{sub}.conv", "Conv2d", reads=reads, in_channels=cin, out_channels=cout, bias=False, **conv)
    net.module(f"{sub}.bn", "BatchNorm2d", num_features=cout, eps=0.001)
    return net.returns(sub, net.op("ReLU", inplace=True))


def _inception(net: Net, sub: str, cin: int, one: int, three_in: int, three: int, five_in: int, five: int,
               pool: int) -> str:
    net.container(sub, "Inception")
    given = net.current
    branches = [basic_conv(net, f"{sub}.branch1", cin, one, kernel_size=1)]
    for branch, (middle, out) in (("branch2", (three_in, three)), ("branch3", (five_in, five))):
        net.container(f"{sub}.{branch}", "Sequential")
        basic_conv(net, f"{sub}.{branch}.0", cin, middle, reads=(given,), kernel_size=1)
        branches.append(net.returns(f"{sub}.{branch}", basic_conv(net, f"{sub}.{branch}.1", middle, out,
                                                                  kernel_size=3, padding=1)))
    net.container(f"{sub}.branch4", "Sequential")
    net.module(f"{sub}.branch4.0", "MaxPool2d", reads=(given,), kernel_size=3, stride=1, padding=1, ceil_mode=True)
    branches.append(net.returns(f"{sub}.branch4", basic_conv(net, f"{sub}.branch4.1", cin, pool, kernel_size=1)))
    return net.returns(sub, net.op("cat", reads=tuple(branches), dim=1))


def _unused_aux(net: Net, sub: str, cin: int, classes: int) -> None:
    """InceptionAux: never called in eval mode; only its parameters count."""
    net.builder.add_unused(net.path(f"{sub}.conv.conv"), "Conv2d", {
        "in_channels": cin, "out_channels": 128, "kernel_size": 1, "bias": False}, net.line)
    net.builder.add_unused(net.path(f"{sub}.conv.bn"), "BatchNorm2d", {"num_features": 128}, net.line)
    net.builder.add_unused(net.path(f"{sub}.fc1"), "Linear", {"in_features": 2048, "out_features": 1024}, net.line)
    net.builder.add_unused(net.path(f"{sub}.fc2"), "Linear", {"in_features": 1024, "out_features": classes},
                           net.line)


def transform_input(net: Net) -> str:
    """x[:, c] × a + b for each channel, unsqueezed and joined again: the shape is kept."""
    given = net.current
    channels = []
    for channel in range(3):
        net.op("getitem", reads=(given,), index=[[None, None, None], channel])
        net.op("unsqueeze", dim=1)
        net.op("broadcast", op="mul")
        channels.append(net.op("broadcast", op="add"))
    return net.op("cat", reads=tuple(channels), dim=1)


def _googlenet(net: Net, kwargs: Mapping[str, Any]) -> str:
    pretrained = kwargs["weights"] is not None
    if kwargs["transform_input"] if kwargs["transform_input"] is not None else pretrained:
        transform_input(net)
    basic_conv(net, "conv1", 3, 64, kernel_size=7, stride=2, padding=3)
    net.module("maxpool1", "MaxPool2d", kernel_size=3, stride=2, ceil_mode=True)
    basic_conv(net, "conv2", 64, 64, kernel_size=1)
    basic_conv(net, "conv3", 64, 192, kernel_size=3, padding=1)
    net.module("maxpool2", "MaxPool2d", kernel_size=3, stride=2, ceil_mode=True)
    for sub, numbers in INCEPTIONS:
        if len(numbers) == 1:
            net.module(sub, "MaxPool2d", kernel_size=numbers[0], stride=2, ceil_mode=True)
        else:
            _inception(net, sub, *numbers)
    if kwargs["aux_logits"] if kwargs["aux_logits"] is not None else not pretrained:
        _unused_aux(net, "aux1", 512, kwargs["num_classes"])
        _unused_aux(net, "aux2", 528, kwargs["num_classes"])
    net.module("avgpool", "AdaptiveAvgPool2d", output_size=[1, 1])
    net.op("flatten", start_dim=1)
    net.module("dropout", "Dropout", p=kwargs["dropout"])
    return net.module("fc", "Linear", in_features=1024, out_features=kwargs["num_classes"])


MODELS = {"googlenet": Constructor("GoogLeNet", _googlenet, {
    "aux_logits": (None, a.optional(a.boolean)), "transform_input": (None, a.optional(a.boolean)),
    "init_weights": (None, a.optional(a.boolean)), "dropout": (0.2, a.fraction), "dropout_aux": (0.7, a.fraction)},
    pretrained={"aux_logits": True, "init_weights": False})}
