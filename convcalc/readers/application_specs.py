"""keras.applications models in a YAML spec: a whole spec (`application: ResNet50`) or a layer of one
(`- MobileNetV2: {include_top: false, input_shape: [160, 160, 3]}`, a nested Functional row).

The arguments are Keras's, as the constructor takes them; convcalc.applications builds the layers.
"""

from __future__ import annotations

from typing import Any

from .. import applications
from ..errors import SpecError
from ..model import ModelSpec
from .graph import KerasNames, ModelBuilder

# What a layer entry of an application takes besides the constructor's arguments.
LAYER_KEYS = ("inputs", "trainable")


def net_model(net: applications.Net, source: str, line: int | None) -> ModelSpec:
    """The ModelSpec of a built application (every layer named by the builder)."""
    builder = ModelBuilder(source, KerasNames())
    if net.input_name is not None:
        builder.add_named_input(net.input_name, list(net.input_shape), line, "input_shape")
    for entry in net.entries:
        given = _sequential(entry, source, line) if entry.kind == "Sequential" else dict(entry.args)
        builder.add_layer(entry.kind, given, line, {}, entry.inputs, line, keras_name=entry.name)
    return builder.build(net.name, [net.output], line, functional=True)


def _sequential(entry: applications.Entry, source: str, line: int | None) -> dict[str, Any]:
    """A Sequential model used as a layer (ConvNeXt's stem): its own ModelSpec, its input the shape it is called on."""
    builder = ModelBuilder(source, KerasNames())
    builder.add_input(entry.args["input_name"], entry.args["input_shape"], line, "input_shape")
    for inner in entry.args["layers"]:
        builder.add_layer(inner.kind, dict(inner.args), line, {}, keras_name=inner.name)
    return {"name": entry.name, "model": builder.build(entry.name)}


def application(kind_name: str, arguments: Any, names: KerasNames, source: str, line: int | None) -> ModelSpec:
    """The model of `application: {Name: {arguments}}` or of a layer entry's arguments (without LAYER_KEYS)."""
    if arguments is None:
        arguments = {}
    if not isinstance(arguments, dict):
        raise SpecError(f"the arguments of {kind_name} must be a mapping like `{{include_top: false}}`",
                        source=source, line=line)
    if "input_tensor" in arguments:
        raise SpecError(f"{kind_name}: a spec gives no input_tensor; give input_shape, and as a layer it reads the "
                        "entry above it (or its `inputs:`)", source=source, line=line)
    try:
        net = applications.build(kind_name, [], arguments, names)
    except applications.ApplicationError as error:
        raise SpecError(f"{kind_name}: {error}", source=source, line=line) from None
    return net_model(net, source, line)


def layer_entry(kind_name: str, given: dict[str, Any], names: KerasNames, source: str, line: int | None
                ) -> dict[str, Any]:
    """A layer entry `- Name: {arguments, inputs, trainable}` as the Functional row the builder takes."""
    kept = {key: given.pop(key) for key in LAYER_KEYS if key in given}
    model = application(kind_name, given, names, source, line)
    return {**kept, "name": model.name, "model": model}
