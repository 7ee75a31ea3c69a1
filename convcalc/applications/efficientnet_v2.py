"""EfficientNetV2B0-B3, S, M, L: fused and depthwise MBConv blocks; Keras looks the blocks up by the model's name."""

from __future__ import annotations

import math
from typing import Any

from .common import (
    CLASSES_AS_TRUE,
    ApplicationError,
    Common,
    Net,
    check_weights,
    obtain_input_shape,
    validate_activation,
)

# (num_repeat, input_filters, output_filters, expand_ratio, se_ratio, strides, fused) per stage; kernel 3.
B = ((1, 32, 16, 1, 0, 1, True), (2, 16, 32, 4, 0, 2, True), (2, 32, 48, 4, 0, 2, True),
     (3, 48, 96, 4, 0.25, 2, False), (5, 96, 112, 6, 0.25, 1, False), (8, 112, 192, 6, 0.25, 2, False))
BLOCKS = {
    **{f"efficientnetv2-b{i}": B for i in range(4)},
    "efficientnetv2-s": ((2, 24, 24, 1, 0, 1, True), (4, 24, 48, 4, 0, 2, True), (4, 48, 64, 4, 0, 2, True),
                         (6, 64, 128, 4, 0.25, 2, False), (9, 128, 160, 6, 0.25, 1, False),
                         (15, 160, 256, 6, 0.25, 2, False)),
    "efficientnetv2-m": ((3, 24, 24, 1, 0, 1, True), (5, 24, 48, 4, 0, 2, True), (5, 48, 80, 4, 0, 2, True),
                         (7, 80, 160, 4, 0.25, 2, False), (14, 160, 176, 6, 0.25, 1, False),
                         (18, 176, 304, 6, 0.25, 2, False), (5, 304, 512, 6, 0.25, 1, False)),
    "efficientnetv2-l": ((4, 32, 32, 1, 0, 1, True), (7, 32, 64, 4, 0, 2, True), (7, 64, 96, 4, 0, 2, True),
                         (10, 96, 192, 4, 0.25, 2, False), (19, 192, 224, 6, 0.25, 1, False),
                         (25, 224, 384, 6, 0.25, 2, False), (7, 384, 640, 6, 0.25, 1, False)),
}
SCALES = {"B0": (1.0, 1.0, 224), "B1": (1.0, 1.1, 240), "B2": (1.1, 1.2, 260), "B3": (1.2, 1.4, 300),
          "S": (1.0, 1.0, 384), "M": (1.0, 1.0, 480), "L": (1.0, 1.0, 480)}


def round_filters(filters: float, width: float) -> int:
    filters *= width
    return int(max(8, int(filters + 4) // 8 * 8))


def _block(net: Net, x: str, name: str, filters_in: int, filters_out: int, expand_ratio: int, se_ratio: float,
           strides: int, fused: bool, survival: float) -> str:
    inputs = x
    bn = {"axis": 3, "momentum": 0.9}
    filters = filters_in * expand_ratio
    if expand_ratio != 1:
        x = net("Conv2D", x, f"{name}expand_conv", filters=filters, kernel_size=3 if fused else 1,
                strides=strides if fused else 1, padding="same", use_bias=False)
        x = net("BatchNormalization", x, f"{name}expand_bn", **bn)
        x = net("Activation", x, f"{name}expand_activation", activation="silu")
    if not fused:
        x = net("DepthwiseConv2D", x, f"{name}dwconv2", kernel_size=3, strides=strides, padding="same",
                use_bias=False)
        x = net("BatchNormalization", x, f"{name}bn", **bn)
        x = net("Activation", x, f"{name}activation", activation="silu")
    if 0 < se_ratio <= 1:
        se = net("GlobalAveragePooling2D", x, f"{name}se_squeeze")
        se = net("Reshape", se, f"{name}se_reshape", target_shape=[1, 1, filters])
        se = net("Conv2D", se, f"{name}se_reduce", filters=max(1, int(filters_in * se_ratio)), kernel_size=1,
                 padding="same", activation="silu")
        se = net("Conv2D", se, f"{name}se_expand", filters=filters, kernel_size=1, padding="same",
                 activation="sigmoid")
        x = net("Multiply", [x, se], f"{name}se_excite")
    single = fused and expand_ratio == 1  # the projection is the block's only convolution
    x = net("Conv2D", x, f"{name}project_conv", filters=filters_out, kernel_size=3 if single else 1,
            strides=strides if single else 1, padding="same", use_bias=False)
    x = net("BatchNormalization", x, f"{name}project_bn", **bn)
    if single:
        x = net("Activation", x, f"{name}project_activation", activation="silu")
    if strides == 1 and filters_in == filters_out:
        if survival:
            x = net("Dropout", x, f"{name}drop", rate=survival, noise_shape=[None, 1, 1, 1])
        x = net("Add", [x, inputs], f"{name}add")
    return x


def efficientnet_v2(net: Net, common: Common, width: float, depth: float, default_size: int,
                    include_preprocessing: bool) -> None:
    name = net.name
    if name not in BLOCKS:
        raise ApplicationError(f"EfficientNetV2 finds its blocks by the model's name, which must be one of "
                               f"{', '.join(BLOCKS)} (Keras fails with KeyError: {name!r})")
    blocks = BLOCKS[name]
    check_weights(common, CLASSES_AS_TRUE)
    shape = obtain_input_shape(common, default_size, 32)
    x = net.input(shape, common.input_tensor)
    if include_preprocessing:
        if name.split("-")[-1].startswith("b") and shape[2] == 3:
            x = net("Rescaling", x, scale=1.0 / 255)
            x = net("Normalization", x, axis=[3], mean=[0.485, 0.456, 0.406],
                    variance=[0.229**2, 0.224**2, 0.225**2])
        else:
            x = net("Rescaling", x, scale=1.0 / 128.0, offset=-1)
    x = net("Conv2D", x, "stem_conv", filters=round_filters(blocks[0][1], width), kernel_size=3, strides=2,
            padding="same", use_bias=False)
    x = net("BatchNormalization", x, "stem_bn", axis=3, momentum=0.9)
    x = net("Activation", x, "stem_activation", activation="silu")
    total = float(sum(stage[0] for stage in blocks))
    b = 0
    for i, (repeats, filters_in, filters_out, expand, se_ratio, strides, fused) in enumerate(blocks):
        filters_in, filters_out = round_filters(filters_in, width), round_filters(filters_out, width)
        for j in range(int(math.ceil(depth * repeats))):
            if j > 0:
                strides, filters_in = 1, filters_out
            x = _block(net, x, f"block{i + 1}{chr(j + 97)}_", filters_in, filters_out, expand, se_ratio, strides,
                       fused, 0.2 * b / total)
            b += 1
    x = net("Conv2D", x, "top_conv", filters=round_filters(1280, width), kernel_size=1, padding="same",
            use_bias=False)
    x = net("BatchNormalization", x, "top_bn", axis=3, momentum=0.9)
    x = net("Activation", x, "top_activation", activation="silu")
    if common.include_top:
        x = net("GlobalAveragePooling2D", x, "avg_pool")
        x = net("Dropout", x, "top_dropout", rate=0.2)
        validate_activation(common)
        x = net("Dense", x, "predictions", units=common.classes, activation=common.classifier_activation)
    elif common.pooling == "avg":
        x = net("GlobalAveragePooling2D", x, "avg_pool")
    elif common.pooling == "max":
        x = net("GlobalMaxPooling2D", x, "max_pool")
    net.output = x


def _family(width: float, depth: float, size: int) -> Any:
    def build(net: Net, common: Common, include_preprocessing: bool) -> None:
        efficientnet_v2(net, common, width, depth, size, include_preprocessing)
    return build


BUILDERS = {f"EfficientNetV2{variant}": _family(*scale) for variant, scale in SCALES.items()}
