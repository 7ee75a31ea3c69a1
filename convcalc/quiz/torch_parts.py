"""The answers' parts for a PyTorch model's questions: its axes channels first, PyTorch's formulas as the working
(explain_torch's), and the classic slips of torch's formulas (the + 1, the padding, the stride, the buffers)."""

from __future__ import annotations

from .. import explain_torch as et
from ..model import LayerSummary
from ..shapes import format_shape
from ..torch_modules.pooling import stride_of
from ..torch_modules.recurrent import GATES
from .parts import Mistake, NotAskable, Part, dim, part

SPATIAL = {1: ("length",), 2: ("height", "width"), 3: ("depth", "height", "width")}
FEATURES = {"Linear": "out_features", "Flatten": "values"}


def axis_labels(layer: LayerSummary) -> dict[int, str]:
    """Names of the output's axes after the batch: [N, C, *spatial] for convolutions, pools and the modules that
    read an image; the last axis's features otherwise."""
    out = layer.output_shape
    if len(out) == 2 or layer.type in (*GATES, "Linear", "Flatten", "Unflatten"):
        return {**{axis: f"axis {axis}" for axis in range(1, len(out) - 1)},
                len(out) - 1: FEATURES.get(layer.type, "features")}
    rank = len(out) - 2
    if rank not in SPATIAL:
        return {axis: f"axis {axis}" for axis in range(1, len(out))}
    return {1: "channels", **dict(zip(range(2, len(out)), SPATIAL[rank], strict=True))}


def shape_parts(layer: LayerSummary) -> dict[int, Part]:
    """A part per output axis after the batch: the windowed modules' sizes with PyTorch's formula and its slips."""
    out = layer.output_shape
    if any(d is None for d in out[1:]):
        raise NotAskable(f"its output {format_shape(out)} has an unknown dimension")
    labels = axis_labels(layer)
    workings = et.axes_working(layer)
    parts = {}
    for axis, label in labels.items():
        value = dim(out, axis)
        if axis in workings:
            parts[axis] = part(label, value, workings[axis], _window_slips(layer, axis))
        elif label == "channels" and "out_channels" in layer.args:
            parts[axis] = part(label, value, f"out_channels = {et.n(value)}",
                               [Mistake("the input's channels, in_channels", dim(layer.input_shapes[0], 1),
                                        f"{layer.type} makes out_channels channels")])
        elif layer.type == "Linear":
            parts[axis] = part(label, value, f"out_features = {et.n(value)}",
                               [Mistake("in_features", dim(layer.input_shapes[0], -1),
                                        "Linear maps in_features to out_features")])
        else:
            kept = any(len(s) == len(out) and s[axis] == value for s in layer.input_shapes)
            parts[axis] = Part(label, value, f"{et.n(value)}, as in the input" if kept else et.n(value))
    return parts


def _window_slips(layer: LayerSummary, axis: int) -> list[Mistake]:
    """The output size's classic slips: forgetting the + 1, the padding, the stride (transposed: its own)."""
    args, i = layer.args, axis - (len(layer.output_shape) - et.rank_of(layer))
    size = dim(layer.input_shapes[0], axis)
    k, d = args["kernel_size"][i], args.get("dilation", (1,) * et.rank_of(layer))[i]
    s = stride_of(args)[i] if layer.type in et.POOLS else args["stride"][i]
    p = args["padding"][i] if isinstance(args["padding"], tuple) else 0
    if layer.type in et.TRANSPOSED:
        return [Mistake(et.conv_size(size, k, s, p, d), (size + 2 * p - d * (k - 1) - 1) // s + 1,
                        "a transposed convolution grows the size; that is the forward convolution's formula")]
    if args["padding"] == "same" or args.get("ceil_mode"):
        return []
    slips = [Mistake(et.conv_size(size, k, s, p, d).removesuffix(" + 1"), (size + 2 * p - d * (k - 1) - 1) // s,
                     "count the first window too (+ 1)")]
    if p:
        slips.append(Mistake(et.conv_size(size, k, s, 0, d), (size - d * (k - 1) - 1) // s + 1,
                             f"padding={p} adds {p} on each side: + 2p"))
    if s > 1:
        why = (f"the stride of a pool defaults to its kernel_size, {s}" if layer.type in et.POOLS
               and not args["stride"] else f"stride={s} moves the window {s} at a time")
        slips.append(Mistake(et.conv_size(size, k, 1, p, d), size + 2 * p - d * (k - 1), why))
    if d > 1:
        slips.append(Mistake(et.conv_size(size, k, s, p, 1), (size + 2 * p - k) // s + 1,
                             f"dilation={d} spreads the kernel over d(k − 1) + 1 = {d * (k - 1) + 1}"))
    return slips


def params_part(layer: LayerSummary) -> Part:
    """A module's parameters with PyTorch's formula; BatchNorm's buffers and a forgotten bias are the slips."""
    first, *_ = et.params_working(layer)
    mistakes = []
    if layer.type in et.BATCH_NORMS and layer.args["track_running_stats"]:
        channels = dim(layer.input_shapes[0], 1)
        mistakes.append(Mistake(f"{et.n(layer.params)} + 2 × {et.n(channels)}", layer.params + 2 * channels,
                                "running_mean and running_var are buffers, not parameters"))
    biases = sum(w.size for w in layer.weights if w.name.startswith("bias"))
    if biases:
        mistakes.append(Mistake(f"{et.n(layer.params)} − {et.n(biases)}", layer.params - biases,
                                "bias=True (the default) adds a bias per output"))
    return part("", layer.params, first, mistakes)


def macs_part(layer: LayerSummary) -> Part:
    if layer.macs is None:
        raise NotAskable("its MACs depend on an unknown dimension")
    line = et.macs_line(layer).removeprefix("MACs: ")
    return part("", layer.macs, line, [Mistake(f"2 × {et.n(layer.macs)}", 2 * layer.macs,
                                               "that counts FLOPs, a multiply and an add each")])
