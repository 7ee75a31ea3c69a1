"""Modules that move values around: Flatten, Unflatten, Upsample, PixelShuffle/Unshuffle and the padding modules."""

from __future__ import annotations

import math

from .. import args as a
from ..args import REQUIRED, Arg
from ..errors import ArgumentError, ShapeError
from ..layers.base import Args
from ..shapes import Shape, format_shape, normalize_axis
from .base import add, module, sizes
from .fields import pad_rule, resize_field


def flatten_shape(args: Args, shape: Shape) -> Shape:
    if not shape:
        return (1,)
    start = normalize_axis(args["start_dim"], len(shape), shape)
    end = normalize_axis(args["end_dim"], len(shape), shape)
    if start > end:
        raise ShapeError(f"flatten() has invalid args: start_dim ({args['start_dim']}) cannot come after end_dim "
                         f"({args['end_dim']}) on an input {format_shape(shape)}")
    return tuple(shape[:start]) + (math.prod(d or 0 for d in shape[start:end + 1]),) + tuple(shape[end + 1:])


add(module("Flatten", {"start_dim": Arg(1, a.integer), "end_dim": Arg(-1, a.integer)}, flatten_shape,
           doc="no parameters; start_dim..end_dim become one axis"))


def unflattened(value: object, name: str) -> tuple[int, ...]:
    if not isinstance(value, list | tuple) or not value or not all(
            isinstance(v, int) and not isinstance(v, bool) and (v > 0 or v == -1) for v in value) \
            or list(value).count(-1) > 1:
        raise ArgumentError(name, f"`{name}` must be a list of positive integers (at most one -1), received {value!r}")
    return tuple(value)


def _unflatten_shape(args: Args, shape: Shape) -> Shape:
    axis = normalize_axis(args["dim"], len(shape), shape)
    size, wanted = shape[axis] or 0, args["unflattened_size"]
    known = math.prod(v for v in wanted if v != -1)
    if (-1 in wanted and size % known) or (-1 not in wanted and known != size):
        raise ShapeError(f"unflattened_size {list(wanted)} does not fit axis {args['dim']} of size {size} "
                         f"(input {format_shape(shape)})")
    return tuple(shape[:axis]) + tuple(size // known if v == -1 else v for v in wanted) + tuple(shape[axis + 1:])


add(module("Unflatten", {"dim": Arg(REQUIRED, a.integer), "unflattened_size": Arg(REQUIRED, unflattened)},
           _unflatten_shape, doc="no parameters"))


def scale_factors(value: object, name: str) -> object:
    """A number > 0 (finite) or a list of them, one per spatial axis."""
    if isinstance(value, list | tuple):
        return tuple(scale_factors(v, name) for v in value)
    number = a.number(value, name)
    if not 0 < number < math.inf:
        raise ArgumentError(name, f"`{name}` must be a finite number > 0, received {value!r}")
    return number


def upsample_shape(args: Args, shape: Shape) -> Shape:
    rank = len(shape) - 2
    if rank < 1:
        raise ShapeError(f"Upsample expects an input (N, C, *spatial) of 3 to 5 axes, received {format_shape(shape)}")
    size, factor = args["size"], args["scale_factor"]
    if size is not None:
        wanted = size if isinstance(size, tuple) else (size,) * rank
        if len(wanted) != rank:
            raise ShapeError(f"size {list(wanted)} does not match the {rank} spatial axes of {format_shape(shape)}")
        return tuple(shape[:2]) + tuple(wanted)
    factors = factor if isinstance(factor, tuple) else (factor,) * rank
    if len(factors) != rank:
        raise ShapeError(f"scale_factor {list(factors)} does not match the {rank} spatial axes of "
                         f"{format_shape(shape)}")
    return tuple(shape[:2]) + tuple(math.floor((n or 0) * f) for n, f in zip(shape[2:], factors, strict=True))


def upsample_check(args: Args) -> None:
    if (args["size"] is None) == (args["scale_factor"] is None):
        raise ArgumentError("size", "give either size or scale_factor (exactly one of them)")


def size_or_sizes(value: object, name: str) -> object:
    if isinstance(value, list | tuple):
        return tuple(a.positive_int(v, name) for v in value)
    return a.positive_int(value, name)


add(module("Upsample", {
    "size": Arg(None, a.optional(size_or_sizes)), "scale_factor": Arg(None, a.optional(scale_factors)),
    "mode": Arg("nearest", a.choice("nearest", "linear", "bilinear", "bicubic", "trilinear", "area", "nearest-exact",
                                    lower=False)),
    "align_corners": Arg(None, a.optional(a.boolean)), "recompute_scale_factor": Arg(None, a.optional(a.boolean)),
}, upsample_shape, check_args=upsample_check, doc="no parameters", receptive_field=resize_field))


def _pixel_shuffle_shape(args: Args, shape: Shape) -> Shape:
    r = args["upscale_factor"]
    if len(shape) < 3 or (shape[-3] or 0) % (r * r):
        raise ShapeError(f"PixelShuffle({r}) needs channels divisible by {r * r}, received {format_shape(shape)}")
    return tuple(shape[:-3]) + ((shape[-3] or 0) // (r * r), (shape[-2] or 0) * r, (shape[-1] or 0) * r)


def _pixel_unshuffle_shape(args: Args, shape: Shape) -> Shape:
    r = args["downscale_factor"]
    if len(shape) < 3 or (shape[-2] or 0) % r or (shape[-1] or 0) % r:
        raise ShapeError(f"PixelUnshuffle({r}) needs height and width divisible by {r}, received {format_shape(shape)}")
    return tuple(shape[:-3]) + ((shape[-3] or 0) * r * r, (shape[-2] or 0) // r, (shape[-1] or 0) // r)


add(module("PixelShuffle", {"upscale_factor": Arg(REQUIRED, a.positive_int)}, _pixel_shuffle_shape,
           doc="no parameters"))
add(module("PixelUnshuffle", {"downscale_factor": Arg(REQUIRED, a.positive_int)}, _pixel_unshuffle_shape,
           doc="no parameters"))


def pad_kind(name: str, rank: int, value: bool = False) -> None:
    """ZeroPad2d(padding): an int or (left, right, top, bottom, ...), the last axis first, as F.pad reads it."""
    def output_shape(args: Args, shape: Shape) -> Shape:
        if len(shape) < rank + 1:
            raise ShapeError(f"{name} expects at least {rank + 1} axes, received {format_shape(shape)}")
        out = list(shape)
        for i in range(rank):
            size = (out[-1 - i] or 0) + args["padding"][2 * i] + args["padding"][2 * i + 1]
            if size <= 0:
                raise ShapeError(f"padding {list(args['padding'])} leaves no values of {format_shape(shape)}")
            out[-1 - i] = size
        return tuple(out)

    args = {"padding": Arg(REQUIRED, sizes(2 * rank, least=-(10 ** 9)))}
    if value:
        args["value"] = Arg(REQUIRED, a.number)
    add(module(name, args, output_shape, doc="no parameters", receptive_field=pad_rule(rank)))


for _rank in (1, 2, 3):
    pad_kind(f"ZeroPad{_rank}d", _rank)
    pad_kind(f"ConstantPad{_rank}d", _rank, value=True)
    pad_kind(f"ReflectionPad{_rank}d", _rank)
    pad_kind(f"ReplicationPad{_rank}d", _rank)
