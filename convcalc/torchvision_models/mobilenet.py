"""torchvision's MobileNetV2 (mobilenetv2.py) and MobileNetV3 (mobilenetv3.py, small and large): a `features`
Sequential of Conv2dNormActivation and InvertedResidual blocks (a block adds its input back when its stride is 1
and its channels stay), a pool, torch.flatten(x, 1) and a `classifier` Sequential."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import args as a
from .base import Constructor, Net, conv_norm_act, make_divisible, squeeze_excitation

# MobileNetV2's inverted residual settings: expansion t, channels c, repeats n, first stride s
V2_SETTINGS = ((1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2),
               (6, 320, 1, 1))


def _mobilenet_v2(net: Net, kwargs: Mapping[str, Any]) -> str:
    width, rounding = kwargs["width_mult"], kwargs["round_nearest"]
    channels = make_divisible(32 * width, rounding)
    last = make_divisible(1280 * max(1.0, width), rounding)
    net.container("features", "Sequential")
    conv_norm_act(net, "features.0", 3, channels, stride=2, activation="ReLU6")
    index = 1
    for t, c, n, s in V2_SETTINGS:
        out = make_divisible(c * width, rounding)
        for repeat in range(n):
            stride = s if repeat == 0 else 1
            block, given = f"features.{index}", net.current
            net.container(block, "InvertedResidual")
            net.container(f"{block}.conv", "Sequential")
            hidden, part = int(round(channels * t)), 0
            if t != 1:
                conv_norm_act(net, f"{block}.conv.0", channels, hidden, kernel=1, activation="ReLU6")
                part = 1
            conv_norm_act(net, f"{block}.conv.{part}", hidden, hidden, stride=stride, groups=hidden,
                          activation="ReLU6")
            net.module(f"{block}.conv.{part + 1}", "Conv2d", in_channels=hidden, out_channels=out, kernel_size=1,
                       bias=False)
            result = net.returns(f"{block}.conv", net.module(f"{block}.conv.{part + 2}", "BatchNorm2d",
                                                             num_features=out))
            if stride == 1 and channels == out:
                result = net.op("broadcast", reads=(given, result), op="add")
            net.returns(block, result)
            channels, index = out, index + 1
    conv_norm_act(net, f"features.{index}", channels, last, kernel=1, activation="ReLU6")
    net.returns("features", net.current)
    net.op("AdaptiveAvgPool2d", output_size=[1, 1])
    net.op("flatten", start_dim=1)
    net.container("classifier", "Sequential")
    net.module("classifier.0", "Dropout", p=kwargs["dropout"])
    return net.returns("classifier", net.module("classifier.1", "Linear", in_features=last,
                                                out_features=kwargs["num_classes"]))


# MobileNetV3's blocks: input channels, kernel, expanded channels, output channels, squeeze-excitation,
# activation (ReLU or Hardswish), stride
Setting = tuple[int, int, int, int, bool, str, int]
RE, HS = "ReLU", "Hardswish"
V3_LARGE: tuple[Setting, ...] = (
    (16, 3, 16, 16, False, RE, 1), (16, 3, 64, 24, False, RE, 2), (24, 3, 72, 24, False, RE, 1),
    (24, 5, 72, 40, True, RE, 2), (40, 5, 120, 40, True, RE, 1), (40, 5, 120, 40, True, RE, 1),
    (40, 3, 240, 80, False, HS, 2), (80, 3, 200, 80, False, HS, 1), (80, 3, 184, 80, False, HS, 1),
    (80, 3, 184, 80, False, HS, 1), (80, 3, 480, 112, True, HS, 1), (112, 3, 672, 112, True, HS, 1),
    (112, 5, 672, 160, True, HS, 2), (160, 5, 960, 160, True, HS, 1), (160, 5, 960, 160, True, HS, 1))
V3_SMALL: tuple[Setting, ...] = (
    (16, 3, 16, 16, True, RE, 2), (16, 3, 72, 24, False, RE, 2), (24, 3, 88, 24, False, RE, 1),
    (24, 5, 96, 40, True, HS, 2), (40, 5, 240, 40, True, HS, 1), (40, 5, 240, 40, True, HS, 1),
    (40, 5, 120, 48, True, HS, 1), (48, 5, 144, 48, True, HS, 1), (48, 5, 288, 96, True, HS, 2),
    (96, 5, 576, 96, True, HS, 1), (96, 5, 576, 96, True, HS, 1))


def mobilenet_v3(settings: tuple[Setting, ...], last_channel: int) -> Constructor:
    def build(net: Net, kwargs: Mapping[str, Any]) -> str:
        net.container("features", "Sequential")
        conv_norm_act(net, "features.0", 3, settings[0][0], stride=2, activation=HS)
        for index, (cin, kernel, expanded, cout, se, activation, stride) in enumerate(settings, start=1):
            block, given = f"features.{index}", net.current
            net.container(block, "InvertedResidual")
            net.container(f"{block}.block", "Sequential")
            part = 0
            if expanded != cin:
                conv_norm_act(net, f"{block}.block.0", cin, expanded, kernel=1, activation=activation)
                part = 1
            conv_norm_act(net, f"{block}.block.{part}", expanded, expanded, kernel=kernel, stride=stride,
                          groups=expanded, activation=activation)
            if se:
                part += 1
                squeeze_excitation(net, f"{block}.block.{part}", expanded, make_divisible(expanded // 4, 8), "ReLU",
                                   "Hardsigmoid")
            result = net.returns(f"{block}.block", conv_norm_act(net, f"{block}.block.{part + 1}", expanded, cout,
                                                                 kernel=1, activation=None))
            if stride == 1 and cin == cout:
                result = net.op("broadcast", reads=(result, given), op="add")
            net.returns(block, result)
        last_in = settings[-1][3]
        conv_norm_act(net, f"features.{len(settings) + 1}", last_in, 6 * last_in, kernel=1, activation=HS)
        net.returns("features", net.current)
        net.module("avgpool", "AdaptiveAvgPool2d", output_size=1)
        net.op("flatten", start_dim=1)
        net.container("classifier", "Sequential")
        net.module("classifier.0", "Linear", in_features=6 * last_in, out_features=last_channel)
        net.module("classifier.1", HS, inplace=True)
        net.module("classifier.2", "Dropout", p=kwargs["dropout"], inplace=True)
        return net.returns("classifier", net.module("classifier.3", "Linear", in_features=last_channel,
                                                    out_features=kwargs["num_classes"]))

    return Constructor("MobileNetV3", build, {"dropout": (0.2, a.fraction)})


MODELS = {
    "mobilenet_v2": Constructor("MobileNetV2", _mobilenet_v2, {
        "width_mult": (1.0, a.number), "round_nearest": (8, a.positive_int), "dropout": (0.2, a.fraction)}),
    "mobilenet_v3_small": mobilenet_v3(V3_SMALL, 1024),
    "mobilenet_v3_large": mobilenet_v3(V3_LARGE, 1280),
}
