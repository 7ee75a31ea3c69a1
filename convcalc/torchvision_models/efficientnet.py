"""torchvision's EfficientNet B0..B3 (efficientnet.py): stages of MBConv blocks (expand, depthwise,
squeeze-excitation, project; a block keeping its stride and channels passes through StochasticDepth and adds its
input), a pool, torch.flatten(x, 1) and a `classifier` Sequential."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from .. import args as a
from .base import Constructor, Net, conv_norm_act, make_divisible, squeeze_excitation

# B0's stages: expansion, kernel, stride, input channels, output channels, blocks
STAGES = ((1, 3, 1, 32, 16, 1), (6, 3, 2, 16, 24, 2), (6, 5, 2, 24, 40, 2), (6, 3, 2, 40, 80, 3),
          (6, 5, 1, 80, 112, 3), (6, 5, 2, 112, 192, 4), (6, 3, 1, 192, 320, 1))


def _mbconv(net: Net, sub: str, cin: int, cout: int, ratio: int, kernel: int, stride: int, drop: float) -> str:
    net.container(sub, "MBConv")
    given = net.current
    net.container(f"{sub}.block", "Sequential")
    expanded, part = make_divisible(cin * ratio), 0
    if expanded != cin:
        conv_norm_act(net, f"{sub}.block.0", cin, expanded, kernel=1, activation="SiLU")
        part = 1
    conv_norm_act(net, f"{sub}.block.{part}", expanded, expanded, kernel=kernel, stride=stride, groups=expanded,
                  activation="SiLU")
    squeeze_excitation(net, f"{sub}.block.{part + 1}", expanded, max(1, cin // 4), "SiLU", "Sigmoid")
    result = net.returns(f"{sub}.block", conv_norm_act(net, f"{sub}.block.{part + 2}", expanded, cout, kernel=1,
                                                       activation=None))
    if stride == 1 and cin == cout:
        net.module(f"{sub}.stochastic_depth", "StochasticDepth", p=drop, mode="row")
        result = net.op("broadcast", reads=(net.current, given), op="add")
    return net.returns(sub, result)


def efficientnet(width: float, depth: float, dropout: float) -> Constructor:
    def build(net: Net, kwargs: Mapping[str, Any]) -> str:
        stages = [(ratio, kernel, stride, make_divisible(cin * width), make_divisible(cout * width),
                   int(math.ceil(count * depth))) for ratio, kernel, stride, cin, cout, count in STAGES]
        total = sum(stage[5] for stage in stages)
        net.container("features", "Sequential")
        conv_norm_act(net, "features.0", 3, stages[0][3], stride=2, activation="SiLU")
        done = 0
        for index, (ratio, kernel, stride, cin, cout, count) in enumerate(stages, start=1):
            net.container(f"features.{index}", "Sequential")
            for number in range(count):
                _mbconv(net, f"features.{index}.{number}", cin if number == 0 else cout, cout, ratio, kernel,
                        stride if number == 0 else 1, kwargs["stochastic_depth_prob"] * done / total)
                done += 1
            net.returns(f"features.{index}", net.current)
        last_in = stages[-1][4]
        conv_norm_act(net, f"features.{len(stages) + 1}", last_in, 4 * last_in, kernel=1, activation="SiLU")
        net.returns("features", net.current)
        net.module("avgpool", "AdaptiveAvgPool2d", output_size=1)
        net.op("flatten", start_dim=1)
        net.container("classifier", "Sequential")
        net.module("classifier.0", "Dropout", p=kwargs["dropout"], inplace=True)
        return net.returns("classifier", net.module("classifier.1", "Linear", in_features=4 * last_in,
                                                    out_features=kwargs["num_classes"]))

    return Constructor("EfficientNet", build, {"dropout": (dropout, a.fraction),
                                               "stochastic_depth_prob": (0.2, a.fraction)})


MODELS = {
    "efficientnet_b0": efficientnet(1.0, 1.0, 0.2),
    "efficientnet_b1": efficientnet(1.0, 1.1, 0.2),
    "efficientnet_b2": efficientnet(1.1, 1.2, 0.3),
    "efficientnet_b3": efficientnet(1.2, 1.4, 0.3),
}
