"""Operations on the tensors of a forward pass: nn.functional and torch functions, tensor methods (view, flatten,
size, permute, mean, ...), arithmetic and indexing, each a hidden call of the forward pass (torch_forward.py) with
the functional op of convcalc.torch_modules that computes its shape."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from .arguments import Arguments
from .calls import NOT_HANDLED
from .torch_names import FUNCTIONAL, SAME_TENSOR, UNARY, functional
from .torch_values import TorchData, TorchTensor
from .values import Unknown, first_unknown, located

if TYPE_CHECKING:
    from .torch_forward import ForwardPass

BINARY = {ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.Div: "div", ast.FloorDiv: "floordiv",
          ast.Pow: "pow", ast.Mod: "mod"}
COMPARISONS = {ast.Eq: "eq", ast.NotEq: "ne", ast.Lt: "lt", ast.LtE: "le", ast.Gt: "gt", ast.GtE: "ge"}
BINARY_FUNCTIONS = frozenset(("add", "sub", "mul", "div", "maximum", "minimum", "pow"))
# method or function -> (op kind, its parameters after the tensor)
REDUCTIONS = frozenset(("mean", "sum", "amax", "amin", "prod", "std", "var", "logsumexp"))
SHAPE_METHODS: dict[str, tuple[str, tuple[str, ...]]] = {
    "flatten": ("flatten", ("start_dim", "end_dim")), "permute": ("permute", ("dims",)),
    "transpose": ("transpose", ("dim0", "dim1")), "squeeze": ("squeeze", ("dim",)),
    "unsqueeze": ("unsqueeze", ("dim",)), **{name: ("reduce", ("dim", "keepdim")) for name in REDUCTIONS},
}


class TorchOps:
    """Mixed into TorchCalls."""

    source: str
    forward: ForwardPass | None

    def _tensors(self, arguments: Arguments) -> list[TorchTensor]:
        return [value for value, _ in arguments.positional if isinstance(value, TorchTensor)]

    def _op(self, kind: str, given: dict[str, Any], tensors: list[TorchTensor], node: ast.AST) -> Any:
        if self.forward is None:
            return Unknown(node)
        unknown = first_unknown(list(given.values()))
        if unknown is not None:
            return unknown
        return self.forward.op(kind, given, tensors, getattr(node, "lineno", 0))

    def _named(self, parameters: tuple[str | None, ...], arguments: Arguments, skip: int = 1) -> dict[str, Any]:
        """The arguments after the first `skip` by the function's parameter names (None: not the module's)."""
        given = {name: value for name, (value, _) in zip(parameters, arguments.positional[skip:], strict=False)
                 if name is not None}
        given.update({key: value for key, (value, _) in arguments.keywords.items() if key in parameters})
        return {key: list(value) if isinstance(value, tuple) else value for key, value in given.items()}

    def tensor_function(self, path: str, arguments: Arguments) -> Any:
        """F.relu(x), torch.flatten(x, 1), torch.cat([a, b], 1), ...: NOT_HANDLED if not on a forward's tensors."""
        node = arguments.node
        name = path.rpartition(".")[2]
        first = arguments.positional[0][0] if arguments.positional else None
        if name in ("cat", "concat", "stack") and isinstance(first, list | tuple) and first and all(
                isinstance(item, TorchTensor) for item in first):
            return self._op("stack" if name == "stack" else "cat", self._named(("dim",), arguments), list(first), node)
        if not isinstance(first, TorchTensor):
            return NOT_HANDLED
        module = functional(path)
        if module is not None:
            kind, parameters = module
            return self._op(kind, self._named(parameters, arguments), [first], node)
        if name in BINARY_FUNCTIONS or name == "matmul":
            return self._binary(name, first, arguments.positional[1][0] if len(arguments.positional) > 1 else None,
                                node)
        if name in ("interpolate", "upsample"):  # F.upsample: interpolate's old name
            return self._op("interpolate", self._named(("size", "scale_factor", "mode", "align_corners"), arguments),
                            [first], node)
        if name == "pad":
            return self._op("pad", self._named(("pad",), arguments), [first], node)
        if name == "reshape":
            return self._view(first, arguments, 1)
        return self.tensor_method(first, name, _rest(arguments))

    def tensor_method(self, tensor: TorchTensor, name: str, arguments: Arguments) -> Any:
        """x.view(-1, 320), x.size(0), x.flatten(1), x.mean([2, 3]), ..."""
        node = arguments.node
        values = [value for value, _ in arguments.positional]
        if name in SAME_TENSOR:
            return tensor
        if name == "size":
            dim = values[0] if values else arguments.keywords.get("dim", (None, None))[0]
            if dim is None:
                return tensor.shape
            if not isinstance(dim, int) or not -len(tensor.shape) <= dim < len(tensor.shape):
                raise located(self.source, node, f"{ast.unparse(node)}: dimension {dim!r} is out of range for a "
                                                 f"tensor of shape {tensor.shape}")
            return tensor.shape[dim]
        if name in ("dim", "ndimension"):
            return len(tensor.shape)
        if name == "numel":
            result = 1
            for size in tensor.shape:
                result *= size
            return result
        if name in ("view", "reshape"):
            return self._view(tensor, arguments, 0)
        if name in ("view_as", "reshape_as", "expand_as") and values and isinstance(values[0], TorchTensor):
            return self._op("view", {"shape": list(values[0].shape)}, [tensor], node)
        if name in SHAPE_METHODS:
            kind, parameters = SHAPE_METHODS[name]
            given = self._named(parameters, arguments, 0)
            if name == "permute" and len(values) > 1:
                given = {"dims": values}
            if kind == "reduce":
                given["op"] = name
            return self._op(kind, given, [tensor], node)
        if name in FUNCTIONAL:  # x.relu(), x.softmax(dim=1)
            module, module_parameters = FUNCTIONAL[name]
            return self._op(module, self._named(module_parameters, arguments, 0), [tensor], node)
        if name in BINARY_FUNCTIONS or name == "matmul":
            return self._binary(name, tensor, values[0] if values else None, node)
        if name in UNARY:  # element by element: the same shape (an Identity that shows no row)
            return self._op("Identity", {}, [tensor], node)
        return Unknown(node, f"{ast.unparse(node)}: the tensor method `{name}` is not among those convcalc reads "
                             "in a forward pass")

    def _view(self, tensor: TorchTensor, arguments: Arguments, skip: int) -> Any:
        sizes = [value for value, _ in arguments.positional[skip:]]
        if len(sizes) == 1 and isinstance(sizes[0], list | tuple):
            sizes = list(sizes[0])
        if "shape" in arguments.keywords or "size" in arguments.keywords:
            given = (arguments.keywords.get("shape") or arguments.keywords["size"])[0]
            sizes = list(given) if isinstance(given, list | tuple) else [given]
        return self._op("view", {"shape": sizes}, [tensor], arguments.node)

    def _binary(self, name: str, left: Any, right: Any, node: ast.AST) -> Any:
        data = next((side for side in (left, right) if isinstance(side, TorchData)), None)
        if data is not None:  # `torch.randn(3, 1) * 5`: data of that shape
            other = right if data is left else left
            return data if isinstance(other, int | float) and not isinstance(other, bool) else Unknown(node)
        tensors = [side for side in (left, right) if isinstance(side, TorchTensor)]
        others = [side for side in (left, right) if not isinstance(side, TorchTensor)]
        if any(not isinstance(value, int | float) or isinstance(value, bool) for value in others):
            return first_unknown(others) or Unknown(node, f"{ast.unparse(node)} is an operation convcalc does not "
                                                         "model on PyTorch tensors")
        if name == "matmul":
            return self._op("matmul", {}, tensors, node) if len(tensors) == 2 else Unknown(node)
        return self._op("broadcast", {"op": name}, tensors, node)

    def tensor_binary(self, node: ast.BinOp, left: Any, right: Any) -> Any:
        """`x + identity`, `x * 0.5`: one hidden op; `@` a matmul."""
        if isinstance(node.op, ast.MatMult):
            return self._binary("matmul", left, right, node)
        name = BINARY.get(type(node.op))
        if name is None:
            return Unknown(node)
        return self._binary(name, left, right, node)

    def tensor_compare(self, node: ast.Compare, op: ast.cmpop, left: Any, right: Any) -> Any:
        """`x > 0`, `tokens != pad`: an element-wise comparison, a mask of the broadcast shape."""
        name = COMPARISONS.get(type(op))
        return self._binary(name, left, right, node) if name else Unknown(node)

    def tensor_negative(self, node: ast.UnaryOp, tensor: Any) -> Any:
        return self._binary("mul", tensor, -1, node)

    def tensor_index(self, node: ast.Subscript, tensor: Any, index: Any) -> Any:
        """x[:, -1, :], x[:, 0], x[..., None]: an int drops its axis, a slice keeps it, None adds one."""
        items = list(index) if isinstance(index, tuple) else [index]
        plain: list[Any] = []
        for item in items:
            if isinstance(item, slice):
                plain.append([item.start, item.stop, item.step])
            elif item is Ellipsis:
                plain.append("...")
            elif item is None or isinstance(item, int) and not isinstance(item, bool):
                plain.append(item)
            else:
                return first_unknown([item]) or Unknown(node, f"{ast.unparse(node)}: indexing a tensor by "
                                                              "anything but ints, slices, None and ... is not read")
        return self._op("getitem", {"index": plain}, [tensor], node)

    def unpacked_tensor(self, target: ast.expr, tensor: Any) -> Unknown:
        return Unknown(target, f"{ast.unparse(target)} unpacks a tensor, which convcalc does not model")


def _rest(arguments: Arguments) -> Arguments:
    """A function's arguments as its method's: torch.flatten(x, 1) as x.flatten(1)."""
    rest = Arguments(arguments.node)
    rest.positional = arguments.positional[1:]
    rest.keywords = dict(arguments.keywords)
    return rest
