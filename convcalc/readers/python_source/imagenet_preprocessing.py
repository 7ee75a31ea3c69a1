"""keras.applications.<family>.preprocess_input on a Keras tensor: the operation rows Keras records.

keras.src.applications.imagenet_utils works on a Keras tensor with operators and keras.ops, so a functional
model gets one row per operation, named by the session's counters, by the family's mode:
- "tf" (MobileNet, Inception, Xception, ResNetV2, NASNet): `x / 127.5 - 1.0`: true_divide, subtract;
- "torch" (DenseNet): `x / 255.0`, plus minus the ImageNet means, divided by their deviations: true_divide, add,
  true_divide;
- "caffe" (VGG, ResNet v1): RGB to BGR as `ops.stack([x[..., 2], x[..., 1], x[..., 0]], axis=-1)`, then plus
  minus the means: get_item ×3, stack, add;
- EfficientNet(V2), ConvNeXt and MobileNetV3 preprocess inside the model: their preprocess_input returns x.
The means and deviations are constants (numpy arrays reshaped eagerly), not rows. On data the value is unknown.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from .values import Tensor, Unknown, first_unknown, located

if TYPE_CHECKING:
    from .arguments import Arguments
    from .keras_calls import KerasCalls

MODES: dict[str, str | None] = {
    **dict.fromkeys(("vgg16", "vgg19", "resnet", "resnet50"), "caffe"),
    **dict.fromkeys(("mobilenet", "mobilenet_v2", "inception_v3", "inception_resnet_v2", "xception", "resnet_v2",
                     "nasnet"), "tf"),
    "densenet": "torch",
    **dict.fromkeys(("efficientnet", "efficientnet_v2", "convnext", "mobilenet_v3"), None),
}
_MEANS = {"caffe": (103.939, 116.779, 123.68), "torch": (0.485, 0.456, 0.406)}
_DEVIATIONS = (0.229, 0.224, 0.225)
_ALL = ["slice", None, None, None]


def preprocess_input(calls: KerasCalls, path: str, arguments: Arguments) -> Any:
    """keras.applications.<module>.preprocess_input(x, data_format=None) (imagenet_utils's also takes `mode`)."""
    node = arguments.node
    module = path.split(".")[-2]
    order = ("x", "data_format", "mode") if module == "imagenet_utils" else ("x", "data_format")
    if module != "imagenet_utils" and module not in MODES:
        return Unknown(node)
    if len(arguments.positional) > len(order):
        raise located(calls.source, node, f"{module}.preprocess_input takes at most {len(order)} positional "
                                          f"arguments ({', '.join(order)}), received {len(arguments.positional)}")
    given = {key: value for key, (value, _) in zip(order, arguments.positional, strict=False)}
    for key, (value, _) in arguments.keywords.items():
        if key not in order:
            raise located(calls.source, node, f"{module}.preprocess_input has no argument `{key}`")
        given[key] = value
    x = given.pop("x", None)
    if not isinstance(x, Tensor):
        return Unknown(node)  # on data (arrays, a dataset's batch): the value only running gives
    unknown = first_unknown(list(given.values()))
    if unknown is not None:
        return unknown
    mode = given.get("mode", "caffe") if module == "imagenet_utils" else MODES[module]
    if module == "imagenet_utils" and mode not in ("caffe", "tf", "torch"):
        raise located(calls.source, node, f"preprocess_input: mode must be 'caffe', 'tf' or 'torch', received "
                                          f"{mode!r}")
    if mode is None:
        return x  # the family preprocesses inside its model
    data_format = given.get("data_format") or "channels_last"
    if data_format not in ("channels_first", "channels_last"):
        raise located(calls.source, node, f"preprocess_input: data_format must be 'channels_first' or "
                                          f"'channels_last', received {data_format!r}")
    shape = calls.shape_of(x)
    if isinstance(shape, Unknown):
        return shape
    return _rows(calls, node, x, mode, len(shape), data_format == "channels_first")


def _rows(calls: KerasCalls, node: ast.AST, x: Tensor, mode: str, rank: int, channels_first: bool) -> Tensor:
    """imagenet_utils._preprocess_tensor_input's operations on a tensor of `rank` axes (batch included)."""
    if mode == "tf":
        x = calls.operation("ops.true_divide", {"constant": 127.5}, [x], node)
        return calls.operation("ops.subtract", {"constant": 1.0}, [x], node)
    if mode == "torch":
        x = calls.operation("ops.true_divide", {"constant": 255.0}, [x], node)
    else:  # caffe: RGB to BGR
        index: list[Any]
        if not channels_first:
            index, axis = ["...", None], -1
        elif rank == 3:
            index, axis = [None, "..."], 0
        else:
            index, axis = [_ALL, None, _ALL], 1
        channels = [calls.operation("ops.get_item", {"index": [channel if item is None else item for item in index]},
                                    [x], node) for channel in (2, 1, 0)]
        x = calls.operation("ops.stack", {"axis": axis}, channels, node, as_list=True)
    if channels_first:
        mean_shape = (3, 1, 1) if rank == 3 else (1, 3) + (1,) * (rank - 2)
    else:
        mean_shape = (1,) * (rank - 1) + (3,)
    x = calls.operation("ops.add", {"constant": _reshaped([-mean for mean in _MEANS[mode]], mean_shape)}, [x], node)
    if mode == "torch":
        deviations = _reshaped(list(_DEVIATIONS), (3, 1, 1)) if channels_first else list(_DEVIATIONS)
        x = calls.operation("ops.true_divide", {"constant": deviations}, [x], node)
    return x


def _reshaped(values: list[float], shape: tuple[int, ...]) -> Any:
    """numpy's reshape of a flat list, as nested lists."""
    if not shape:
        return values[0]
    step = len(values) // shape[0]
    return [_reshaped(values[index * step:(index + 1) * step], shape[1:]) for index in range(shape[0])]
