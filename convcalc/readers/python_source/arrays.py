"""Data whose shape is known though its values are not: what keras.datasets' load_data() returns, `np.zeros(...)`
(as `--set x_train="np.zeros((3601, 500, 1))"` gives it), and what lessons do to them before a model reads their
shape: `/ 255.0`, `reshape`, `astype`, `np.expand_dims`, `x[..., None]`, `x[:1000]`, `len(x)`, `x.shape[1:]`.

Anything else done to an array gives an unknown value, as any data does.
"""

from __future__ import annotations

import ast
import math
from typing import TYPE_CHECKING, Any

from ...errors import ShapeError
from ...layers import REGISTRY
from .values import Array, Ref, Unknown, first_unknown

if TYPE_CHECKING:
    from .arguments import Arguments

Dims = tuple[int | None, ...]

# keras.datasets: (train x, train y), (test x, test y) shapes, as load_data() returns them.
DATASETS: dict[str, tuple[tuple[Dims, Dims], tuple[Dims, Dims]]] = {
    "mnist": (((60000, 28, 28), (60000,)), ((10000, 28, 28), (10000,))),
    "fashion_mnist": (((60000, 28, 28), (60000,)), ((10000, 28, 28), (10000,))),
    "cifar10": (((50000, 32, 32, 3), (50000, 1)), ((10000, 32, 32, 3), (10000, 1))),
    "cifar100": (((50000, 32, 32, 3), (50000, 1)), ((10000, 32, 32, 3), (10000, 1))),
}
MAKERS = frozenset(("zeros", "ones", "empty", "full"))
RANDOM = frozenset(("rand", "randn"))  # np.random.rand(d0, d1, ...)
SIZED_RANDOM = frozenset(("random", "normal", "uniform", "randint", "standard_normal"))  # size=...
KEEPS_SHAPE = frozenset(("astype", "copy", "clip", "round"))


def _dims(value: Any) -> Dims | None:
    items = value if isinstance(value, list | tuple) else (value,)
    if all(isinstance(item, int) and not isinstance(item, bool) and item >= 0 for item in items):
        return tuple(items)
    return None


def _reshaped(shape: Dims, wanted: Dims | None) -> Array | None:
    """The array reshaped, by the rule of keras.ops.reshape (one -1 inferred); None when it does not fit."""
    if wanted is None:
        return None
    try:
        return Array(REGISTRY["ops.reshape"].output_shape({"newshape": wanted}, shape))
    except ShapeError:
        return None


class ArrayCalls:
    """Mixed into KerasCalls."""

    def array_call(self, path: str, arguments: Arguments) -> Any:
        """numpy's makers and shape functions, and keras.datasets' load_data(); None for any other path."""
        values = [value for value, _ in arguments.positional]
        keywords = {key: value for key, (value, _) in arguments.keywords.items()}
        module, _, name = path.rpartition(".")
        if name == "load_data" and module.startswith("keras.datasets.") and module.rpartition(".")[2] in DATASETS:
            (train_x, train_y), (test_x, test_y) = DATASETS[module.rpartition(".")[2]]
            return (Array(train_x), Array(train_y)), (Array(test_x), Array(test_y))
        if module == "numpy" and name in MAKERS:
            shape = _dims(values[0] if values else keywords.get("shape"))
            return Array(shape) if shape is not None else Unknown(arguments.node)
        if module == "numpy.random" and name in RANDOM:
            shape = _dims(tuple(values))
            return Array(shape) if shape is not None else Unknown(arguments.node)
        if module == "numpy.random" and name in SIZED_RANDOM and "size" in keywords:
            shape = _dims(keywords["size"])
            return Array(shape) if shape is not None else Unknown(arguments.node)
        if module == "numpy" and values and isinstance(values[0], Array):
            return self.numpy_function(name, values[0], values[1:], keywords, arguments.node)
        if path == "numpy.unique" and len(values) == 1 and not keywords and isinstance(values[0], list | tuple) and (
                all(isinstance(item, str) for item in values[0]) or all(
                    isinstance(item, int | float) and not isinstance(item, bool) for item in values[0])):
            return sorted(set(values[0]))  # a vocabulary's words, as numpy sorts them
        return None

    def numpy_function(self, name: str, array: Array, rest: list[Any], keywords: dict[str, Any],
                       node: ast.AST) -> Any:
        if name in ("array", "asarray", "float32", "copy") or name in KEEPS_SHAPE:
            return array
        if name == "expand_dims":
            axis = rest[0] if rest else keywords.get("axis")
            if isinstance(axis, int) and -len(array.shape) - 1 <= axis <= len(array.shape):
                axis %= len(array.shape) + 1
                return Array(array.shape[:axis] + (1,) + array.shape[axis:])
        if name == "reshape" and rest:
            return _reshaped(array.shape, _signed_dims(rest[0])) or Unknown(node)
        return Unknown(node)

    def array_attribute(self, array: Array, node: ast.Attribute) -> Any:
        if node.attr == "shape":
            return array.shape
        if node.attr == "ndim":
            return len(array.shape)
        return Unknown(node)

    def array_method(self, array: Array, name: str, arguments: Arguments) -> Any:
        values = [value for value, _ in arguments.positional]
        if name in KEEPS_SHAPE:
            return array
        if name == "reshape":
            wanted = _signed_dims(values[0] if len(values) == 1 else tuple(values))
            return _reshaped(array.shape, wanted) or Unknown(arguments.node)
        if name in ("flatten", "ravel") and not values:
            return Array((None if None in array.shape else math.prod(array.shape),))  # type: ignore[arg-type]
        return Unknown(arguments.node)

    def array_binary(self, node: ast.BinOp, left: Any, right: Any) -> Any:
        """`x / 255.0`, `x - mean`: the shape is kept (arrays of one shape, or an array and a number)."""
        shapes = {side.shape for side in (left, right) if isinstance(side, Array)}
        others = [side for side in (left, right) if not isinstance(side, Array)]
        if len(shapes) == 1 and all(isinstance(side, int | float) and not isinstance(side, bool) for side in others):
            return Array(shapes.pop())
        return Unknown(node)

    def array_index(self, node: ast.Subscript, array: Array, index: Any) -> Any:
        """x[:1000], x[..., None], x[0], x[idx]: an unknown index on the first axis keeps the others."""
        items = [None if isinstance(item, Ref) and item.path.endswith(".newaxis") else item
                 for item in (index if isinstance(index, tuple) else (index,))]
        if first_unknown(items) is not None:
            return Array((None, *array.shape[1:])) if len(items) == 1 else Unknown(node)
        if Ellipsis in items:
            at = items.index(Ellipsis)
            fill = len(array.shape) - sum(1 for item in items if item is not None and item is not Ellipsis)
            items[at:at + 1] = [slice(None)] * fill
        out: list[int | None] = []
        axis = 0
        for item in items:
            if item is None:
                out.append(1)
                continue
            if axis >= len(array.shape) or not isinstance(item, int | slice) or isinstance(item, bool):
                return Unknown(node)
            size = array.shape[axis]
            if isinstance(item, slice):
                out.append(None if size is None else len(range(size)[item]))
            axis += 1
        return Array(tuple(out) + array.shape[axis:])


def _signed_dims(value: Any) -> Dims | None:
    items = value if isinstance(value, list | tuple) else (value,)
    if all(isinstance(item, int) and not isinstance(item, bool) and item >= -1 for item in items):
        return tuple(items)
    return None
