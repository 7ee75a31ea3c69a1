"""Core layers: Flatten, Dense, Dropout, Activation, BatchNormalization."""

from __future__ import annotations

from typing import Tuple

from .. import args as a
from ..args import REQUIRED, Arg
from ..errors import ArgumentError
from ..shapes import Shape, flattened, known_dim, normalize_axis, require_min_rank
from .base import Args, LayerKind, Weight, kernel_and_bias, register, same_shape

def _flatten_shape(args: Args, shape: Shape) -> Shape:
    return (shape[0], flattened(shape[1:]))


def _dense_shape(args: Args, shape: Shape) -> Shape:
    require_min_rank(shape, 2)
    known_dim(shape, -1, "last dimension")
    return shape[:-1] + (args["units"],)


def _dense_weights(args: Args, shape: Shape) -> Tuple[Weight, ...]:
    return kernel_and_bias((known_dim(shape, -1, "last dimension"), args["units"]), args["units"], args)


def _check_dense_args(args: Args) -> None:
    if args["quantization_config"] is not None:
        raise ArgumentError("quantization_config", "quantized layers are not supported by convcalc; leave it out")


def _batchnorm_channels(args: Args, shape: Shape) -> int:
    axis = normalize_axis(args["axis"], len(shape), shape)
    return known_dim(shape, axis, "normalized axis")


def _batchnorm_shape(args: Args, shape: Shape) -> Shape:
    _batchnorm_channels(args, shape)
    return shape


def _batchnorm_weights(args: Args, shape: Shape) -> Tuple[Weight, ...]:
    size = (_batchnorm_channels(args, shape),)
    weights = []
    if args["scale"]:
        weights.append(Weight("gamma", size))
    if args["center"]:
        weights.append(Weight("beta", size))
    weights += [Weight("moving_mean", size, False), Weight("moving_variance", size, False)]
    if args["renorm"]:
        weights += [Weight(n, size, False) for n in ("moving_stddev", "renorm_mean", "renorm_stddev")]
    return tuple(weights)


register(LayerKind(
    name="Flatten",
    args={"data_format": Arg(None, a.data_format)},
    output_shape=_flatten_shape,
    doc="no weights; all non-batch dimensions multiplied together",
))
register(LayerKind(
    name="Dense",
    args={"units": Arg(REQUIRED, a.positive_int), **a.KERNEL_ARGS, "quantization_config": Arg(None)},
    output_shape=_dense_shape,
    weights=_dense_weights,
    check_args=_check_dense_args,
    doc="D_in × units weights, plus units biases; acts on the last axis",
))
register(LayerKind(
    name="Dropout",
    args={"rate": Arg(REQUIRED, a.fraction), "noise_shape": Arg(None), "seed": Arg(None, a.optional(a.integer))},
    output_shape=same_shape,
))
register(LayerKind(
    name="Activation",
    args={"activation": Arg(REQUIRED, a.activation)},
    output_shape=same_shape,
))
register(LayerKind(
    name="BatchNormalization",
    args={
        "axis": Arg(-1, a.integer),
        "momentum": Arg(0.99), "epsilon": Arg(0.001),
        "center": Arg(True, a.boolean), "scale": Arg(True, a.boolean),
        "beta_initializer": Arg("zeros", a.initializer), "gamma_initializer": Arg("ones", a.initializer),
        "moving_mean_initializer": Arg("zeros", a.initializer),
        "moving_variance_initializer": Arg("ones", a.initializer),
        "beta_regularizer": Arg(None, a.regularizer), "gamma_regularizer": Arg(None, a.regularizer),
        "beta_constraint": Arg(None, a.constraint), "gamma_constraint": Arg(None, a.constraint),
        "renorm": Arg(False, a.boolean), "renorm_clipping": Arg(None), "renorm_momentum": Arg(0.99),
        "synchronized": Arg(False, a.boolean),
    },
    output_shape=_batchnorm_shape,
    weights=_batchnorm_weights,
    doc="gamma and beta trainable, moving mean and variance not: 4 × C",
))
