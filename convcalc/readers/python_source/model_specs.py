"""A model the file made, handed to the ModelBuilder like every reader's: a Sequential chain or a functional graph."""

from __future__ import annotations

import ast
from types import MappingProxyType
from typing import Any

from ... import engine
from ...errors import ArgumentError, ArgumentErrors, ConvcalcError, SpecError, SpecErrors, UnbuiltModel
from ...layers import lookup
from ...model import LayerSpec, ModelSpec
from ..graph import PREVIOUS, KerasNames, ModelBuilder, References
from .subclassed_models import never_built, tracked
from .values import (
    NESTED_KINDS,
    FunctionalModel,
    Instance,
    Layer,
    Model,
    SequentialModel,
    SubclassedModel,
    Tensor,
    Unknown,
    cannot_evaluate,
    graph_tensors,
    located,
    refusal,
)


def model_spec(model: Model, source: str) -> ModelSpec:
    if model.blocked is not None:
        raise with_argument_mistakes(model, model.blocked, source)
    if model.tainted is not None:
        node = model.tainted
        raise cannot_evaluate(source, node, f"cannot know what {_short(node)} does to model {model.name!r} without "
                                            "running the file")
    if isinstance(model, SubclassedModel):
        return _subclassed(model, source)
    assert isinstance(model, SequentialModel | FunctionalModel)
    layers = model.layers if isinstance(model, SequentialModel) else [t.layer for t in graph_tensors(model)]
    for layer in layers:
        for unknown, line in layer.unknown_arguments():
            raise refusal(source, unknown, line)
    thawed = [layer.name for layer in layers if layer.kind != "InputLayer" and layer.given.get("trainable", True)]
    if model.frozen is not None and thawed:
        raise located(source, model.frozen, f"model {model.name!r} is frozen here but its layer {thawed[0]!r} is "
                                            "made trainable again: Keras then counts none of the model's weights "
                                            "as trainable, which convcalc does not model; freeze the layers one by one")
    names = KerasNames()  # names are already given; the builder only checks and links them
    if isinstance(model, SequentialModel):
        spec = _sequential(model, source, names)
    else:
        spec = _functional(model, source, names)
    return spec._replace(warnings=tuple(warning for layer in layers for warning in layer.warnings))


def _sequential(model: SequentialModel, source: str, names: KerasNames) -> ModelSpec:
    if not model.has_input:
        ignored = " (Keras 3 ignores Embedding's input_length)" if any(
            "input_length" in warning for layer in model.layers for warning in layer.warnings) else ""
        raise _unbuilt(model.name, model.layers, source, located(
            source, _line(model.line), f"Sequential model {model.name!r} has no input shape{ignored}, so Keras has "
                                       "not built it: give its first layer input_shape=(...), start it with "
                                       "keras.Input(shape=(...)), or call model.build((None, ...))"))
    builder = ModelBuilder(source, names)
    first, *layers = model.layers
    builder.add_input(first.name, first.given.get("shape"), first.arg_lines.get("shape", first.line), "shape",
                      batch_size=first.batch_size)
    for layer in layers:
        builder.add_layer(layer.kind, _given(layer, source), layer.line, dict(layer.arg_lines), PREVIOUS,
                          keras_name=layer.name)
    return builder.build(model.name)


def _unbuilt(name: str, held: list[Any], source: str, error: SpecError) -> SpecError:
    """A model never given an input, as Keras's summary shows it: the layers it holds, none called, and `error`
    saying why; just `error` when it holds what convcalc cannot show so (a model, a layer it cannot read)."""
    layers = []
    for item in held:
        pending = item.given.get("pending") if isinstance(item, Layer) and item.kind == "Custom" else item
        if isinstance(pending, Instance):  # a layer class of the file, never called
            layers.append(LayerSpec("Custom", item.name or pending.name or "", {"class_name": pending.made.node.name},
                                    (), line=item.line if isinstance(item, Layer) else None))
            continue
        kind = lookup(item.kind) if isinstance(item, Layer) and item.kind not in NESTED_KINDS else None
        if kind is None or item.unknown_arguments():
            return error
        try:
            layers.append(LayerSpec(kind.name, item.name, kind.bind(item.given), (), line=item.line))
        except ArgumentError:
            return error
    return UnbuiltModel(error, ModelSpec(name, tuple(layers), (), source=source, built=False))


def _given(layer: Layer, source: str) -> dict[str, Any]:
    """The arguments as the builder takes them; a model used as a layer becomes its own ModelSpec."""
    given = dict(layer.given)
    if layer.kind in NESTED_KINDS:
        inner = given["model"]
        given.update(name=layer.name, model=model_spec(inner, source))
        if inner.frozen is not None:  # model.trainable = False: its row says N
            given["trainable"] = False
    elif layer.kind == "Custom":  # a layer class of the file: what its call does, as a model of its own
        if "pending" in given:
            raise located(source, _line(layer.line), f"layer {layer.name!r} ({given['pending'].made.node.name}) is "
                                                     "in a Sequential model that never gets an input; start the "
                                                     "model with keras.Input(shape=(...)) or call model.build(...)")
        given["model"] = model_spec(given["model"], source)
    return given


def _functional(model: FunctionalModel, source: str, names: KerasNames) -> ModelSpec:
    builder = ModelBuilder(source, names)
    for tensor in graph_tensors(model):
        layer = tensor.layer
        listed = any(tensor is given for given in model.inputs)
        if listed and tensor.inputs is not None:
            raise located(source, _line(model.line), f"keras.Model {model.name!r}: its input {layer.name!r} is the "
                                                     "output of a layer; inputs are keras.Input(...) tensors")
        if tensor.inputs is None and not listed:
            raise located(source, _line(model.line), f"keras.Model {model.name!r}: its outputs read input "
                                                     f"{layer.name!r}, which is not among its inputs (Keras: graph "
                                                     "disconnected)")
        if tensor.inputs is None:
            given = {**layer.given, "name": layer.name}
            if layer.batch_size is not None:
                given["batch_size"] = layer.batch_size
            builder.add_layer("InputLayer", given, layer.line, dict(layer.arg_lines), keras_name=layer.name)
            continue
        assert tensor.inputs is not None
        read = [item.node for item in tensor.inputs]
        references: References = read if tensor.as_list else read[0]
        builder.add_layer(layer.kind, _given(layer, source), layer.line, dict(layer.arg_lines), references,
                          keras_name=tensor.node, shares=layer.name if tensor.call else None)
    masks = {tensor.layer.name: tensor.layer.mask_name for tensor in graph_tensors(model) if tensor.layer.mask_name}
    spec = builder.build(model.name, [tensor.node for tensor in model.outputs], model.outputs_line, functional=True)
    return spec._replace(mask_names=MappingProxyType(masks))


def _subclassed(model: SubclassedModel, source: str) -> ModelSpec:
    """A keras.Model subclass: the graph its call makes, shown as the layers it holds, in Keras's order."""
    if model.instance is None:
        raise never_built(model, source)
    held = tracked(model.instance)
    if model.graph is None:
        if held and all(isinstance(value, Layer | Instance) for value in held.values()):
            raise _unbuilt(model.name, list(held.values()), source, never_built(model, source))
        return _holding_models(model, held, source)
    if model.instance.weights:
        name = model.instance.weights[0][0]
        raise located(source, _line(model.line), f"model {model.name!r} makes a weight of its own ({name}, with "
                                                 "add_weight), which convcalc does not count in a model yet")
    spec = model_spec(model.graph, source)
    called = {layer.shares or layer.name for layer in spec.layers}
    unbuilt = tuple(f"{source}:{model.line}: {name}: never called by {model.instance.made.node.name}.call, so "
                    "Keras lists it as `0 (unbuilt)`; convcalc leaves it out" for name in held if name not in called)
    return spec._replace(name=model.name, tracked=tuple(held), warnings=spec.warnings + unbuilt)


def _holding_models(model: SubclassedModel, held: dict[str, Any], source: str) -> ModelSpec:
    """A subclass never given an input that holds models built on their own (a distiller's teacher and student,
    a GAN's generator and discriminator): Keras shows each, on its own input."""
    models = [value for value in held.values() if isinstance(value, SequentialModel | FunctionalModel)]
    if not held or len(models) != len(held):
        raise never_built(model, source)
    for inner in models:
        if inner.blocked is not None:  # why the model it holds cannot be read is why it cannot be
            raise inner.blocked
    builder = ModelBuilder(source, KerasNames())
    for name, inner in held.items():
        if isinstance(inner, SequentialModel):
            firsts = [inner.layers[0]] if inner.has_input else []
        else:
            firsts = [tensor.layer for tensor in inner.inputs]
        if not firsts:
            raise never_built(model, source)
        reads: list[str] | str = [builder.add_input(f"{name}_input{f'_{index}' * (len(firsts) > 1)}",
                                                    first.given.get("shape"), first.line, "shape")
                                  for index, first in enumerate(firsts)]
        reads = reads[0] if len(reads) == 1 else reads
        kind = "Sequential" if isinstance(inner, SequentialModel) else "Functional"
        layer = Layer(kind, {"model": inner}, {}, inner.line, name)
        builder.add_layer(kind, _given(layer, source), inner.line, {}, reads, keras_name=name)
    spec = builder.build(model.name, list(held), model.line, functional=True)
    never_called = tuple(name for name, inner in held.items() if inner.as_layer is None)
    return spec._replace(tracked=tuple(held), shapes_as_tuple=never_called)


def _line(line: int) -> ast.AST:
    node = ast.Pass()
    node.lineno, node.col_offset = line, 0
    return node


def _short(node: ast.AST) -> str:
    text = ast.unparse(node)
    return text if len(text) <= 60 else text[:57] + "..."


def own_model_spec(model: Model, source: str) -> ModelSpec:
    """A model's own summary (not as a layer of another): refused when Keras built it on data, whose shapes it
    then shows."""
    if isinstance(model, SequentialModel) and model.built_on_data is not None:
        node = model.built_on_data
        raise located(source, node, f"model {model.name!r} is first called on data here ({_short(node)}), so Keras "
                                    "builds it with the data's shapes, batch size included, which only running the "
                                    "file gives; give it a keras.Input(shape=(...)) to read it on its own")
    return model_spec(model, source)


def tensor_shape(tensor: Tensor, source: str) -> tuple[int | None, ...] | Unknown:
    """A Keras tensor's shape (batch axis first), as `x.shape` gives it: the graph up to it, computed by the engine.
    Unknown, with the reason, when a layer before it cannot be read or computed."""
    if tensor.shape is not None:
        return tensor.shape
    roots: list[Tensor] = []
    stack, seen = [tensor], set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if item.inputs is None:
            roots.append(item)
        else:
            stack.extend(item.inputs)
    roots.sort(key=lambda item: item.order)
    probe = FunctionalModel("shape_probe", tensor.layer.line, inputs=roots, outputs=[tensor])
    try:
        summary = engine.compute(model_spec(probe, source))
    except SpecError as error:
        return Unknown(ast.Pass(), error=error)
    except ConvcalcError as error:
        return Unknown(ast.Pass(), error=SpecError(str(error), source=source, line=tensor.layer.line,
                                                   layer=tensor.layer.name, kind=tensor.layer.kind))
    shape = summary.outputs[0][1]
    tensor.shape = tuple(shape)
    return tensor.shape


def with_argument_mistakes(model: Model, error: SpecError, source: str) -> SpecError:
    """The error refusing a Sequential model (a layer class misspelt, a value only running gives), with the
    mistakes in its other layers' arguments: every mistake of the model in one run, as a YAML spec's."""
    if not isinstance(model, SequentialModel) or isinstance(error, SpecErrors):
        return error
    found = [error]
    for layer in model.layers:
        kind = lookup(layer.kind)
        if kind is None or layer.unknown_arguments() or layer.kind in ("InputLayer", "Custom"):
            continue
        try:
            kind.bind(layer.given)
        except ArgumentError as mistake:
            found += [SpecError(one.message, source=source, line=layer.arg_lines.get(one.argument, layer.line),
                                layer=layer.name, kind=layer.kind)
                      for one in (mistake.errors if isinstance(mistake, ArgumentErrors) else (mistake,))]
    found.sort(key=lambda one: (one.line is None, one.line or 0))
    return found[0] if len(found) == 1 else SpecErrors(found)
