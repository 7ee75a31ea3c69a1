"""The file's own classes, read as running it would build their instances: `__init__` and the methods it calls,
`self.x = ...`, `super()`, properties. A Keras layer subclass called on Keras tensors becomes one row, as Keras
shows it (`patches (Patches)`): `build` is read with the input shape, `call` on symbolic tensors, and the graph it
makes is the row's inside (layers/custom.py). A keras.Model subclass is listed, refused with its reason.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from ...errors import SpecError
from ...layers import REGISTRY, snake_case
from ..graph import KerasNames
from .arrays import Array
from .call_inputs import call_results, more_tensors, with_inner_tensors
from .keras_names import MODEL, SEQUENTIAL, canonical, layer_class
from .scope import Scope
from .values import (
    BoundMethod,
    Function,
    FunctionalModel,
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
    Variable,
    first_unknown,
    located,
)

if TYPE_CHECKING:
    from .keras_calls import Arguments

ADD_WEIGHT = ("shape", "initializer", "dtype", "trainable", "autocast", "regularizer", "constraint", "aggregation",
              "overwrite_with_gradient", "name")  # Keras 3's Layer.add_weight, in order


class Instances:
    """Mixed into KerasCalls."""

    source: str
    names: KerasNames
    models: list[Model]
    frames: list[tuple[Instance, UserClass]]  # the methods being read: their `self` and the class defining them
    layer_calls: list[list[Tensor]]  # the inputs of the layer subclasses' `call`s being read, innermost last
    call_names: KerasNames  # the names of the operations inside a `call`, which Keras does not count

    if TYPE_CHECKING:  # provided by KerasCalls, ModelCalls and statements.py
        def evaluate(self, node: ast.expr, scope: Scope) -> Any: ...

        def touch(self, model: Any = None) -> None: ...

        def pure_call(self, name: str, args: list[Any], kwargs: dict[str, Any], node: ast.Call) -> Any: ...

        def call_function(self, function: Any, arguments: Arguments, scope: Scope) -> Any: ...

        def invoke(self, function: Any, arguments: Arguments, scope: Scope) -> Any: ...

        def shape_of(self, tensor: Tensor) -> tuple[int | None, ...] | Unknown: ...

        def sequential_tensors(self, model: SequentialModel) -> list[Tensor]: ...

        def sequential_lambda(self, model: SequentialModel, layer: Layer, node: ast.AST) -> None: ...

        def require(self, value: Any, use: ast.AST | None = None, tensor: bool = False) -> Any: ...

        def bind_arguments(self, what: str, order: tuple[str, ...], arguments: Arguments,
                           ) -> tuple[dict[str, Any], dict[str, int | None]]: ...

    def _do_ClassDef(self, statement: ast.ClassDef, scope: Scope) -> None:
        """A class of the file: whether it is Keras's, its first base the file defines, its constants."""
        bases = [self.evaluate(base, scope) for base in statement.bases]
        keras_base = any(isinstance(base, Ref) and canonical(base.path).startswith("keras.")
                         or isinstance(base, UserClass) and base.keras_base for base in bases)
        model_base = any(isinstance(base, Ref) and canonical(base.path) in MODEL | SEQUENTIAL
                         or isinstance(base, UserClass) and base.model_base for base in bases)
        base = next((item for item in bases if isinstance(item, UserClass)), None)
        made = UserClass(statement, keras_base, model_base, scope, base, keras_object=next(
            (path.split(".")[1] for path in (canonical(item.path) for item in bases if isinstance(item, Ref))
             if path.startswith(("keras.regularizers.", "keras.initializers.", "keras.constraints."))),
            base.keras_object if base else ""))
        for item in statement.body:  # its constants (`patch_size = 4`), read in the class's own namespace
            if isinstance(item, ast.Assign | ast.AnnAssign) and item.value is not None:
                targets = item.targets if isinstance(item, ast.Assign) else [item.target]
                namespace = Scope(scope)
                namespace.names.update(made.attributes)
                value = self.evaluate(item.value, namespace)
                for target in targets:
                    if isinstance(target, ast.Name):
                        made.attributes[target.id] = value
        scope.names[statement.name] = made

    # --- making an instance ----------------------------------------------------------------------

    def instance(self, made: UserClass, arguments: Arguments) -> Any:
        """`Net(...)`: `__init__` read as Python runs it. A Keras subclass takes its name when Keras's own
        `__init__` runs (`super().__init__(name=...)`): the class's name in snake case, counted."""
        node = arguments.node
        instance = Instance(made, node)
        made_before = len(self.models)
        try:
            self.call_member(instance, made, "__init__", arguments, keras_init=True)
        except SpecError as error:
            return Unknown(node, error=error)
        finally:
            del self.models[made_before:]  # models inside the instance are its parts, not models of the file
        if made.keras_base and instance.name is None:
            self.keras_init(instance, {})
        if made.model_base:
            model = SubclassedModel(instance.name or made.node.name, node.lineno, instance=instance)
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

    # --- members ---------------------------------------------------------------------------------

    def member(self, owner: Instance | UserClass, node: ast.Attribute) -> Any:
        """`self.x`: what the instance holds, else a method (bound) or property of its class, else a constant of
        the class; `Class.x` the same without an instance."""
        name = node.attr
        if isinstance(owner, Instance):
            if name in owner.attributes:
                return owner.attributes[name]
            if name == "name" and owner.name is not None:
                return owner.name
        made = owner.made if isinstance(owner, Instance) else owner
        found = _find(made, name)
        if found is not None:
            function, defined_in = found
            decorators = {ast.unparse(item) for item in function.decorator_list}
            if "classmethod" in decorators:  # `Biased.small()`: the class comes first
                return Partial(Function(function, defined_in.scope), [(made, node)], {})
            if isinstance(owner, UserClass) or "staticmethod" in decorators:
                return Function(function, defined_in.scope)
            bound = BoundMethod(Function(function, defined_in.scope), owner, defined_in)
            if "property" in decorators:
                from .keras_calls import Arguments

                return self.call_bound(bound, Arguments(ast.Call(node, [], [])), defined_in.scope)
            return bound
        for cls in _chain(made):
            if name in cls.attributes:
                return cls.attributes[name]
        return Unknown(node)

    def call_member(self, owner: Instance | Super | UserClass, made: UserClass | None, name: str,
                    arguments: Arguments, keras_init: bool = False) -> Any:
        """`self.method(...)`, `super().method(...)`: the file's method, else what Keras's base class does."""
        instance = owner if isinstance(owner, Instance) else owner.instance if isinstance(owner, Super) else None
        found = _find(made, name) if made is not None else None
        if found is not None and instance is not None:
            function, defined_in = found
            bound = BoundMethod(Function(function, defined_in.scope), instance, defined_in)
            return self.call_bound(bound, arguments, defined_in.scope)
        if instance is None or not instance.made.keras_base:
            return None if name == "__init__" else Unknown(arguments.node)
        keywords = {key: value for key, (value, _) in arguments.keywords.items()}
        if name == "__init__" and (keras_init or isinstance(owner, Super)):
            self.keras_init(instance, keywords)
            return None
        if name == "build":
            instance.built = True
            return None
        if name == "add_weight":
            return self.add_weight(instance, arguments)
        return Unknown(arguments.node)

    def call_bound(self, bound: BoundMethod, arguments: Arguments, scope: Scope) -> Any:
        from .keras_calls import Arguments

        call = Arguments(arguments.node)
        call.positional = [(bound.instance, arguments.node), *arguments.positional]
        call.keywords = dict(arguments.keywords)
        self.frames.append((bound.instance, bound.defined_in))
        try:
            return self.call_function(bound.function, call, scope)
        finally:
            self.frames.pop()

    def make_super(self, node: ast.Call) -> Any:
        """`super()` inside a method: the bases after the method's class."""
        if node.args or not self.frames:
            return Unknown(node)
        instance, defined_in = self.frames[-1]
        return Super(instance, defined_in)

    def member_call(self, owner: Instance | Super | UserClass, name: str, arguments: Arguments,
                    scope: Scope) -> Any:
        """A method called on an object of the file's classes: `self.f(...)`, `self.dense(x)`, `super().f()`."""
        if isinstance(owner, Super):
            return self.call_member(owner, owner.defined_in.base, name, arguments)
        if isinstance(owner, Instance) and name not in owner.attributes and _find(owner.made, name) is None:
            return self.call_member(owner, None, name, arguments)
        attribute = ast.Attribute(ast.Name("self", ast.Load()), name, ast.Load())
        value = self.member(owner, ast.copy_location(attribute, arguments.node))
        if isinstance(value, BoundMethod):
            return self.call_bound(value, arguments, value.defined_in.scope)
        return self.invoke(value, arguments, scope)

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
        if not made.keras_base:
            return self.call_member(instance, made, "__call__", arguments)
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
        from .keras_calls import Arguments

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
        from .keras_calls import Arguments

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
            if _find(instance.made, "call") is None:
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
        if isinstance(value, Instance) and all(isinstance(item, UserClass | Ref) for item in wanted):
            return any(item in _chain(value.made) for item in wanted if isinstance(item, UserClass))
        if not isinstance(value, Layer | Model) or not all(isinstance(item, Ref) for item in wanted):
            return self.pure_call("isinstance", [value, classes], {}, node) if isinstance(
                value, int | float | str | bool | list | tuple | dict) else Unknown(node)
        kind = value.kind if isinstance(value, Layer) else "Sequential" if isinstance(value, SequentialModel) else (
            "Functional")
        for item in wanted:
            path = canonical(item.path)
            if layer_class(path) == kind or path in ("keras.layers.Layer", "keras.Layer", "keras.Model",
                                                     "keras.models.Model") or (
                    kind == "Sequential" and path in SEQUENTIAL):
                return True
        return False


def _chain(made: UserClass) -> list[UserClass]:
    """The class and the bases of it the file defines, in the order Python looks names up (first bases)."""
    chain: list[UserClass] = []
    current: UserClass | None = made
    while current is not None and current not in chain:
        chain.append(current)
        current = current.base
    return chain


def _find(made: UserClass, name: str) -> tuple[ast.FunctionDef, UserClass] | None:
    for cls in _chain(made):
        for statement in cls.node.body:
            if isinstance(statement, ast.FunctionDef) and statement.name == name:
                return statement, cls
    return None


def inner_input(instance: Instance, index: int, shape: tuple[int | None, ...], line: int) -> Tensor:
    """One input of a layer's `call`: a tensor of the shape the layer receives."""
    layer = Layer("InputLayer", {"shape": list(shape[1:])}, {}, line, f"{instance.name}_input_{index}",
                  batch_size=shape[0] if shape else None)
    layer.called = Tensor(layer, None, shape=shape)
    return layer.called
