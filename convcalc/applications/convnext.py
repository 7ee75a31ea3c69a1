"""ConvNeXtTiny/Small/Base/Large/XLarge: a Sequential stem and three Sequential downsampling blocks (models used as
layers), blocks with LayerScale, and a residual written as `inputs + x` (an operation row)."""

from __future__ import annotations

from typing import Any

from .common import (
    CLASSES_RECEIVED,
    ApplicationError,
    Common,
    Entry,
    Net,
    Shape,
    check_weights,
    conv_size,
    obtain_input_shape,
    validate_activation,
)

LN: dict[str, Any] = {"axis": [-1], "epsilon": 1e-6}
CONFIGS = {"tiny": ((3, 3, 9, 3), (96, 192, 384, 768)), "small": ((3, 3, 27, 3), (96, 192, 384, 768)),
           "base": ((3, 3, 27, 3), (128, 256, 512, 1024)), "large": ((3, 3, 27, 3), (192, 384, 768, 1536)),
           "xlarge": ((3, 3, 27, 3), (256, 512, 1024, 2048))}


def _sequential(net: Net, x: str, name: str, layers: list[Entry], shape: Shape) -> str:
    """A Sequential model called on x: Keras builds it there, with an input layer and a functional model."""
    input_name = net.names.next("input_layer")
    net.names.next("functional")
    return net("Sequential", x, name, layers=layers, input_shape=list(shape), input_name=input_name)


def convnext(net: Net, common: Common, variant: str, include_preprocessing: bool) -> None:
    name = net.name
    check_weights(common, CLASSES_RECEIVED)
    depths, dims = CONFIGS[variant]
    shape = obtain_input_shape(common, 224, 32)
    x = net.input(shape, common.input_tensor)
    if include_preprocessing and len(net.input_shape) == 3 and net.input_shape[2] == 3:
        x = net("Normalization", x, f"{name}_prestem_normalization", axis=[-1],
                mean=[0.485 * 255, 0.456 * 255, 0.406 * 255],
                variance=[(0.229 * 255) ** 2, (0.224 * 255) ** 2, (0.225 * 255) ** 2])
    size = net.input_shape[:2]
    channels = net.input_shape[2] if len(net.input_shape) == 3 else None
    for i in range(4):
        if i == 0:
            layers = [Entry("Conv2D", f"{name}_stem_conv", {"filters": dims[0], "kernel_size": 4, "strides": 4}, ""),
                      Entry("LayerNormalization", f"{name}_stem_layernorm", dict(LN), "")]
            x = _sequential(net, x, f"{name}_stem", layers, (*size, channels))
            size = conv_size(size, 4, 4, "valid")
        else:
            layers = [Entry("LayerNormalization", f"{name}_downsampling_layernorm_{i - 1}", dict(LN), ""),
                      Entry("Conv2D", f"{name}_downsampling_conv_{i - 1}",
                            {"filters": dims[i], "kernel_size": 2, "strides": 2}, "")]
            x = _sequential(net, x, f"{name}_downsampling_block_{i - 1}", layers, (*size, dims[i - 1]))
            size = conv_size(size, 2, 2, "valid")
        for j in range(depths[i]):
            block = f"{name}_stage_{i}_block_{j}"
            inputs = x
            x = net("Conv2D", x, f"{block}_depthwise_conv", filters=dims[i], kernel_size=7, padding="same",
                    groups=dims[i])
            x = net("LayerNormalization", x, f"{block}_layernorm", **LN)
            x = net("Dense", x, f"{block}_pointwise_conv_1", units=4 * dims[i])
            x = net("Activation", x, f"{block}_gelu", activation="gelu")
            x = net("Dense", x, f"{block}_pointwise_conv_2", units=dims[i])
            x = net("LayerScale", x, f"{block}_layer_scale", init_values=1e-6, projection_dim=dims[i])
            x = net("Activation", x, f"{block}_identity", activation="linear")
            x = net("ops.add", [inputs, x])
    if common.include_top:
        validate_activation(common)
        x = net("GlobalAveragePooling2D", x, f"{name}_head_gap")
        x = net("LayerNormalization", x, f"{name}_head_layernorm", **LN)
        x = net("Dense", x, f"{name}_head_dense", units=common.classes, activation=common.classifier_activation)
    else:
        if common.pooling == "avg":
            x = net("GlobalAveragePooling2D", x)
        elif common.pooling == "max":
            x = net("GlobalMaxPooling2D", x)
        x = net("LayerNormalization", x, **LN)
    net.output = x
    if common.weights == "imagenet" and f"convnext_{variant}" not in name:
        raise ApplicationError(f'Model name "{name}" does not match weights variant "convnext_{variant}". When using '
                               "imagenet weights, model name must contain the weights variant (e.g., "
                               f'"convnext_{variant}").')


def _family(variant: str) -> Any:
    def build(net: Net, common: Common, include_preprocessing: bool) -> None:
        convnext(net, common, variant, include_preprocessing)
    return build


BUILDERS = {f"ConvNeXt{variant.capitalize() if variant != 'xlarge' else 'XLarge'}": _family(variant)
            for variant in CONFIGS}
