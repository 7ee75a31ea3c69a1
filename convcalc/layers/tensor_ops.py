"""Operations on one tensor (or a list) that Keras records in a functional model: `keras.ops.relu(x)`,
`keras.activations.swish(x)`, `ops.expand_dims(x, -1)`, `ops.reshape`, `ops.mean`, `x[:, 0]`, ...

As in ops.py, Keras's summary shows each as a row of 0 params (`expand_dims (ExpandDims)`), named by the class
it reports. Shapes follow the ops' compute_output_spec in keras.src.ops: the batch axis is an axis like any other
(a reshape's -1 over an unknown batch stays None).
"""

from __future__ import annotations

import math

from .. import args as a
from ..args import REQUIRED, Arg
from ..costs import per_value
from ..errors import ArgumentError, ShapeError
from ..shapes import Shape, conv_output_length, format_shape, normalize_axis
from .base import ANY_INPUTS, Args, LayerKind, register, same_shape


def _int_list(value: object, name: str) -> tuple[int, ...]:
    if not isinstance(value, list | tuple) or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        raise ArgumentError(name, f"`{name}` must be a list of integers, received {value!r}")
    return tuple(value)


def _index(value: object, name: str) -> tuple[object, ...]:
    """x[...] as saved: ints, None (a new axis), "..." and ["slice", start, stop, step]."""
    def valid(item: object) -> bool:
        if item is None or item == "..." or (isinstance(item, int) and not isinstance(item, bool)):
            return True
        return (isinstance(item, list | tuple) and len(item) == 4 and item[0] == "slice"
                and all(part is None or isinstance(part, int) and not isinstance(part, bool) for part in item[1:])
                and item[3] != 0)
    if not isinstance(value, list | tuple) or not all(valid(item) for item in value) or list(value).count("...") > 1:
        raise ArgumentError(name, f"`{name}` must list ints, null, \"...\" and [slice, start, stop, step], "
                                  f"received {value!r}")
    return tuple(value)


# Kind -> the class Keras reports, for the operations that keep their input's shape.
ELEMENTWISE = {"ops.relu": "Relu", "ops.re_lu": "ReLU", "ops.sigmoid": "Sigmoid", "ops.tanh": "Tanh",
               "ops.silu": "Silu", "ops.gelu": "Gelu", "ops.exp": "Exp", "ops.sqrt": "Sqrt",
               "ops.square": "Square", "ops.negative": "Negative", "ops.zeros_like": "ZerosLike",
               "ops.ones_like": "OnesLike", "ops.fft": "FFT", "ops.fft2": "FFT2", "ops.cast": "Cast"}
for _kind, _class in ELEMENTWISE.items():
    register(LayerKind(name=_kind, reported_type=_class, args={}, output_shape=same_shape, cost=per_value(1),
                       layer_args=False, doc=f"keras.{_kind}: no weights; the shape is kept"))

register(LayerKind(name="ops.softmax", reported_type="Softmax", args={"axis": Arg(-1, a.integer)},
                   output_shape=same_shape, cost=per_value(3), layer_args=False,
                   doc="keras.ops.softmax: no weights; the shape is kept"))


def _axes(args: Args, shape: Shape) -> tuple[int, ...]:
    axis = args["axis"]
    given = range(len(shape)) if axis is None else (axis,) if isinstance(axis, int) else axis
    return tuple(sorted({normalize_axis(item, len(shape), shape) for item in given}))


def _reduced(args: Args, shape: Shape) -> Shape:
    """ops.mean, sum, max: the axes reduced away, or kept as 1 with keepdims."""
    axes = _axes(args, shape)
    if args["keepdims"]:
        return tuple(1 if index in axes else size for index, size in enumerate(shape))
    return tuple(size for index, size in enumerate(shape) if index not in axes)


for _kind, _class in {"ops.mean": "Mean", "ops.sum": "Sum", "ops.max": "Max", "ops.min": "Min"}.items():
    register(LayerKind(name=_kind, reported_type=_class, layer_args=False,
                       args={"axis": Arg(None, a.optional(a.axes)), "keepdims": Arg(False, a.boolean)},
                       output_shape=_reduced, cost=per_value(1), doc=f"keras.{_kind}: no weights; axes reduced"))


def _expand_dims(args: Args, shape: Shape) -> Shape:
    axis = args["axis"]
    rank = len(shape) + 1
    if not -rank <= axis < rank:
        raise ShapeError(f"axis {axis} is out of range for a result of rank {rank}")
    axis %= rank
    return shape[:axis] + (1,) + shape[axis:]


register(LayerKind(name="ops.expand_dims", reported_type="ExpandDims", layer_args=False,
                   args={"axis": Arg(REQUIRED, a.integer)}, output_shape=_expand_dims,
                   doc="keras.ops.expand_dims: no weights; a new axis of size 1"))


def _squeeze(args: Args, shape: Shape) -> Shape:
    axes = tuple(index for index, size in enumerate(shape) if size == 1) if args["axis"] is None else _axes(args,
                                                                                                          shape)
    for index in axes:
        if shape[index] not in (1, None):
            raise ShapeError(f"cannot squeeze axis {index} of {format_shape(shape)}: its size is {shape[index]}, not 1")
    return tuple(size for index, size in enumerate(shape) if index not in axes)


register(LayerKind(name="ops.squeeze", reported_type="Squeeze", layer_args=False,
                   args={"axis": Arg(None, a.optional(a.axes))}, output_shape=_squeeze,
                   doc="keras.ops.squeeze: no weights; axes of size 1 removed"))


def _new_shape(value: object, name: str) -> tuple[int | None, ...]:
    if not isinstance(value, list | tuple) or not all(
            v is None or isinstance(v, int) and not isinstance(v, bool) for v in value):
        raise ArgumentError(name, f"`{name}` must be a list of integers (null where unknown), received {value!r}")
    return tuple(value)


def _reshape(args: Args, shape: Shape) -> Shape:
    """ops.reshape: the new shape, batch axis included; one -1 is what the others leave (None if unknown), and
    None a size only running knows (ops.shape(x)[0] in a layer's call)."""
    new: tuple[int | None, ...] = args["newshape"]
    known = [size for size in new if size is not None and size != -1]
    if sum(size == -1 for size in new) > 1 or any(size < 1 for size in known):
        raise ShapeError(f"newshape {new} may hold one -1 and sizes of 1 or more")
    if None in shape or None in new:
        return tuple(None if size == -1 else size for size in new)
    total, rest = math.prod(size for size in shape if size is not None), math.prod(known)
    if -1 in new:
        if rest == 0 or total % rest:
            raise ShapeError(f"cannot reshape {format_shape(shape)} ({total} values) into {new}")
        return tuple(total // rest if size == -1 else size for size in new)
    if total != rest:
        raise ShapeError(f"cannot reshape {format_shape(shape)} ({total} values) into {new} ({rest} values)")
    return new


register(LayerKind(name="ops.reshape", reported_type="Reshape", layer_args=False,
                   args={"newshape": Arg(REQUIRED, _new_shape)},
                   output_shape=_reshape, doc="keras.ops.reshape: no weights; the batch axis is part of newshape"))


def _transpose(args: Args, shape: Shape) -> Shape:
    axes = args["axes"]
    if axes is None:
        return tuple(reversed(shape))
    if sorted(normalize_axis(axis, len(shape), shape) for axis in axes) != list(range(len(shape))):
        raise ShapeError(f"axes {tuple(axes)} are not a permutation of the {len(shape)} axes of {format_shape(shape)}")
    return tuple(shape[axis] for axis in axes)


register(LayerKind(name="ops.transpose", reported_type="Transpose", layer_args=False,
                   args={"axes": Arg(None, a.optional(_int_list))}, output_shape=_transpose,
                   doc="keras.ops.transpose: no weights; the axes permuted, batch axis included"))


def _concatenate(args: Args, shapes: tuple[Shape, ...]) -> Shape:
    if not shapes:
        raise ShapeError("concatenates at least one tensor")
    first = shapes[0]
    axis = normalize_axis(args["axis"], len(first), first)
    total: int | None = 0
    for shape in shapes:
        if len(shape) != len(first) or any(i != axis and x is not None and y is not None and x != y
                                           for i, (x, y) in enumerate(zip(shape, first, strict=True))):
            raise ShapeError(f"cannot concatenate {format_shape(first)} and {format_shape(shape)} on axis {axis}")
        total = None if total is None or shape[axis] is None else total + shape[axis]  # type: ignore[operator]
    return first[:axis] + (total,) + first[axis + 1:]


register(LayerKind(name="ops.concatenate", reported_type="Concatenate", layer_args=False,
                   args={"axis": Arg(0, a.integer)}, output_shape=_concatenate, arity=ANY_INPUTS,
                   doc="keras.ops.concatenate: no weights; sizes on `axis` add up"))


def _stack(args: Args, shapes: tuple[Shape, ...]) -> Shape:
    if not shapes:
        raise ShapeError("stacks at least one tensor")
    first = shapes[0]
    if any(shape != first for shape in shapes):
        raise ShapeError(f"stacks tensors of one shape, received {', '.join(map(format_shape, shapes))}")
    rank = len(first) + 1
    axis = args["axis"] % rank
    return first[:axis] + (len(shapes),) + first[axis:]


register(LayerKind(name="ops.stack", reported_type="Stack", layer_args=False, args={"axis": Arg(0, a.integer)},
                   output_shape=_stack, arity=ANY_INPUTS, doc="keras.ops.stack: no weights; a new axis"))


def _matmul(args: Args, shapes: tuple[Shape, ...]) -> Shape:
    if len(shapes) != 2 or min(len(shape) for shape in shapes) < 2:
        raise ShapeError("multiplies two tensors of rank 2 or more")
    left, right = shapes
    if left[-1] is not None and right[-2] is not None and left[-1] != right[-2]:
        raise ShapeError(f"cannot multiply {format_shape(left)} by {format_shape(right)}: {left[-1]} != {right[-2]}")
    return left[:-1] + (right[-1],)


register(LayerKind(name="ops.matmul", reported_type="Matmul", layer_args=False, args={}, output_shape=_matmul,
                   arity=ANY_INPUTS, doc="keras.ops.matmul: no weights; (..., n, k) @ (..., k, m)"))


def _tensordot_axes(value: object, name: str) -> int | tuple[tuple[int, ...], tuple[int, ...]]:
    """axes=N (the last N of x1 with the first N of x2), or [[axes of x1], [axes of x2]] of one length."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, list | tuple) and len(value) == 2:
        pair = tuple(_int_list([part] if isinstance(part, int) else part, name) for part in value)
        if len(pair[0]) == len(pair[1]):
            return pair[0], pair[1]
    raise ArgumentError(name, f"`{name}` must be an integer or two lists of axes of one length, received {value!r}")


def _tensordot(args: Args, shapes: tuple[Shape, ...]) -> Shape:
    """keras.src.ops.numpy.Tensordot.compute_output_spec: with axes=N, x1's last N and x2's first N axes are summed
    away (unchecked, as Keras leaves them); with lists, the listed axes, whose sizes must agree."""
    if len(shapes) != 2:
        raise ShapeError(f"contracts two tensors, received {len(shapes)}")
    first, second = shapes
    axes = args["axes"]
    if isinstance(axes, int):
        return first + second if axes <= 0 else first[:-axes] + second[axes:]
    picked = [[shape[axis] for axis in part] for shape, part in zip(shapes, axes, strict=True)]
    if any(i is not None and j is not None and i != j for i, j in zip(*picked, strict=True)):
        raise ShapeError(f"Shape mismatch on `x1[axes[0]]` and `x2[axes[1]]`, received {picked[0]} and {picked[1]}.")
    dropped = [{normalize_axis(axis, len(shape), shape) for axis in part} for shape, part in zip(shapes, axes,
                                                                                                 strict=True)]
    return (tuple(size for at, size in enumerate(first) if at not in dropped[0])
            + tuple(size for at, size in enumerate(second) if at not in dropped[1]))


register(LayerKind(name="ops.tensordot", reported_type="Tensordot", layer_args=False,
                   args={"axes": Arg(2, _tensordot_axes)}, output_shape=_tensordot, arity=ANY_INPUTS,
                   doc="keras.ops.tensordot: no weights; the contracted axes of both are summed away"))


def _cumsum(args: Args, shape: Shape) -> Shape:
    """keras.src.ops.numpy.Cumsum: the shape kept along an axis; flattened without one (None if a size is)."""
    if args["axis"] is None:
        return (None,) if None in shape else (math.prod(size for size in shape if size is not None),)
    normalize_axis(args["axis"], len(shape), shape)
    return shape


register(LayerKind(name="ops.cumsum", reported_type="Cumsum", layer_args=False,
                   args={"axis": Arg(None, a.optional(a.integer))}, output_shape=_cumsum, cost=per_value(1),
                   doc="keras.ops.cumsum: no weights; running sums along `axis` (all values flattened without one)"))


def _get_item(args: Args, shape: Shape) -> Shape:
    """x[index]: an int drops its axis, a slice keeps it with its length, None adds an axis, ... fills."""
    index: list[object] = list(args["index"])
    fill = len(shape) - sum(1 for item in index if item not in (None, "..."))
    if "..." in index:
        at = index.index("...")
        index[at:at + 1] = [["slice", None, None, None]] * fill
    out: list[int | None] = []
    axis = 0
    for item in index:
        if item is None:
            out.append(1)
            continue
        if axis >= len(shape):
            raise ShapeError(f"too many indices for {format_shape(shape)}")
        size = shape[axis]
        if isinstance(item, list | tuple):
            out.append(None if size is None else len(range(size)[slice(*item[1:])]))
        elif size is not None and isinstance(item, int) and not -size <= item < size:
            raise ShapeError(f"index {item} is out of range for axis {axis} of size {size}")
        axis += 1
    return tuple(out) + tuple(shape[axis:])


register(LayerKind(name="ops.get_item", reported_type="GetItem", layer_args=False,
                   args={"index": Arg(REQUIRED, _index)}, output_shape=_get_item,
                   doc="x[...]: no weights; ints drop axes, slices keep them, None adds one"))


def _extract_patches(args: Args, shape: Shape) -> Shape:
    """keras.ops.image.extract_patches: each size×size patch (strides default to the size) flattened on the
    channel axis."""
    size, strides, dilation = args["size"], args["strides"] or args["size"], args["dilation_rate"]
    if len(shape) != 4:
        raise ShapeError(f"extract_patches reads images of rank 4 (batch, height, width, channels), received "
                         f"{format_shape(shape)}")
    channels_first = args["data_format"] == "channels_first"
    spatial, channels = (shape[2:], shape[1]) if channels_first else (shape[1:3], shape[3])
    sides = tuple(None if length is None else conv_output_length(length, kernel, stride, args["padding"], dilation)
                  for length, kernel, stride in zip(spatial, size, strides, strict=True))
    if any(side is not None and side <= 0 for side in sides):
        raise ShapeError(f"patches of {size[0]}×{size[1]} do not fit in {format_shape(shape)}")
    depth = None if channels is None else size[0] * size[1] * channels
    return (shape[0], depth, *sides) if channels_first else (shape[0], *sides, depth)


register(LayerKind(name="ops.extract_patches", reported_type="ExtractPatches", layer_args=False,
                   args={"size": Arg(REQUIRED, a.int_tuple(2)), "strides": Arg(None, a.optional(a.int_tuple(2))),
                         "dilation_rate": Arg(1, a.positive_int), "padding": Arg("valid", a.choice("valid", "same")),
                         "data_format": Arg(None, a.optional(a.data_format))},
                   output_shape=_extract_patches,
                   doc="keras.ops.image.extract_patches: no weights; patches flattened on the channel axis"))


def _sizes_or_none(value: object, name: str) -> tuple[int | None, ...]:
    """A shape as a call gives it: sizes, None where only running knows (ops.shape(x)[0] in a layer's call)."""
    if not isinstance(value, list | tuple) or not all(
            v is None or isinstance(v, int) and not isinstance(v, bool) and v >= 1 for v in value):
        raise ArgumentError(name, f"`{name}` must list sizes of 1 or more (null where unknown), received {value!r}")
    return tuple(value)


def _starts(value: object, name: str) -> tuple[int | None, ...]:
    if not isinstance(value, list | tuple) or not all(
            v is None or isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value):
        raise ArgumentError(name, f"`{name}` must list indices of 0 or more (null where unknown), received {value!r}")
    return tuple(value)


def _tile(args: Args, shape: Shape) -> Shape:
    """keras.ops.tile: each axis times its repeat, the shorter of shape and repeats padded with 1s in front."""
    repeats: tuple[int, ...] = args["repeats"]
    if any(repeat < 1 for repeat in repeats):
        raise ShapeError(f"repeats {list(repeats)} must be 1 or more")
    rank = max(len(shape), len(repeats))
    padded = (1,) * (rank - len(shape)) + tuple(shape)
    times = (1,) * (rank - len(repeats)) + repeats
    return tuple(None if size is None else size * repeat for size, repeat in zip(padded, times, strict=True))


register(LayerKind(name="ops.tile", reported_type="Tile", layer_args=False,
                   args={"repeats": Arg(REQUIRED, _int_list)}, output_shape=_tile,
                   doc="keras.ops.tile: no weights; each axis repeated"))


def _sliced(args: Args, shape: Shape) -> Shape:
    """keras.ops.slice: the sizes given, one per axis, batch included."""
    sizes: tuple[int | None, ...] = args["shape"]
    if len(sizes) != len(shape) or len(args["start_indices"]) != len(shape):
        raise ShapeError(f"a slice of {format_shape(shape)} needs a start and a size per axis, received "
                         f"{list(args['start_indices'])} and {list(sizes)}")
    return sizes


def _broadcast(args: Args, shape: Shape) -> Shape:
    """keras.ops.broadcast_to: the target shape, batch included; each axis of the input must be 1 or its size."""
    target: tuple[int | None, ...] = args["shape"]
    ends = zip(reversed(shape), reversed(target), strict=False)
    if len(target) < len(shape) or any(size not in (1, None, wanted) and wanted is not None for size, wanted in ends):
        raise ShapeError(f"cannot broadcast {format_shape(shape)} to {list(target)}")
    return target


register(LayerKind(name="ops.slice", reported_type="Slice", layer_args=False,
                   args={"start_indices": Arg(REQUIRED, _starts), "shape": Arg(REQUIRED, _sizes_or_none)},
                   output_shape=_sliced, doc="keras.ops.slice: no weights; the sizes given"))
register(LayerKind(name="ops.broadcast_to", reported_type="BroadcastTo", layer_args=False,
                   args={"shape": Arg(REQUIRED, _sizes_or_none)}, output_shape=_broadcast,
                   doc="keras.ops.broadcast_to: no weights; the shape given"))
