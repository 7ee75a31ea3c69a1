"""Keras's calls as Keras 3.15 makes them: layers bound by its signatures, Input, Sequential and Model, layers
called on tensors, and the methods of models (add, build, pop) with Keras's per-session names.

Names are given when Keras gives them: a layer when it is made, an input layer when a Sequential model learns
its input shape, a `functional` model each time a Sequential model with an input is (re)built.
"""

from __future__ import annotations

import ast
from typing import Any

from ...args import INITIALIZERS
from ...errors import ConvcalcError, closest
from ...layers import REGISTRY, snake_case
from ...layers.wrappers import WRAPPED_ARGS
from ..graph import KerasNames
from .applications import application_call
from .arguments import Arguments
from .arrays import ArrayCalls
from .attributes import Attributes
from .call_inputs import keras_layer_inputs, layer_outputs
from .calls import NOT_HANDLED, Calls
from .cloning import CLONE_MODEL, clone_model
from .instances import Instances
from .keras_names import (
    CLEAR_SESSION,
    HARMLESS_FUNCTIONS,
    HARMLESS_METHODS,
    IMAGE_DATA_FORMAT,
    INPUT,
    KERAS_LAYERS,
    MERGE_FUNCTIONS,
    MODEL,
    OBJECT_MODULES,
    OBJECT_POSITIONAL,
    PASS_THROUGH,
    SEQUENTIAL,
    activation_name,
    canonical,
    dtype_name,
    keras_object_kind,
    layer_class,
    misspelt_module,
)
from .lambdas import LambdaLayers
from .lookups import LOOKUPS, VOCABULARY_METHODS, lookup_method
from .models import ModelCalls
from .operations import TensorOperations
from .scope import Scope
from .subclassed_models import SubclassedModels
from .values import (
    Array,
    Instance,
    Layer,
    Model,
    Ref,
    SequentialModel,
    SubclassedModel,
    Tensor,
    Unknown,
    first_unknown,
    located,
    nested_model,
)


class KerasCalls(Attributes, ModelCalls, TensorOperations, LambdaLayers, Instances, ArrayCalls, SubclassedModels,
                 Calls):
    """Keras's calls, mixed into the Interpreter by the Keras plug-in (keras_interpreter.py)."""

    def __init__(self, names: KerasNames):
        self.names = names
        self.call_names = KerasNames()

    def framework_invoke(self, function: Any, arguments: Arguments, scope: Scope) -> Any:
        """Calling a Keras layer or model: on a tensor, a new tensor; on data, the data's unknown value."""
        if isinstance(function, SubclassedModel):
            return self.call_subclassed(function, arguments)
        if isinstance(function, Layer):
            if _called_on_data(arguments):
                return self.run_on_data(function, arguments)
            return self.apply(function, arguments)
        if isinstance(function, Model) and _called_on_data(arguments):
            return self.run_on_data(function, arguments)
        if isinstance(function, SequentialModel) and not function.has_input:
            self.build_from_tensor(function, arguments)
        if isinstance(function, Model):
            return self.apply(self.model_layer(function, arguments.node), arguments)
        return NOT_HANDLED

    def library_call(self, path: str, arguments: Arguments) -> Any:
        node = arguments.node
        kind_name = layer_class(path)
        if path in INPUT:
            return self.make_input(arguments)
        if path in CLEAR_SESSION:
            self.names.counts.clear()
            return None
        if path in IMAGE_DATA_FORMAT and not arguments.values():
            return "channels_last"
        if path in SEQUENTIAL:
            return self.make_sequential(arguments)
        if path in MODEL:
            return self.make_functional(arguments)
        if kind_name == "InputLayer":
            return self.make_input_layer(arguments)
        if kind_name == "Lambda":
            return self.make_lambda(arguments)
        if kind_name is not None:
            if kind_name not in REGISTRY:
                self.names.next(snake_case(kind_name))  # Keras names it all the same
                near = closest(kind_name, KERAS_LAYERS)  # Conv2d, Dence: a typo rather than a layer to model
                return Unknown(node, f"{kind_name} is not among the layers convcalc models " + (
                    f"(did you mean {near}?)" if near else "(docs/spec-format.md)"))
            return self.make_layer(kind_name, arguments)
        if path.startswith(("numpy.", "keras.datasets.")):
            made = self.array_call(path, arguments)
            if made is not None:
                return made
        if path == "len" and len(arguments.positional) == 1 and isinstance(arguments.positional[0][0], Array):
            return arguments.positional[0][0].shape[0] if arguments.positional[0][0].shape else Unknown(node)
        if path.startswith(("keras.ops.", "keras.activations.", "keras.backend.", "keras.random.", "tensorflow.")):
            result = self.tensor_call(path, arguments)
            if result is not None:
                return result
        module, _, name = path.rpartition(".")
        if module == "keras.layers" and name in MERGE_FUNCTIONS:
            inputs = arguments.positional[:1]
            arguments.positional = arguments.positional[1:]
            if "inputs" in arguments.keywords:
                inputs = [arguments.keywords.pop("inputs")]
            layer = self.make_layer(MERGE_FUNCTIONS[name], arguments)
            return self.apply(layer, _with_positional(arguments, inputs))
        if path.startswith("keras.applications."):
            return application_call(self, path, arguments)
        if path in CLONE_MODEL:
            return clone_model(self, arguments)
        if module in OBJECT_MODULES and name in OBJECT_MODULES[module]:
            return self.keras_object(name, arguments)
        if path in HARMLESS_FUNCTIONS:
            return None
        if path in PASS_THROUGH and arguments.positional:
            return arguments.positional[0][0]
        if path == "type" and len(arguments.positional) == 1 and isinstance(arguments.positional[0][0], Layer):
            return self.layer_type(arguments.positional[0][0], node)
        mistake = misspelt_module(path, node)
        if mistake:
            return Unknown(node, mistake)
        return super().library_call(path, arguments)

    # --- layers ----------------------------------------------------------------------------------

    def bind_arguments(self, what: str, order: tuple[str, ...], arguments: Arguments,
                       ) -> tuple[dict[str, Any], dict[str, int | None]]:
        """Keyword form of a call, positional arguments named in Keras's order; every value known."""
        node = arguments.node
        if len(arguments.positional) > len(order):
            raise located(self.source, node, f"{what} takes at most {len(order)} positional arguments in Keras 3 "
                                             f"({', '.join(order)}), received {len(arguments.positional)}")
        given: dict[str, Any] = {}
        lines: dict[str, int | None] = {}
        for key, (value, where) in [*zip(order, arguments.positional, strict=False), *arguments.keywords.items()]:
            if key in given:
                raise located(self.source, where, f"{what} got two values for argument `{key}`")
            given[key] = self.plain(value, key, where)
            lines[key] = getattr(where, "lineno", None)
        return given, lines

    def plain(self, value: Any, key: str, where: ast.AST) -> Any:
        """An argument as a spec holds it: lists for tuples, activations by name."""
        unknown = first_unknown(value)
        if unknown is not None:
            return unknown  # a model holding the layer is refused with it (Layer.unknown_arguments)
        if isinstance(value, list | tuple):
            return [self.plain(item, key, where) for item in value]
        if isinstance(value, dict):
            return {k: self.plain(item, key, where) for k, item in value.items()}
        if isinstance(value, Ref):
            name = activation_name(canonical(value.path)) or dtype_name(value.path)
            if name is None:
                raise located(self.source, where, f"`{key}` cannot be {value.path}: convcalc reads numbers, text, "
                                                  "lists and Keras activations there")
            return name
        if isinstance(value, Instance) and keras_object_kind(value.made):  # a regularizer class of the file's
            return {"class_name": value.made.node.name, "config": {}}
        if isinstance(value, Layer) and key in WRAPPED_ARGS and value.called is None:
            return {value.kind: {**value.given, "name": value.name}}  # a wrapper's layer, as a spec writes it
        if isinstance(value, Layer | Model | Tensor):
            raise located(self.source, where, f"`{key}` cannot be a Keras layer, model or tensor")
        return value

    def make_layer(self, kind_name: str, arguments: Arguments) -> Layer:
        self.touch()
        given, lines = self.bind_arguments(kind_name, REGISTRY[kind_name].positional_args, arguments)
        node = arguments.node
        name = given.get("name")
        kind = REGISTRY[kind_name]
        layer = Layer(kind_name, given, lines, node.lineno,
                      name if isinstance(name, str) and name else self.names.next(kind.default_name))
        if kind.inner_names and not layer.unknown_arguments():  # the layers its constructor makes take names
            try:
                inner_names = kind.inner_names(kind.bind(given))  # the arguments as checked, as every rule gets them
            except ConvcalcError:
                inner_names = ()  # refused with the checker's message when a model holding it is read
            for inner in inner_names:
                self.names.next(inner)
        if kind_name == "Embedding" and "input_length" in given:
            self.warn(layer, "input_length is ignored by Keras 3 (deprecated); remove it")
            del given["input_length"]
            lines.pop("input_length", None)
        return layer

    def keras_object(self, name: str, arguments: Arguments) -> dict[str, Any]:
        """keras.regularizers.l2(1e-4) -> {'class_name': 'l2', 'config': {'l2': 0.0001}}, as Keras serializes."""
        config, _ = self.bind_arguments(name, OBJECT_POSITIONAL.get(name, ()), arguments)
        if name in INITIALIZERS:  # the weights' first values (np.eye(n)) change no shape or count: left out
            config = {key: value for key, value in config.items() if first_unknown(value) is None}
        return {"class_name": name, "config": config}

    def apply(self, layer: Layer, arguments: Arguments) -> Any:
        """`layer(x)` or `layer([x, y])`: a new tensor; the layer is then part of a functional graph."""
        node = arguments.node
        if not arguments.positional and not arguments.keywords:
            raise located(self.source, node, f"calling layer {layer.name!r} needs its input tensor")
        value, where = (arguments.positional or list(arguments.keywords.values()))[0]  # mha(query=x, value=x)
        self.require(value, where)
        tensors = [self.constant(item, where) for item, _ in arguments.positional] or [None]
        value = tensors[0]
        several = len(tensors) > 1 and all(isinstance(item, Tensor) for item in tensors)  # mha(query, value)
        inputs = tensors if several else list(value) if isinstance(value, list | tuple) else [value]
        named = keras_layer_inputs(self.source, layer, arguments, bool(self.layer_calls))  # gru(x, initial_state=s)
        inputs, several = (inputs, several) if named is None else (named, True)
        if not inputs or not all(isinstance(item, Tensor) for item in inputs):
            raise located(self.source, where, f"layer {layer.name!r} is called on {ast.unparse(where)}, "
                                              "which is not a Keras tensor")
        if layer.kind == "InputLayer":
            raise located(self.source, node, "an input layer is not called on a tensor")
        if layer.called is not None:
            if layer.body is not None:
                raise located(self.source, node, f"Lambda {layer.name!r} is called a second time (a shared layer); "
                                                 "convcalc reads each Lambda called once")
            self.touch()
            layer.calls += 1
            return layer_outputs(layer, Tensor(layer, inputs, as_list=several or isinstance(value, list | tuple),
                                               call=layer.calls - 1))
        self.drop_input_shape(layer)
        for inner in REGISTRY[layer.kind].build_names if layer.kind in REGISTRY else ():
            self.names.next(inner)  # what its build makes, when it is first called
        if layer.kind == "Embedding" and layer.given.get("mask_zero") is True:
            layer.mask_name = self.names.next("not_equal")  # the operation computing its mask
        if layer.body is not None:
            self.lambda_output(layer, inputs, node)
        self.touch()
        layer.called = Tensor(layer, inputs, as_list=several or isinstance(value, list | tuple))
        return layer_outputs(layer, layer.called)

    def framework_method(self, owner: Any, name: str, arguments: Arguments, scope: Scope) -> Any:
        node = arguments.node
        if not isinstance(owner, Layer | Model | Array | Tensor):
            return NOT_HANDLED
        if isinstance(owner, SubclassedModel):
            return self.subclassed_method(owner, name, arguments, scope)
        if isinstance(owner, Array):
            return self.array_method(owner, name, arguments)
        if isinstance(owner, SequentialModel) and name in ("add", "build", "pop"):
            return self.sequential_method(owner, name, arguments)
        if isinstance(owner, Model | Layer) and name == "get_layer":
            model = owner if isinstance(owner, Model) else nested_model(owner)
            return self.get_layer(model, arguments) if model is not None else Unknown(node)
        if isinstance(owner, Layer) and owner.kind in LOOKUPS and name in VOCABULARY_METHODS:
            return lookup_method(owner, name, node)
        if isinstance(owner, Model | Layer) and name in HARMLESS_METHODS:
            return Unknown(node)
        if isinstance(owner, Model) and owner.tainted is None:
            owner.tainted = node
        return Unknown(node)


def _called_on_data(arguments: Arguments) -> bool:
    """Whether a layer or model is called on values only running the file gives (arrays, a dataset's batch)."""
    return bool(arguments.positional) and first_unknown(arguments.positional[0][0]) is not None and not any(
        isinstance(item, Tensor) for item, _ in arguments.positional)


def _with_positional(arguments: Arguments, positional: list[tuple[Any, ast.AST]]) -> Arguments:
    copy = Arguments(arguments.node)
    copy.positional = positional
    return copy

