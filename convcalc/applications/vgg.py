"""VGG16 and VGG19: five blocks of 3x3 convolutions, then two 4096-unit Dense layers on top."""

from __future__ import annotations

from typing import Any

from .common import Common, Net, check_weights, obtain_input_shape, pooled, validate_activation


def vgg(net: Net, common: Common, convs: tuple[int, ...]) -> None:
    check_weights(common)
    x = net.input(obtain_input_shape(common, 224, 32), common.input_tensor)
    for block, (filters, count) in enumerate(zip((64, 128, 256, 512, 512), convs, strict=True), start=1):
        for i in range(1, count + 1):
            x = net("Conv2D", x, f"block{block}_conv{i}", filters=filters, kernel_size=3, activation="relu",
                    padding="same")
        x = net("MaxPooling2D", x, f"block{block}_pool", pool_size=2, strides=2)
    if common.include_top:
        x = net("Flatten", x, "flatten")
        x = net("Dense", x, "fc1", units=4096, activation="relu")
        x = net("Dense", x, "fc2", units=4096, activation="relu")
        validate_activation(common)
        x = net("Dense", x, "predictions", units=common.classes, activation=common.classifier_activation)
    else:
        x = pooled(net, x, common)
    net.output = x


def _family(convs: tuple[int, ...]) -> Any:
    def build(net: Net, common: Common) -> None:
        vgg(net, common, convs)
    return build


VGG16 = _family((2, 2, 3, 3, 3))
VGG19 = _family((2, 2, 4, 4, 4))
