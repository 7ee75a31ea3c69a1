"""NASNetMobile and NASNetLarge: normal and reduction cells found by architecture search; each cell also reads the
one before the last, adjusted (`p`) to its size and filters."""

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
    obtain_input_shape,
)

BN = {"axis": -1, "momentum": 0.9997, "epsilon": 0.001}
CLASSES = 'If using `weights` as `"imagenet"` with `include_top` as true, `classes` should be 1000'
Tensor = tuple[str, Shape, int]  # a layer's name, its spatial size and its channels


def _separable(net: Net, x: str, size: Shape, filters: int, kernel: int, block_id: str, strides: int = 1
               ) -> tuple[str, Shape]:
    x = net("Activation", x, activation="relu")
    padding = "same"
    if strides == 2:
        pad = correct_pad(size, kernel)
        x = net("ZeroPadding2D", x, f"separable_conv_1_pad_{block_id}", padding=pad)
        size = conv_size(size, kernel, 2, "valid", (sum(pad[0]), sum(pad[1])))
        padding = "valid"
    x = net("SeparableConv2D", x, f"separable_conv_1_{block_id}", filters=filters, kernel_size=kernel,
            strides=strides, padding=padding, use_bias=False)
    x = net("BatchNormalization", x, f"separable_conv_1_bn_{block_id}", **BN)
    x = net("Activation", x, activation="relu")
    x = net("SeparableConv2D", x, f"separable_conv_2_{block_id}", filters=filters, kernel_size=kernel,
            padding="same", use_bias=False)
    return net("BatchNormalization", x, f"separable_conv_2_bn_{block_id}", **BN), size


def _adjust(net: Net, p: Tensor | None, ip: Tensor, filters: int, block_id: str) -> Tensor:
    """The previous cell's input made to fit this cell: halved in size, or projected to `filters` channels."""
    if p is None:
        return ip
    name, size, channels = p
    if size[1] != ip[1][1]:
        x = net("Activation", name, f"adjust_relu_1_{block_id}", activation="relu")
        p1 = net("AveragePooling2D", x, f"adjust_avg_pool_1_{block_id}", pool_size=1, strides=2, padding="valid")
        p1 = net("Conv2D", p1, f"adjust_conv_1_{block_id}", filters=filters // 2, kernel_size=1, padding="same",
                 use_bias=False)
        p2 = net("ZeroPadding2D", x, padding=[[0, 1], [0, 1]])
        p2 = net("Cropping2D", p2, cropping=[[1, 0], [1, 0]])
        p2 = net("AveragePooling2D", p2, f"adjust_avg_pool_2_{block_id}", pool_size=1, strides=2, padding="valid")
        p2 = net("Conv2D", p2, f"adjust_conv_2_{block_id}", filters=filters // 2, kernel_size=1, padding="same",
                 use_bias=False)
        x = net("Concatenate", [p1, p2], axis=-1)
        x = net("BatchNormalization", x, f"adjust_bn_{block_id}", **BN)
        return x, conv_size(size, 1, 2, "valid"), filters // 2 * 2
    if channels != filters:
        x = net("Activation", name, activation="relu")
        x = net("Conv2D", x, f"adjust_conv_projection_{block_id}", filters=filters, kernel_size=1, padding="same",
                use_bias=False)
        return net("BatchNormalization", x, f"adjust_bn_{block_id}", **BN), size, filters
    return p


def _squeeze(net: Net, ip: Tensor, filters: int, kind: str, block_id: str) -> str:
    h = net("Activation", ip[0], activation="relu")
    h = net("Conv2D", h, f"{kind}_conv_1_{block_id}", filters=filters, kernel_size=1, padding="same", use_bias=False)
    return net("BatchNormalization", h, f"{kind}_bn_1_{block_id}", **BN)


def _normal(net: Net, ip: Tensor, p: Tensor | None, filters: int, block_id: str) -> tuple[Tensor, Tensor]:
    adjusted = _adjust(net, p, ip, filters, block_id)
    q, size = adjusted[0], ip[1]
    h = _squeeze(net, ip, filters, "normal", block_id)
    x1 = net("Add", [_separable(net, h, size, filters, 5, f"normal_left1_{block_id}")[0],
                     _separable(net, q, size, filters, 3, f"normal_right1_{block_id}")[0]], f"normal_add_1_{block_id}")
    x2 = net("Add", [_separable(net, q, size, filters, 5, f"normal_left2_{block_id}")[0],
                     _separable(net, q, size, filters, 3, f"normal_right2_{block_id}")[0]], f"normal_add_2_{block_id}")
    pool = {"pool_size": 3, "strides": 1, "padding": "same"}
    x3 = net("AveragePooling2D", h, f"normal_left3_{block_id}", **pool)
    x3 = net("Add", [x3, q], f"normal_add_3_{block_id}")
    x4 = net("Add", [net("AveragePooling2D", q, f"normal_left4_{block_id}", **pool),
                     net("AveragePooling2D", q, f"normal_right4_{block_id}", **pool)], f"normal_add_4_{block_id}")
    x5 = net("Add", [_separable(net, h, size, filters, 3, f"normal_left5_{block_id}")[0], h],
             f"normal_add_5_{block_id}")
    x = net("Concatenate", [q, x1, x2, x3, x4, x5], f"normal_concat_{block_id}", axis=-1)
    return (x, size, adjusted[2] + 5 * filters), ip


def _reduction(net: Net, ip: Tensor, p: Tensor | None, filters: int, block_id: str) -> tuple[Tensor, Tensor]:
    q = _adjust(net, p, ip, filters, block_id)[0]
    size = ip[1]
    h = _squeeze(net, ip, filters, "reduction", block_id)
    pad = correct_pad(size, 3)
    h3 = net("ZeroPadding2D", h, f"reduction_pad_1_{block_id}", padding=pad)
    x1_1, reduced = _separable(net, h, size, filters, 5, f"reduction_left1_{block_id}", 2)
    x1_2, _ = _separable(net, q, size, filters, 7, f"reduction_right1_{block_id}", 2)
    x1 = net("Add", [x1_1, x1_2], f"reduction_add_1_{block_id}")
    x2_1 = net("MaxPooling2D", h3, f"reduction_left2_{block_id}", pool_size=3, strides=2, padding="valid")
    x2 = net("Add", [x2_1, _separable(net, q, size, filters, 7, f"reduction_right2_{block_id}", 2)[0]],
             f"reduction_add_2_{block_id}")
    x3_1 = net("AveragePooling2D", h3, f"reduction_left3_{block_id}", pool_size=3, strides=2, padding="valid")
    x3 = net("Add", [x3_1, _separable(net, q, size, filters, 5, f"reduction_right3_{block_id}", 2)[0]],
             f"reduction_add3_{block_id}")
    x4 = net("AveragePooling2D", x1, f"reduction_left4_{block_id}", pool_size=3, strides=1, padding="same")
    x4 = net("Add", [x2, x4])
    x5_1, _ = _separable(net, x1, reduced, filters, 3, f"reduction_left4_{block_id}")
    x5_2 = net("MaxPooling2D", h3, f"reduction_right5_{block_id}", pool_size=3, strides=2, padding="valid")
    x5 = net("Add", [x5_1, x5_2], f"reduction_add4_{block_id}")
    x = net("Concatenate", [x2, x3, x4, x5], f"reduction_concat_{block_id}", axis=-1)
    return (x, reduced, 4 * filters), ip


def nasnet(net: Net, common: Common, penultimate_filters: int, num_blocks: int, stem_filters: int,
           skip_reduction: bool, default_size: int) -> None:
    check_weights(common, CLASSES)
    shape = given_shape(common)
    if shape is not None and None in shape and common.weights == "imagenet":
        raise ApplicationError("When specifying the input shape of a NASNet and loading `ImageNet` weights, the "
                               "input_shape argument must be static (no None entries). Got: "
                               f"`input_shape={shape}`.")
    x_name = net.input(obtain_input_shape(common, default_size, 32), common.input_tensor)
    filters = penultimate_filters // 24
    x_name = net("Conv2D", x_name, "stem_conv1", filters=stem_filters, kernel_size=3, strides=2, padding="valid",
                 use_bias=False)
    x_name = net("BatchNormalization", x_name, "stem_bn1", **BN)
    x: Tensor = (x_name, conv_size(net.input_shape[:2], 3, 2, "valid"), stem_filters)
    p: Tensor | None = None
    x, p = _reduction(net, x, p, filters // 4, "stem_1")
    x, p = _reduction(net, x, p, filters // 2, "stem_2")
    for stage in range(3):
        if stage:
            x, p0 = _reduction(net, x, p, filters * 2 ** stage, f"reduce_{stage * num_blocks}")
            p = p if skip_reduction else p0
        for i in range(num_blocks):
            x, p = _normal(net, x, p, filters * 2 ** stage, f"{stage * num_blocks + i + (1 if stage else 0)}")
    out = net("Activation", x[0], activation="relu")
    out = classifier_head(net, out, common)
    net.output = out


def nasnet_mobile(net: Net, common: Common) -> None:
    if not common.include_top and common.input_shape is None:
        common.input_shape = (224, 224, 3)
    nasnet(net, common, 1056, 4, 32, False, 224)


def nasnet_large(net: Net, common: Common) -> None:
    nasnet(net, common, 4032, 6, 96, True, 331)


NASNET_MOBILE: Any = nasnet_mobile
NASNET_LARGE: Any = nasnet_large
