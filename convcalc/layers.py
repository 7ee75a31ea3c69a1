"""The layer registry: every Keras layer kind convcalc knows, in one table.

A kind is its Keras constructor arguments (defaults and checks), its
output-shape rule and its weights rule (names, shapes, trainable), so adding a
layer is one `register(...)` call here plus one row in tests/test_layers.py.
Shapes include the batch axis at index 0, as Keras reports them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Mapping, Optional, Tuple

from . import args as a
from .args import REQUIRED, Arg
from .errors import ArgumentError, ShapeError, did_you_mean
from .shapes import (Shape, channel_axis, conv_output_length, flattened, format_shape, known_dim,
                     normalize_axis, pool_output_length, require_min_rank, require_rank, spatial_axes)


@dataclass(frozen=True)
class Weight:
    """One variable a layer creates, as Keras's layer.weights lists it."""

    name: str
    shape: Tuple[int, ...]
    trainable: bool = True

    @property
    def size(self) -> int:
        return math.prod(self.shape)


Args = Mapping[str, Any]
ShapeRule = Callable[[Args, Shape], Shape]
WeightsRule = Callable[[Args, Shape], Tuple[Weight, ...]]


def _no_weights(args: Args, input_shape: Shape) -> Tuple[Weight, ...]:
    return ()


def _no_check(args: Args) -> None:
    return None


def snake_case(class_name: str) -> str:
    """Keras's naming.to_snake_case: Conv2D -> conv2d, MaxPooling2D -> max_pooling2d."""
    name = re.sub(r"\W+", "", class_name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


@dataclass(frozen=True)
class LayerKind:
    name: str
    args: Mapping[str, Arg]
    output_shape: ShapeRule
    weights: WeightsRule = _no_weights
    check_args: Callable[[Args], None] = _no_check
    doc: str = ""
    all_args: Mapping[str, Arg] = field(init=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "all_args", {**a.BASE_ARGS, **self.args})

    @property
    def default_name(self) -> str:
        return snake_case(self.name)

    def bind(self, given: Mapping[str, Any]) -> Dict[str, Any]:
        """Check the user's arguments and fill in Keras's defaults."""
        for key in given:
            if key not in self.all_args:
                raise ArgumentError(key, f"unknown argument `{key}` for {self.name}"
                                    + did_you_mean(key, self.all_args))
        bound = {}
        for key, spec in self.all_args.items():
            if key in given:
                value = given[key]
                bound[key] = spec.check(value, key) if spec.check else value
            elif spec.default is REQUIRED:
                raise ArgumentError(key, f"missing required argument `{key}`")
            else:
                bound[key] = spec.check(spec.default, key) if spec.check else spec.default
        self.check_args(bound)
        return bound


REGISTRY: Dict[str, LayerKind] = {}


def register(kind: LayerKind) -> None:
    REGISTRY[kind.name] = kind


def lookup(name: str) -> Optional[LayerKind]:
    return REGISTRY.get(name)


# --- shared weight rules -----------------------------------------------------------------------

def kernel_and_bias(kernel_shape: Tuple[int, ...], bias_size: int, args: Args) -> Tuple[Weight, ...]:
    """Kernel plus optional bias; with lora_rank Keras freezes the kernel and adds two low-rank factors."""
    rank = args["lora_rank"]
    weights = [Weight("kernel", kernel_shape, trainable=rank is None)]
    if args["use_bias"]:
        weights.append(Weight("bias", (bias_size,)))
    if rank is not None:
        weights.append(Weight("lora_kernel_a", kernel_shape[:-1] + (rank,)))
        weights.append(Weight("lora_kernel_b", (rank, kernel_shape[-1])))
    return tuple(weights)


# --- convolutions --------------------------------------------------------------------------------

AXIS_NAMES = {1: ("steps",), 2: ("rows", "cols"), 3: ("depth", "rows", "cols")}


def _layout(rank: int, data_format: str) -> str:
    spatial = ", ".join(AXIS_NAMES[rank])
    inner = f"{spatial}, channels" if data_format == "channels_last" else f"channels, {spatial}"
    return f"(batch, {inner})"


def _check_conv_args(args: Args) -> None:
    if args["filters"] % args["groups"]:
        raise ArgumentError("groups", f"filters={args['filters']} is not divisible by groups={args['groups']}")
    if max(args["strides"]) > 1 and max(args["dilation_rate"]) > 1:
        raise ArgumentError("dilation_rate", f"strides > 1 cannot be combined with dilation_rate > 1; "
                                             f"received strides={args['strides']}, dilation_rate={args['dilation_rate']}")


def _conv_input_channels(args: Args, shape: Shape, rank: int) -> int:
    require_rank(shape, rank + 2, _layout(rank, args["data_format"]))
    channels = known_dim(shape, channel_axis(args["data_format"]), "channel dimension")
    if channels % args["groups"]:
        raise ShapeError(f"input channels {channels} are not divisible by groups={args['groups']} "
                         f"(input shape {format_shape(shape)})")
    return channels


def _conv_shape(rank: int) -> ShapeRule:
    def output_shape(args: Args, shape: Shape) -> Shape:
        _conv_input_channels(args, shape, rank)
        out = list(shape)
        axes = spatial_axes(rank, len(shape), args["data_format"])
        for i, axis in enumerate(axes):
            size = conv_output_length(shape[axis], args["kernel_size"][i], args["strides"][i],
                                      args["padding"], args["dilation_rate"][i])
            if size is not None and size <= 0:
                raise ShapeError(
                    f"output size would be {size} (zero or negative): input {format_shape(shape)}, "
                    f"kernel_size={args['kernel_size']}, dilation_rate={args['dilation_rate']}, "
                    f"strides={args['strides']}, padding='{args['padding']}'")
            out[axis] = size
        out[channel_axis(args["data_format"])] = args["filters"]
        return tuple(out)

    return output_shape


def _conv_weights(rank: int) -> WeightsRule:
    def weights(args: Args, shape: Shape) -> Tuple[Weight, ...]:
        channels = _conv_input_channels(args, shape, rank)
        kernel = args["kernel_size"] + (channels // args["groups"], args["filters"])
        return kernel_and_bias(kernel, args["filters"], args)

    return weights


def conv_kind(rank: int) -> LayerKind:
    paddings = ("valid", "same", "causal") if rank == 1 else ("valid", "same")
    return LayerKind(
        name=f"Conv{rank}D",
        args={
            "filters": Arg(REQUIRED, a.positive_int),
            "kernel_size": Arg(REQUIRED, a.int_tuple(rank)),
            "strides": Arg(1, a.int_tuple(rank)),
            "padding": Arg("valid", a.choice(*paddings)),
            "data_format": Arg(None, a.data_format),
            "dilation_rate": Arg(1, a.int_tuple(rank)),
            "groups": Arg(1, a.positive_int),
            **a.KERNEL_ARGS,
        },
        output_shape=_conv_shape(rank),
        weights=_conv_weights(rank),
        check_args=_check_conv_args,
        doc="kernel_size × (C_in / groups) × filters weights, plus filters biases",
    )


# --- pooling -------------------------------------------------------------------------------------

def _pool_shape(rank: int) -> ShapeRule:
    def output_shape(args: Args, shape: Shape) -> Shape:
        require_rank(shape, rank + 2, _layout(rank, args["data_format"]))
        strides = args["strides"] or args["pool_size"]
        out = list(shape)
        for i, axis in enumerate(spatial_axes(rank, len(shape), args["data_format"])):
            size = pool_output_length(shape[axis], args["pool_size"][i], strides[i], args["padding"])
            if size is not None and size <= 0:
                raise ShapeError(
                    f"output size would be {size} (zero or negative): input {format_shape(shape)}, "
                    f"pool_size={args['pool_size']}, strides={strides}, padding='{args['padding']}'")
            out[axis] = size
        return tuple(out)

    return output_shape


def pool_kind(rank: int, mode: str) -> LayerKind:
    # Keras gives MaxPooling a default pool_size of 2 but makes AveragePooling's required.
    default = 2 if mode == "Max" else REQUIRED
    return LayerKind(
        name=f"{mode}Pooling{rank}D",
        args={
            "pool_size": Arg(default, a.int_tuple(rank)),
            "strides": Arg(None, a.optional(a.int_tuple(rank))),
            "padding": Arg("valid", a.choice("valid", "same", lower=False)),
            "data_format": Arg(None, a.data_format),
        },
        output_shape=_pool_shape(rank),
        doc="no weights",
    )


# --- core layers ---------------------------------------------------------------------------------

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


def _same_shape(args: Args, shape: Shape) -> Shape:
    return shape


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
    output_shape=_same_shape,
))
register(LayerKind(
    name="Activation",
    args={"activation": Arg(REQUIRED, a.activation)},
    output_shape=_same_shape,
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
for _rank in (1, 2, 3):
    register(conv_kind(_rank))
    register(pool_kind(_rank, "Max"))
    register(pool_kind(_rank, "Average"))
