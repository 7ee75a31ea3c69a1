"""The catalogue of classic mistakes for output shapes: sizes of sliding windows and transposed
convolutions, channels of convolutions and merges, Flatten and global pooling."""

from __future__ import annotations

import math

from ..explain import (
    AXIS_LABELS,
    POOLING,
    TRANSPOSED,
    WINDOWED,
    channels_formula,
    n,
    product,
    size_formula,
    spatial,
    transposed_formula,
)
from ..model import LayerSummary
from ..shapes import conv_output_length, conv_transpose_output_length, format_shape
from .parts import Mistake, NotAskable, Part, dim, dims, part

ELEMENTWISE_MERGES = ("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum")


def axis_labels(layer: LayerSummary) -> dict[int, str]:
    """Names of the output's axes: length / height, width (3D: depth, height, width) and channels."""
    shape = layer.output_shape
    if len(shape) == 2:
        return {1: {"Dense": "units", "Flatten": "values"}.get(layer.type, "channels")}
    rank = len(shape) - 2
    if rank not in AXIS_LABELS:
        return {axis: f"axis {axis}" for axis in range(1, len(shape))}
    first = layer.args.get("data_format") == "channels_first"
    labels = dict(zip(range(2, len(shape)) if first else range(1, len(shape) - 1), AXIS_LABELS[rank], strict=False))
    labels[1 if first else len(shape) - 1] = "channels"
    return labels


def shape_parts(layer: LayerSummary) -> dict[int, Part]:
    """A part per output axis after the batch, with the mistakes of the layer's own rule."""
    shape = layer.output_shape
    if any(d is None for d in shape[1:]):
        raise NotAskable(f"its output {format_shape(shape)} has an unknown (None) dimension")
    labels = axis_labels(layer)
    parts = {axis: _plain_part(layer, axis, label) for axis, label in labels.items()}
    if layer.type in WINDOWED or layer.type in POOLING:
        parts.update(_window_parts(layer, labels))
    elif layer.type in TRANSPOSED:
        parts.update(_transposed_parts(layer, labels))
    elif layer.type == "Flatten":
        parts[1] = _flatten_part(layer)
    elif layer.type.startswith("Global") and len(shape) == 2:
        parts[1] = part("channels", dim(shape, 1), f"the input's channels = {n(shape[1])}",
                        [Mistake(product(dims(layer.input_shape)), math.prod(dims(layer.input_shape)),
                                 "global pooling keeps one value per channel, over all positions")])
    elif layer.type == "Dense":
        last = len(shape) - 1
        parts[last] = part(labels[last], dim(shape, last), f"units = {n(shape[last])}",
                           [Mistake("the input's last dimension, D_in", dim(layer.input_shape, -1),
                                    "Dense gives units values at each position")])
    elif layer.type == "Concatenate":
        axis = layer.args["axis"] % len(shape)
        sizes = [dim(s, axis) for s in layer.input_shapes]
        parts[axis] = part(labels[axis], dim(shape, axis), f"{' + '.join(n(s) for s in sizes)} = {n(shape[axis])}",
                           [Mistake(f"one input's {labels[axis]}", sizes[0],
                                    "Concatenate puts its inputs side by side along that axis")])
    elif layer.type in ELEMENTWISE_MERGES:
        last, sizes = len(shape) - 1, [dim(s, -1) for s in layer.input_shapes]
        parts[last] = part(labels[last], dim(shape, last), f"{n(shape[last])}, as in each input",
                           [Mistake(" + ".join(n(s) for s in sizes), sum(sizes),
                                    f"{layer.type} combines values element by element; the channels stay")])
    return parts


def _plain_part(layer: LayerSummary, axis: int, label: str) -> Part:
    value = dim(layer.output_shape, axis)
    kept = any(len(s) == len(layer.output_shape) and s[axis] == value for s in layer.input_shapes)
    return Part(label, value, f"{n(value)}, as in the input" if kept else n(value))


def _flatten_part(layer: LayerSummary) -> Part:
    sizes, value = dims(layer.input_shape), dim(layer.output_shape, 1)
    mistakes = []
    if len(sizes) > 1 and sizes[-1] > 1:
        mistakes.append(Mistake(product(sizes[:-1]), math.prod(sizes[:-1]), "Flatten keeps every channel"))
    return part("values", value, f"{product(sizes)} = {n(value)}", mistakes)


def _window_parts(layer: LayerSummary, labels: dict[int, str]) -> dict[int, Part]:
    rank, axes, names = spatial(layer)
    args, pooling = layer.args, layer.type in POOLING
    parts = {}
    for i, (axis, label) in enumerate(zip(axes, names, strict=False)):
        if pooling:
            k, s, d = args["pool_size"][i], (args["strides"] or args["pool_size"])[i], 1
        else:
            k, s, d = args["kernel_size"][i], args["strides"][i], args["dilation_rate"][i]
        parts[axis] = _window_part(layer, label, dim(layer.input_shape, axis), k, s, d, pooling)
    if not pooling:
        channel = max(set(labels) - set(axes))
        parts[channel] = _channels_part(layer, channel)
    return parts


def _window_part(layer: LayerSummary, label: str, size: int, k: int, s: int, d: int, pooling: bool) -> Part:
    """One spatial size of a sliding window, with the classic mistakes of the output-size formula."""
    padding, what = layer.args["padding"].lower(), "pool" if pooling else "kernel"
    span = d * (k - 1) + 1
    mistakes = []
    if padding == "valid":
        fit = size_formula(size, k, s, d, "valid")
        mistakes += [
            Mistake(size_formula(size, k, s, d, "same"), -(-size // s),
                    f"with padding='valid' the {what} must fit inside the input"),
            Mistake(fit.removesuffix(" + 1"), (size - span) // s, "count the first position too (+ 1)"),
            Mistake(fit.replace("floor", "ceil"), -(-(size - span) // s) + 1,
                    f"a {what} that does not fit whole is dropped: round down"),
        ]
        if d > 1:
            mistakes.append(Mistake(size_formula(size, k, s, 1, "valid"), (size - k) // s + 1,
                                    f"dilation_rate={d} spreads the kernel over {d}·({k} − 1) + 1 = {span} pixels"))
    else:
        mistakes += [
            Mistake(f"ceil(({n(size)} − {span} + 1) / {s})", -(-(size - span + 1) // s),
                    f"with padding='{padding}' the {what} does not shrink the output"),
            Mistake(f"floor({n(size)} / {s})", size // s, f"padding='{padding}' rounds up"),
        ]
    if s > 1:
        why = (f"the strides of a pooling layer default to its pool size, {s}" if pooling and not layer.args["strides"]
               else f"strides={s} moves the {what} {s} pixels at a time")
        mistakes.append(Mistake(size_formula(size, k, 1, d, padding),
                                _known(conv_output_length(size, k, 1, padding, d)), why))
    out = _known(conv_output_length(size, k, s, padding, d))
    return part(label, out, f"{size_formula(size, k, s, d, padding)} = {n(out)}", mistakes)


def _known(value: int | None) -> int:
    """A size computed from known sizes, which is known too."""
    if value is None:
        raise NotAskable("it depends on an unknown (None) dimension")
    return value


def _transposed_parts(layer: LayerSummary, labels: dict[int, str]) -> dict[int, Part]:
    rank, axes, names = spatial(layer)
    args, parts = layer.args, {}
    for i, (axis, label) in enumerate(zip(axes, names, strict=False)):
        size, out = dim(layer.input_shape, axis), dim(layer.output_shape, axis)
        if args["output_padding"]:
            parts[axis] = Part(label, out, f"{n(size)} → {n(out)}")
            continue
        k, s, padding = args["dilation_rate"][i] * (args["kernel_size"][i] - 1) + 1, args["strides"][i], args["padding"]
        other = "valid" if padding == "same" else "same"
        mistakes = [
            Mistake(size_formula(size, k, s, 1, padding), _known(conv_output_length(size, k, s, padding, 1)),
                    "a transposed convolution grows the size by the strides; it does not shrink it"),
            Mistake(transposed_formula(size, k, s, other),
                    _known(conv_transpose_output_length(size, k, s, other, None, 1)),
                    "with padding='same' the output is exactly n · s" if padding == "same"
                    else "with padding='valid' the kernel hangs over the edge: + max(k − s, 0)"),
        ]
        if s > 1:
            mistakes.append(Mistake(transposed_formula(size, k, 1, padding),
                                    _known(conv_transpose_output_length(size, k, 1, padding, None, 1)),
                                    f"strides={s} spreads the input values {s} pixels apart"))
        parts[axis] = part(label, out, f"{transposed_formula(size, k, s, padding)} = {n(out)}", mistakes)
    channel = max(set(labels) - set(axes))
    parts[channel] = _channels_part(layer, channel)
    return parts


def _channels_part(layer: LayerSummary, axis: int) -> Part:
    """The output channels of a convolution; the classic mistake is to keep the input's."""
    c_in = dim(layer.input_shape, axis)
    if "filters" in layer.args:
        why = f"a {layer.type} makes one output channel per filter"
    else:
        why = f"each input channel gives depth_multiplier = {layer.args['depth_multiplier']} channels"
    return part("channels", dim(layer.output_shape, axis), channels_formula(layer),
                [Mistake("the input's channels, C_in", c_in, why)])
