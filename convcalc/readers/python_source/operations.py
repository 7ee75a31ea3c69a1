"""Operations on Keras tensors, as Keras 3 records them in a functional model: `x + y`, `x * 0.5`, `-x`, `x[:, 0]`,
`keras.ops.expand_dims(x, -1)`, `keras.activations.swish(x)`, ... each a row of its own (layers/tensor_ops.py).

Called on data (arrays, a dataset's batch) instead of Keras tensors, they give unknown values and no row.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ...layers import REGISTRY
from ..graph import KerasNames
from .values import Array, Dynamic, Layer, Tensor, Unknown, first_unknown, located

if TYPE_CHECKING:
    from .arguments import Arguments

# Python's operators on tensors -> the operation Keras makes (KerasTensor.__add__ is keras.ops.add, ...).
OPERATORS = {ast.Add: "ops.add", ast.Sub: "ops.subtract", ast.Mult: "ops.multiply", ast.Div: "ops.true_divide",
             ast.Pow: "ops.power", ast.MatMult: "ops.matmul"}

# Python's comparisons on tensors -> the operation Keras makes, and the one a tensor on the right makes
# (`0 < x` is x.__gt__(0)).
COMPARISONS = {ast.Eq: ("ops.equal", "ops.equal"), ast.NotEq: ("ops.not_equal", "ops.not_equal"),
               ast.Lt: ("ops.less", "ops.greater"), ast.LtE: ("ops.less_equal", "ops.greater_equal"),
               ast.Gt: ("ops.greater", "ops.less"), ast.GtE: ("ops.greater_equal", "ops.less_equal")}

# keras.ops.X and keras.activations.X called on tensors: the kind, and the names of their parameters in order
# (the tensor ones first: `tensors` of them, or a list of tensors when `tensors` is 0).
_UNARY = ("x",)
OPS: dict[str, tuple[str, int, tuple[str, ...]]] = {
    **{f"keras.ops.{name}": (f"ops.{name}", 1, _UNARY)
       for name in ("relu", "sigmoid", "tanh", "silu", "exp", "sqrt", "square", "negative", "zeros_like",
                    "ones_like")},
    "keras.ops.swish": ("ops.silu", 1, _UNARY),
    "keras.ops.gelu": ("ops.gelu", 1, ("x", "approximate")),
    "keras.ops.softmax": ("ops.softmax", 1, ("x", "axis")),
    "keras.activations.relu": ("ops.re_lu", 1, _UNARY),
    "keras.activations.sigmoid": ("ops.sigmoid", 1, _UNARY),
    "keras.activations.tanh": ("ops.tanh", 1, _UNARY),
    "keras.activations.swish": ("ops.silu", 1, _UNARY),
    "keras.activations.silu": ("ops.silu", 1, _UNARY),
    "keras.activations.gelu": ("ops.gelu", 1, ("x", "approximate")),
    "keras.activations.softmax": ("ops.softmax", 1, ("x", "axis")),
    "keras.ops.expand_dims": ("ops.expand_dims", 1, ("x", "axis")),
    "keras.ops.squeeze": ("ops.squeeze", 1, ("x", "axis")),
    "keras.ops.reshape": ("ops.reshape", 1, ("x", "newshape")),
    "keras.ops.transpose": ("ops.transpose", 1, ("x", "axes")),
    **{f"keras.ops.{name}": (f"ops.{name}", 1, ("x", "axis", "keepdims")) for name in ("mean", "sum", "max", "min")},
    "keras.ops.concatenate": ("ops.concatenate", 0, ("xs", "axis")),
    "keras.ops.tile": ("ops.tile", 1, ("x", "repeats")),
    "keras.ops.cast": ("ops.cast", 1, ("x", "dtype")),
    "keras.ops.slice": ("ops.slice", 1, ("inputs", "start_indices", "shape")),
    "keras.ops.broadcast_to": ("ops.broadcast_to", 1, ("x", "shape")),
    "keras.ops.stack": ("ops.stack", 0, ("x", "axis")),
    "keras.ops.matmul": ("ops.matmul", 2, ("x1", "x2")),
    "keras.ops.tensordot": ("ops.tensordot", 2, ("x1", "x2", "axes")),
    "keras.ops.cumsum": ("ops.cumsum", 1, ("x", "axis", "dtype")),
    "keras.ops.image.extract_patches": ("ops.extract_patches", 1, ("images", "size", "strides", "dilation_rate",
                                                                    "padding", "data_format")),
    **{f"keras.ops.{name}": (f"ops.{name}", 2, ("x1", "x2"))
       for name in ("add", "subtract", "multiply", "divide", "true_divide", "maximum", "minimum", "power",
                    "equal", "not_equal", "less", "less_equal", "greater", "greater_equal")},
}
OPS.update({path.replace("keras.ops.", "keras.ops.nn.", 1): value for path, value in OPS.items()
            if path.startswith("keras.ops.") and value[0] in ("ops.relu", "ops.sigmoid", "ops.silu", "ops.gelu",
                                                                "ops.softmax")})
# TensorFlow's functions on tensors inside a layer's `call` (TensorFlow backend): the operation they compute.
TENSORFLOW_OPS: dict[str, tuple[str, int, tuple[str, ...]]] = {
    **{f"tensorflow.{module}{name}": (f"ops.{name}", 1, ("x",))
       for module in ("", "math.", "nn.") for name in ("relu", "sigmoid", "tanh", "exp", "sqrt", "square")},
    **{f"tensorflow.{module}reduce_{name}": (f"ops.{name}", 1, ("input_tensor", "axis", "keepdims"))
       for module in ("", "math.") for name in ("mean", "sum", "max", "min")},
    **{f"tensorflow.{module}matmul": ("ops.matmul", 2, ("a", "b")) for module in ("", "linalg.")},
    "tensorflow.concat": ("ops.concatenate", 0, ("values", "axis")),
    "tensorflow.nn.softmax": ("ops.softmax", 1, ("logits", "axis")),
    "tensorflow.expand_dims": ("ops.expand_dims", 1, ("input", "axis")),
}
# Operations Keras computes at once on a plain number (a value for later arithmetic on tensors, not a row).
ON_NUMBERS: dict[str, Callable[[float], float]] = {"ops.sqrt": math.sqrt, "ops.exp": math.exp,
                                                   "ops.square": lambda value: value * value,
                                                   "ops.negative": lambda value: -value}
SHAPE_FUNCTIONS = frozenset(("keras.ops.shape", "keras.backend.int_shape", "keras.ops.core.shape"))
# Random values a layer's call draws, of a shape it gives (the batch from ops.shape(x)[0]).
RANDOM_FUNCTIONS = frozenset(f"{module}.{name}" for module in ("keras.random", "tensorflow.random")
                             for name in ("normal", "uniform", "truncated_normal"))


class TensorOperations:
    """Mixed into KerasCalls: makes the operation rows."""

    source: str
    names: KerasNames
    call_names: KerasNames
    layer_calls: list[list[Tensor]]

    if TYPE_CHECKING:  # provided by KerasCalls, ModelCalls and Instances
        def touch(self, model: Any = None) -> None: ...

        def constant(self, value: Any, node: ast.AST) -> Any: ...

        def shape_of(self, tensor: Tensor) -> tuple[int | None, ...] | Unknown: ...

    def operation(self, kind: str, given: dict[str, Any], inputs: list[Tensor], node: ast.AST,
                  as_list: bool = False) -> Tensor:
        line = getattr(node, "lineno", 0)
        names = self.call_names if self.layer_calls else self.names  # inside a layer's call Keras names none
        layer = Layer(kind, given, dict.fromkeys(given, line), line, names.next(REGISTRY[kind].default_name))
        self.touch()
        layer.called = Tensor(layer, inputs, as_list=as_list or len(inputs) > 1)
        return layer.called

    def unpacked_tensor(self, target: ast.expr, tensor: Tensor) -> Unknown:
        """`a, b = tensor`: a layer's several outputs, which convcalc does not model."""
        return Unknown(target, f"{ast.unparse(target)} unpacks the output of layer {tensor.layer.name!r}: several "
                               "tensors (as return_state=True or return_attention_scores=True gives), which convcalc "
                               "does not model")

    def tensor_binary(self, node: ast.BinOp, left: Any, right: Any) -> Any:
        """`x + y`, `x * 0.5`, `1.0 - x`: one operation; a plain number is its `constant`."""
        kind = OPERATORS.get(type(node.op))
        left, right = self.constant(left, node), self.constant(right, node)
        tensors = [side for side in (left, right) if isinstance(side, Tensor)]
        constants = [side for side in (left, right) if not isinstance(side, Tensor)]
        if kind is None or any(not isinstance(value, int | float) or isinstance(value, bool) for value in constants):
            return Unknown(node, f"{ast.unparse(node)} is an operation on Keras tensors that convcalc does not model")
        if kind == "ops.matmul" and constants:
            return Unknown(node)
        given = {"constant": constants[0]} if constants else {}
        return self.operation(kind, given, tensors, node)

    def tensor_compare(self, node: ast.Compare, op: ast.cmpop, left: Any, right: Any) -> Any:
        """`source != 0`, `x > y`: one operation of boolean values (a mask), the tensor first as Keras calls it."""
        kinds = COMPARISONS.get(type(op))
        left, right = self.constant(left, node), self.constant(right, node)
        other = right if isinstance(left, Tensor) else left
        if kinds is None or not isinstance(other, Tensor) and (
                not isinstance(other, int | float) or isinstance(other, bool)):
            return Unknown(node, f"{ast.unparse(node)} compares a Keras tensor in a way convcalc does not model")
        if isinstance(left, Tensor) and isinstance(right, Tensor):
            return self.operation(kinds[0], {}, [left, right], node)
        kind = kinds[0] if isinstance(left, Tensor) else kinds[1]
        return self.operation(kind, {"constant": other}, [left if isinstance(left, Tensor) else right], node)

    def tensor_negative(self, node: ast.UnaryOp, tensor: Tensor) -> Tensor:
        return self.operation("ops.negative", {}, [tensor], node)

    def tensor_index(self, node: ast.Subscript, tensor: Tensor, index: Any) -> Any:
        """x[:, 0], x[..., None], x[:, 1:3]: an int drops its axis, a slice keeps it, None adds one."""
        items = list(index) if isinstance(index, tuple) else [index]
        plain: list[Any] = []
        for item in items:
            if isinstance(item, slice):
                plain.append(["slice", item.start, item.stop, item.step])
            elif item is Ellipsis:
                plain.append("...")
            elif item is None or (isinstance(item, int) and not isinstance(item, bool)):
                plain.append(item)
            else:
                return Unknown(node)
        return self.operation("ops.get_item", {"index": plain}, [tensor], node)

    def tensor_call(self, path: str, arguments: Arguments) -> Any:
        """keras.ops.X(...) / keras.activations.X(...): an operation row when called on Keras tensors, the shape
        for ops.shape, else an unknown value (the call runs on data). None when `path` is none of these."""
        values = [value for value, _ in arguments.positional]
        if path in SHAPE_FUNCTIONS or (path == "tensorflow.shape" and self.layer_calls):
            shape = self.shape_of(values[0]) if values and isinstance(values[0], Tensor) else Unknown(arguments.node)
            if isinstance(shape, tuple) and self.layer_calls and path != "keras.backend.int_shape":
                # the batch stays None (a reshape to (batch_size, ...) keeps it); other unknown axes are sizes
                # only running knows, which arithmetic keeps unknown
                return tuple(Dynamic() if size is None and at else size for at, size in enumerate(shape))
            return shape
        if path in RANDOM_FUNCTIONS and self.layer_calls:
            return self._random(arguments)
        if path == "keras.ops.convert_to_tensor" and values:
            return self.constant(values[0], arguments.node)  # a number stays one; a weight is a constant
        if path in ("keras.ops.split", "tensorflow.split") and self.layer_calls:
            return self._split(arguments)
        if path in ("keras.ops.fft", "keras.ops.fft2") and self.layer_calls and values and isinstance(
                values[0], tuple) and len(values[0]) == 2 and all(isinstance(part, Tensor) for part in values[0]):
            # (real, imaginary) in, (real, imaginary) out, each of its shape: one step per part inside the call
            return tuple(self.operation(f"ops.{path.rpartition('.')[2]}", {}, [part], arguments.node)
                         for part in values[0])
        if path == "keras.ops.arange":
            return _arange(arguments)
        known = OPS.get(path) or (TENSORFLOW_OPS.get(path) if self.layer_calls else None)
        if known is None:
            if any(isinstance(item, Tensor) for item in [*values, *(v for v, _ in arguments.keywords.values())]):
                return Unknown(arguments.node, f"{ast.unparse(arguments.node.func)} on Keras tensors is not among "
                                               "the operations convcalc models (docs/python-code.md)")
            return None
        kind, count, parameters = known
        node = arguments.node
        if len(values) > len(parameters):
            raise located(self.source, node, f"{ast.unparse(node.func)} takes at most {len(parameters)} positional "
                                             f"arguments, received {len(values)}")
        bound = dict(zip(parameters, values, strict=False))
        for key, (value, _) in arguments.keywords.items():
            if key not in parameters:
                raise located(self.source, node, f"{ast.unparse(node.func)} has no argument `{key}`")
            bound[key] = value
        tensor_names = parameters[:count] if count else parameters[:1]
        if any(name not in bound for name in tensor_names):
            raise located(self.source, node, f"{ast.unparse(node.func)} needs {', '.join(tensor_names)}")
        operands = [bound.pop(name) for name in tensor_names]
        bound.pop("dtype", None)  # ops.cast: the values' type, not their shape (self.compute_dtype in a call)
        inputs = list(operands[0]) if not count and isinstance(operands[0], list | tuple) else operands
        inputs = [self.constant(item, node) for item in inputs]
        newshape = bound.get("newshape")
        if isinstance(newshape, list | tuple) and any(isinstance(size, Dynamic) for size in newshape):
            bound["newshape"] = newshape = [None if isinstance(size, Dynamic) else size for size in newshape]
        if kind == "ops.reshape" and self.layer_calls and isinstance(newshape, list | tuple) and newshape and (
                newshape[0] is None and None not in newshape[1:] and isinstance(inputs[0], Tensor)):
            # (batch_size, ...) with batch_size = ops.shape(x)[0], which Keras knows inside a call: the rest
            # is reshaped, as layers.Reshape does
            return self.operation("Reshape", {"target_shape": list(newshape[1:])}, inputs[:1], node)
        unknown = first_unknown([inputs, bound])
        if unknown is None and kind in ON_NUMBERS and len(inputs) == 1 and _is_number(inputs[0]) and not bound:
            return ON_NUMBERS[kind](inputs[0])  # ops.sqrt(64.0): computed at once, as Keras does, no row
        if unknown is not None or not any(isinstance(item, Tensor) for item in inputs):
            return unknown or Unknown(node)
        constants = [item for item in inputs if not isinstance(item, Tensor)]
        if constants and (count != 2 or len(constants) > 1 or not isinstance(constants[0], int | float)):
            return Unknown(node, f"{ast.unparse(node)} mixes Keras tensors and other values in a way convcalc does "
                                 "not model")
        if constants:
            bound["constant"] = constants[0]
        given = {key: list(value) if isinstance(value, tuple) else value for key, value in bound.items()}
        tensors = [item for item in inputs if isinstance(item, Tensor)]
        return self.operation(kind, given, tensors, node, as_list=not count)

    def _random(self, arguments: Arguments) -> Any:
        """keras.random.normal(shape=(batch, dim)) inside a call: values of that shape, drawn anew for each batch
        (a row of the layer's inside graph, reading its input as a constant does)."""
        shape = arguments.positional[0][0] if arguments.positional else arguments.keywords.get("shape", (None,))[0]
        if not isinstance(shape, list | tuple) or not shape or not all(
                isinstance(size, int) and not isinstance(size, bool) or size is None and at == 0
                for at, size in enumerate(shape)):
            return first_unknown(list(shape) if isinstance(shape, list | tuple) else [shape]) or Unknown(
                arguments.node)
        return self.operation("ops.random", {"shape": list(shape)}, [self.layer_calls[-1][0]], arguments.node)

    def _split(self, arguments: Arguments) -> Any:
        """ops.split(x, 2, axis=2) inside a call: the parts as slices of x along the axis (rows of the layer's
        inside graph, which the summary does not show)."""
        given = dict(zip(("x", "sections", "axis"), [value for value, _ in arguments.positional], strict=False))
        for key, (value, _) in arguments.keywords.items():
            given[{"indices_or_sections": "sections", "num_or_size_splits": "sections", "value": "x"}.get(key, key)] = (
                value)
        tensor, sections, axis = given.get("x"), given.get("sections"), given.get("axis", 0)
        if not isinstance(tensor, Tensor):
            return Unknown(arguments.node)
        shape = self.shape_of(tensor)
        if not isinstance(shape, tuple) or not isinstance(axis, int) or not -len(shape) <= axis < len(shape):
            return Unknown(arguments.node)
        axis %= len(shape)
        size = shape[axis]
        bounds: list[int | None]
        if isinstance(sections, int) and not isinstance(sections, bool) and sections > 0 and size is not None and (
                size % sections == 0):
            bounds = list(range(0, size + 1, size // sections))
        elif isinstance(sections, list | tuple) and all(isinstance(at, int) for at in sections):
            bounds = [0, *sections, size]
        else:
            return Unknown(arguments.node, f"{ast.unparse(arguments.node)} does not split its axis evenly")
        return [self.operation("ops.get_item", {"index": [["slice", None, None, None]] * axis
                                                           + [["slice", start, stop, None]]}, [tensor],
                               arguments.node) for start, stop in zip(bounds, bounds[1:], strict=False)]


def _arange(arguments: Arguments) -> Any:
    """keras.ops.arange(start, stop, step): a constant of known length (a layer's positions)."""
    values = [value for value, _ in arguments.positional]
    given = dict(zip(("start", "stop", "step"), values, strict=False))
    given.update((key, value) for key, (value, _) in arguments.keywords.items())
    if len(values) == 1 and "stop" not in given:
        given = {"start": 0, "stop": values[0]}
    start, stop, step = given.get("start", 0), given.get("stop"), given.get("step", 1)
    bounds = [item for item in (start, stop, step) if isinstance(item, int) and not isinstance(item, bool)]
    if len(bounds) != 3 or bounds[2] == 0:
        return first_unknown(list(given.values())) or Unknown(arguments.node)
    return Array((len(range(*bounds)),))


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and abs(value) < 1e300
