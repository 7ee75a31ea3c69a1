"""What Keras makes of the file's classes (read by classes.py): a Keras layer subclass called on Keras tensors
becomes one row, as Keras shows it (`patches (Patches)`): `build` is read with the input shape, `call` on symbolic
tensors, and the graph it makes is the row's inside (layers/custom.py). A keras.Model subclass is a model of the
file (subclassed_models.py).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from ...layers import REGISTRY, snake_case
from ..graph import KerasNames
from .arguments import Arguments
from .call_inputs import call_results, more_tensors, with_inner_tensors
from .classes import Classes, find_method
from .keras_names import SEQUENTIAL, canonical, keras_class, layer_class, model_class
from .values import (
    Array,
    FunctionalModel,
    Instance,
    Layer,
    Model,
    Ref,
    SequentialModel,
    SubclassedModel,
    Tensor,
    Unknown,
    Variable,
    first_unknown,
    located,
)

ADD_WEIGHT = ("shape", "initializer", "dtype", "trainable", "autocast", "regularizer", "constraint", "aggregation",
              "overwrite_with_gradient", "name")  # Keras 3's Layer.add_weight, in order


class Instances(Classes):
    """Mixed into KerasCalls."""

    source: str
    names: KerasNames
    layer_calls: list[list[Tensor]]  # the inputs of the layer subclasses' `call`s being read, innermost last
    call_names: KerasNames  # the names of the operations inside a `call`, which Keras does not count

    if TYPE_CHECKING:  # provided by KerasCalls, ModelCalls and statements.py
        def touch(self, model: Any = None) -> None: ...

        def pure_call(self, name: str, args: list[Any], kwargs: dict[str, Any], node: ast.Call) -> Any: ...

        def shape_of(self, tensor: Tensor) -> tuple[int | None, ...] | Unknown: ...

        def sequential_tensors(self, model: SequentialModel) -> list[Tensor]: ...

        def sequential_lambda(self, model: SequentialModel, layer: Layer, node: ast.AST) -> None: ...

        def require(self, value: Any, use: ast.AST | None = None, tensor: bool = False) -> Any: ...

        def bind_arguments(self, what: str, order: tuple[str, ...], arguments: Arguments,
                           ) -> tuple[dict[str, Any], dict[str, int | None]]: ...

    def made_instance(self, instance: Instance) -> Any:
        """A Keras class takes its name when Keras's own `__init__` runs (`super().__init__(name=...)`): the class's
        name in snake case, counted; a keras.Model subclass is a model of the file."""
        made = instance.made
        if keras_class(made) and instance.name is None:
            self.keras_init(instance, {})
        if model_class(made):
            model = SubclassedModel(instance.name or made.node.name, getattr(instance.node, "lineno", 0),
                                    instance=instance)
            self.models.append(model)
            self.touch()
            return model
        return instance

    def keras_init(self, instance: Instance, keywords: dict[str, Any]) -> None:
        """keras.layers.Layer.__init__: the layer's name, given or counted, and whether it trains."""
        given = keywords.get("name")
        instance.name = given if isinstance(given, str) and given else self.names.next(
            snake_case(instance.made.node.name))
        if keywords.get("trainable") is False:
            instance.attributes["trainable"] = False

    # --- Keras's base classes ---------------------------------------------------------------------

    def base_method(self, instance: Instance, name: str, arguments: Arguments, init: bool) -> Any:
        """What keras.layers.Layer does for a method the file does not define: __init__, build, add_weight."""
        if not keras_class(instance.made):
            return super().base_method(instance, name, arguments, init)
        keywords = {key: value for key, (value, _) in arguments.keywords.items()}
        if name == "__init__" and init:
            self.keras_init(instance, keywords)
            return None
        if name == "build":
            instance.built = True
            return None
        if name == "add_weight":
            return self.add_weight(instance, arguments)
        return Unknown(arguments.node)

    def add_weight(self, instance: Instance, arguments: Arguments) -> Variable:
        given, _ = self.bind_arguments("add_weight", ADD_WEIGHT, arguments)
        shape = given.get("shape") or []
        shape = [shape] if isinstance(shape, int) else shape
        if not isinstance(shape, list) or not all(isinstance(size, int) and size >= 0 for size in shape):
            raise located(self.source, arguments.node, f"the weight's shape must be known sizes, received {shape!r}")
        trainable = given.get("trainable", True)
        if not isinstance(trainable, bool):
            raise located(self.source, arguments.node, "`trainable` must be True or False")
        name = given.get("name")
        name = name if isinstance(name, str) and name else "variable" if not instance.weights else (
            f"variable_{len(instance.weights)}")
        instance.weights.append((name, tuple(shape), trainable))
        return Variable(tuple(shape))

    # --- calling an instance ---------------------------------------------------------------------

    def call_instance(self, instance: Instance, arguments: Arguments) -> Any:
        """`layer(x)` for a layer subclass of the file: its row, from `build` and `call` read on the tensors."""
        node = arguments.node
        made = instance.made
        if not keras_class(made):
            return super().call_instance(instance, arguments)
        named = more_tensors(instance, arguments)  # more inputs: later positional tensors, then keyword ones
        if isinstance(named, Unknown):
            return named
        value = arguments.positional[0][0] if arguments.positional else None
        items = (list(value) if isinstance(value, list | tuple) else [value]) if arguments.positional else []
        outer = [item for item in items if isinstance(item, Tensor)]
        if not outer + [tensor for _, tensor in named] or len(outer) != len(items):
            return first_unknown(items) or Unknown(node)  # called on data: its value is the data's
        outer += [tensor for _, tensor in named]
        if instance.layer is not None:
            raise located(self.source, node, f"layer {instance.name!r} is called a second time (a shared layer); "
                                             "convcalc reads each layer called once")
        shapes = [self.shape_of(item) for item in outer]
        for shape in shapes:
            if isinstance(shape, Unknown):
                return shape
        inner = [inner_input(instance, index, shape, node.lineno)  # type: ignore[arg-type]
                 for index, shape in enumerate(shapes)]
        first, inner_named = inner[:len(inner) - len(named)], inner[len(inner) - len(named):]
        given = first if isinstance(value, list) else tuple(first) if isinstance(value, tuple) else first[0] if (
            first) else None
        result = self.read_call(instance, given, [shape for shape in shapes if isinstance(shape, tuple)],
                                with_inner_tensors(arguments, [key for key, _ in named], inner_named))
        if isinstance(result, Unknown):
            return result
        results = call_results(result)  # one tensor, or a list or tuple of them (a layer giving several outputs)
        if results is None:
            return Unknown(node, f"{made.node.name}.call returns {type(result).__name__} values, which convcalc does "
                                 "not read (it reads Keras tensors)")
        weights = [[name, list(shape), trainable] for name, shape, trainable in instance.weights]
        layer = Layer("Custom", {"class_name": made.node.name, "weights": weights,
                                 "model": FunctionalModel(instance.name or "", node.lineno, inputs=inner,
                                                          outputs=results)},
                      {}, node.lineno, instance.name or snake_case(made.node.name))
        if instance.attributes.get("trainable") is False:
            layer.given["trainable"] = False
        self.touch()
        instance.layer = layer
        layer.called = Tensor(layer, outer, as_list=isinstance(value, list | tuple) or bool(named))
        return layer.called if isinstance(result, Tensor) else type(result)(layer.called.outputs(len(results)))

    def sequential_instance(self, model: SequentialModel, instance: Instance, node: ast.AST) -> Layer:
        """A layer class of the file added to a Sequential model: called on the model's output so far, as Keras
        calls it when it builds the model; waiting in the model until it has an input."""
        if not model.has_input:
            return Layer("Custom", {"pending": instance}, {}, getattr(node, "lineno", model.line),
                         instance.name or "")
        chain = self.sequential_tensors(model)
        at = node if isinstance(node, ast.Call) else ast.copy_location(ast.Call(ast.Name("layer"), [], []), node)
        call = Arguments(at)
        call.positional = [(chain[-1], node)]
        tensor = self.call_instance(instance, call)
        if not isinstance(tensor, Tensor):
            self.require(tensor, node, tensor=True)
            raise located(self.source, node, f"layer {instance.name!r} gives no Keras tensor")
        return tensor.layer

    def resolve_pending(self, model: SequentialModel) -> None:
        """The layer classes and Lambdas waiting in a Sequential model that has just got its input, called in
        order."""
        for index, layer in enumerate(model.layers):
            pending = layer.given.get("pending") if layer.kind == "Custom" else None
            node = ast.Pass()
            node.lineno, node.col_offset = layer.line, 0
            before = SequentialModel(model.name, model.line, layers=model.layers[:index])
            if isinstance(pending, Instance):
                model.layers[index] = self.sequential_instance(before, pending, node)
            elif index:
                self.sequential_lambda(before, layer, node)

    def read_call(self, instance: Instance, given: Any, shapes: list[tuple[int | None, ...]],
                  arguments: Arguments) -> Any:
        """What `build(input_shape)` then `call(inputs, ...)` give, read on the layer's own input tensors."""
        node = arguments.node
        inputs = given if isinstance(given, list | tuple) else [given]
        outer_names, self.call_names = self.call_names, KerasNames()
        self.call_names.counts.update(self.names.counts)  # no operation inside takes a name of the session's
        self.layer_calls.append(list(inputs))
        try:
            if not instance.built:
                build = Arguments(node)
                build.positional = [(shapes[0] if len(shapes) == 1 and not isinstance(given, list | tuple)
                                     else list(shapes), node)]
                self.call_member(instance, instance.made, "build", build)
                instance.built = True
            if find_method(instance.made, "call") is None:
                raise located(self.source, node, f"layer class {instance.made.node.name} has no `call` method")
            call = Arguments(node)
            call.positional = [(given, node), *arguments.positional[1:]] if arguments.positional else []
            call.keywords = dict(arguments.keywords)
            return self.call_member(instance, instance.made, "call", call)
        finally:
            self.layer_calls.pop()
            self.call_names = outer_names

    def constant(self, value: Any, node: ast.AST) -> Any:
        """Inside a layer's `call`, a weight or an array of known shape used with tensors: a constant of its
        shape (a row of the layer's inside graph, reading the layer's input so the graph stays connected)."""
        if not self.layer_calls or not isinstance(value, Variable | Array) or None in value.shape:
            return value
        line = getattr(node, "lineno", 0)
        shape = [size for size in value.shape if size is not None]
        layer = Layer("ops.constant", {"shape": shape}, {}, line, self.call_names.next("constant"))
        layer.called = Tensor(layer, [self.layer_calls[-1][0]])
        return layer.called

    def layer_type(self, layer: Layer, node: ast.Call) -> Any:
        """type(layer) in a loop over model.layers (`type(layer) in [layers.Conv2D, ...]`): its Keras class."""
        return Ref(f"keras.layers.{layer.kind}") if layer.kind in REGISTRY and layer.kind not in (
            "Custom", "Declared") and not REGISTRY[layer.kind].nested else Unknown(node)

    def is_instance(self, value: Any, classes: Any, node: ast.Call) -> Any:
        """isinstance(layer, layers.Conv2D) in a loop over model.layers: the layer's class, or a model's."""
        wanted = list(classes) if isinstance(classes, tuple) else [classes]
        if not isinstance(value, Layer | Model) or not all(isinstance(item, Ref) for item in wanted):
            return super().is_instance(value, classes, node)
        kind = value.kind if isinstance(value, Layer) else "Sequential" if isinstance(value, SequentialModel) else (
            "Functional")
        for item in wanted:
            path = canonical(item.path)
            if layer_class(path) == kind or path in ("keras.layers.Layer", "keras.Layer", "keras.Model",
                                                     "keras.models.Model") or (
                    kind == "Sequential" and path in SEQUENTIAL):
                return True
        return False


def inner_input(instance: Instance, index: int, shape: tuple[int | None, ...], line: int) -> Tensor:
    """One input of a layer's `call`: a tensor of the shape the layer receives."""
    layer = Layer("InputLayer", {"shape": list(shape[1:])}, {}, line, f"{instance.name}_input_{index}",
                  batch_size=shape[0] if shape else None)
    layer.called = Tensor(layer, None, shape=shape)
    return layer.called
