"""Normalization: LayerNormalization, GroupNormalization, UnitNormalization, Normalization, Rescaling.

(BatchNormalization is in core.py.) None changes the shape; the weights live on the axes the
layer normalizes, so those must be within the input's rank and of known size.
"""

from __future__ import annotations

import math

from .. import args as a
from ..args import REQUIRED, Arg
from ..costs import per_value
from ..errors import ArgumentError, ShapeError
from ..shapes import Shape, counted, format_shape, known_dim, normalize_axis
from .base import (
    KEEPS_MASK,
    Args,
    LayerKind,
    Weight,
    axes_in_range,
    axis_tuple,
    elementwise,
    register,
    same_shape_along_axes,
    weight_params,
)

# Normalization's sample counter is an int variable: int32 on Keras's JAX backend, whatever the layer's dtype.
COUNT_BYTES = 4


def _sizes(axes: tuple[int, ...], shape: Shape) -> tuple[int, ...]:
    """The sizes of `axes` (in that order), which weights are made of."""
    return tuple(known_dim(shape, axis, "normalized axis") for axis in axes_in_range(axes, shape))


# --- LayerNormalization ------------------------------------------------------------------------

def _layer_norm_weights(args: Args, shape: Shape) -> tuple[Weight, ...]:
    """gamma and beta over the normalized axes, in sorted order of the given (possibly negative) axes.

    rms_scaling (deprecated in Keras 3.15, still accepted) keeps gamma, even with scale off, and drops beta.
    """
    axis, rms = args["axis"], args["rms_scaling"]
    axes = tuple(sorted(axis)) if isinstance(axis, tuple) else (axis,)
    names = [name for name, wanted in (("gamma", args["scale"] or rms), ("beta", args["center"] and not rms)) if wanted]
    if not names:  # the axes must still exist, but their sizes need not be known
        axes_in_range(axes, shape)
        return ()
    size = _sizes(axes, shape)
    return tuple(Weight(name, size) for name in names)


def _layer_norm_shape(args: Args, shape: Shape) -> Shape:
    _layer_norm_weights(args, shape)
    return shape


# --- GroupNormalization ------------------------------------------------------------------------

def _group_norm_channels(args: Args, shape: Shape) -> int:
    axis = normalize_axis(args["axis"], len(shape), shape)
    channels = known_dim(shape, axis, "normalized axis")
    groups = channels if args["groups"] == -1 else args["groups"]
    if channels < groups:
        raise ShapeError(f"groups={groups} is more than the {counted(channels, 'channel')} of axis {axis} "
                         f"of {format_shape(shape)}")
    if channels % groups:
        raise ShapeError(f"the {channels} channels of axis {axis} of {format_shape(shape)} "
                         f"are not divisible by groups={groups}")
    return channels


def _group_norm_shape(args: Args, shape: Shape) -> Shape:
    _group_norm_channels(args, shape)
    return shape


def _group_norm_weights(args: Args, shape: Shape) -> tuple[Weight, ...]:
    size = (_group_norm_channels(args, shape),)
    return tuple(Weight(name, size) for name, wanted in (("gamma", args["scale"]), ("beta", args["center"])) if wanted)


# --- Normalization -----------------------------------------------------------------------------

def _stats_shape(value: object) -> tuple[int, ...]:
    """The shape of a given mean or variance, which the `a.array` checker has found rectangular."""
    shape = a.array_shape(value)
    assert shape is not None
    return shape


def _check_normalization_args(args: Args) -> None:
    mean, variance = args["mean"], args["variance"]
    if (mean is None) != (variance is None):
        raise ArgumentError("mean" if mean is None else "variance", "give both `mean` and `variance`, or neither")
    if mean is None:
        return
    given = _stats_shape(mean)
    if given != _stats_shape(variance):
        raise ArgumentError("variance", f"`mean` and `variance` must have the same shape; received "
                                        f"{given} and {_stats_shape(variance)}")
    axes = axis_tuple(args["axis"])
    if len(given) > len(axes):
        raise ArgumentError("mean", f"`mean` has more dimensions ({len(given)}) than there are "
                                    f"axes kept ({len(axes)}, axis={args['axis']})")


def _kept_axes(args: Args, shape: Shape) -> tuple[int, ...]:
    """The axes Normalization keeps statistics for, sorted; their sizes must be known."""
    kept = tuple(sorted(axes_in_range(axis_tuple(args["axis"]), shape)))
    _sizes(kept, shape)
    return kept


def _normalization_shape(args: Args, shape: Shape) -> Shape:
    """Statistics are reshaped onto the kept axes, so their sizes must fit there.

    Given mean and variance line their last dimensions up with the last kept axes and must
    broadcast there; the variables Keras makes otherwise have one dimension per listed axis, which
    cannot be reshaped onto an axis listed twice (unless its size is 1).
    """
    kept = _kept_axes(args, shape)
    if args["mean"] is None:
        if math.prod(_sizes(kept, shape)) != math.prod(_sizes(tuple(set(kept)), shape)):
            raise ShapeError(f"axis={args['axis']} lists an axis of {format_shape(shape)} twice")
        return shape
    given = _stats_shape(args["mean"])
    placed = {kept[-i]: given[-i] for i in range(1, len(given) + 1)}
    if math.prod(placed.values()) != math.prod(given):
        raise ShapeError(f"`mean` and `variance` of shape {given} cannot be placed on axis={args['axis']}, "
                         f"which lists an axis twice")
    for axis, size in placed.items():
        if size not in (1, shape[axis]):
            raise ShapeError(f"`mean` and `variance` of shape {given} do not broadcast to input "
                             f"{format_shape(shape)}: {size} against {shape[axis]} on axis {axis}")
    return shape


def _normalization_weights(args: Args, shape: Shape) -> tuple[Weight, ...]:
    """Without given mean and variance, Keras makes variables for adapt(): mean, variance and a count."""
    if args["mean"] is not None:
        return ()
    size = _sizes(_kept_axes(args, shape), shape)
    return (Weight("mean", size, trainable=False), Weight("variance", size, trainable=False),
            Weight("count", (), trainable=False, bytes_per_param=COUNT_BYTES))


NORM_WEIGHT_ARGS = {**a.weight_args("beta", "zeros"), **a.weight_args("gamma", "ones")}

register(LayerKind(
    name="LayerNormalization",
    args={
        "axis": Arg(-1, a.axes), "epsilon": Arg(0.001, a.number),
        "center": Arg(True, a.boolean), "scale": Arg(True, a.boolean), "rms_scaling": Arg(False, a.boolean),
        **NORM_WEIGHT_ARGS,
    },
    output_shape=_layer_norm_shape,
    positional=("axis", "epsilon", "center", "scale", *weight_params("beta", "gamma", activity=False)),
    weights=_layer_norm_weights,
    cost=per_value(5),
    mask=KEEPS_MASK,
    doc="gamma and beta, each the size of the normalized axes",
))
register(LayerKind(
    name="GroupNormalization",
    args={
        "groups": Arg(32, a.group_count), "axis": Arg(-1, a.integer), "epsilon": Arg(0.001, a.number),
        "center": Arg(True, a.boolean), "scale": Arg(True, a.boolean),
        **NORM_WEIGHT_ARGS,
    },
    output_shape=_group_norm_shape,
    positional=("groups", "axis", "epsilon", "center", "scale", *weight_params("beta", "gamma", activity=False)),
    weights=_group_norm_weights,
    cost=per_value(5),
    mask=KEEPS_MASK,
    doc="gamma and beta, C each; groups must divide the C channels",
))
register(LayerKind(
    name="UnitNormalization",
    args={"axis": Arg(-1, a.axes)},
    output_shape=same_shape_along_axes,
    cost=per_value(3),
    mask=KEEPS_MASK,
    doc="no weights",
    built_at_init=True,
))
register(LayerKind(
    name="Normalization",
    args={
        "axis": Arg(-1, a.optional(a.axes)),
        "mean": Arg(None, a.optional(a.array)), "variance": Arg(None, a.optional(a.array)),
        "invert": Arg(False, a.boolean),
    },
    output_shape=_normalization_shape,
    weights=_normalization_weights,
    check_args=_check_normalization_args,
    cost=per_value(2),
    mask=KEEPS_MASK,
    doc="non-trainable mean and variance over the kept axes, plus a count; none when mean and variance are given",
))
register(elementwise("Rescaling", {"scale": Arg(REQUIRED, a.array), "offset": Arg(0.0, a.array)}, per_value(2),
                     built_at_init=False))
