"""InceptionV3: unnamed convolution + batch norm + relu units (conv2d_N, ...) joined into `mixed0`...`mixed10`."""

from __future__ import annotations

from .common import CLASSES_RECEIVED, Common, Net, check_weights, classifier_head, obtain_input_shape


def _conv_bn(net: Net, x: str, filters: int, rows: int, cols: int, padding: str = "same", strides: int = 1) -> str:
    x = net("Conv2D", x, filters=filters, kernel_size=[rows, cols], strides=strides, padding=padding, use_bias=False)
    x = net("BatchNormalization", x, axis=3, scale=False)
    return net("Activation", x, activation="relu")


def _chain(net: Net, x: str, *convs: tuple[int, int, int]) -> str:
    for filters, rows, cols in convs:
        x = _conv_bn(net, x, filters, rows, cols)
    return x


def _pool_branch(net: Net, x: str, filters: int) -> str:
    x = net("AveragePooling2D", x, pool_size=3, strides=1, padding="same")
    return _conv_bn(net, x, filters, 1, 1)


def inception_v3(net: Net, common: Common) -> None:
    check_weights(common, CLASSES_RECEIVED)
    x = net.input(obtain_input_shape(common, 299, 75), common.input_tensor)
    x = _conv_bn(net, x, 32, 3, 3, strides=2, padding="valid")
    x = _conv_bn(net, x, 32, 3, 3, padding="valid")
    x = _conv_bn(net, x, 64, 3, 3)
    x = net("MaxPooling2D", x, pool_size=3, strides=2)
    x = _conv_bn(net, x, 80, 1, 1, padding="valid")
    x = _conv_bn(net, x, 192, 3, 3, padding="valid")
    x = net("MaxPooling2D", x, pool_size=3, strides=2)
    for index, pool_filters in enumerate((32, 64, 64)):
        branches = [_chain(net, x, (64, 1, 1)), _chain(net, x, (48, 1, 1), (64, 5, 5)),
                    _chain(net, x, (64, 1, 1), (96, 3, 3), (96, 3, 3)), _pool_branch(net, x, pool_filters)]
        x = net("Concatenate", branches, f"mixed{index}", axis=3)
    branch3x3 = _conv_bn(net, x, 384, 3, 3, strides=2, padding="valid")
    double = _chain(net, x, (64, 1, 1), (96, 3, 3))
    double = _conv_bn(net, double, 96, 3, 3, strides=2, padding="valid")
    x = net("Concatenate", [branch3x3, double, net("MaxPooling2D", x, pool_size=3, strides=2)], "mixed3", axis=3)
    for index, width in ((4, 128), (5, 160), (6, 160), (7, 192)):
        branches = [_chain(net, x, (192, 1, 1)), _chain(net, x, (width, 1, 1), (width, 1, 7), (192, 7, 1)),
                    _chain(net, x, (width, 1, 1), (width, 7, 1), (width, 1, 7), (width, 7, 1), (192, 1, 7)),
                    _pool_branch(net, x, 192)]
        x = net("Concatenate", branches, f"mixed{index}", axis=3)
    branch3x3 = _conv_bn(net, _conv_bn(net, x, 192, 1, 1), 320, 3, 3, strides=2, padding="valid")
    branch7x7x3 = _chain(net, x, (192, 1, 1), (192, 1, 7), (192, 7, 1))
    branch7x7x3 = _conv_bn(net, branch7x7x3, 192, 3, 3, strides=2, padding="valid")
    x = net("Concatenate", [branch3x3, branch7x7x3, net("MaxPooling2D", x, pool_size=3, strides=2)], "mixed8",
            axis=3)
    for i in range(2):
        branch1x1 = _conv_bn(net, x, 320, 1, 1)
        branch3x3 = _conv_bn(net, x, 384, 1, 1)
        branch3x3 = net("Concatenate", [_conv_bn(net, branch3x3, 384, 1, 3), _conv_bn(net, branch3x3, 384, 3, 1)],
                        f"mixed9_{i}", axis=3)
        double = _chain(net, x, (448, 1, 1), (384, 3, 3))
        double = net("Concatenate", [_conv_bn(net, double, 384, 1, 3), _conv_bn(net, double, 384, 3, 1)], axis=3)
        x = net("Concatenate", [branch1x1, branch3x3, double, _pool_branch(net, x, 192)], f"mixed{9 + i}", axis=3)
    x = classifier_head(net, x, common, "avg_pool")
    net.output = x
