"""torchvision.models' constructors as pure code (weights never loaded): `torchvision.models.resnet18(
num_classes=10)` adds the model's containers, module calls and hidden operations to a TorchModelBuilder, named
and nested as torchvision names them, so that torchinfo's table comes out as for the real model. One file per
family, as convcalc/applications is for keras.applications.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .. import args as a
from ..errors import ArgumentError, did_you_mean
from . import densenet, efficientnet, googlenet, inception, mnasnet, mobilenet, resnet, shufflenet, squeezenet, vgg
from .base import IMAGENET_CLASSES, Checker, Constructor, Net, Refused, weights_name

if TYPE_CHECKING:  # the readers call this package: no import of them at run time
    from ..readers.torch_graph import TorchModelBuilder

MODELS: dict[str, Constructor] = {**resnet.MODELS, **vgg.MODELS, **mobilenet.MODELS, **efficientnet.MODELS,
                               **densenet.MODELS, **squeezenet.MODELS,
                               **googlenet.MODELS, **inception.MODELS,
                               **shufflenet.MODELS, **mnasnet.MODELS}
COMMON: dict[str, tuple[object, Checker]] = {
    "weights": (None, weights_name), "progress": (True, a.boolean), "num_classes": (IMAGENET_CLASSES, a.positive_int)}

__all__ = ["add_torchvision", "torchvision_names"]


def torchvision_names() -> tuple[str, ...]:
    """The torchvision.models functions convcalc builds."""
    return tuple(MODELS)


def add_torchvision(builder: TorchModelBuilder, name: str, kwargs: Mapping[str, Any], path: str, reads: str,
                    line: int | None) -> str | None:
    """Add torchvision.models.<name>(**kwargs) under `path` ("" the model itself, "backbone" a module a user's
    model holds), reading the call `reads`; returns the call giving its output, None if refused (the mistake is
    kept in the builder, as its own are)."""
    where = f"torchvision.models.{name}"
    constructor = MODELS.get(name)
    if constructor is None:
        builder.error(f"{where} is not one of the torchvision models convcalc builds" + did_you_mean(name, MODELS)
                      + f"; it builds {', '.join(MODELS)}", line, path or None)
        return None
    try:
        bound = _bind(constructor, kwargs, where)
    except ArgumentError as error:
        builder.error(error.message, line, path or None)
        return None
    net = Net(builder, path, reads, line)
    net.container("", constructor.type_name)
    try:
        return net.returns("", constructor.build(net, bound))
    except ArgumentError as error:  # torchvision's checks of the arguments together
        builder.error(f"{where}: {error.message}", line, path or None)
    except Refused:
        pass
    return None


def _bind(constructor: Constructor, kwargs: Mapping[str, Any], where: str) -> dict[str, Any]:
    """The arguments checked and defaulted; weights fix num_classes to 1000, as torchvision does."""
    known = {**COMMON, **constructor.kwargs}
    for key in kwargs:
        if key not in known:
            raise ArgumentError(key, f"{where}() got an unexpected keyword argument {key!r}" + did_you_mean(key, known))
    bound = {key: checker(kwargs.get(key, default), key) for key, (default, checker) in known.items()}
    pretrained = {"num_classes": IMAGENET_CLASSES, **constructor.pretrained} if bound["weights"] is not None else {}
    fixed = {**constructor.fixed, **pretrained}
    for key, value in fixed.items():
        if key in kwargs and bound[key] != value:
            raise ArgumentError(key, f"{where}: the parameter '{key}' expected value {value} but got {bound[key]} "
                                     f"instead" + (" (pretrained weights have 1000 classes: give weights=None)"
                                                   if key == "num_classes" else ""))
    return bound
