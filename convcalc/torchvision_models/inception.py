"""torchvision's Inception v3 (inception.py): BasicConv2d stems and the Mixed blocks (InceptionA to E), each a
few branches of BasicConv2d, pools called as functions (F.avg_pool2d, F.max_pool2d), joined by torch.cat. Its
auxiliary classifier runs only in training: torchinfo counts its parameters, shows no row for it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import args as a
from .base import Constructor, Net
from .googlenet import basic_conv, transform_input

# A branch's steps: (name, out channels, kernel, stride, padding) a BasicConv2d; "avg" F.avg_pool2d(x, 3, 1, 1);
# "max" F.max_pool2d(x, 3, 2); a tuple of two convs: both on the same input, joined by torch.cat
Conv = tuple[str, int, Any, int, Any]
Step = Conv | str | tuple[Conv, Conv]
S1, S2 = 1, 2


def _a(pool: int) -> list[list[Step]]:
    return [[("branch1x1", 64, 1, S1, 0)], [("branch5x5_1", 48, 1, S1, 0), ("branch5x5_2", 64, 5, S1, 2)],
            [("branch3x3dbl_1", 64, 1, S1, 0), ("branch3x3dbl_2", 96, 3, S1, 1), ("branch3x3dbl_3", 96, 3, S1, 1)],
            ["avg", ("branch_pool", pool, 1, S1, 0)]]


def _c(c7: int) -> list[list[Step]]:
    row, column = ([1, 7], [0, 3]), ([7, 1], [3, 0])
    return [[("branch1x1", 192, 1, S1, 0)],
            [("branch7x7_1", c7, 1, S1, 0), ("branch7x7_2", c7, *row[:1], S1, row[1]),
             ("branch7x7_3", 192, column[0], S1, column[1])],
            [("branch7x7dbl_1", c7, 1, S1, 0), ("branch7x7dbl_2", c7, column[0], S1, column[1]),
             ("branch7x7dbl_3", c7, row[0], S1, row[1]), ("branch7x7dbl_4", c7, column[0], S1, column[1]),
             ("branch7x7dbl_5", 192, row[0], S1, row[1])],
            ["avg", ("branch_pool", 192, 1, S1, 0)]]


B: list[list[Step]] = [
    [("branch3x3", 384, 3, S2, 0)],
    [("branch3x3dbl_1", 64, 1, S1, 0), ("branch3x3dbl_2", 96, 3, S1, 1), ("branch3x3dbl_3", 96, 3, S2, 0)], ["max"]]
D: list[list[Step]] = [
    [("branch3x3_1", 192, 1, S1, 0), ("branch3x3_2", 320, 3, S2, 0)],
    [("branch7x7x3_1", 192, 1, S1, 0), ("branch7x7x3_2", 192, [1, 7], S1, [0, 3]),
     ("branch7x7x3_3", 192, [7, 1], S1, [3, 0]), ("branch7x7x3_4", 192, 3, S2, 0)], ["max"]]
E: list[list[Step]] = [
    [("branch1x1", 320, 1, S1, 0)],
    [("branch3x3_1", 384, 1, S1, 0), (("branch3x3_2a", 384, [1, 3], S1, [0, 1]),
                                      ("branch3x3_2b", 384, [3, 1], S1, [1, 0]))],
    [("branch3x3dbl_1", 448, 1, S1, 0), ("branch3x3dbl_2", 384, 3, S1, 1),
     (("branch3x3dbl_3a", 384, [1, 3], S1, [0, 1]), ("branch3x3dbl_3b", 384, [3, 1], S1, [1, 0]))],
    ["avg", ("branch_pool", 192, 1, S1, 0)]]
MIXED: tuple[tuple[str, str, list[list[Step]]], ...] = (
    ("Mixed_5b", "InceptionA", _a(32)), ("Mixed_5c", "InceptionA", _a(64)), ("Mixed_5d", "InceptionA", _a(64)),
    ("Mixed_6a", "InceptionB", B), ("Mixed_6b", "InceptionC", _c(128)), ("Mixed_6c", "InceptionC", _c(160)),
    ("Mixed_6d", "InceptionC", _c(160)), ("Mixed_6e", "InceptionC", _c(192)), ("Mixed_7a", "InceptionD", D),
    ("Mixed_7b", "InceptionE", E), ("Mixed_7c", "InceptionE", E))


def _conv(net: Net, block: str, conv: Conv, cin: int, reads: str) -> tuple[str, int]:
    name, out, kernel, stride, padding = conv
    return basic_conv(net, f"{block}.{name}", cin, out, reads=(reads,), kernel_size=kernel, stride=stride,
                      padding=padding), out


def _mixed(net: Net, block: str, type_name: str, branches: list[list[Step]], cin: int) -> int:
    net.container(block, type_name)
    given, outputs, total = net.current, [], 0
    for steps in branches:
        current, channels = given, cin
        for step in steps:
            if step == "avg":
                current = net.op("AvgPool2d", reads=(current,), kernel_size=3, stride=1, padding=1)
            elif step == "max":
                current = net.op("MaxPool2d", reads=(current,), kernel_size=3, stride=2)
            elif isinstance(step[0], tuple):  # two convs on one input, joined
                parts = [_conv(net, block, conv, channels, current) for conv in step]  # type: ignore[arg-type]
                current, channels = net.op("cat", reads=tuple(p[0] for p in parts), dim=1), sum(p[1] for p in parts)
            else:
                current, channels = _conv(net, block, step, channels, current)  # type: ignore[arg-type]
        outputs.append(current)
        total += channels
    net.returns(block, net.op("cat", reads=tuple(outputs), dim=1))
    return total


def _unused_aux(net: Net, classes: int) -> None:
    """InceptionAux, made before Mixed_7a and never called in eval mode: only its parameters count."""
    for part, kind, args in (
            ("conv0.conv", "Conv2d", {"in_channels": 768, "out_channels": 128, "kernel_size": 1, "bias": False}),
            ("conv0.bn", "BatchNorm2d", {"num_features": 128}),
            ("conv1.conv", "Conv2d", {"in_channels": 128, "out_channels": 768, "kernel_size": 5, "bias": False}),
            ("conv1.bn", "BatchNorm2d", {"num_features": 768}),
            ("fc", "Linear", {"in_features": 768, "out_features": classes})):
        net.builder.add_unused(net.path(f"AuxLogits.{part}"), kind, args, net.line)


def _inception_v3(net: Net, kwargs: Mapping[str, Any]) -> str:
    pretrained = kwargs["weights"] is not None
    if kwargs["transform_input"] if kwargs["transform_input"] is not None else pretrained:
        transform_input(net)
    for sub, cin, cout, kernel, stride, padding in (
            ("Conv2d_1a_3x3", 3, 32, 3, 2, 0), ("Conv2d_2a_3x3", 32, 32, 3, 1, 0), ("Conv2d_2b_3x3", 32, 64, 3, 1, 1),
            ("maxpool1", 0, 0, 0, 0, 0), ("Conv2d_3b_1x1", 64, 80, 1, 1, 0), ("Conv2d_4a_3x3", 80, 192, 3, 1, 0),
            ("maxpool2", 0, 0, 0, 0, 0)):
        if sub.startswith("maxpool"):
            net.module(sub, "MaxPool2d", kernel_size=3, stride=2)
        else:
            basic_conv(net, sub, cin, cout, kernel_size=kernel, stride=stride, padding=padding)
    channels = 192
    for sub, type_name, branches in MIXED:
        if sub == "Mixed_7a" and kwargs["aux_logits"]:
            _unused_aux(net, kwargs["num_classes"])
        channels = _mixed(net, sub, type_name, branches, channels)
    net.module("avgpool", "AdaptiveAvgPool2d", output_size=[1, 1])
    net.module("dropout", "Dropout", p=kwargs["dropout"])
    net.op("flatten", start_dim=1)
    return net.module("fc", "Linear", in_features=2048, out_features=kwargs["num_classes"])


MODELS = {"inception_v3": Constructor("Inception3", _inception_v3, {
    "aux_logits": (True, a.boolean), "transform_input": (None, a.optional(a.boolean)),
    "init_weights": (None, a.optional(a.boolean)), "dropout": (0.5, a.fraction)},
    pretrained={"aux_logits": True, "init_weights": False})}
