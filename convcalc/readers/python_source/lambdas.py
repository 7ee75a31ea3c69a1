"""Lambda layers whose body is arithmetic or keras.ops on its input: the output shape is read from the body.

The body is evaluated once on a stand-in Keras tensor of the input's shape, as Keras computes the Lambda's
output spec; the operations it makes are not rows of the model, and take no names (Keras's neither). A body that
does anything else leaves the output shape unknown, and a model holding the layer is refused with the reason.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from .values import Function, Layer, SequentialModel, Tensor, Unknown

if TYPE_CHECKING:
    from ..graph import KerasNames
    from .arguments import Arguments
    from .scope import Scope


class LambdaLayers:
    """Mixed into KerasCalls."""

    source: str
    names: KerasNames
    effects: int

    if TYPE_CHECKING:  # provided by KerasCalls and the Interpreter
        def bind_arguments(self, what: str, order: tuple[str, ...], arguments: Arguments,
                           ) -> tuple[dict[str, Any], dict[str, int | None]]: ...

        def call_function(self, function: Any, arguments: Arguments, scope: Scope) -> Any: ...

        def shape_of(self, tensor: Tensor) -> tuple[int | None, ...] | Unknown: ...

        def sequential_tensors(self, model: SequentialModel) -> list[Tensor]: ...

        def touch(self, model: Any = None) -> None: ...

    def make_lambda(self, arguments: Arguments) -> Layer:
        """keras.layers.Lambda(function, output_shape=None, ...): a row of 0 params; its name is taken now."""
        node = arguments.node
        function = arguments.positional[0][0] if arguments.positional else arguments.keywords.get(
            "function", (None, node))[0]
        given_shape = arguments.keywords.get("output_shape", (None, node))[0]
        name = arguments.keywords.get("name", (None, node))[0]
        self.touch()
        layer = Layer("Declared", {"class_name": "Lambda", "output_shape": given_shape}, {"output_shape": node.lineno},
                      node.lineno, name if isinstance(name, str) and name else self.names.next("lambda"))
        for key in ("input_shape", "input_dim"):  # the input of a Sequential model it starts
            if key in arguments.keywords:
                layer.given[key], at = arguments.keywords[key]
                layer.arg_lines[key] = getattr(at, "lineno", node.lineno)
        layer.body = function
        return layer

    def sequential_lambda(self, model: SequentialModel, layer: Layer, node: ast.AST) -> None:
        """A Lambda in a Sequential model with an input: Keras computes its output when it builds the model, on
        the output of the layers before it."""
        if layer.body is not None and model.has_input and layer.given["output_shape"] is None:
            at = node if isinstance(node, ast.Call) else ast.copy_location(ast.Call(ast.Name("lambda"), [], []), node)
            self.lambda_output(layer, [self.sequential_tensors(model)[-1]], at)

    def lambda_output(self, layer: Layer, inputs: list[Tensor], node: ast.Call) -> None:
        """The Lambda's output shape (without the batch axis), from its body run on stand-in tensors."""
        if layer.given["output_shape"] is not None:
            return
        function = layer.body
        shapes = [self.shape_of(tensor) for tensor in inputs]
        unknown = next((shape for shape in shapes if isinstance(shape, Unknown)), None)
        if unknown is not None or not isinstance(function, Function):
            reason = f"Lambda {layer.name!r} calls {_text(layer, node)}, which convcalc does not read"
            layer.given["output_shape"] = unknown or Unknown(node, reason)
            return
        from .arguments import Arguments

        probes = [_probe(shape) for shape in shapes if not isinstance(shape, Unknown)]
        call = Arguments(node)
        call.positional = [(probes if len(probes) > 1 else probes[0], node)]
        counts, effects = dict(self.names.counts), self.effects
        try:
            result = self.call_function(function, call, function.scope)
        finally:
            self.names.counts, self.effects = counts, effects
        shape = self.shape_of(result) if isinstance(result, Tensor) else None
        if not isinstance(shape, tuple):
            layer.given["output_shape"] = Unknown(node, f"the body of Lambda {layer.name!r} is not arithmetic or "
                                                        "keras.ops on its input, so convcalc cannot read its shape; "
                                                        "give it output_shape=(...)")
            return
        layer.given["output_shape"] = list(shape[1:])


def _probe(shape: tuple[int | None, ...]) -> Tensor:
    """A stand-in Keras tensor of a shape: an input layer's output."""
    layer = Layer("InputLayer", {"shape": list(shape[1:])}, {}, 0, "lambda_probe", batch_size=shape[0])
    layer.called = Tensor(layer, None)
    return layer.called


def _text(layer: Layer, node: ast.AST) -> str:
    body = layer.body
    return ast.unparse(body.node) if isinstance(body, Function) else ast.unparse(node)
