"""InceptionResNetV2: Inception branches whose concatenation, scaled by CustomScaleLayer, is added back."""

from __future__ import annotations

from .common import CLASSES_RECEIVED, Common, Net, check_weights, classifier_head, obtain_input_shape

Conv = tuple[int, int | list[int]]  # filters, kernel size
# Each block type: its branches (each a chain of convolutions) and the channels it adds back to.
BLOCKS: dict[str, tuple[tuple[tuple[Conv, ...], ...], int]] = {
    "block35": ((((32, 1),), ((32, 1), (32, 3)), ((32, 1), (48, 3), (64, 3))), 320),
    "block17": ((((192, 1),), ((128, 1), (160, [1, 7]), (192, [7, 1]))), 1088),
    "block8": ((((192, 1),), ((192, 1), (224, [1, 3]), (256, [3, 1]))), 2080),
}


def _conv_bn(net: Net, x: str, filters: int, kernel: int | list[int], strides: int = 1, padding: str = "same",
             activation: str | None = "relu", use_bias: bool = False, name: str | None = None) -> str:
    x = net("Conv2D", x, name, filters=filters, kernel_size=kernel, strides=strides, padding=padding,
            use_bias=use_bias)
    if not use_bias:
        x = net("BatchNormalization", x, None if name is None else f"{name}_bn", axis=3, scale=False)
    if activation is not None:
        x = net("Activation", x, None if name is None else f"{name}_ac", activation=activation)
    return x


def _chain(net: Net, x: str, convs: tuple[Conv, ...], strides: int = 1) -> str:
    """Convolutions one after another; a strided chain ends in a strided 'valid' 3x3."""
    for index, (filters, kernel) in enumerate(convs):
        last = strides > 1 and index == len(convs) - 1
        x = _conv_bn(net, x, filters, kernel, strides if last else 1, "valid" if last else "same")
    return x


def _block(net: Net, x: str, scale: float, block_type: str, index: int, activation: str | None = "relu") -> str:
    branches, channels = BLOCKS[block_type]
    name = f"{block_type}_{index}"
    mixed = net("Concatenate", [_chain(net, x, chain) for chain in branches], f"{name}_mixed", axis=3)
    up = _conv_bn(net, mixed, channels, 1, activation=None, use_bias=True, name=f"{name}_conv")
    x = net("CustomScaleLayer", [x, up], scale=scale)
    if activation is not None:
        x = net("Activation", x, f"{name}_ac", activation=activation)
    return x


def inception_resnet_v2(net: Net, common: Common) -> None:
    check_weights(common, CLASSES_RECEIVED)
    x = net.input(obtain_input_shape(common, 299, 75), common.input_tensor)
    x = _conv_bn(net, x, 32, 3, strides=2, padding="valid")
    x = _conv_bn(net, x, 32, 3, padding="valid")
    x = _conv_bn(net, x, 64, 3)
    x = net("MaxPooling2D", x, pool_size=3, strides=2)
    x = _conv_bn(net, x, 80, 1, padding="valid")
    x = _conv_bn(net, x, 192, 3, padding="valid")
    x = net("MaxPooling2D", x, pool_size=3, strides=2)
    branches = [_chain(net, x, ((96, 1),)), _chain(net, x, ((48, 1), (64, 5))),
                _chain(net, x, ((64, 1), (96, 3), (96, 3)))]
    pool = net("AveragePooling2D", x, pool_size=3, strides=1, padding="same")
    x = net("Concatenate", [*branches, _conv_bn(net, pool, 64, 1)], "mixed_5b", axis=3)
    for index in range(1, 11):
        x = _block(net, x, 0.17, "block35", index)
    branches = [_chain(net, x, ((384, 3),), strides=2), _chain(net, x, ((256, 1), (256, 3), (384, 3)), strides=2)]
    x = net("Concatenate", [*branches, net("MaxPooling2D", x, pool_size=3, strides=2, padding="valid")], "mixed_6a",
            axis=3)
    for index in range(1, 21):
        x = _block(net, x, 0.1, "block17", index)
    branches = [_chain(net, x, ((256, 1), (384, 3)), strides=2), _chain(net, x, ((256, 1), (288, 3)), strides=2),
                _chain(net, x, ((256, 1), (288, 3), (320, 3)), strides=2)]
    x = net("Concatenate", [*branches, net("MaxPooling2D", x, pool_size=3, strides=2, padding="valid")], "mixed_7a",
            axis=3)
    for index in range(1, 10):
        x = _block(net, x, 0.2, "block8", index)
    x = _block(net, x, 1.0, "block8", 10, activation=None)
    x = _conv_bn(net, x, 1536, 1, name="conv_7b")
    x = classifier_head(net, x, common, "avg_pool")
    net.output = x
