"""MobileNetV3Small and MobileNetV3Large: inverted residual blocks with squeeze-excite and hard-swish.

hard_sigmoid is written with tensor operations (`relu6(x + 3) * (1 / 6)`), which Keras records as operation rows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .common import (
    ApplicationError,
    Common,
    Net,
    Shape,
    check_weights,
    conv_size,
    correct_pad,
    given_shape,
    validate_activation,
)
from .common import make_divisible as depth

BN = {"axis": -1, "epsilon": 0.001, "momentum": 0.999}
CLASSES = ('If using `weights="imagenet"` with `include_top` as true, `classes` should be 1000.  '
           "Received classes={classes}")
Activation = Callable[[Net, str], str]
# (expansion, filters, kernel (0: the model's), stride, squeeze-excite, hard-swish (else relu)) of each block.
SMALL = ((1, 16, 3, 2, True, False), (72 / 16, 24, 3, 2, False, False), (88 / 24, 24, 3, 1, False, False),
         (4, 40, 0, 2, True, True), (6, 40, 0, 1, True, True), (6, 40, 0, 1, True, True),
         (3, 48, 0, 1, True, True), (3, 48, 0, 1, True, True), (6, 96, 0, 2, True, True),
         (6, 96, 0, 1, True, True), (6, 96, 0, 1, True, True))
LARGE = ((1, 16, 3, 1, False, False), (4, 24, 3, 2, False, False), (3, 24, 3, 1, False, False),
         (3, 40, 0, 2, True, False), (3, 40, 0, 1, True, False), (3, 40, 0, 1, True, False),
         (6, 80, 3, 2, False, True), (2.5, 80, 3, 1, False, True), (2.3, 80, 3, 1, False, True),
         (2.3, 80, 3, 1, False, True), (6, 112, 3, 1, True, True), (6, 112, 3, 1, True, True),
         (6, 160, 0, 2, True, True), (6, 160, 0, 1, True, True), (6, 160, 0, 1, True, True))


def _relu(net: Net, x: str) -> str:
    return net("ReLU", x)


def _hard_swish(net: Net, x: str) -> str:
    return net("Activation", x, activation="hard_silu")


def _se_block(net: Net, inputs: str, filters: int, prefix: str) -> str:
    x = net("GlobalAveragePooling2D", inputs, f"{prefix}squeeze_excite_avg_pool", keepdims=True)
    x = net("Conv2D", x, f"{prefix}squeeze_excite_conv", filters=depth(filters * 0.25), kernel_size=1, padding="same")
    x = net("ReLU", x, f"{prefix}squeeze_excite_relu")
    x = net("Conv2D", x, f"{prefix}squeeze_excite_conv_1", filters=filters, kernel_size=1, padding="same")
    relu6 = net.names.next("re_lu")  # made before the `x + 3.0` it is called on
    x = net("ops.add", x, constant=3.0)
    x = net("ReLU", x, relu6, max_value=6.0)
    x = net("ops.multiply", x, constant=1.0 / 6.0)
    return net("Multiply", [inputs, x], f"{prefix}squeeze_excite_mul")


def mobilenet_v3(net: Net, common: Common, blocks: tuple[tuple[Any, ...], ...], last_point: int, alpha: float,
                 minimalistic: bool, dropout_rate: float, include_preprocessing: bool, model_type: str) -> None:
    check_weights(common, CLASSES)
    tensor = common.input_tensor
    shape = given_shape(common) or (tensor.shape if tensor is not None else (None, None, 3))
    rows, cols = (shape[0], shape[1]) if len(shape) >= 2 else (None, None)
    if rows and cols and (rows < 32 or cols < 32):
        raise ApplicationError(f"Input size must be at least 32x32; Received `input_shape={shape}`")
    if common.weights == "imagenet" and ((not minimalistic and alpha not in (0.75, 1.0))
                                         or (minimalistic and alpha != 1.0)):
        raise ApplicationError("If imagenet weights are being loaded, alpha can be one of `0.75`, `1.0` for non "
                               "minimalistic or `1.0` for minimalistic only.")
    x = net.input(shape, tensor)
    size: Shape = net.input_shape[:2]
    kernel, activation, se = (3, _relu, False) if minimalistic else (5, _hard_swish, True)
    if include_preprocessing:
        x = net("Rescaling", x, scale=1.0 / 127.5, offset=-1.0)
    x = net("Conv2D", x, "conv", filters=16, kernel_size=3, strides=2, padding="same", use_bias=False)
    size = conv_size(size, 3, 2, "same")
    x = net("BatchNormalization", x, "conv_bn", **BN)
    x = activation(net, x)
    channels = 16
    for block_id, (expansion, filters, block_kernel, stride, uses_se, swish) in enumerate(blocks):
        block_activation: Activation = activation if swish else _relu
        filters = depth(filters * alpha)
        shortcut, prefix = x, "expanded_conv_"
        expanded = depth(channels * expansion)
        block_kernel = block_kernel or kernel
        if block_id:
            prefix = f"expanded_conv_{block_id}_"
            x = net("Conv2D", x, f"{prefix}expand", filters=expanded, kernel_size=1, padding="same", use_bias=False)
            x = net("BatchNormalization", x, f"{prefix}expand_bn", **BN)
            x = block_activation(net, x)
        if stride == 2:
            pad = correct_pad(size, block_kernel)
            x = net("ZeroPadding2D", x, f"{prefix}depthwise_pad", padding=pad)
            size = conv_size(size, block_kernel, 2, "valid", (sum(pad[0]), sum(pad[1])))
        x = net("DepthwiseConv2D", x, f"{prefix}depthwise", kernel_size=block_kernel, strides=stride,
                padding="same" if stride == 1 else "valid", use_bias=False)
        x = net("BatchNormalization", x, f"{prefix}depthwise_bn", **BN)
        x = block_activation(net, x)
        if uses_se and se:
            x = _se_block(net, x, expanded, prefix)
        x = net("Conv2D", x, f"{prefix}project", filters=filters, kernel_size=1, padding="same", use_bias=False)
        x = net("BatchNormalization", x, f"{prefix}project_bn", **BN)
        if stride == 1 and channels == filters:
            x = net("Add", [shortcut, x], f"{prefix}add")
        channels = filters
    if alpha > 1.0:
        last_point = depth(last_point * alpha)
    x = net("Conv2D", x, "conv_1", filters=depth(channels * 6), kernel_size=1, padding="same", use_bias=False)
    x = net("BatchNormalization", x, "conv_1_bn", **BN)
    x = activation(net, x)
    if common.include_top:
        x = net("GlobalAveragePooling2D", x, keepdims=True)
        x = net("Conv2D", x, "conv_2", filters=last_point, kernel_size=1, padding="same")
        x = activation(net, x)
        if dropout_rate > 0:
            x = net("Dropout", x, rate=dropout_rate)
        x = net("Conv2D", x, "logits", filters=common.classes, kernel_size=1, padding="same")
        x = net("Flatten", x)
        validate_activation(common)
        x = net("Activation", x, "predictions", activation=common.classifier_activation)
    elif common.pooling == "avg":
        x = net("GlobalAveragePooling2D", x, "avg_pool")
    elif common.pooling == "max":
        x = net("GlobalMaxPooling2D", x, "max_pool")
    net.output = x


def _family(blocks: tuple[tuple[Any, ...], ...], last_point: int, model_type: str) -> Any:
    def build(net: Net, common: Common, alpha: float, minimalistic: bool, dropout_rate: float,
              include_preprocessing: bool) -> None:
        mobilenet_v3(net, common, blocks, last_point, alpha, minimalistic, dropout_rate, include_preprocessing,
                     model_type)
    return build


MOBILENET_V3_SMALL = _family(SMALL, 1024, "small")
MOBILENET_V3_LARGE = _family(LARGE, 1280, "large")
