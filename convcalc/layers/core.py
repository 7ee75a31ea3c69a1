"""Core layers: Flatten, Dense, Embedding, Dropout, Activation, BatchNormalization."""

from __future__ import annotations

from .. import args as a
from ..args import REQUIRED, Arg
from ..costs import Cost, per_value, times
from ..errors import ArgumentError
from ..shapes import Shape, flattened, known_dim, normalize_axis, require_min_rank
from .base import (
    KEEPS_MASK,
    MAKES_MASK,
    READS_MASK,
    Args,
    LayerKind,
    Weight,
    elementwise,
    kernel_and_bias,
    lora_factors,
    register,
)


def _flatten_shape(args: Args, shape: Shape) -> Shape:
    require_min_rank(shape, 1)  # Keras's InputSpec(min_ndim=1): a `batch_shape: []` input has no batch axis
    return (shape[0], flattened(shape[1:]))


def _dense_shape(args: Args, shape: Shape) -> Shape:
    require_min_rank(shape, 2)
    known_dim(shape, -1, "last dimension")
    return shape[:-1] + (args["units"],)


def _dense_weights(args: Args, shape: Shape) -> tuple[Weight, ...]:
    return kernel_and_bias((known_dim(shape, -1, "last dimension"), args["units"]), args["units"], args)


def _refuse_quantization(args: Args) -> None:
    if args["quantization_config"] is not None:
        raise ArgumentError("quantization_config", "quantized layers are not supported by convcalc; leave it out")


def _embedding_shape(args: Args, shape: Shape) -> Shape:
    """Each integer index of any input shape becomes a vector of output_dim values."""
    return shape + (args["output_dim"],)


def _embedding_weights(args: Args, shape: Shape) -> tuple[Weight, ...]:
    """The (input_dim, output_dim) table; with lora_rank Keras freezes it and adds two low-rank factors."""
    table, rank = (args["input_dim"], args["output_dim"]), args["lora_rank"]
    weights = (Weight("embeddings", table, trainable=rank is None),)
    return weights + (lora_factors("embeddings", table, rank) if rank is not None else ())


def _check_embedding_args(args: Args) -> None:
    _refuse_quantization(args)
    if args["weights"] is not None:
        raise ArgumentError("weights", "initial `weights` need arrays, which a spec cannot hold (Keras refuses "
                                       "lists); leave them out: they change no shape or count")
    if args["lora_rank"] is not None and args["embeddings_constraint"] is not None:
        raise ArgumentError("lora_rank", "LoRA cannot be combined with an embeddings_constraint")


def _batchnorm_channels(args: Args, shape: Shape) -> int:
    axis = normalize_axis(args["axis"], len(shape), shape)
    return known_dim(shape, axis, "normalized axis")


def _batchnorm_shape(args: Args, shape: Shape) -> Shape:
    _batchnorm_channels(args, shape)
    return shape


def _batchnorm_weights(args: Args, shape: Shape) -> tuple[Weight, ...]:
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
    cost=lambda args, shape, out, weights: Cost(
        times(sum(w.size for w in weights if w.name != "bias"), *out[1:-1]), 0),  # kernel once per position
    check_args=_refuse_quantization,
    mask=KEEPS_MASK,
    doc="D_in × units weights, plus units biases; acts on the last axis",
))
register(LayerKind(
    name="Embedding",
    args={
        "input_dim": Arg(REQUIRED, a.positive_int), "output_dim": Arg(REQUIRED, a.positive_int),
        **a.weight_args("embeddings", "uniform"),
        "mask_zero": Arg(False, a.boolean),
        "weights": Arg(None),
        "lora_rank": Arg(None, a.optional(a.positive_int)), "lora_alpha": Arg(None),
        "quantization_config": Arg(None),
        "input_length": Arg(None, a.optional(a.positive_int)),  # removed in Keras 3: accepted, warned about, ignored
    },
    output_shape=_embedding_shape,
    weights=_embedding_weights,
    check_args=_check_embedding_args,
    mask=MAKES_MASK,
    doc="input_dim × output_dim weights; adds an axis of output_dim",
))
register(elementwise(
    "Dropout", {"rate": Arg(REQUIRED, a.fraction), "noise_shape": Arg(None), "seed": Arg(None, a.optional(a.integer))},
))
register(elementwise("Activation", {"activation": Arg(REQUIRED, a.activation)}))  # its FLOPs: see bias_and_activation
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
    cost=per_value(2),  # at inference a scale and a shift per value
    mask=READS_MASK,
    doc="gamma and beta trainable, moving mean and variance not: 4 × C",
))
