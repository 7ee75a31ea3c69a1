"""keras.applications.X(...) in a lesson: the model convcalc.applications builds, as the reader's own values.

The model is a FunctionalModel of Layers and Tensors like one the file wires itself, so that what lessons do with
a base (freeze it, call it on a tensor, nest it in a Sequential, take `get_layer('mixed7').output`, slice
`base.layers`) reads as for any model. `preprocess_input` and `decode_predictions` are functions on data: their
value is unknown, which only matters if a model needs it; `preprocess_input` on a Keras tensor makes the operation
rows Keras records (imagenet_preprocessing.py).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from ... import applications
from ...applications.common import keras_ordered
from .imagenet_preprocessing import preprocess_input
from .values import FunctionalModel, Layer, SequentialModel, Tensor, Unknown, located, refusal

if TYPE_CHECKING:
    from .arguments import Arguments
    from .keras_calls import KerasCalls


def application_call(calls: KerasCalls, path: str, arguments: Arguments) -> Any:
    """The value of calling keras.applications.<...>.<name>."""
    node = arguments.node
    name = path.rpartition(".")[2]
    if name == "preprocess_input":
        return preprocess_input(calls, path, arguments)
    if not applications.is_application(name):
        if any(isinstance(value, Tensor) for value in arguments.values()):
            return Unknown(node, f"{name} runs on data, not on a Keras tensor: Keras refuses it in a model")
        return Unknown(node)  # decode_predictions: a function on data
    tensors: dict[str, Tensor] = {}
    positional = [_plain(calls, tensors, key, value, where)
                  for key, (value, where) in zip(applications.APPLICATIONS[name].params, arguments.positional,
                                                 strict=False)]
    if len(arguments.positional) > len(positional):
        positional += [value for value, _ in arguments.positional[len(positional):]]
    keywords = {key: _plain(calls, tensors, key, value, where) for key, (value, where) in arguments.keywords.items()}
    try:
        net = applications.build(name, positional, keywords, calls.names)
    except applications.ApplicationError as error:
        raise located(calls.source, node, f"keras.applications.{name}: {error}") from None
    line = node.lineno
    if net.input_name is not None:
        layer = Layer("InputLayer", {"shape": list(net.input_shape)}, {}, line, net.input_name)
        layer.called = Tensor(layer, None)
        tensors[net.input_name] = layer.called
    for entry in keras_ordered(net):
        layer = _sequential(entry, line) if entry.kind == "Sequential" else Layer(entry.kind, dict(entry.args), {},
                                                                                  line, entry.name)
        reads = [entry.inputs] if isinstance(entry.inputs, str) else entry.inputs
        layer.called = Tensor(layer, [tensors[read] for read in reads], as_list=not isinstance(entry.inputs, str))
        tensors[entry.name] = layer.called
    inputs = [tensors[net.input_name]] if net.input_name is not None else _source_inputs(
        next(iter(tensors.values())))
    model = FunctionalModel(net.name, line, inputs=inputs, outputs=[tensors[net.output]], outputs_line=line)
    calls.models.append(model)
    return model


def _sequential(entry: applications.Entry, line: int) -> Layer:
    """A Sequential model used as a layer (ConvNeXt's stem), with the input Keras built it with."""
    shape = entry.args["input_shape"]
    layers = [Layer("InputLayer", {"shape": shape}, {}, line, entry.args["input_name"])]
    layers += [Layer(inner.kind, dict(inner.args), {}, line, inner.name) for inner in entry.args["layers"]]
    model = SequentialModel(entry.name, line, layers=layers)
    model.as_layer = Layer("Sequential", {"model": model}, {}, line, entry.name)
    return model.as_layer


def _plain(calls: KerasCalls, tensors: dict[str, Tensor], key: str, value: Any, where: ast.AST) -> Any:
    """An argument as the builder takes it: input_tensor as the input it is, the rest as a spec holds it."""
    if key != "input_tensor" or value is None:
        return calls.plain(value, key, where)
    calls.require(value, where)
    if not isinstance(value, Tensor):
        raise located(calls.source, where, "input_tensor must be a Keras tensor")
    computed = calls.shape_of(value)  # an Input's, or that of what layers or operations made (preprocess_input)
    if isinstance(computed, Unknown):
        raise refusal(calls.source, computed, getattr(where, "lineno", None), tensor=True)
    name = value.node if value.inputs is not None else value.layer.name
    tensors[name] = value
    return applications.InputTensor(name, computed[1:])


def _source_inputs(tensor: Tensor) -> list[Tensor]:
    """keras's get_source_inputs: the Input tensors a tensor is made from, in the order they were made."""
    found: dict[int, Tensor] = {}
    stack = [tensor]
    while stack:
        item = stack.pop()
        if item.inputs is None:
            found[id(item)] = item
        else:
            stack.extend(item.inputs)
    return sorted(found.values(), key=lambda item: item.order)
