"""keras.applications' 40 constructors as pure code: each builds its model's layers as Keras 3.15.1 does.

`build("MobileNetV2", positional, keywords, names)` binds the arguments as Keras's signature does, checks them
as Keras checks them (an ApplicationError carries Keras's message) and returns the Net: its layers in Keras's
order, named as Keras names them in the session `names` counts. `Net.spec()` is the model as a spec's data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import (
    convnext,
    densenet,
    efficientnet,
    efficientnet_v2,
    inception_resnet_v2,
    inception_v3,
    mobilenet,
    mobilenet_v3,
    nasnet,
    resnet,
    vgg,
    xception,
)
from .common import ApplicationError, Common, Entry, InputTensor, Net

__all__ = ["APPLICATIONS", "ApplicationError", "Entry", "InputTensor", "Net", "build", "is_application"]

if TYPE_CHECKING:
    from ..readers.graph import KerasNames

COMMON = ("include_top", "weights", "input_tensor", "input_shape", "pooling", "classes", "classifier_activation")
DEFAULTS: dict[str, Any] = {"include_top": True, "weights": "imagenet", "input_tensor": None, "input_shape": None,
                            "pooling": None, "classes": 1000, "classifier_activation": "softmax", "name": None}


@dataclass(frozen=True)
class Application:
    """One constructor: its builder, its parameters in Keras's order and the defaults of its own ones."""

    build: Callable[..., None]
    params: tuple[str, ...]
    defaults: dict[str, Any]


APPLICATIONS: dict[str, Application] = {}


def _add(app: str, builder: Callable[..., None], params: Sequence[str] = (*COMMON, "name"), **defaults: Any) -> None:
    APPLICATIONS[app] = Application(builder, tuple(params), defaults)


for _name, _builder in (("ResNet50", resnet.RESNET50), ("ResNet101", resnet.RESNET101),
                        ("ResNet152", resnet.RESNET152), ("ResNet50V2", resnet.RESNET50V2),
                        ("ResNet101V2", resnet.RESNET101V2), ("ResNet152V2", resnet.RESNET152V2),
                        ("VGG16", vgg.VGG16), ("VGG19", vgg.VGG19)):
    _add(_name, _builder, name=_name.lower())
_add("InceptionV3", inception_v3.inception_v3, name="inception_v3")
_add("InceptionResNetV2", inception_resnet_v2.inception_resnet_v2, name="inception_resnet_v2")
_add("Xception", xception.xception, name="xception")
for _name, _builder in (("DenseNet121", densenet.DENSENET121), ("DenseNet169", densenet.DENSENET169),
                        ("DenseNet201", densenet.DENSENET201)):
    _add(_name, _builder, name=_name.lower())
for _name, _builder in efficientnet.BUILDERS.items():
    _add(_name, _builder, name=_name.lower())
_add("MobileNet", mobilenet.MOBILENET, ("input_shape", "alpha", "depth_multiplier", "dropout", *COMMON[:3],
                                         *COMMON[4:], "name"), alpha=1.0, depth_multiplier=1, dropout=0.001)
_add("MobileNetV2", mobilenet.MOBILENET_V2, ("input_shape", "alpha", *COMMON[:3], *COMMON[4:], "name"), alpha=1.0)

V3_PARAMS = ("input_shape", "alpha", "minimalistic", "include_top", "weights", "input_tensor", "classes", "pooling",
             "dropout_rate", "classifier_activation", "include_preprocessing", "name")
_add("MobileNetV3Small", mobilenet_v3.MOBILENET_V3_SMALL, V3_PARAMS, name="MobileNetV3Small", alpha=1.0,
     minimalistic=False, dropout_rate=0.2, include_preprocessing=True)
_add("MobileNetV3Large", mobilenet_v3.MOBILENET_V3_LARGE, V3_PARAMS, name="MobileNetV3Large", alpha=1.0,
     minimalistic=False, dropout_rate=0.2, include_preprocessing=True)
CONVNEXT_PARAMS = ("include_top", "include_preprocessing", *COMMON[1:], "name")
for _name, _builder in convnext.BUILDERS.items():
    _add(_name, _builder, CONVNEXT_PARAMS, include_preprocessing=True,
         name="convnext_" + _name.removeprefix("ConvNeXt").lower())
for _name, _builder in efficientnet_v2.BUILDERS.items():
    _add(_name, _builder, (*COMMON, "include_preprocessing", "name"), include_preprocessing=True,
         name="efficientnetv2-" + _name.removeprefix("EfficientNetV2").lower())
_add("NASNetMobile", nasnet.NASNET_MOBILE, ("input_shape", *COMMON[:3], *COMMON[4:], "name"), name="nasnet_mobile")
_add("NASNetLarge", nasnet.NASNET_LARGE, ("input_shape", *COMMON[:3], *COMMON[4:], "name"), name="nasnet_large")


def is_application(name: str) -> bool:
    """Whether keras.applications has a constructor of that name (a spec entry or a Python call names one)."""
    return name in APPLICATIONS


def build(application: str, positional: Sequence[Any], keywords: dict[str, Any], names: KerasNames) -> Net:
    """The model keras.applications.<application>(*positional, **keywords) builds; ApplicationError for what
    Keras refuses (Python's own message for arguments its signature does not take)."""
    app = APPLICATIONS[application]
    if len(positional) > len(app.params):
        raise ApplicationError(f"{application}() takes {len(app.params)} positional arguments but "
                               f"{len(positional)} were given")
    given = dict(zip(app.params, positional, strict=False))
    for key, value in keywords.items():
        if key not in app.params:
            raise ApplicationError(f"{application}() got an unexpected keyword argument '{key}'")
        if key in given:
            raise ApplicationError(f"{application}() got multiple values for argument '{key}'")
        given[key] = value
    values = {**DEFAULTS, **app.defaults, **given}
    tensor = values["input_tensor"]
    if tensor is not None and not isinstance(tensor, InputTensor):
        raise ApplicationError(f"input_tensor must be a Keras tensor; Received {tensor!r}")
    common = Common(**{key: values.pop(key) for key in COMMON})
    name = values.pop("name")
    net = Net(names, name=name if isinstance(name, str) else "")  # MobileNet's and MobileNetV2's depend on the input
    app.build(net, common, **values)
    return net
