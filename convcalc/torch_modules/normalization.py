"""Normalization: BatchNorm1d/2d/3d, GroupNorm, LayerNorm, InstanceNorm1d/2d/3d.

Parameters are the affine weight and bias (2C); the running mean and variance BatchNorm keeps are buffers,
which torch (and torchinfo) do not count as parameters.
"""

from __future__ import annotations

from .. import args as a
from ..args import REQUIRED, Arg
from ..errors import ArgumentError, ShapeError
from ..layers.base import Args, Weight
from ..shapes import Shape, format_shape
from .base import FACTORY_ARGS, add, module, per_value, require_dims

BATCH_DIMS = {1: (2, 3), 2: (4,), 3: (5,)}  # BatchNorm's accepted input ranks
INSTANCE_DIMS = {1: (2, 3), 2: (3, 4), 3: (4, 5)}  # InstanceNorm's: unbatched or batched


def affine(size: int) -> tuple[Weight, ...]:
    return Weight("weight", (size,)), Weight("bias", (size,))


def features_check(kind: str, args: Args, shape: Shape, channel_axis: int) -> None:
    channels = shape[channel_axis]
    if channels != args["num_features"]:
        raise ShapeError(f"{kind} with num_features={args['num_features']} receives {channels} channels "
                         f"(input {format_shape(shape)}): write num_features: {channels}")


def norm_args(affine_default: bool, track_default: bool) -> dict[str, Arg]:
    return {"num_features": Arg(REQUIRED, a.positive_int), "eps": Arg(1e-5, a.number),
            "momentum": Arg(0.1, a.optional(a.number)), "affine": Arg(affine_default, a.boolean),
            "track_running_stats": Arg(track_default, a.boolean), **FACTORY_ARGS}


def batch_norm(rank: int) -> None:
    name = f"BatchNorm{rank}d"

    def output_shape(args: Args, shape: Shape) -> Shape:
        require_dims(shape, BATCH_DIMS[rank], "(N, C, ...)")
        features_check(name, args, shape, 1)
        return shape

    add(module(name, norm_args(True, True), output_shape,
               lambda args, shape: affine(args["num_features"]) if args["affine"] else (),
               doc="2 × num_features parameters (weight, bias); running statistics are buffers", cost=per_value(2)))


def instance_norm(rank: int) -> None:
    name = f"InstanceNorm{rank}d"

    def output_shape(args: Args, shape: Shape) -> Shape:
        require_dims(shape, INSTANCE_DIMS[rank], "(N, C, ...)")
        if args["affine"]:  # without parameters torch only warns of a mismatch
            features_check(name, args, shape, -rank - 1)
        return shape

    add(module(name, norm_args(False, False), output_shape,
               lambda args, shape: affine(args["num_features"]) if args["affine"] else (),
               doc="2 × num_features parameters when affine", cost=per_value(5)))


for _rank in (1, 2, 3):
    batch_norm(_rank)
    instance_norm(_rank)


def _group_norm_shape(args: Args, shape: Shape) -> Shape:
    if len(shape) < 2 or shape[1] != args["num_channels"]:
        raise ShapeError(f"GroupNorm with num_channels={args['num_channels']} receives "
                         f"{shape[1] if len(shape) > 1 else None} channels (input {format_shape(shape)}): "
                         f"write num_channels: {shape[1] if len(shape) > 1 else '?'}")
    return shape


def _group_norm_check(args: Args) -> None:
    if args["num_channels"] % args["num_groups"]:
        raise ArgumentError("num_groups", f"num_channels must be divisible by num_groups "
                                          f"({args['num_channels']} % {args['num_groups']} != 0)")


add(module("GroupNorm", {"num_groups": Arg(REQUIRED, a.positive_int), "num_channels": Arg(REQUIRED, a.positive_int),
                         "eps": Arg(1e-5, a.number), "affine": Arg(True, a.boolean), **FACTORY_ARGS},
           _group_norm_shape, lambda args, shape: affine(args["num_channels"]) if args["affine"] else (),
           check_args=_group_norm_check, doc="2 × num_channels parameters when affine", cost=per_value(5)))


def normalized_shape(value: object, name: str) -> tuple[int, ...]:
    """LayerNorm's normalized_shape: an int or a list of positive ints."""
    items = [value] if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(items, list | tuple) or not items or not all(
            isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in items):
        raise ArgumentError(name, f"`{name}` must be a positive integer or a list of them, received {value!r}")
    return tuple(items)


def _layer_norm_shape(args: Args, shape: Shape) -> Shape:
    wanted = args["normalized_shape"]
    if tuple(shape[-len(wanted):]) != wanted or len(shape) < len(wanted):
        last = format_shape(tuple(shape[-len(wanted):]))
        raise ShapeError(f"LayerNorm with normalized_shape={list(wanted)} receives {format_shape(shape)}, whose last "
                         f"axes are {last}: write normalized_shape: {list(shape[-len(wanted):])}")
    return shape


def _layer_norm_weights(args: Args, shape: Shape) -> tuple[Weight, ...]:
    if not args["elementwise_affine"]:
        return ()
    size = args["normalized_shape"]
    return (Weight("weight", size),) + ((Weight("bias", size),) if args["bias"] else ())


add(module("LayerNorm", {"normalized_shape": Arg(REQUIRED, normalized_shape), "eps": Arg(1e-5, a.number),
                         "elementwise_affine": Arg(True, a.boolean), "bias": Arg(True, a.boolean), **FACTORY_ARGS},
           _layer_norm_shape, _layer_norm_weights,
           doc="2 × prod(normalized_shape) parameters when elementwise_affine (weight, bias)", cost=per_value(5)))
