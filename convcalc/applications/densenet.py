"""DenseNet121/169/201: dense blocks (each unit concatenated onto what came before) between transitions."""

from __future__ import annotations

from typing import Any

from .common import Common, Net, check_weights, classifier_head, obtain_input_shape

BN = {"axis": 3, "epsilon": 1.001e-5}
CLASSES = 'If using `weights` as `"imagenet"` with `include_top` as true, `classes` should be 1000'


def densenet(net: Net, common: Common, blocks: tuple[int, int, int, int]) -> None:
    check_weights(common, CLASSES)
    x = net.input(obtain_input_shape(common, 224, 32), common.input_tensor)
    x = net("ZeroPadding2D", x, padding=3)
    x = net("Conv2D", x, "conv1_conv", filters=64, kernel_size=7, strides=2, use_bias=False)
    x = net("BatchNormalization", x, "conv1_bn", **BN)
    x = net("Activation", x, "conv1_relu", activation="relu")
    x = net("ZeroPadding2D", x, padding=1)
    x = net("MaxPooling2D", x, "pool1", pool_size=3, strides=2)
    channels = 64
    for stage, count in enumerate(blocks, start=2):
        for i in range(1, count + 1):
            name = f"conv{stage}_block{i}"
            x1 = net("BatchNormalization", x, f"{name}_0_bn", **BN)
            x1 = net("Activation", x1, f"{name}_0_relu", activation="relu")
            x1 = net("Conv2D", x1, f"{name}_1_conv", filters=128, kernel_size=1, use_bias=False)
            x1 = net("BatchNormalization", x1, f"{name}_1_bn", **BN)
            x1 = net("Activation", x1, f"{name}_1_relu", activation="relu")
            x1 = net("Conv2D", x1, f"{name}_2_conv", filters=32, kernel_size=3, padding="same", use_bias=False)
            x = net("Concatenate", [x, x1], f"{name}_concat", axis=3)
            channels += 32
        if stage < 5:
            name = f"pool{stage}"
            x = net("BatchNormalization", x, f"{name}_bn", **BN)
            x = net("Activation", x, f"{name}_relu", activation="relu")
            channels = int(channels * 0.5)
            x = net("Conv2D", x, f"{name}_conv", filters=channels, kernel_size=1, use_bias=False)
            x = net("AveragePooling2D", x, f"{name}_pool", pool_size=2, strides=2)
    x = net("BatchNormalization", x, "bn", **BN)
    x = net("Activation", x, "relu", activation="relu")
    x = classifier_head(net, x, common, "avg_pool", ("avg_pool", "max_pool"))
    net.output = x


def _family(blocks: tuple[int, int, int, int]) -> Any:
    def build(net: Net, common: Common) -> None:
        densenet(net, common, blocks)
    return build


DENSENET121, DENSENET169, DENSENET201 = (_family(b) for b in ((6, 12, 24, 16), (6, 12, 32, 32), (6, 12, 48, 32)))
