"""Keras's calls as Keras 3.15 makes them: layers bound by its signatures, Input, Sequential and Model, layers
called on tensors, and the methods of models (add, build, pop) with Keras's per-session names.

Names are given when Keras gives them: a layer when it is made, an input layer when a Sequential model learns
its input shape, a `functional` model each time a Sequential model with an input is (re)built.
"""

from __future__ import annotations

import ast
from typing import Any

from ...args import INITIALIZERS
from ...errors import ConvcalcError
from ...layers import REGISTRY, snake_case
from ...layers.wrappers import WRAPPED_ARGS
from ..graph import KerasNames
from .applications import application_call
from .arrays import Array, ArrayCalls
from .attributes import Attributes
from .call_inputs import keras_layer_inputs, layer_outputs
from .cloning import CLONE_MODEL, clone_model
from .constants import Evaluator
from .instances import Instances
from .keras_names import (
    CLEAR_SESSION,
    HARMLESS_FUNCTIONS,
    HARMLESS_METHODS,
    IMAGE_DATA_FORMAT,
    INPUT,
    LIBRARIES,
    MERGE_FUNCTIONS,
    MODEL,
    OBJECT_MODULES,
    OBJECT_POSITIONAL,
    PASS_THROUGH,
    SEQUENTIAL,
    activation_name,
    canonical,
    dtype_name,
    layer_class,
)
from .lambdas import LambdaLayers
from .lookups import LOOKUPS, VOCABULARY_METHODS, lookup_method
from .models import ModelCalls
from .operations import TensorOperations
from .scope import Scope
from .subclassed_models import SubclassedModels
from .values import (
    BoundMethod,
    Function,
    Instance,
    Layer,
    Model,
    Partial,
    Ref,
    SequentialModel,
    SubclassedModel,
    Super,
    Tensor,
    Unknown,
    UserClass,
    first_unknown,
    located,
    nested_model,
)

LIST_METHODS = frozenset(("append", "extend", "insert", "pop"))


class Arguments:
    """A call's arguments, evaluated: positional values with their nodes, keywords with theirs."""

    def __init__(self, node: ast.Call):
        self.node = node
        self.positional: list[tuple[Any, ast.AST]] = []
        self.keywords: dict[str, tuple[Any, ast.AST]] = {}

    def values(self) -> list[Any]:
        return [value for value, _ in self.positional] + [value for value, _ in self.keywords.values()]


class KerasCalls(Attributes, Evaluator, ModelCalls, TensorOperations, LambdaLayers, Instances, ArrayCalls,
                 SubclassedModels):
    """Evaluates calls: Keras's own, Python's pure built-ins, the file's functions (statements.py)."""

    def __init__(self, source: str, names: KerasNames, settings: dict[str, str] | None = None):
        Evaluator.__init__(self, source, settings)
        ModelCalls.__init__(self, names)
        self.frames: list[tuple[Instance, UserClass]] = []
        self.layer_calls: list[list[Tensor]] = []
        self.call_names = KerasNames()

    def call_function(self, function: Any, arguments: Arguments, scope: Scope) -> Any:
        raise NotImplementedError  # the file's own functions: statements.py

    def arguments(self, node: ast.Call, scope: Scope) -> Arguments | Unknown:
        arguments = Arguments(node)
        for item in node.args:
            if isinstance(item, ast.Starred):
                values = self.iterate(self.evaluate(item.value, scope), item)
                if isinstance(values, Unknown):
                    return values
                arguments.positional.extend((value, item) for value in values)
            else:
                arguments.positional.append((self.evaluate(item, scope), item))
        for keyword in node.keywords:
            value = self.evaluate(keyword.value, scope)
            if keyword.arg is not None:
                arguments.keywords[keyword.arg] = (value, keyword)
            elif isinstance(value, dict) and all(isinstance(key, str) for key in value):
                arguments.keywords.update((key, (item, keyword)) for key, item in value.items())
            else:
                return value if isinstance(value, Unknown) else Unknown(keyword.value)
        return arguments

    def call(self, node: ast.Call, scope: Scope) -> Any:
        if isinstance(node.func, ast.Attribute):
            owner = self.evaluate(node.func.value, scope)
            if not isinstance(owner, Ref | Unknown):
                return self.method(owner, node.func.attr, node, scope)
            function: Any = Ref(f"{owner.path}.{node.func.attr}") if isinstance(owner, Ref) else owner
        else:
            function = self.evaluate(node.func, scope)
        arguments = self.arguments(node, scope)
        if isinstance(arguments, Unknown):
            return arguments
        return self.invoke(function, arguments, scope)

    def invoke(self, function: Any, arguments: Arguments, scope: Scope) -> Any:
        """What calling `function` (a value of the file) with `arguments` gives."""
        node = arguments.node
        if isinstance(function, Ref):
            return self.library_call(canonical(function.path), arguments)
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
            return self.apply(self.model_layer(function, node), arguments)
        if isinstance(function, UserClass):
            return self.instance(function, arguments)
        if isinstance(function, Instance):
            return self.call_instance(function, arguments)
        if isinstance(function, Partial):
            given = Arguments(node)
            given.positional = [*function.positional, *arguments.positional]
            given.keywords = {**function.keywords, **arguments.keywords}
            return self.invoke(function.function, given, scope)
        if isinstance(function, BoundMethod):
            return self.call_bound(function, arguments, function.defined_in.scope)
        if isinstance(function, Function):
            return self.call_function(function, arguments, scope)
        if not isinstance(function, Ref) or function.path.split(".")[0] not in LIBRARIES:
            self.taint_models(arguments, node)
        if isinstance(function, Unknown) and (function.reason or not isinstance(function.node, ast.Name)):
            return function  # what the function came from is the value only running the file gives
        return Unknown(node)

    def library_call(self, path: str, arguments: Arguments) -> Any:
        node = arguments.node
        kind_name = layer_class(path)
        if path in INPUT:
            return self.make_input(arguments)
        if path == "super":
            return self.make_super(node)
        if path == "functools.partial" and arguments.positional:
            return Partial(arguments.positional[0][0], arguments.positional[1:], arguments.keywords)
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
                return Unknown(node, f"{kind_name} is not among the layers convcalc models (README, \"Layers\")")
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
        if path == "isinstance" and len(arguments.positional) == 2:
            return self.is_instance(arguments.positional[0][0], arguments.positional[1][0], node)
        if path == "type" and len(arguments.positional) == 1 and isinstance(arguments.positional[0][0], Layer):
            return self.layer_type(arguments.positional[0][0], node)
        if "." not in path or path.startswith("math."):  # Python's built-ins and math: known from known values
            unknown = first_unknown(arguments.values())
            if unknown is not None:
                return unknown
            return self.pure_call(path, [value for value, _ in arguments.positional],
                                  {key: value for key, (value, _) in arguments.keywords.items()}, node)
        if path.split(".")[0] not in LIBRARIES:
            self.taint_models(arguments, node)
        return Unknown(node)

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
        if isinstance(value, Instance) and value.made.keras_object:  # a regularizer class of the file's
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

    def method(self, owner: Any, name: str, node: ast.Call, scope: Scope) -> Any:
        arguments = self.arguments(node, scope)
        if isinstance(arguments, Unknown):
            return arguments
        if isinstance(owner, SubclassedModel):
            return self.subclassed_method(owner, name, arguments, scope)
        if isinstance(owner, Instance | Super | UserClass):
            return self.member_call(owner, name, arguments, scope)
        if isinstance(owner, Array):
            return self.array_method(owner, name, arguments)
        if isinstance(owner, list) and name in LIST_METHODS:
            values = [value for value, _ in arguments.positional]
            if name == "append" and len(values) == 1:
                owner.append(values[0])
            elif name == "extend" and len(values) == 1 and isinstance(values[0], list | tuple):
                owner.extend(values[0])
            elif name == "insert" and len(values) == 2 and isinstance(values[0], int):
                owner.insert(values[0], values[1])
            elif name == "pop" and len(values) <= 1 and all(isinstance(v, int) for v in values):
                if not owner:
                    raise located(self.source, node, f"{ast.unparse(node)} fails when run: the list is empty")
                return owner.pop(*values)
            else:
                return Unknown(node)
            return None
        if isinstance(owner, str | dict | tuple) or (isinstance(owner, list) and name not in LIST_METHODS):
            return self.pure_method(owner, name, [value for value, _ in arguments.positional],
                                    {key: value for key, (value, _) in arguments.keywords.items()}, node)
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

