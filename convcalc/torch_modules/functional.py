"""torch's functional operations that are no module (torch.flatten, x.view, torch.cat, `a + b`, x.mean(...)):
a forward pass makes them, torchinfo shows no row for them, and the next module reads their output.

They are LayerKinds in their own registry, FUNCTIONAL (no nn.Sequential entry may name them), each with torch's
shape rule and torch's wording of a mistake; none has weights. A module used functionally (F.relu, F.max_pool2d)
is its module's kind in REGISTRY instead. Negative dims count from the end, as torch's do.
"""

from __future__ import annotations

import math
from typing import Any

from .. import args as a
from ..args import REQUIRED, Arg
from ..errors import ArgumentError, ShapeError
from ..layers.base import ANY_INPUTS, Args, LayerKind, Registry, ShapeRule, register
from ..shapes import Shape
from .shape import flatten_shape, scale_factors, size_or_sizes, upsample_check, upsample_shape

FUNCTIONAL: Registry = {}


def op(name: str, args: dict[str, Arg], output_shape: ShapeRule, *, many: bool = False, doc: str = "") -> None:
    """Enter an operation; `many`: its rule receives the tuple of every input's shape."""
    register(LayerKind(name=name, args=args, output_shape=output_shape, layer_args=False, doc=doc or "no parameters",
                       arity=ANY_INPUTS if many else 1), FUNCTIONAL)


def dims(shape: Shape) -> list[int]:
    return [d or 0 for d in shape]  # torch's shapes are all known


def text(shape: Shape) -> str:
    """A shape as torch prints a torch.Size's list: [1, 3, 32, 32]."""
    return str(dims(shape))


def wrap(dim: int, ndim: int, shape: Shape) -> int:
    """torch's maybe_wrap_dim: a dim in [-ndim, ndim - 1] (a 0-d tensor takes -1 and 0)."""
    top = max(ndim, 1)
    if not -top <= dim < top:
        raise ShapeError(f"Dimension out of range (expected to be in range of [{-top}, {top - 1}], but got {dim}) "
                         f"for a tensor of shape {text(shape)}")
    return dim % top


def int_list(value: object, name: str) -> tuple[int, ...]:
    """A list of integers (an int alone is a list of one), as torch's IntArrayRef takes it."""
    items = [value] if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(items, list | tuple) or not all(isinstance(v, int) and not isinstance(v, bool) for v in items):
        raise ArgumentError(name, f"`{name}` must be an integer or a list of integers, received {value!r}")
    return tuple(items)


def dim_or_dims(value: object, name: str) -> int | tuple[int, ...] | None:
    return None if value is None else value if isinstance(value, int) and not isinstance(value, bool) \
        else int_list(value, name)


# --- view, reshape, flatten, permute, transpose, squeeze, unsqueeze ------------------------------------------------

def _view_shape(args: Args, shape: Shape) -> Shape:
    wanted, size = args["shape"], math.prod(dims(shape))
    if wanted.count(-1) > 1:
        raise ShapeError("only one dimension can be inferred")
    if any(v < -1 for v in wanted):
        raise ShapeError(f"invalid shape dimension {min(wanted)}")
    known = math.prod(v for v in wanted if v != -1)
    if (-1 in wanted and (known == 0 or size % known)) or (-1 not in wanted and known != size):
        raise ShapeError(f"shape '{list(wanted)}' is invalid for input of size {size} (a tensor of shape "
                         f"{text(shape)})")
    return tuple(size // known if v == -1 else v for v in wanted)


op("view", {"shape": Arg(REQUIRED, int_list)}, _view_shape, doc="x.view(...) or reshape: at most one -1, inferred")
op("flatten", {"start_dim": Arg(0, a.integer), "end_dim": Arg(-1, a.integer)}, flatten_shape)


def _permute_shape(args: Args, shape: Shape) -> Shape:
    order = args["dims"]
    if len(order) != len(shape):
        raise ShapeError(f"permute: the number of dims {list(order)} does not match the tensor's: "
                         f"input.dim() = {len(shape)} is not equal to len(dims) = {len(order)} "
                         f"(a tensor of shape {text(shape)})")
    wrapped = [wrap(d, len(shape), shape) for d in order]
    if len(set(wrapped)) != len(wrapped):
        raise ShapeError(f"permute: repeated dim in {list(order)}")
    return tuple(shape[d] for d in wrapped)


def _transpose_shape(args: Args, shape: Shape) -> Shape:
    first, second = (wrap(args[key], len(shape), shape) for key in ("dim0", "dim1"))
    out = list(shape)
    if out:
        out[first], out[second] = out[second], out[first]
    return tuple(out)


op("permute", {"dims": Arg(REQUIRED, int_list)}, _permute_shape)
op("transpose", {"dim0": Arg(REQUIRED, a.integer), "dim1": Arg(REQUIRED, a.integer)}, _transpose_shape)


def _squeeze_shape(args: Args, shape: Shape) -> Shape:
    chosen = args["dim"]
    if chosen is None:
        return tuple(d for d in shape if d != 1)
    axes = {wrap(d, len(shape), shape) for d in ((chosen,) if isinstance(chosen, int) else chosen)}
    return tuple(d for i, d in enumerate(shape) if i not in axes or d != 1)


def _unsqueeze_shape(args: Args, shape: Shape) -> Shape:
    at = wrap(args["dim"], len(shape) + 1, shape)
    return tuple(shape[:at]) + (1,) + tuple(shape[at:])


op("squeeze", {"dim": Arg(None, dim_or_dims)}, _squeeze_shape)
op("unsqueeze", {"dim": Arg(REQUIRED, a.integer)}, _unsqueeze_shape)


# --- several inputs: cat, stack, broadcasting, matmul --------------------------------------------------------------

def _cat_shape(args: Args, shapes: tuple[Shape, ...]) -> Shape:
    if not shapes:
        raise ShapeError("torch.cat(): expected a non-empty list of Tensors")
    first = shapes[0]
    at = wrap(args["dim"], len(first), first)
    for number, shape in enumerate(shapes[1:], start=1):
        if len(shape) != len(first):
            raise ShapeError(f"Tensors must have same number of dimensions: got {len(first)} and {len(shape)} "
                             f"(shapes {text(first)} and {text(shape)})")
        for axis, (expected, got) in enumerate(zip(first, shape, strict=True)):
            if axis != at and expected != got:
                raise ShapeError(f"Sizes of tensors must match except in dimension {at}. Expected size {expected} "
                                 f"but got size {got} for tensor number {number} in the list (shapes {text(first)} "
                                 f"and {text(shape)})")
    return tuple(first[:at]) + (sum(dims(tuple(shape[at] for shape in shapes))),) + tuple(first[at + 1:])


def _stack_shape(args: Args, shapes: tuple[Shape, ...]) -> Shape:
    if not shapes:
        raise ShapeError("stack expects a non-empty TensorList")
    first = shapes[0]
    for number, shape in enumerate(shapes[1:], start=1):
        if shape != first:
            raise ShapeError(f"stack expects each tensor to be equal size, but got {text(first)} at entry 0 and "
                             f"{text(shape)} at entry {number}")
    at = wrap(args["dim"], len(first) + 1, first)
    return tuple(first[:at]) + (len(shapes),) + tuple(first[at:])


op("cat", {"dim": Arg(0, a.integer)}, _cat_shape, many=True, doc="torch.cat: the inputs joined along dim")
op("stack", {"dim": Arg(0, a.integer)}, _stack_shape, many=True, doc="torch.stack: a new axis at dim")


def broadcast_shapes(first: Shape, second: Shape) -> Shape:
    """torch's broadcasting: trailing axes line up, a 1 takes the other's size."""
    rank = max(len(first), len(second))
    left, right = (1,) * (rank - len(first)) + tuple(dims(first)), (1,) * (rank - len(second)) + tuple(dims(second))
    for axis, (i, j) in enumerate(zip(left, right, strict=True)):
        if i != j and 1 not in (i, j):
            raise ShapeError(f"The size of tensor a ({i}) must match the size of tensor b ({j}) at non-singleton "
                             f"dimension {axis} (shapes {text(first)} and {text(second)})")
    return tuple(max(i, j) if 0 not in (i, j) else 0 for i, j in zip(left, right, strict=True))


def _broadcast_shape(args: Args, shapes: tuple[Shape, ...]) -> Shape:
    if len(shapes) not in (1, 2):
        raise ShapeError(f"{args['op']} takes two tensors, or a tensor and a number; received {len(shapes)} tensors")
    return shapes[0] if len(shapes) == 1 else broadcast_shapes(*shapes)


ELEMENTWISE = ("add", "sub", "mul", "div", "floordiv", "mod", "pow", "maximum", "minimum", "atan2", "eq", "ne", "lt",
               "le", "gt", "ge", "and", "or", "xor", "where")
op("broadcast", {"op": Arg(REQUIRED, a.choice(*ELEMENTWISE, lower=False))}, _broadcast_shape, many=True,
   doc="an element-wise operation of two tensors (or of a tensor and a number), torch's broadcasting")


def _matmul_shape(args: Args, shapes: tuple[Shape, ...]) -> Shape:
    if len(shapes) != 2:
        raise ShapeError(f"matmul takes two tensors, received {len(shapes)}")
    first, second = (tuple(dims(shape)) for shape in shapes)
    if not first or not second:
        raise ShapeError(f"both arguments to matmul need to be at least 1D, but they are {len(first)}D and "
                         f"{len(second)}D")
    left = first if len(first) > 1 else (1,) + first
    right = second if len(second) > 1 else second + (1,)
    if left[-1] != right[-2]:
        raise ShapeError(f"mat1 and mat2 shapes cannot be multiplied ({'x'.join(map(str, left[-2:]))} and "
                         f"{'x'.join(map(str, right[-2:]))}) (shapes {text(first)} and {text(second)})")
    batch = broadcast_shapes(left[:-2], right[:-2])
    return tuple(batch) + (left[-2],) * (len(first) > 1) + (right[-1],) * (len(second) > 1)


op("matmul", {}, _matmul_shape, many=True, doc="torch.matmul or `a @ b`, batched and broadcast")


# --- reductions, interpolate, pad, indexing -------------------------------------------------------------------------

def _reduce_shape(args: Args, shape: Shape) -> Shape:
    chosen = args["dim"]
    if chosen is None:
        return tuple(1 for _ in shape) if args["keepdim"] else ()
    axes = [wrap(d, len(shape), shape) for d in ((chosen,) if isinstance(chosen, int) else chosen)]
    if len(set(axes)) != len(axes):
        raise ShapeError(f"dim {list(chosen)} appears multiple times in the list of dims")
    if args["keepdim"]:
        return tuple(1 if i in axes else d for i, d in enumerate(shape))
    return tuple(d for i, d in enumerate(shape) if i not in axes)


op("reduce", {"op": Arg("mean", a.choice("mean", "sum", "amax", "amin", "max", "min", "prod", "std", "var",
                                          "norm", "logsumexp", "argmax", "argmin", "all", "any", lower=False)),
              "dim": Arg(None, dim_or_dims), "keepdim": Arg(False, a.boolean)}, _reduce_shape,
   doc="x.mean(dim), sum, amax, max's values ...: dims removed, or kept as 1 with keepdim")


register(LayerKind(name="interpolate", args={
    "size": Arg(None, a.optional(size_or_sizes)), "scale_factor": Arg(None, a.optional(scale_factors)),
    "mode": Arg("nearest", a.choice("nearest", "linear", "bilinear", "bicubic", "trilinear", "area", "nearest-exact",
                                    lower=False)),
    "align_corners": Arg(None, a.optional(a.boolean)), "recompute_scale_factor": Arg(None, a.optional(a.boolean)),
    "antialias": Arg(False, a.boolean)}, output_shape=upsample_shape, check_args=upsample_check,
    layer_args=False, doc="F.interpolate: floor(size × scale_factor), or size"), FUNCTIONAL)


def _pad_shape(args: Args, shape: Shape) -> Shape:
    amounts = args["pad"]
    if len(amounts) % 2 or len(amounts) // 2 > len(shape):
        raise ShapeError(f"Padding length must be divisible by 2 and at most twice the input's dims: pad "
                         f"{list(amounts)} for a tensor of shape {text(shape)}")
    out = dims(shape)
    for i in range(len(amounts) // 2):
        out[-1 - i] += amounts[2 * i] + amounts[2 * i + 1]
        if out[-1 - i] < 0:
            raise ShapeError(f"pad {list(amounts)} leaves a negative size of a tensor of shape {text(shape)}")
    return tuple(out)


op("pad", {"pad": Arg(REQUIRED, int_list), "mode": Arg("constant", a.choice(
    "constant", "reflect", "replicate", "circular", lower=False)), "value": Arg(None, a.optional(a.number))},
   _pad_shape, doc="F.pad: (left, right, top, bottom, ...), the last dim first")


def index_items(value: object, name: str) -> tuple[Any, ...]:
    """x[...]'s index, one item per position: an int, a slice as [start, stop, step] (each may be null), "..." or
    null (a new axis)."""
    items = value if isinstance(value, list | tuple) else (value,)
    checked: list[Any] = []
    for item in items:
        if isinstance(item, list | tuple) and len(item) == 3 and all(
                v is None or isinstance(v, int) and not isinstance(v, bool) for v in item):
            if item[2] is not None and item[2] <= 0:
                raise ArgumentError(name, f"a slice's step must be positive in torch, received {item[2]}")
            checked.append(tuple(item))
        elif item is None or item == "..." or isinstance(item, int) and not isinstance(item, bool):
            checked.append(item)
        else:
            raise ArgumentError(name, f"`{name}` items are ints, [start, stop, step] slices, '...' or null, "
                                      f"received {item!r}")
    if checked.count("...") > 1:
        raise ArgumentError(name, "an index can only have a single ellipsis ('...')")
    return tuple(checked)


def _getitem_shape(args: Args, shape: Shape) -> Shape:
    items = list(args["index"])
    used = sum(1 for item in items if item is not None and item != "...")
    if used > len(shape):
        raise ShapeError(f"too many indices for tensor of dimension {len(shape)} (index {list(args['index'])})")
    if "..." in items:
        at = items.index("...")
        items[at:at + 1] = [(None, None, None)] * (len(shape) - used)
    out: list[int] = []
    axis = 0
    sizes = dims(shape)
    for item in items:
        if item is None:
            out.append(1)
            continue
        size = sizes[axis]
        if isinstance(item, int):
            if not -size <= item < size:
                raise ShapeError(f"index {item} is out of bounds for dimension {axis} with size {size}")
        else:
            out.append(len(range(*slice(*item).indices(size))))
        axis += 1
    return tuple(out) + tuple(sizes[axis:])


op("getitem", {"index": Arg(REQUIRED, index_items)}, _getitem_shape,
   doc="x[:, 0], x[:, :, 1:], x[..., None]: ints drop an axis, slices keep it")


def _chunk_part_shape(args: Args, shape: Shape) -> Shape:
    at = wrap(args["dim"], len(shape), shape)
    size = dims(shape)[at]
    step = -(-size // args["chunks"])
    parts = -(-size // step) if step else 1
    index = args["index"] + parts if args["index"] < 0 else args["index"]
    if not 0 <= index < parts:
        raise ShapeError(f"chunk({args['chunks']}, dim={args['dim']}) of a tensor of shape {text(shape)} gives "
                         f"{parts} parts, so there is no part {args['index']}")
    return tuple(shape[:at]) + (min(step, size - index * step),) + tuple(shape[at + 1:])


op("chunk_part", {"chunks": Arg(REQUIRED, a.positive_int), "dim": Arg(0, a.integer),
                  "index": Arg(REQUIRED, a.integer)}, _chunk_part_shape,
   doc="part `index` of x.chunk(chunks, dim)")
