"""Instances: of the file's own classes (a keras.Model subclass is listed, refused with its reason; a Keras layer
subclass is unknown), and isinstance() of the layers a model holds."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from ...errors import SpecError
from ...layers import snake_case
from .keras_names import SEQUENTIAL, canonical, layer_class
from .values import Function, Layer, Model, Ref, RefusedModel, SequentialModel, Unknown, UserClass, cannot_evaluate

if TYPE_CHECKING:
    from ..graph import KerasNames
    from .keras_calls import Arguments
    from .scope import Scope


class Instances:
    """Mixed into KerasCalls."""

    source: str
    names: KerasNames
    models: list[Model]
    subclassed: list[Unknown]

    if TYPE_CHECKING:  # provided by KerasCalls and ModelCalls
        def touch(self, model: Any = None) -> None: ...

        def pure_call(self, name: str, args: list[Any], kwargs: dict[str, Any], node: ast.Call) -> Any: ...

        def call_function(self, function: Any, arguments: Arguments, scope: Scope) -> Any: ...

    def instance(self, made: UserClass, arguments: Arguments) -> Any:
        """An instance of a class of the file. A Keras subclass takes its name as Keras gives it (the class's name
        in snake case, counted); a model subclass is listed, refused with the reason."""
        node = arguments.node
        what = "a subclassed Keras model" if made.model_base else (
            "a subclassed Keras layer" if made.keras_base else "an instance of a class")
        reason = (f"{ast.unparse(node)} makes {what} ({made.node.name}), which is only known by running the file; "
                  "convcalc reads models built from Keras layers (Sequential or functional)")
        if not made.keras_base:
            return Unknown(node, reason)
        given = arguments.keywords.get("name", (None, node))[0]
        name = given if isinstance(given, str) and given else self.names.next(snake_case(made.node.name))
        self.construct(made, arguments, Unknown(node, reason))
        if made.model_base:
            model = RefusedModel(name, node.lineno, blocked=cannot_evaluate(self.source, node, reason))
            self.models.append(model)
            self.touch()
            return model
        unknown = Unknown(node, reason)
        self.subclassed.append(unknown)
        return unknown

    def construct(self, made: UserClass, arguments: Arguments, instance: Unknown) -> None:
        """Read the class's __init__ (the file's own, or a base's of the file) as Keras runs it, so that the layers
        it makes take their names from the session's counters, as later layers' names depend on it. What it
        stores on `self` is not kept: the instance stays unknown (reading its call is for another day)."""
        init = _init_of(made)
        if init is None:
            return
        from .keras_calls import Arguments

        call = Arguments(arguments.node)
        call.positional = [(instance, arguments.node), *arguments.positional]
        call.keywords = dict(arguments.keywords)
        made_before = len(self.models)
        try:
            self.call_function(Function(init, made.scope), call, made.scope)
        except SpecError:
            pass  # a constructor convcalc cannot follow: its layers' names are then not counted
        del self.models[made_before:]  # models inside the instance are its parts, not models of the file

    def is_instance(self, value: Any, classes: Any, node: ast.Call) -> Any:
        """isinstance(layer, layers.Conv2D) in a loop over model.layers: the layer's class, or a model's."""
        wanted = list(classes) if isinstance(classes, tuple) else [classes]
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


def _init_of(made: UserClass) -> ast.FunctionDef | None:
    for statement in made.node.body:
        if isinstance(statement, ast.FunctionDef) and statement.name == "__init__":
            return statement
    return _init_of(made.base) if made.base is not None else None
