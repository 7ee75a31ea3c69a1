"""ResNet50/101/152 (v1: batch norm after each convolution) and ResNet50V2/101V2/152V2 (pre-activation)."""

from __future__ import annotations

from typing import Any

from .common import Common, Net, check_weights, classifier_head, obtain_input_shape

BN = {"axis": 3, "epsilon": 1.001e-5}


def _block_v1(net: Net, x: str, filters: int, name: str, stride: int = 1, conv_shortcut: bool = True) -> str:
    shortcut = x
    if conv_shortcut:
        shortcut = net("Conv2D", x, f"{name}_0_conv", filters=4 * filters, kernel_size=1, strides=stride)
        shortcut = net("BatchNormalization", shortcut, f"{name}_0_bn", **BN)
    x = net("Conv2D", x, f"{name}_1_conv", filters=filters, kernel_size=1, strides=stride)
    x = net("BatchNormalization", x, f"{name}_1_bn", **BN)
    x = net("Activation", x, f"{name}_1_relu", activation="relu")
    x = net("Conv2D", x, f"{name}_2_conv", filters=filters, kernel_size=3, padding="same")
    x = net("BatchNormalization", x, f"{name}_2_bn", **BN)
    x = net("Activation", x, f"{name}_2_relu", activation="relu")
    x = net("Conv2D", x, f"{name}_3_conv", filters=4 * filters, kernel_size=1)
    x = net("BatchNormalization", x, f"{name}_3_bn", **BN)
    x = net("Add", [shortcut, x], f"{name}_add")
    return net("Activation", x, f"{name}_out", activation="relu")


def _stack_v1(net: Net, x: str, filters: int, blocks: int, name: str, stride: int = 2) -> str:
    x = _block_v1(net, x, filters, f"{name}_block1", stride=stride)
    for i in range(2, blocks + 1):
        x = _block_v1(net, x, filters, f"{name}_block{i}", conv_shortcut=False)
    return x


def _block_v2(net: Net, x: str, filters: int, name: str, stride: int = 1, conv_shortcut: bool = False) -> str:
    preact = net("BatchNormalization", x, f"{name}_preact_bn", **BN)
    preact = net("Activation", preact, f"{name}_preact_relu", activation="relu")
    if conv_shortcut:
        shortcut = net("Conv2D", preact, f"{name}_0_conv", filters=4 * filters, kernel_size=1, strides=stride)
    else:
        shortcut = net("MaxPooling2D", x, pool_size=1, strides=stride) if stride > 1 else x
    x = net("Conv2D", preact, f"{name}_1_conv", filters=filters, kernel_size=1, use_bias=False)
    x = net("BatchNormalization", x, f"{name}_1_bn", **BN)
    x = net("Activation", x, f"{name}_1_relu", activation="relu")
    x = net("ZeroPadding2D", x, f"{name}_2_pad", padding=1)
    x = net("Conv2D", x, f"{name}_2_conv", filters=filters, kernel_size=3, strides=stride, use_bias=False)
    x = net("BatchNormalization", x, f"{name}_2_bn", **BN)
    x = net("Activation", x, f"{name}_2_relu", activation="relu")
    x = net("Conv2D", x, f"{name}_3_conv", filters=4 * filters, kernel_size=1)
    return net("Add", [shortcut, x], f"{name}_out")


def _stack_v2(net: Net, x: str, filters: int, blocks: int, name: str, stride: int = 2) -> str:
    x = _block_v2(net, x, filters, f"{name}_block1", conv_shortcut=True)
    for i in range(2, blocks):
        x = _block_v2(net, x, filters, f"{name}_block{i}")
    return _block_v2(net, x, filters, f"{name}_block{blocks}", stride=stride)


def resnet(net: Net, common: Common, depths: tuple[int, int, int, int], v2: bool) -> None:
    check_weights(common)
    shape = obtain_input_shape(common, 224, 32)
    x = net.input(shape, common.input_tensor)
    x = net("ZeroPadding2D", x, "conv1_pad", padding=3)
    x = net("Conv2D", x, "conv1_conv", filters=64, kernel_size=7, strides=2)
    if not v2:
        x = net("BatchNormalization", x, "conv1_bn", **BN)
        x = net("Activation", x, "conv1_relu", activation="relu")
    x = net("ZeroPadding2D", x, "pool1_pad", padding=1)
    x = net("MaxPooling2D", x, "pool1_pool", pool_size=3, strides=2)
    for index, (filters, blocks) in enumerate(zip((64, 128, 256, 512), depths, strict=True)):
        if v2:
            x = _stack_v2(net, x, filters, blocks, f"conv{index + 2}", stride=1 if index == 3 else 2)
        else:
            x = _stack_v1(net, x, filters, blocks, f"conv{index + 2}", stride=1 if index == 0 else 2)
    if v2:
        x = net("BatchNormalization", x, "post_bn", **BN)
        x = net("Activation", x, "post_relu", activation="relu")
    x = classifier_head(net, x, common, "avg_pool", ("avg_pool", "max_pool"))
    net.output = x


def _family(depths: tuple[int, int, int, int], v2: bool) -> Any:
    def build(net: Net, common: Common) -> None:
        resnet(net, common, depths, v2)
    return build


RESNET50, RESNET101, RESNET152 = (_family(d, False) for d in ((3, 4, 6, 3), (3, 4, 23, 3), (3, 8, 36, 3)))
RESNET50V2, RESNET101V2, RESNET152V2 = (_family(d, True) for d in ((3, 4, 6, 3), (3, 4, 23, 3), (3, 8, 36, 3)))
