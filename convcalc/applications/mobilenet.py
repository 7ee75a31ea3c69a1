"""MobileNet (v1: depthwise separable convolutions) and MobileNetV2 (inverted residual blocks), with alpha."""

from __future__ import annotations

from typing import Any

from .common import (
    ApplicationError,
    Common,
    Net,
    Shape,
    check_weights,
    classifier_head,
    conv_size,
    correct_pad,
    given_shape,
    make_divisible,
    obtain_input_shape,
    pooled,
    validate_activation,
)


def _default_size(common: Common, sizes: tuple[int, ...]) -> int:
    """The pretrained size matching a square input_shape (or input_tensor), else 224."""
    shape = given_shape(common)
    if shape is None and common.input_tensor is not None and sizes[0] == 96:  # only MobileNetV2 looks at it
        shape = common.input_tensor.shape
    if shape is None or len(shape) < 2:
        return 224
    return shape[0] if shape[0] == shape[1] and shape[0] in sizes else 224


def _rows(common: Common, shape: Shape, sizes: tuple[int, ...]) -> int | None:
    rows = shape[0]
    if common.weights == "imagenet" and (rows != shape[1] or rows not in sizes):
        return 224
    return rows


def mobilenet(net: Net, common: Common, alpha: float = 1.0, depth_multiplier: int = 1, dropout: float = 0.001
              ) -> None:
    check_weights(common)
    sizes = (128, 160, 192, 224)
    shape = obtain_input_shape(common, _default_size(common, sizes), 32)
    if common.weights == "imagenet":
        if depth_multiplier != 1:
            raise ApplicationError("If imagenet weights are being loaded, depth multiplier must be 1.  Received "
                                   f"depth_multiplier={depth_multiplier}")
        if alpha not in (0.25, 0.5, 0.75, 1.0):
            raise ApplicationError("If imagenet weights are being loaded, alpha can be one of`0.25`, `0.50`, `0.75` "
                                   f"or `1.0` only.  Received alpha={alpha}")
    rows = _rows(common, shape, sizes)
    x = net.input(shape, common.input_tensor)
    x = net("Conv2D", x, "conv1", filters=int(32 * alpha), kernel_size=3, padding="same", use_bias=False, strides=2)
    x = net("BatchNormalization", x, "conv1_bn", axis=-1)
    x = net("ReLU", x, "conv1_relu", max_value=6.0)
    blocks = ((64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2), *[(512, 1)] * 5, (1024, 2), (1024, 1))
    for block_id, (filters, stride) in enumerate(blocks, start=1):
        if stride == 2:
            x = net("ZeroPadding2D", x, f"conv_pad_{block_id}", padding=[[0, 1], [0, 1]])
        x = net("DepthwiseConv2D", x, f"conv_dw_{block_id}", kernel_size=3, padding="same" if stride == 1 else "valid",
                depth_multiplier=depth_multiplier, strides=stride, use_bias=False)
        x = net("BatchNormalization", x, f"conv_dw_{block_id}_bn", axis=-1)
        x = net("ReLU", x, f"conv_dw_{block_id}_relu", max_value=6.0)
        x = net("Conv2D", x, f"conv_pw_{block_id}", filters=int(filters * alpha), kernel_size=1, padding="same",
                use_bias=False)
        x = net("BatchNormalization", x, f"conv_pw_{block_id}_bn", axis=-1)
        x = net("ReLU", x, f"conv_pw_{block_id}_relu", max_value=6.0)
    if common.include_top:
        x = net("GlobalAveragePooling2D", x, keepdims=True)
        x = net("Dropout", x, "dropout", rate=dropout)
        x = net("Conv2D", x, "conv_preds", filters=common.classes, kernel_size=1, padding="same")
        x = net("Reshape", x, "reshape_2", target_shape=[common.classes])
        validate_activation(common)
        x = net("Activation", x, "predictions", activation=common.classifier_activation)
    else:
        x = pooled(net, x, common)
    net.output = x
    net.name = net.name or f"mobilenet_{alpha:0.2f}_{rows}"


def _inverted_res_block(net: Net, x: str, size: Shape, in_channels: int, expansion: int, stride: int, alpha: float,
                        filters: int, block_id: int) -> tuple[str, Shape, int]:
    inputs = x
    pointwise_filters = make_divisible(int(filters * alpha), 8)
    prefix = f"block_{block_id}_"
    bn = {"axis": -1, "epsilon": 0.001, "momentum": 0.999}
    if block_id:
        x = net("Conv2D", x, f"{prefix}expand", filters=expansion * in_channels, kernel_size=1, padding="same",
                use_bias=False, activation=None)
        x = net("BatchNormalization", x, f"{prefix}expand_BN", **bn)
        x = net("ReLU", x, f"{prefix}expand_relu", max_value=6.0)
    else:
        prefix = "expanded_conv_"
    if stride == 2:
        pad = correct_pad(size, 3)
        x = net("ZeroPadding2D", x, f"{prefix}pad", padding=pad)
        size = conv_size(size, 3, 2, "valid", (pad[0][0] + pad[0][1], pad[1][0] + pad[1][1]))
    x = net("DepthwiseConv2D", x, f"{prefix}depthwise", kernel_size=3, strides=stride, activation=None,
            use_bias=False, padding="same" if stride == 1 else "valid")
    x = net("BatchNormalization", x, f"{prefix}depthwise_BN", **bn)
    x = net("ReLU", x, f"{prefix}depthwise_relu", max_value=6.0)
    x = net("Conv2D", x, f"{prefix}project", filters=pointwise_filters, kernel_size=1, padding="same",
            use_bias=False, activation=None)
    x = net("BatchNormalization", x, f"{prefix}project_BN", **bn)
    if in_channels == pointwise_filters and stride == 1:
        x = net("Add", [inputs, x], f"{prefix}add")
    return x, size, pointwise_filters


V2_BLOCKS = ((16, 1, 1), (24, 2, 6), (24, 1, 6), (32, 2, 6), (32, 1, 6), (32, 1, 6), (64, 2, 6), (64, 1, 6),
             (64, 1, 6), (64, 1, 6), (96, 1, 6), (96, 1, 6), (96, 1, 6), (160, 2, 6), (160, 1, 6), (160, 1, 6),
             (320, 1, 6))


def mobilenet_v2(net: Net, common: Common, alpha: float = 1.0) -> None:
    check_weights(common, 'If using `weights="imagenet"` with `include_top` as true, `classes` should be 1000. '
                          'Received `classes={classes}`')
    sizes = (96, 128, 160, 192, 224)
    shape = obtain_input_shape(common, _default_size(common, sizes), 32)
    if common.weights == "imagenet" and alpha not in (0.35, 0.5, 0.75, 1.0, 1.3, 1.4):
        raise ApplicationError("If imagenet weights are being loaded, alpha must be one of `0.35`, `0.50`, `0.75`, "
                               f"`1.0`, `1.3` or `1.4` only; Received `alpha={alpha}`")
    rows = _rows(common, shape, sizes)
    x = net.input(shape, common.input_tensor)
    size = net.input_shape[:2]
    first = make_divisible(32 * alpha, 8)
    bn = {"axis": -1, "epsilon": 0.001, "momentum": 0.999}
    x = net("Conv2D", x, "Conv1", filters=first, kernel_size=3, strides=2, padding="same", use_bias=False)
    size = conv_size(size, 3, 2, "same")
    x = net("BatchNormalization", x, "bn_Conv1", **bn)
    x = net("ReLU", x, "Conv1_relu", max_value=6.0)
    channels = first
    for block_id, (filters, stride, expansion) in enumerate(V2_BLOCKS):
        x, size, channels = _inverted_res_block(net, x, size, channels, expansion, stride, alpha, filters, block_id)
    last = make_divisible(1280 * alpha, 8) if alpha > 1.0 else 1280
    x = net("Conv2D", x, "Conv_1", filters=last, kernel_size=1, use_bias=False)
    x = net("BatchNormalization", x, "Conv_1_bn", **bn)
    x = net("ReLU", x, "out_relu", max_value=6.0)
    x = classifier_head(net, x, common)
    net.output = x
    net.name = net.name or f"mobilenetv2_{alpha:0.2f}_{rows}"


MOBILENET: Any = mobilenet
MOBILENET_V2: Any = mobilenet_v2
