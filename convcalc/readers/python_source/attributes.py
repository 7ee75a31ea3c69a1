"""Attributes read and set: of layers, models and tensors as Keras gives them, and of the file's own objects (an
instance's `self.x`, a class's constants)."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from .call_inputs import layer_outputs
from .calls import NOT_HANDLED
from .values import (
    Array,
    FunctionalModel,
    Layer,
    Model,
    SequentialModel,
    SubclassedModel,
    Tensor,
    Unknown,
    located,
    nested_model,
)

if TYPE_CHECKING:
    from .scope import Scope


class Attributes:
    """Mixed into KerasCalls."""

    source: str
    models: list[Model]

    if TYPE_CHECKING:  # provided by the other mixins of KerasCalls
        def evaluate(self, node: ast.expr, scope: Scope) -> Any: ...

        def require(self, value: Any, use: ast.AST | None = None, tensor: bool = False) -> Any: ...

        def array_attribute(self, value: Array, node: ast.Attribute) -> Any: ...

        def shape_of(self, tensor: Tensor) -> tuple[int | None, ...] | Unknown: ...

        def sequential_tensors(self, model: SequentialModel) -> list[Tensor]: ...

        def model_layers(self, model: Model) -> list[Layer]: ...

        def set_trainable(self, owner: Layer | Model, trainable: bool, where: ast.AST) -> None: ...

        def python_attribute(self, value: Any, node: ast.Attribute) -> Any: ...

        def member(self, owner: Any, node: ast.Attribute) -> Any: ...

    def attribute(self, value: Any, node: ast.Attribute) -> Any:
        found = self.python_attribute(value, node)
        if found is not NOT_HANDLED:
            return found
        if isinstance(value, SubclassedModel) and value.instance is not None and node.attr != "layers":
            return self.member(value.instance, node)
        if isinstance(value, Array):
            return self.array_attribute(value, node)
        inner = nested_model(value)
        if inner is not None and node.attr in ("layers", "inputs", "outputs"):  # model.layers[2].layers
            value = inner
        if isinstance(value, Tensor) and node.attr == "shape":
            return self.shape_of(value)
        if isinstance(value, Layer) and node.attr in ("name", "output", "input", "trainable"):
            if node.attr == "input":  # an input layer's tensor, or what the layer was called on
                called = value.called
                if called is None or called.inputs is None:
                    return called if called is not None else Unknown(node)
                return called.inputs if called.as_list else called.inputs[0]
            if value.called is None and node.attr == "output":
                holder = next((model for model in self.models if isinstance(model, SequentialModel)
                               and any(layer is value for layer in model.layers)), None)
                if holder is not None and self.sequential_tensors(holder):
                    return value.called
                return Unknown(node, f"layer {value.name!r} has not been called on a Keras tensor, so it has no "
                                     "output")
            if node.attr == "output" and value.called is not None:
                return layer_outputs(value, value.called)  # a list for a layer giving several
            return {"name": value.name, "trainable": value.given.get("trainable", True)}[node.attr]
        if isinstance(value, Model):
            if node.attr == "name":
                return value.name
            if value.blocked is not None:  # its layers and tensors are not known
                return Unknown(node, error=value.blocked)
            if node.attr == "layers":
                return self.model_layers(value)
            if isinstance(value, FunctionalModel) and node.attr in ("inputs", "outputs", "input", "output"):
                tensors = value.inputs if node.attr.startswith("input") else value.outputs
                return list(tensors) if node.attr.endswith("s") or len(tensors) > 1 else tensors[0]
            if isinstance(value, SequentialModel) and node.attr in ("inputs", "outputs"):
                chain = self.sequential_tensors(value)
                return [chain[0] if node.attr == "inputs" else chain[-1]] if chain else Unknown(
                    node, f"Sequential model {value.name!r} has no input yet, so it has no {node.attr}")
        return Unknown(node)

    def assign_attribute(self, owner: Any, target: ast.Attribute, value: Any) -> None:
        """`layer.trainable = False` and the other attributes of Keras's objects set by the file."""
        if isinstance(owner, Layer | Model) and target.attr == "trainable":
            trainable = self.require(value, target)
            if not isinstance(trainable, bool):
                raise located(self.source, target, "`trainable` must be True or False")
            self.set_trainable(owner, trainable, target)
        elif isinstance(owner, Model) and owner.tainted is None:
            owner.tainted = target
        elif isinstance(owner, Layer):
            raise located(self.source, target, f"setting `{target.attr}` of layer {owner.name!r} is not read by "
                                               "convcalc; give it as an argument when the layer is made")
