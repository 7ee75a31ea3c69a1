"""The working behind each layer's numbers, with the user's numbers in it.

For every layer: which output-size formula applies and why (padding, strides, dilation),
each output dimension worked out, the parameter count as a formula, the trainable split,
the MACs and the receptive-field step. Every figure shown is computed by the same shape
functions the engine uses, so the working always ends on the summary's numbers.
Plain data out (lists of lines); the CLI decides how to print them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Tuple

from .costs import same_padding_before
from .errors import ConvcalcError, did_you_mean
from .shapes import format_number, format_shape, spatial_axes

AXIS_LABELS = {1: ("length",), 2: ("height", "width"), 3: ("depth", "height", "width")}
WINDOWED = ("Conv1D", "Conv2D", "Conv3D", "DepthwiseConv1D", "DepthwiseConv2D", "SeparableConv1D",
            "SeparableConv2D")
TRANSPOSED = ("Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose")
POOLING = tuple(f"{mode}Pooling{rank}D" for mode in ("Max", "Average") for rank in (1, 2, 3))


@dataclass(frozen=True)
class Explanation:
    name: str
    type: str
    lines: Tuple[str, ...]

    @property
    def title(self) -> str:
        return f"{self.name} ({self.type})"


def explain(summary, layer_name: Optional[str] = None) -> List[Explanation]:
    """The working for every row of the summary, or for the one named `layer_name`."""
    layers = summary.tensors or summary.layers
    if layer_name is not None:
        names = [layer.name for layer in layers]
        if layer_name not in names:
            raise ConvcalcError(f"no layer named {layer_name!r} in {summary.source}" + did_you_mean(layer_name, names))
        layers = [layer for layer in layers if layer.name == layer_name]
    return [Explanation(layer.name, layer.type, tuple(_working(layer))) for layer in layers]


def n(value) -> str:
    return "None" if value is None else f"{value:,}"


def product(values) -> str:
    return " × ".join(n(v) for v in values)


def _working(layer) -> List[str]:
    if not layer.input_shapes:
        return [f"model input: output {format_shape(layer.output_shape)} (batch first, None = any batch size)"]
    lines = [f"input {', '.join(format_shape(s) for s in layer.input_shapes)}"]
    if layer.type in WINDOWED or layer.type in POOLING:
        lines += _windowed_shape(layer)
    elif layer.type in TRANSPOSED:
        lines += _transposed_shape(layer)
    elif layer.type == "Dense":
        lines.append(f"Dense acts on the last axis: {n(layer.input_shape[-1])} → units = {n(layer.args['units'])}")
    elif layer.type == "Flatten":
        lines.append(f"Flatten multiplies the non-batch dimensions: {product(layer.input_shape[1:])} = "
                     f"{n(layer.output_shape[1])}")
    elif layer.input_shapes == (layer.output_shape,):
        lines.append("the shape is unchanged")
    lines.append(f"output {format_shape(layer.output_shape)}")
    lines += _params(layer)
    if layer.macs:
        lines.append(_macs(layer))
    if layer.field:
        lines += _field(layer)
    return lines


def _spatial(layer) -> Tuple[int, range, List[str]]:
    rank = len(layer.args.get("kernel_size") or layer.args["pool_size"])
    shape = layer.input_shape
    axes = spatial_axes(rank, len(shape), layer.args["data_format"])
    return rank, axes, list(AXIS_LABELS[rank])


def _windowed_shape(layer) -> List[str]:
    args, shape = layer.args, layer.input_shape
    rank, axes, labels = _spatial(layer)
    pooling = layer.type in POOLING
    windows = args["pool_size"] if pooling else args["kernel_size"]
    strides = (args["strides"] or args["pool_size"]) if pooling else args["strides"]
    dilations = (1,) * rank if pooling else args["dilation_rate"]
    padding = args["padding"].lower()
    what = "pool" if pooling else "kernel"
    lines = []
    if padding == "valid":
        dilated = any(d > 1 for d in dilations)
        lines.append(f"padding='valid': the {what} must fit inside the input, so each size is "
                     + ("floor((n − d·(k − 1) − 1) / s) + 1" if dilated else "floor((n − k) / s) + 1"))
    else:
        lines.append(f"padding='{padding}': the {what} does not shrink the output (the input is padded), "
                     "so each size is ceil(n / s)")
    for label, axis, k, s, d in zip(labels, axes, windows, strides, dilations):
        size = shape[axis]
        out = layer.output_shape[axis]
        if size is None:
            lines.append(f"  {label}: unknown (None) stays None")
        elif padding == "valid" and d > 1:
            lines.append(f"  {label}: floor(({n(size)} − {d}·({k} − 1) − 1) / {s}) + 1 = {n(out)}")
        elif padding == "valid":
            lines.append(f"  {label}: floor(({n(size)} − {k}) / {s}) + 1 = {n(out)}")
        else:
            lines.append(f"  {label}: ceil({n(size)} / {s}) = {n(out)}")
    if not pooling:
        lines.append(_channels_line(layer))
    return lines


def _channels_line(layer) -> str:
    args = layer.args
    channels = layer.output_shape[-1 if args["data_format"] == "channels_last" else 1]
    if "depth_multiplier" in args and "filters" not in args:
        return f"  channels: C_in × depth_multiplier = {n(channels // args['depth_multiplier'])} × " \
               f"{args['depth_multiplier']} = {n(channels)}"
    return f"  channels: filters = {n(channels)}"


def _transposed_shape(layer) -> List[str]:
    args, shape = layer.args, layer.input_shape
    rank, axes, labels = _spatial(layer)
    windows = [d * (k - 1) + 1 for k, d in zip(args["kernel_size"], args["dilation_rate"])]
    if args["output_padding"]:
        lines = ["a transposed convolution grows each size: with output_padding, (n − 1)·s + k − 2·pad + output_padding"]
    elif args["padding"] == "same":
        lines = ["a transposed convolution grows each size: with padding='same', n · s"]
    else:
        lines = ["a transposed convolution grows each size: with padding='valid', n · s + max(k − s, 0)"]
    for label, axis, k, s in zip(labels, axes, windows, args["strides"]):
        size, out = shape[axis], layer.output_shape[axis]
        if size is None or args["output_padding"]:
            lines.append(f"  {label}: {n(size)} → {n(out)}")
        elif args["padding"] == "same":
            lines.append(f"  {label}: {n(size)} · {s} = {n(out)}")
        else:
            lines.append(f"  {label}: {n(size)} · {s} + max({k} − {s}, 0) = {n(out)}")
    lines.append(_channels_line(layer))
    return lines


def _params(layer) -> List[str]:
    if not layer.weights:
        return ["params: 0 (no weights)"]
    args = layer.args
    if layer.type in ("Conv1D", "Conv2D", "Conv3D") and len(layer.weights) <= 2:
        kernel = layer.weights[0].shape
        inner = product(kernel[:-1])
        formula = f"{n(args['filters'])} × ({inner})" + (f" + {n(args['filters'])}" if args["use_bias"] else "")
        lines = [f"params: filters × (kernel × C_in{' / groups' if args['groups'] > 1 else ''})"
                 + (" + filters (bias)" if args["use_bias"] else "") + f" = {formula} = {n(layer.params)}"]
    elif layer.type == "Dense" and len(layer.weights) <= 2:
        d_in, units = layer.weights[0].shape
        formula = f"{n(d_in)} × {n(units)}" + (f" + {n(units)}" if args["use_bias"] else "")
        lines = ["params: D_in × units" + (" + units (bias)" if args["use_bias"] else "")
                 + f" = {formula} = {n(layer.params)}"]
    else:
        parts = [f"{w.name} {product(w.shape)} = {n(w.size)}" for w in layer.weights]
        lines = [f"params: {'; '.join(parts)}; total {n(layer.params)}"]
    if layer.non_trainable_params:
        frozen = [w.name for w in layer.weights if not w.trainable]
        lines.append(f"  trainable {n(layer.trainable_params)}, non-trainable {n(layer.non_trainable_params)} "
                     f"({', '.join(frozen)}: not updated by gradient descent)")
    else:
        lines.append(f"  all {n(layer.params)} trainable")
    return lines


def _macs(layer) -> str:
    kernels = sum(w.size for w in layer.weights if w.name != "bias")
    positions = layer.macs // kernels if kernels else 0
    where = "input positions" if layer.type in TRANSPOSED else "output positions"
    return f"MACs: {n(kernels)} weights × {n(positions)} {where} = {n(layer.macs)}"


def _field(layer) -> List[str]:
    """How each spatial axis's receptive field grew, for windowed layers; the result otherwise."""
    sizes = "×".join(format_number(axis.size) for axis in layer.field)
    jumps = "×".join(format_number(axis.jump) for axis in layer.field)
    if layer.type not in WINDOWED + POOLING or not layer.input_fields or layer.input_fields[0] is None:
        return [f"receptive field: {sizes} input pixels, jump {jumps}"]
    args = layer.args
    rank, axes, labels = _spatial(layer)
    pooling = layer.type in POOLING
    windows = args["pool_size"] if pooling else tuple(
        d * (k - 1) + 1 for k, d in zip(args["kernel_size"], args["dilation_rate"]))
    strides = (args["strides"] or args["pool_size"]) if pooling else args["strides"]
    before = layer.input_fields[0] or tuple(None for _ in axes)
    lines = ["receptive field: r_out = r_in + (k − 1) · j_in, j_out = j_in · s"]
    for label, axis, k, s, prior, after in zip(labels, axes, windows, strides, before, layer.field):
        r_in, j_in = (prior.size, prior.jump) if prior else (1, 1)
        pad = "" if args["padding"] != "same" else \
            f", 'same' pads {same_padding_before(layer.input_shape[axis], k, s)} before"
        lines.append(f"  {label}: {format_number(r_in)} + ({k} − 1) × {format_number(j_in)} = {format_number(after.size)}, "
                     f"jump {format_number(j_in)} × {s} = {format_number(after.jump)}{pad}")
    return lines

