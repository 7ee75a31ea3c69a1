"""keras.models.clone_model(model): the same structure with new layers, as Keras 3.15 clones it.

Keras rebuilds each layer from its config, which holds its name, so the copy's layers, operations and the model
keep their names and take none from the session's counters, except the layers a copy makes again when it is built (a
MultiHeadAttention's softmax and dropout) and the Functional model a Sequential copy with an input builds
(`functional_N`, as for any Sequential model). A Sequential copy keeps its input layer's name; a functional
copy's inputs are new `keras.Input(name=x.name)` named after the original input *tensors*: a name given to
keras.Input, else `keras_tensor_N` from Keras's count of every tensor made so far, which convcalc does not keep,
so that clone is refused unless the input is named or `input_tensors=` gives the copy's inputs.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from ...errors import ConvcalcError, SpecError
from ...layers import REGISTRY
from .values import (
    NESTED_KINDS,
    FunctionalModel,
    Layer,
    Model,
    RefusedModel,
    SequentialModel,
    SubclassedModel,
    Tensor,
    Unknown,
    first_unknown,
    graph_tensors,
    located,
    refusal,
)

if TYPE_CHECKING:
    from .arguments import Arguments
    from .keras_calls import KerasCalls

CLONE_MODEL = frozenset(("keras.models.clone_model", "keras.src.models.cloning.clone_model"))
_PARAMETERS = ("model", "input_tensors", "clone_function", "call_function", "recursive")


def clone_model(calls: KerasCalls, arguments: Arguments) -> Any:
    """The value of keras.models.clone_model(model, input_tensors=None, clone_function=None, ...): a copy, or a
    RefusedModel of the original's name with the reason (the original stays as it is)."""
    node = arguments.node
    calls.touch()
    bound = dict(zip(_PARAMETERS, arguments.positional, strict=False))
    bound.update(arguments.keywords)
    model = bound["model"][0] if "model" in bound else None
    unknown = first_unknown(model)
    if unknown is not None:
        return unknown
    line = getattr(node, "lineno", 0)
    try:
        copy = _copy(calls, arguments, bound)
    except SpecError as error:
        copy = RefusedModel(model.name if isinstance(model, Model) else "clone", line, blocked=error)
    calls.models.append(copy)
    return copy


def _copy(calls: KerasCalls, arguments: Arguments, bound: dict[str, tuple[Any, ast.AST]]) -> Model:
    node = arguments.node
    if len(arguments.positional) > len(_PARAMETERS):
        raise located(calls.source, node, f"clone_model takes at most {len(_PARAMETERS)} positional arguments, "
                                          f"received {len(arguments.positional)}")
    for key, (_, where) in arguments.keywords.items():
        if key not in _PARAMETERS:
            raise located(calls.source, where, f"clone_model has no argument `{key}`")
    if "model" not in bound:
        raise located(calls.source, node, "clone_model needs the model to clone")
    model, where = bound["model"]
    for key in ("clone_function", "call_function"):
        if key in bound and bound[key][0] is not None:
            raise located(calls.source, bound[key][1], f"clone_model with {key}= makes the copy's layers by "
                                                       "running that function, which convcalc does not read")
    if "recursive" in bound and bound["recursive"][0] not in (False, None):
        raise located(calls.source, bound["recursive"][1], "clone_model(recursive=True) is not read by convcalc; "
                                                           "leave it False (nested models are then rebuilt from "
                                                           "their config)")
    if isinstance(model, SubclassedModel):
        raise located(calls.source, where, "clone_model of a keras.Model subclass rebuilds it from its "
                                           "get_config(), which convcalc does not read")
    if not isinstance(model, SequentialModel | FunctionalModel):
        raise located(calls.source, where, "clone_model clones a Sequential or functional Keras model")
    if model.blocked is not None:
        raise model.blocked
    given = bound.get("input_tensors", (None, node))
    copy = _sequential(calls, model, given, node) if isinstance(model, SequentialModel) else _functional(
        calls, model, given, node)
    copy.tainted = model.tainted
    if isinstance(copy, SequentialModel):  # Sequential(..., trainable=model.trainable); a Functional copy is not
        copy.frozen = model.frozen
    return copy


def _layer(calls: KerasCalls, layer: Layer, node: ast.AST) -> Layer:
    """`layer.__class__.from_config(layer.get_config())`: the same name and arguments, no call yet."""
    if layer.kind in NESTED_KINDS:
        inner = layer.given["model"]
        model = _sequential(calls, inner, (None, node), node) if isinstance(inner, SequentialModel) else \
            _functional(calls, inner, (None, node), node, from_config=True)
        # from_config: not frozen itself (Keras shows its row trainable), its layers as they were
        model.as_layer = Layer(layer.kind, {"model": model}, {}, layer.line, layer.name)
        return model.as_layer
    if layer.kind == "Lambda" or layer.given.get("class_name") == "Lambda":
        raise located(calls.source, node, f"clone_model rebuilds Lambda {layer.name!r} from its config, which "
                                          "Keras refuses for a Python function by default and convcalc does not "
                                          "read")
    if layer.kind in ("Custom", "Declared") or layer.kind not in REGISTRY:
        raise located(calls.source, node, f"clone_model rebuilds layer {layer.name!r} from its config, which "
                                          "convcalc reads for Keras's own layers only")
    copy = Layer(layer.kind, dict(layer.given), dict(layer.arg_lines), layer.line, layer.name,
                 batch_size=layer.batch_size, warnings=list(layer.warnings))
    kind = REGISTRY[layer.kind]
    if kind.inner_names and not copy.unknown_arguments():  # its constructor runs again
        try:
            inner_names = kind.inner_names(kind.bind(copy.given))
        except ConvcalcError:
            inner_names = ()
        for inner in inner_names:
            calls.names.next(inner)
    for inner in kind.build_names:  # the copy is called, so built, as it is rebuilt
        calls.names.next(inner)
    return copy


def _sequential(calls: KerasCalls, model: SequentialModel, given: tuple[Any, ast.AST],
                node: ast.AST) -> SequentialModel:
    """keras.src.models.cloning._clone_sequential_model: the layers cloned, the input kept by name, or made on
    `input_tensors`."""
    tensors, where = given
    first = model.layers[0] if model.has_input else None
    if tensors is None and first is None and model.data_input is not None:
        raise located(calls.source, node, f"clone_model copies the input of model {model.name!r}, which Keras "
                                          "built from the data (only running the file gives its shape)")
    layers = [_layer(calls, layer, node) for layer in model.layers if layer.kind != "InputLayer"]
    line = getattr(node, "lineno", model.line)
    if tensors is not None:
        items = list(tensors) if isinstance(tensors, list | tuple) else [tensors]
        if len(items) != 1 or not isinstance(items[0], Tensor):
            raise located(calls.source, where, "input_tensors of a Sequential model's clone must be one Keras tensor")
        shape = calls.shape_of(items[0])
        if isinstance(shape, Unknown):
            raise refusal(calls.source, shape, getattr(where, "lineno", None), tensor=True)
        name = first.name if first is not None else calls.names.next("input_layer")
        layers.insert(0, Layer("InputLayer", {"shape": list(shape[1:])}, {}, line, name, batch_size=shape[0]))
    elif first is not None:
        layers.insert(0, Layer("InputLayer", dict(first.given), dict(first.arg_lines), first.line, first.name,
                               batch_size=first.batch_size))
    copy = SequentialModel(model.name, line, layers=layers)
    calls.maybe_rebuild(copy)
    return copy


def _functional(calls: KerasCalls, model: FunctionalModel, given: tuple[Any, ast.AST], node: ast.AST,
                from_config: bool = False) -> FunctionalModel:
    """keras.src.models.cloning._clone_functional_model: the graph run again with each layer cloned once (a
    shared layer stays shared), on new inputs named as the original input tensors, or on `input_tensors`.
    A model nested in the one cloned is rebuilt `from_config`: its input layers keep their own names."""
    tensors, where = given
    copies: dict[int, Tensor] = {}
    if tensors is not None:
        items = list(tensors) if isinstance(tensors, list | tuple) else [tensors]
        if len(items) != len(model.inputs) or not all(isinstance(item, Tensor) for item in items):
            raise located(calls.source, where, f"input_tensors must be {len(model.inputs)} Keras tensor(s), as "
                                               f"the inputs of model {model.name!r}")
        copies.update((id(original), item) for original, item in zip(model.inputs, items, strict=True))
    else:
        for original in model.inputs:
            layer = original.layer
            if not from_config and not (isinstance(layer.given.get("name"), str) and layer.given["name"]):
                raise located(calls.source, node, f"clone_model names the copy of input {layer.name!r} after "
                                                  "Keras's count of every tensor made so far (keras_tensor_N), "
                                                  "which convcalc does not keep; give that keras.Input a name=, or "
                                                  "pass input_tensors=")
            made = Layer("InputLayer", dict(layer.given), dict(layer.arg_lines), layer.line, layer.name,
                         batch_size=layer.batch_size)
            made.called = copies[id(original)] = Tensor(made, None)
    layers: dict[int, Layer] = {}
    for tensor in graph_tensors(model):
        if id(tensor) in copies or tensor.inputs is None:
            continue
        if id(tensor.layer) not in layers:
            layers[id(tensor.layer)] = _layer(calls, tensor.layer, node)
            layers[id(tensor.layer)].calls = 0
        layer = layers[id(tensor.layer)]
        made_tensor = Tensor(layer, [copies[id(item)] for item in tensor.inputs], as_list=tensor.as_list,
                             call=layer.calls)
        layer.calls += 1
        if layer.called is None:
            layer.called = made_tensor
        copies[id(tensor)] = made_tensor
    line = getattr(node, "lineno", model.line)
    return FunctionalModel(model.name, line, inputs=[copies[id(item)] for item in model.inputs],
                           outputs=[copies[id(item)] for item in model.outputs], outputs_line=line)
