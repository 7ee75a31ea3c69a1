"""Sequential and functional models as Keras 3.15 makes them, with its per-session names.

A Sequential model takes its input from an Input, from its first layer's `input_shape`, or from `build`;
every time it is (re)built with an input Keras makes a Functional model inside it, which takes a name
(`functional`, `functional_1`, ...) that a later `keras.Model(...)` in the file does not get.
"""

from __future__ import annotations

import ast
import weakref
from typing import TYPE_CHECKING, Any

from ...engine import compute
from ...errors import ConvcalcError, SpecError
from ...layers import REGISTRY
from ..graph import KerasNames
from .keras_names import SEQUENTIAL_ARGS, keras_class
from .model_specs import model_spec, tensor_shape
from .values import (
    NESTED_KINDS,
    FunctionalModel,
    Instance,
    Layer,
    Model,
    SequentialModel,
    Tensor,
    Unknown,
    first_unknown,
    graph_tensors,
    located,
    refusal,
)

if TYPE_CHECKING:
    from .arguments import Arguments


# A functional model's layers in Keras's order, computed once (its graph does not change once it is made).
_KERAS_ORDER: weakref.WeakKeyDictionary[FunctionalModel, list[Layer]] = weakref.WeakKeyDictionary()

class ModelCalls:
    """keras.Sequential, keras.Model and the methods of a Sequential model (mixed into KerasCalls)."""

    source: str

    names: KerasNames
    models: list[Model]

    if TYPE_CHECKING:  # provided by KerasCalls and the Interpreter
        def touch(self, model: Model | None = None) -> None: ...

        def bind_arguments(self, what: str, order: tuple[str, ...], arguments: Arguments,
                           ) -> tuple[dict[str, Any], dict[str, int | None]]: ...

        def require(self, value: Any, use: ast.AST | None = None, tensor: bool = False) -> Any: ...

    if TYPE_CHECKING:  # provided by Instances
        def sequential_instance(self, model: SequentialModel, instance: Instance, node: ast.AST) -> Layer: ...

        def resolve_pending(self, model: SequentialModel) -> None: ...

        def sequential_lambda(self, model: SequentialModel, layer: Layer, node: ast.AST) -> None: ...

    def warn(self, layer: Layer, message: str) -> None:
        layer.warnings.append(f"{self.source}:{layer.line}: {layer.name} ({layer.kind}): {message}")

    def drop_input_shape(self, layer: Layer) -> None:
        """Keras 3 reads input_shape (input_dim) only on the first layer of a Sequential model."""
        for key in _input_keys(layer):
            if key in layer.given:
                self.warn(layer, f"{key} is ignored by Keras 3 on a layer that is not the first of a Sequential "
                                 "model; remove it")
                del layer.given[key]
                layer.arg_lines.pop(key, None)

    def shape_of(self, tensor: Tensor) -> tuple[int | None, ...] | Unknown:
        return tensor_shape(tensor, self.source)

    def run_on_data(self, called: Layer | Model, arguments: Arguments) -> Unknown:
        """`model(images)` or `augment(batch)` on data: the value is the data's, unknown. A Sequential model
        without an input is built from the data, as Keras builds it: an input layer and a functional model are
        named, and the model's input shape is the data's until it is called on a Keras tensor."""
        data = first_unknown([value for value, _ in arguments.positional]) or Unknown(arguments.node)
        if isinstance(called, SequentialModel) and not called.has_input and called.data_input is None:
            if data.reason or data.error:  # a tensor convcalc could not compute, not data
                called.blocked = called.blocked or refusal(self.source, data, arguments.node.lineno, tensor=True)
                return data
            called.built_on_data = arguments.node
            called.data_input = self.names.next("input_layer")
            self.names.next("functional")
        return data

    def build_from_tensor(self, model: SequentialModel, arguments: Arguments) -> None:
        """A Sequential model without an input called on a Keras tensor: Keras builds it on the tensor's shape."""
        tensor = arguments.positional[0][0] if arguments.positional else None
        if not isinstance(tensor, Tensor):
            return
        shape = self.shape_of(tensor)
        name = model.data_input or self.names.next("input_layer")
        if model.data_input is None:
            self.names.next("functional")
        line = arguments.node.lineno
        dims = list(shape[1:]) if isinstance(shape, tuple) else shape
        model.layers.insert(0, Layer("InputLayer", {"shape": dims}, {"shape": line}, line, name))
        self.resolve_pending(model)
        self.touch(model)

    def make_input(self, arguments: Arguments) -> Tensor:
        given, lines = self.bind_arguments("keras.Input", REGISTRY["Input"].positional_args, arguments)
        layer = self._input_layer(given, lines, arguments.node)
        layer.called = Tensor(layer, None)
        return layer.called

    def make_input_layer(self, arguments: Arguments) -> Layer:
        given, lines = self.bind_arguments("InputLayer", REGISTRY["InputLayer"].positional_args, arguments)
        for old, new in (("input_shape", "shape"), ("batch_input_shape", "batch_shape")):
            if old in given:
                given[new] = given.pop(old)
                lines[new] = lines.pop(old)
        layer = self._input_layer(given, lines, arguments.node)
        layer.called = Tensor(layer, None)
        return layer

    def _input_layer(self, given: dict[str, Any], lines: dict[str, int | None], node: ast.AST) -> Layer:
        self.touch()
        name = given.get("name")
        if given.get("batch_shape") is not None and isinstance(given["batch_shape"], list) and given["batch_shape"]:
            batch_shape = given.pop("batch_shape")
            given["shape"], given["batch_size"] = batch_shape[1:], batch_shape[0]
        return Layer("InputLayer", given, lines, getattr(node, "lineno", 0),
                     name if isinstance(name, str) and name else self.names.next("input_layer"),
                     batch_size=given.pop("batch_size", None))

    def _model_name(self, given: dict[str, Any], default: str) -> str:
        name = given.get("name")
        return name if isinstance(name, str) and name else self.names.next(default)

    def make_sequential(self, arguments: Arguments) -> SequentialModel:
        node = arguments.node
        keywords = {key: value for key, value in arguments.keywords.items() if key != SEQUENTIAL_ARGS[0]}
        layers_argument = arguments.keywords.get(SEQUENTIAL_ARGS[0]) or (
            arguments.positional[0] if arguments.positional else (None, node))
        arguments.keywords, arguments.positional = keywords, arguments.positional[1:]
        given, _ = self.bind_arguments("Sequential", SEQUENTIAL_ARGS[1:], arguments)
        model = SequentialModel(self._model_name(given, "sequential"), node.lineno)
        layers, where = layers_argument
        self._refuse_frozen_model(given, node)
        try:
            if isinstance(layers, Unknown):
                self.require(layers, where)
            if layers is not None:
                items = list(layers) if isinstance(layers, list | tuple) else None
                if items is None:
                    raise located(self.source, where, "Sequential takes a list of layers")
                failed: SpecError | None = None
                for item, item_node in zip(items, _elements(where, len(items)), strict=True):
                    try:
                        self.add(model, item, item_node, rebuild=False)
                    except SpecError as error:  # the others are added all the same: their mistakes are said too
                        failed = failed or error
                if failed is not None:
                    raise failed
                self.maybe_rebuild(model)
        except SpecError as error:  # listed all the same, refused with the reason
            model.blocked = error
        self.models.append(model)
        self.touch()
        return model

    def _refuse_frozen_model(self, given: dict[str, Any], node: ast.AST) -> None:
        """Keras freezes the model's totals but not its layers' rows for `trainable=False` given when it is made;
        convcalc's models have no such state of their own."""
        if given.get("trainable") is False:
            raise located(self.source, node, "trainable=False when the model is made is not read by convcalc "
                                             "(Keras then counts no trainable weights but shows its layers as "
                                             "trainable); set model.trainable = False after making it")

    def add(self, model: SequentialModel, value: Any, node: ast.AST, rebuild: bool = True) -> None:
        self.touch(model)
        self.require(value, node)
        if isinstance(value, Tensor) and value.inputs is None:
            value = value.layer
        if isinstance(value, Model):
            value = self.model_layer(value, node)
        if isinstance(value, Instance) and keras_class(value.made):
            value = self.sequential_instance(model, value, node)
        if not isinstance(value, Layer):
            raise located(self.source, node, f"only Keras layers can be added to a Sequential model, "
                                             f"not {ast.unparse(node)}")
        if not model.layers and value.kind != "InputLayer":
            keys = _input_keys(value)
            shape = value.given.get("input_shape")
            if shape is None and "input_dim" in keys and value.given.get("input_dim") is not None:
                shape = [value.given["input_dim"]]
            if shape is not None:
                line = value.arg_lines.get("input_shape", value.arg_lines.get("input_dim", value.line))
                model.layers.append(Layer("InputLayer", {"shape": shape}, {"shape": line}, line or value.line,
                                          self.names.next("input_layer")))
                for key in keys:
                    value.given.pop(key, None)
        elif value.kind == "InputLayer" and model.has_input:
            raise located(self.source, node, f"Sequential model {model.name!r} already has an input; "
                                             "Keras refuses a second one")
        if value.kind != "InputLayer":
            self.drop_input_shape(value)
        if any(layer.name == value.name for layer in model.layers):
            raise located(self.source, node, f"a layer named {value.name!r} is already in Sequential model "
                                             f"{model.name!r}; Keras refuses it")
        self.sequential_lambda(model, value, node)
        model.layers.append(value)
        if rebuild:
            self.maybe_rebuild(model)

    def maybe_rebuild(self, model: SequentialModel) -> None:
        """Keras rebuilds a Sequential model with an input at each change; a model first in it gives the input."""
        if not model.has_input and len(model.layers) > 1 and model.layers[0].kind in NESTED_KINDS:
            inner = model.layers[0].given["model"]
            first = inner.layers[0] if isinstance(inner, SequentialModel) else inner.inputs[0].layer
            model.layers.insert(0, Layer("InputLayer", {"shape": first.given.get("shape")}, {}, model.line,
                                         self.names.next("input_layer"), batch_size=first.batch_size))
        if model.has_input and len(model.layers) > 1:
            self.names.next("functional")

    def model_layer(self, model: Model, node: ast.AST) -> Layer:
        """A model used as a layer of another: one row of the outer model (Keras's Sequential / Functional)."""
        if model.blocked is not None:
            raise model.blocked
        if isinstance(model, SequentialModel) and not model.has_input:
            raise located(self.source, node, f"model {model.name!r} is used as a layer before it has an input; "
                                             "start it with keras.Input(shape=(...)) (Keras would build it from "
                                             "the tensor, which convcalc does not read)")
        if isinstance(model, FunctionalModel) and len(model.inputs) != 1:
            raise located(self.source, node, f"model {model.name!r} has {len(model.inputs)} inputs; convcalc "
                                             "nests models with one")
        if model.as_layer is None:
            kind = "Sequential" if isinstance(model, SequentialModel) else "Functional"
            model.as_layer = Layer(kind, {"model": model}, {}, getattr(node, "lineno", model.line), model.name)
        return model.as_layer

    def build(self, model: SequentialModel, shape: Any, node: ast.AST) -> None:
        """model.build((None, 28, 28, 1)): the input shape with its batch axis."""
        self.touch(model)
        self.require(shape, node)
        if not isinstance(shape, list | tuple) or not all(d is None or isinstance(d, int) for d in shape):
            return  # Keras returns without building when the shape is not a shape
        if not model.layers:
            raise located(self.source, node, f"Sequential model {model.name!r} has no layers to build")
        batch, dims = shape[0] if shape else None, list(shape[1:])
        if model.has_input:
            first = model.layers[0]
            if [first.batch_size, *first.given.get("shape", [])] != [batch, *dims]:
                raise located(self.source, node, f"Sequential model {model.name!r} already has input shape "
                                                 f"{tuple(first.given.get('shape', []))}; Keras refuses to build "
                                                 f"it with {tuple(shape)}")
        else:
            line = getattr(node, "lineno", model.line)
            model.layers.insert(0, Layer("InputLayer", {"shape": dims}, {"shape": line}, line,
                                         self.names.next("input_layer"), batch_size=batch))
            self.resolve_pending(model)
        self.names.next("functional")

    def sequential_method(self, model: SequentialModel, name: str, arguments: Arguments) -> None:
        values = [value for value, _ in arguments.positional] + [v for v, _ in arguments.keywords.values()]
        nodes = [where for _, where in arguments.positional] + [w for _, w in arguments.keywords.values()]
        if name == "add" and len(values) == 1:
            self.add(model, values[0], nodes[0])
        elif name == "build" and len(values) <= 1:
            self.build(model, values[0] if values else None, arguments.node)
        elif name == "pop" and not values and model.layers and not (model.has_input and len(model.layers) == 1):
            self.touch(model)
            model.layers.pop()
            self.maybe_rebuild(model)
        else:
            raise located(self.source, arguments.node, f"{ast.unparse(arguments.node)} is not a call of "
                                                       f"Sequential.{name} that convcalc reads")

    def make_functional(self, arguments: Arguments) -> FunctionalModel:
        node = arguments.node
        given_tensors: dict[str, Any] = {}
        for key, (value, _) in zip(("inputs", "outputs"), arguments.positional, strict=False):
            given_tensors[key] = value
        for key in ("inputs", "outputs"):
            if key in arguments.keywords:
                given_tensors[key] = arguments.keywords.pop(key)[0]
        arguments.positional = arguments.positional[2:]
        given, _ = self.bind_arguments("Model", ("name", "trainable"), arguments)
        if set(given_tensors) != {"inputs", "outputs"}:
            raise located(self.source, node, "keras.Model(...) without inputs and outputs is a subclassed "
                                             "model, which is only known by running the file")
        name = self._model_name(given, "functional")
        self._refuse_frozen_model(given, node)
        self.touch()
        inputs: list[Tensor] = []
        outputs: list[Tensor] = []
        blocked = None
        try:
            inputs, outputs = (self._tensors(given_tensors[key], key, node) for key in ("inputs", "outputs"))
        except SpecError as error:  # listed all the same, refused with the reason
            blocked = error
        model = FunctionalModel(name, node.lineno, inputs=inputs, outputs=outputs, outputs_line=node.lineno,
                                blocked=blocked)
        self.models.append(model)
        return model

    def _tensors(self, value: Any, what: str, node: ast.AST) -> list[Tensor]:
        self.require(value, node, tensor=True)
        items = list(value.values()) if isinstance(value, dict) else value
        items = list(items) if isinstance(items, list | tuple) else [items]
        if not items or not all(isinstance(item, Tensor) for item in items):
            raise located(self.source, node, f"the {what} of keras.Model must be Keras tensors")
        return items

    def sequential_tensors(self, model: SequentialModel) -> list[Tensor]:
        """The graph Keras builds inside a Sequential model with an input: model.inputs, model.outputs and each
        layer's output (for feature-map models), made once."""
        if not model.has_input:
            return []
        first, *rest = model.layers
        if first.called is None:
            first.called = Tensor(first, None)
        chain = [first.called]
        for layer in rest:
            if layer.called is None or layer.called.inputs != [chain[-1]]:
                if layer.called is not None:  # the layer is used elsewhere too: not a graph convcalc reads
                    return []
                layer.called = Tensor(layer, [chain[-1]])
            chain.append(layer.called)
        return chain

    def set_trainable(self, owner: Layer | Model, trainable: bool, where: ast.AST) -> None:
        """`x.trainable = False`, as Keras sets it: on a model (or a model used as a layer), on every layer inside
        it too, nested models included."""
        model = owner if isinstance(owner, Model) else owner.given.get("model") if owner.kind in NESTED_KINDS \
            else None
        if isinstance(owner, Layer) and owner.kind != "InputLayer":
            owner.given["trainable"] = trainable
            owner.arg_lines["trainable"] = getattr(where, "lineno", None)
        if not isinstance(model, Model):
            return
        self.touch(model)
        model.frozen = None if trainable else where
        for layer in self.model_layers(model):
            if layer.kind != "InputLayer":
                self.set_trainable(layer, trainable, where)

    def model_layers(self, model: Model) -> list[Layer]:
        """model.layers: a Sequential model's layers without its input; a functional graph's, inputs first."""
        if isinstance(model, SequentialModel):
            return [layer for layer in model.layers if layer.kind != "InputLayer"]
        assert isinstance(model, FunctionalModel)
        if model in _KERAS_ORDER:
            return list(_KERAS_ORDER[model])
        layers = [tensor.layer for tensor in graph_tensors(model)]
        try:  # in Keras's order, its summary's (by depth from the outputs), where the graph can be computed
            rows = [row.name for row in compute(model_spec(model, self.source)).layers]
        except ConvcalcError:
            return layers
        by_name = {layer.name: layer for layer in layers}
        _KERAS_ORDER[model] = [by_name[name] for name in rows if name in by_name] + [
            layer for layer in layers if layer.name not in rows]
        return list(_KERAS_ORDER[model])

    def get_layer(self, model: Model, arguments: Arguments) -> Any:
        given, _ = self.bind_arguments("get_layer", ("name", "index"), arguments)
        layers = self.model_layers(model)
        for index, layer in enumerate(layers):
            if layer.name == given.get("name") or index == given.get("index"):
                return layer
        return Unknown(arguments.node)


def _input_keys(layer: Layer) -> tuple[str, ...]:
    """The arguments of keras.layers.Layer that give an input shape (Embedding's input_dim is its own)."""
    if layer.kind in NESTED_KINDS:
        return ()
    return ("input_shape",) if "input_dim" in REGISTRY[layer.kind].args else ("input_shape", "input_dim")


def _elements(node: ast.AST, count: int) -> list[ast.AST]:
    """The node of each item of a literal list (the list's own node when the list was computed)."""
    if isinstance(node, ast.keyword):
        node = node.value
    if isinstance(node, ast.List | ast.Tuple) and len(node.elts) == count:
        return list(node.elts)
    return [node] * count
