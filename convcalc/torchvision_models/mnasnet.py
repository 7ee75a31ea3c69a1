"""torchvision's MNASNet (mnasnet.py, mnasnet0_5/0_75/1_0/1_3): one `layers` Sequential of convolutions and
stacks of inverted residuals (adding their input back when stride and channels allow), x.mean([2, 3]), then a
`classifier` Sequential."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import args as a
from .base import Constructor, Net

# stacks: kernel, stride, expansion, repeats (channels from _get_depths)
STACKS = ((3, 2, 3, 3), (5, 2, 3, 3), (5, 2, 6, 3), (3, 1, 6, 2), (5, 2, 6, 4), (3, 1, 6, 1))
DEPTHS = (32, 16, 24, 40, 80, 96, 192, 320)


def round_to_multiple(value: float, divisor: int = 8) -> int:
    """torchvision's _round_to_multiple_of with its 0.9 bias."""
    new = max(divisor, int(value + divisor / 2) // divisor * divisor)
    return new if new >= 0.9 * value else new + divisor


def _inverted(net: Net, sub: str, cin: int, cout: int, kernel: int, stride: int, expansion: int) -> None:
    net.container(sub, "_InvertedResidual")
    given, middle = net.current, cin * expansion
    net.container(f"{sub}.layers", "Sequential")
    steps: list[tuple[str, dict[str, Any]]] = [
        ("Conv2d", {"in_channels": cin, "out_channels": middle, "kernel_size": 1, "bias": False}),
        ("BatchNorm2d", {"num_features": middle}), ("ReLU", {"inplace": True}),
        ("Conv2d", {"in_channels": middle, "out_channels": middle, "kernel_size": kernel, "padding": kernel // 2,
                    "stride": stride, "groups": middle, "bias": False}),
        ("BatchNorm2d", {"num_features": middle}), ("ReLU", {"inplace": True}),
        ("Conv2d", {"in_channels": middle, "out_channels": cout, "kernel_size": 1, "bias": False}),
        ("BatchNorm2d", {"num_features": cout})]
    for index, (kind, args) in enumerate(steps):
        net.module(f"{sub}.layers.{index}", kind, **args)
    result = net.returns(f"{sub}.layers", net.current)
    if cin == cout and stride == 1:
        result = net.op("broadcast", reads=(result, given), op="add")
    net.returns(sub, result)


def mnasnet(alpha: float) -> Constructor:
    def build(net: Net, kwargs: Mapping[str, Any]) -> str:
        depths = [round_to_multiple(depth * alpha) for depth in DEPTHS]
        net.container("layers", "Sequential")
        first = depths[0]
        stem: tuple[tuple[str, dict[str, Any]], ...] = (
            ("Conv2d", {"in_channels": 3, "out_channels": first, "kernel_size": 3, "padding": 1, "stride": 2,
                        "bias": False}),
            ("BatchNorm2d", {"num_features": first}), ("ReLU", {"inplace": True}),
            ("Conv2d", {"in_channels": first, "out_channels": first, "kernel_size": 3, "padding": 1,
                        "groups": first, "bias": False}),
            ("BatchNorm2d", {"num_features": first}), ("ReLU", {"inplace": True}),
            ("Conv2d", {"in_channels": first, "out_channels": depths[1], "kernel_size": 1, "bias": False}),
            ("BatchNorm2d", {"num_features": depths[1]}))
        for index, (kind, args) in enumerate(stem):
            net.module(f"layers.{index}", kind, **args)
        for index, (kernel, stride, expansion, repeats) in enumerate(STACKS, start=8):
            stack, cin, cout = f"layers.{index}", depths[index - 7], depths[index - 6]
            net.container(stack, "Sequential")
            for number in range(repeats):
                _inverted(net, f"{stack}.{number}", cin if number == 0 else cout, cout, kernel,
                          stride if number == 0 else 1, expansion)
            net.returns(stack, net.current)
        net.module("layers.14", "Conv2d", in_channels=depths[7], out_channels=1280, kernel_size=1, bias=False)
        net.module("layers.15", "BatchNorm2d", num_features=1280)
        net.returns("layers", net.module("layers.16", "ReLU", inplace=True))
        net.op("reduce", dim=[2, 3])
        net.container("classifier", "Sequential")
        net.module("classifier.0", "Dropout", p=kwargs["dropout"], inplace=True)
        return net.returns("classifier", net.module("classifier.1", "Linear", in_features=1280,
                                                    out_features=kwargs["num_classes"]))

    return Constructor("MNASNet", build, {"dropout": (0.2, a.fraction)})


MODELS = {"mnasnet0_5": mnasnet(0.5), "mnasnet0_75": mnasnet(0.75), "mnasnet1_0": mnasnet(1.0),
          "mnasnet1_3": mnasnet(1.3)}
