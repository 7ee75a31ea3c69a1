"""keras.Model subclasses of the file (`class Net(keras.Model)`), read from their code as layer classes are.

Keras lists a subclassed model's rows as the layers it holds, in the order its `__init__` (and `build`) set them;
their shapes and counts come from what `call` does to an input. The input comes from the file: the model called
on a Keras tensor (it is then also one row of that functional model), `model.build((None, 28, 28, 1))`, or
`model(x)` on an array of known shape (read with the batch as None).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from ...errors import SpecError
from .instances import inner_input
from .keras_names import HARMLESS_METHODS, keras_class
from .values import (
    Array,
    FunctionalModel,
    Instance,
    Layer,
    Model,
    SubclassedModel,
    Tensor,
    Unknown,
    first_unknown,
    located,
    refusal,
)

if TYPE_CHECKING:
    from .arguments import Arguments
    from .scope import Scope


class SubclassedModels:
    """Mixed into KerasCalls."""

    source: str

    if TYPE_CHECKING:  # provided by Instances
        def call_instance(self, instance: Instance, arguments: Arguments) -> Any: ...

        def read_call(self, instance: Instance, given: Any, shapes: list[tuple[int | None, ...]],
                      arguments: Arguments) -> Any: ...

        def member_call(self, owner: Any, name: str, arguments: Arguments, scope: Scope) -> Any: ...

        def touch(self, model: Any = None) -> None: ...

    def call_subclassed(self, model: SubclassedModel, arguments: Arguments) -> Any:
        """`model(x)`: on Keras tensors, a row of the functional model being made (its first such call is also
        the model's own graph); on an array of known shape, the model's graph on that shape; on data, unknown."""
        assert model.instance is not None
        node = arguments.node
        value = arguments.positional[0][0] if arguments.positional else None
        items = list(value) if isinstance(value, list | tuple) else [value]
        if items and all(isinstance(item, Tensor) for item in items):
            tensor = self.call_instance(model.instance, arguments)
            if isinstance(tensor, Tensor) and model.graph is None:
                inner = tensor.layer.given["model"]
                model.graph = FunctionalModel(model.name, node.lineno, inputs=inner.inputs, outputs=inner.outputs)
            elif not isinstance(tensor, Tensor) and model.blocked is None:
                model.blocked = refusal(self.source, tensor, node.lineno, tensor=True)
            return tensor
        if isinstance(value, Array) and value.shape and None not in value.shape[1:]:
            self.build_subclassed(model, (None, *value.shape[1:]), arguments)
        return first_unknown(items) or Unknown(node)

    def build_subclassed(self, model: SubclassedModel, shape: tuple[int | None, ...], arguments: Arguments) -> None:
        """The model's graph: its `call` read on an input of `shape` (batch first), once."""
        from .arguments import Arguments

        instance, node = model.instance, arguments.node
        assert instance is not None
        if model.graph is not None:
            return
        self.touch(model)
        given = inner_input(instance, 0, shape, node.lineno)
        call = Arguments(node)
        call.positional = [(given, node)]
        result = self.read_call(instance, given, [shape], call)
        if isinstance(result, Tensor):
            model.graph = FunctionalModel(model.name, node.lineno, inputs=[given], outputs=[result])
        elif model.blocked is None:
            model.blocked = (refusal(self.source, result, node.lineno, tensor=True) if isinstance(result, Unknown)
                             else located(self.source, node, f"{instance.made.node.name}.call returns "
                                                             f"{type(result).__name__} values; convcalc reads one "
                                                             "Keras tensor"))

    def subclassed_method(self, model: SubclassedModel, name: str, arguments: Arguments, scope: Scope) -> Any:
        """model.build((None, ...)), Keras's harmless methods, and the class's own methods."""
        values = [value for value, _ in arguments.positional]
        if name == "build" and len(values) == 1 and isinstance(values[0], list | tuple) and values[0] and all(
                isinstance(size, int) or size is None for size in values[0]):
            self.build_subclassed(model, tuple(values[0]), arguments)
            return None
        if name in HARMLESS_METHODS:
            return Unknown(arguments.node)
        assert model.instance is not None
        return self.member_call(model.instance, name, arguments, scope)


def tracked(instance: Instance) -> dict[str, Any]:
    """The layers (and models) an instance holds by the names Keras shows, in the order Keras tracks them
    (attributes as they were first set; lists, tuples and dicts in order)."""
    held: dict[str, Any] = {}

    def track(value: Any) -> None:
        if isinstance(value, list | tuple):
            for item in value:
                track(item)
        elif isinstance(value, dict):
            for item in value.values():
                track(item)
        elif isinstance(value, Layer) and value.kind != "InputLayer":
            held.setdefault(value.name, value)
        elif isinstance(value, Instance) and keras_class(value.made) and value.name:
            held.setdefault(value.name, value)
        elif isinstance(value, Model):
            held.setdefault(value.as_layer.name if value.as_layer is not None else value.name, value)

    for value in instance.attributes.values():
        track(value)
    return held


def never_built(model: SubclassedModel, source: str) -> SpecError:
    node = ast.Pass()
    node.lineno, node.col_offset = model.line, 0
    return located(source, node, f"model {model.name!r} ({model.instance.made.node.name if model.instance else ''}) "
                                 "never gets an input, so Keras has not built it and its call is never read: call "
                                 "it on keras.Input(shape=(...)) or call model.build((None, ...))")
