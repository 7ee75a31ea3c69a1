"""EfficientNetB0-B7: one network scaled in width, depth and input size; preprocessing layers built in."""

from __future__ import annotations

import math
from typing import Any

from .common import (
    CLASSES_AS_TRUE,
    Common,
    Net,
    Shape,
    check_weights,
    conv_size,
    correct_pad,
    obtain_input_shape,
    pooled,
    validate_activation,
)

# (kernel_size, repeats, filters_in, filters_out, expand_ratio, strides) of each stage; se_ratio 0.25, id_skip.
BLOCKS = ((3, 1, 32, 16, 1, 1), (3, 2, 16, 24, 6, 2), (5, 2, 24, 40, 6, 2), (3, 3, 40, 80, 6, 2),
          (5, 3, 80, 112, 6, 1), (5, 4, 112, 192, 6, 2), (3, 1, 192, 320, 6, 1))
IMAGENET_STDDEV_RGB = (0.229, 0.224, 0.225)
DROP_CONNECT_RATE = 0.2


def round_filters(filters: float, width: float, divisor: int = 8) -> int:
    filters *= width
    rounded = max(divisor, int(filters + divisor / 2) // divisor * divisor)
    return int(rounded + divisor if rounded < 0.9 * filters else rounded)


def _block(net: Net, x: str, size: Shape, drop_rate: float, name: str, filters_in: int, filters_out: int,
           kernel_size: int, strides: int, expand_ratio: int) -> tuple[str, Shape]:
    inputs = x
    filters = filters_in * expand_ratio
    if expand_ratio != 1:
        x = net("Conv2D", x, f"{name}expand_conv", filters=filters, kernel_size=1, padding="same", use_bias=False)
        x = net("BatchNormalization", x, f"{name}expand_bn", axis=3)
        x = net("Activation", x, f"{name}expand_activation", activation="silu")
    padding = "same"
    if strides == 2:
        pad = correct_pad(size, kernel_size)
        x = net("ZeroPadding2D", x, f"{name}dwconv_pad", padding=pad)
        size = conv_size(size, kernel_size, 2, "valid", (sum(pad[0]), sum(pad[1])))
        padding = "valid"
    x = net("DepthwiseConv2D", x, f"{name}dwconv", kernel_size=kernel_size, strides=strides, padding=padding,
            use_bias=False)
    x = net("BatchNormalization", x, f"{name}bn", axis=3)
    x = net("Activation", x, f"{name}activation", activation="silu")
    se = net("GlobalAveragePooling2D", x, f"{name}se_squeeze")
    se = net("Reshape", se, f"{name}se_reshape", target_shape=[1, 1, filters])
    se = net("Conv2D", se, f"{name}se_reduce", filters=max(1, int(filters_in * 0.25)), kernel_size=1,
             padding="same", activation="silu")
    se = net("Conv2D", se, f"{name}se_expand", filters=filters, kernel_size=1, padding="same", activation="sigmoid")
    x = net("Multiply", [x, se], f"{name}se_excite")
    x = net("Conv2D", x, f"{name}project_conv", filters=filters_out, kernel_size=1, padding="same", use_bias=False)
    x = net("BatchNormalization", x, f"{name}project_bn", axis=3)
    if strides == 1 and filters_in == filters_out:
        if drop_rate > 0:
            x = net("Dropout", x, f"{name}drop", rate=drop_rate, noise_shape=[None, 1, 1, 1])
        x = net("Add", [x, inputs], f"{name}add")
    return x, size


def efficientnet(net: Net, common: Common, width: float, depth: float, default_size: int, dropout: float) -> None:
    check_weights(common, CLASSES_AS_TRUE)
    x = net.input(obtain_input_shape(common, default_size, 32), common.input_tensor)
    size = net.input_shape[:2]
    x = net("Rescaling", x, scale=1.0 / 255.0)
    x = net("Normalization", x, axis=[3])
    if common.weights == "imagenet":
        x = net("Rescaling", x, scale=[1.0 / math.sqrt(stddev) for stddev in IMAGENET_STDDEV_RGB])
    pad = correct_pad(size, 3)
    x = net("ZeroPadding2D", x, "stem_conv_pad", padding=pad)
    size = conv_size(size, 3, 2, "valid", (sum(pad[0]), sum(pad[1])))
    x = net("Conv2D", x, "stem_conv", filters=round_filters(32, width), kernel_size=3, strides=2, padding="valid",
            use_bias=False)
    x = net("BatchNormalization", x, "stem_bn", axis=3)
    x = net("Activation", x, "stem_activation", activation="silu")
    total = float(sum(int(math.ceil(depth * repeats)) for _, repeats, *_ in BLOCKS))
    b = 0
    for i, (kernel, repeats, filters_in, filters_out, expand, strides) in enumerate(BLOCKS):
        filters_in, filters_out = round_filters(filters_in, width), round_filters(filters_out, width)
        for j in range(int(math.ceil(depth * repeats))):
            if j > 0:
                strides, filters_in = 1, filters_out
            x, size = _block(net, x, size, DROP_CONNECT_RATE * b / total, f"block{i + 1}{chr(j + 97)}_", filters_in,
                             filters_out, kernel, strides, expand)
            b += 1
    x = net("Conv2D", x, "top_conv", filters=round_filters(1280, width), kernel_size=1, padding="same",
            use_bias=False)
    x = net("BatchNormalization", x, "top_bn", axis=3)
    x = net("Activation", x, "top_activation", activation="silu")
    if common.include_top:
        x = net("GlobalAveragePooling2D", x, "avg_pool")
        if dropout > 0:
            x = net("Dropout", x, "top_dropout", rate=dropout)
        validate_activation(common)
        x = net("Dense", x, "predictions", units=common.classes, activation=common.classifier_activation)
    else:
        x = pooled(net, x, common, "avg_pool", "max_pool")
    net.output = x


def _family(width: float, depth: float, size: int, dropout: float) -> Any:
    def build(net: Net, common: Common) -> None:
        efficientnet(net, common, width, depth, size, dropout)
    return build


SCALES = {"B0": (1.0, 1.0, 224, 0.2), "B1": (1.0, 1.1, 240, 0.2), "B2": (1.1, 1.2, 260, 0.3),
          "B3": (1.2, 1.4, 300, 0.3), "B4": (1.4, 1.8, 380, 0.4), "B5": (1.6, 2.2, 456, 0.4),
          "B6": (1.8, 2.6, 528, 0.5), "B7": (2.0, 3.1, 600, 0.5)}
BUILDERS = {f"EfficientNet{variant}": _family(*scale) for variant, scale in SCALES.items()}
