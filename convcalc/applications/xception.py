"""Xception: separable convolutions in residual blocks; the shortcuts' layers are unnamed (conv2d, add, ...)."""

from __future__ import annotations

from .common import Common, Net, check_weights, obtain_input_shape, pooled, validate_activation


def _sep_bn(net: Net, x: str, filters: int, name: str) -> str:
    x = net("SeparableConv2D", x, name, filters=filters, kernel_size=3, padding="same", use_bias=False)
    return net("BatchNormalization", x, f"{name}_bn", axis=-1)


def _residual(net: Net, x: str, filters: int) -> str:
    residual = net("Conv2D", x, filters=filters, kernel_size=1, strides=2, padding="same", use_bias=False)
    return net("BatchNormalization", residual, axis=-1)


def xception(net: Net, common: Common) -> None:
    check_weights(common)
    x = net.input(obtain_input_shape(common, 299, 71), common.input_tensor)
    x = net("Conv2D", x, "block1_conv1", filters=32, kernel_size=3, strides=2, use_bias=False)
    x = net("BatchNormalization", x, "block1_conv1_bn", axis=-1)
    x = net("Activation", x, "block1_conv1_act", activation="relu")
    x = net("Conv2D", x, "block1_conv2", filters=64, kernel_size=3, use_bias=False)
    x = net("BatchNormalization", x, "block1_conv2_bn", axis=-1)
    x = net("Activation", x, "block1_conv2_act", activation="relu")
    for block, filters in ((2, 128), (3, 256), (4, 728)):
        residual = _residual(net, x, filters)
        if block > 2:
            x = net("Activation", x, f"block{block}_sepconv1_act", activation="relu")
        x = _sep_bn(net, x, filters, f"block{block}_sepconv1")
        x = net("Activation", x, f"block{block}_sepconv2_act", activation="relu")
        x = _sep_bn(net, x, filters, f"block{block}_sepconv2")
        x = net("MaxPooling2D", x, f"block{block}_pool", pool_size=3, strides=2, padding="same")
        x = net("Add", [x, residual])
    for block in range(5, 13):
        residual = x
        for i in (1, 2, 3):
            x = net("Activation", x, f"block{block}_sepconv{i}_act", activation="relu")
            x = _sep_bn(net, x, 728, f"block{block}_sepconv{i}")
        x = net("Add", [x, residual])
    residual = _residual(net, x, 1024)
    x = net("Activation", x, "block13_sepconv1_act", activation="relu")
    x = _sep_bn(net, x, 728, "block13_sepconv1")
    x = net("Activation", x, "block13_sepconv2_act", activation="relu")
    x = _sep_bn(net, x, 1024, "block13_sepconv2")
    x = net("MaxPooling2D", x, "block13_pool", pool_size=3, strides=2, padding="same")
    x = net("Add", [x, residual])
    for i, filters in ((1, 1536), (2, 2048)):
        x = _sep_bn(net, x, filters, f"block14_sepconv{i}")
        x = net("Activation", x, f"block14_sepconv{i}_act", activation="relu")
    if common.include_top:
        x = net("GlobalAveragePooling2D", x, "avg_pool")
        validate_activation(common)
        x = net("Dense", x, "predictions", units=common.classes, activation=common.classifier_activation)
    else:
        x = pooled(net, x, common)
    net.output = x
