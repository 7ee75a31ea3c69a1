"""The working behind each layer's numbers, with the user's numbers in it.

For every layer: which output-size formula applies and why (padding, strides, dilation),
each output dimension worked out, the parameter count as a formula, the trainable split,
the MACs and the receptive-field step. Every figure shown is computed by the same shape
functions the engine uses, so the working always ends on the summary's numbers.
Plain data out (lists of lines); the CLI decides how to print them. A PyTorch model's working
(`framework: torch`) is explain_torch's, with PyTorch's formulas and names; nothing here is used for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import NamedTuple

from . import explain_layers
from .costs import AxisField, same_padding_before
from .errors import ConvcalcError, did_you_mean
from .layers.conv import dilated_windows
from .model import LayerSummary, Summary, split_call
from .shapes import counted, format_number, format_shape, spatial_axes

AXIS_LABELS = {1: ("length",), 2: ("height", "width"), 3: ("depth", "height", "width")}
WINDOWED = ("Conv1D", "Conv2D", "Conv3D", "DepthwiseConv1D", "DepthwiseConv2D", "SeparableConv1D",
            "SeparableConv2D")
TRANSPOSED = ("Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose")
POOLING = tuple(f"{mode}Pooling{rank}D" for mode in ("Max", "Average") for rank in (1, 2, 3))


class Explanation(NamedTuple):
    name: str
    type: str
    lines: tuple[str, ...]

    @property
    def title(self) -> str:
        layer, call = split_call(self.name)
        if call:  # a shared layer's later call
            return f"{layer} ({self.type}), call {call + 1}"
        return f"{self.name} ({self.type})"


def explain(summary: Summary, layer_name: str | None = None) -> list[Explanation]:
    """The working for every row of the summary, or for the one named `layer_name`. A model input Keras's table
    hides (a Sequential model's) is left out too: its shape is the first layer's input."""
    shown = {layer.name for layer in summary.table_rows}
    layers: Sequence[LayerSummary] = [layer for layer in summary.counted or summary.layers
                                      if layer.input_shapes or layer.name in shown]
    if layer_name is not None:
        names = [layer.name for layer in layers]
        if layer_name not in names:
            raise ConvcalcError(f"no layer named {layer_name!r} in {summary.source}"
                                + did_you_mean(layer_name, names))
        layers = [layer for layer in layers if layer.name == layer_name]
    return [Explanation(layer.name, layer.type, tuple(_working(layer, summary.framework))) for layer in layers]


def note(summary: Summary) -> str | None:
    """The one line saying whose conventions a model's figures follow, when they are not Keras's."""
    if summary.framework == "torch":
        from . import explain_torch
        return explain_torch.NOTE
    return None


def n(value: int | Fraction | None) -> str:
    """A figure as the working shows it: 1,600, a fraction as 15.5, an unknown size as None."""
    if value is None:
        return "None"
    return f"{int(value):,}" if value.denominator == 1 else format_number(value)


def product(values: Iterable[int | None]) -> str:
    return " × ".join(n(v) for v in values)


def _working(layer: LayerSummary, framework: str = "keras") -> list[str]:
    if framework == "torch":  # PyTorch's formulas and names, imported only for torch models
        from . import explain_torch
        return explain_torch.working(layer)
    if not layer.input_shapes:
        return [f"model input: output {format_shape(layer.output_shape)} (batch first, None = any batch size)"]
    if layer.inner is not None:
        return _nested_working(layer)
    parts = sections(layer)
    layer_name, call = split_call(layer.name)
    if call:  # a shared layer's later call ("conv2d/1"): its weights are the layer's
        parts["params"] = [f"params: those of {layer_name}, shared by its calls (counted once in the totals)"]
    return [f"input {', '.join(format_shape(s) for s in layer.input_shapes)}"] + \
        [line for part in parts.values() for line in part]


def _nested_working(layer: LayerSummary) -> list[str]:
    """A model used as a layer, or a layer class of a Python file (its `call`): the working of each layer inside,
    on the shapes this row reads."""
    inner = layer.inner
    assert inner is not None
    own = layer.args.get("weights", ())  # a layer class's add_weight
    what = (f"its call, read from the file: {len(inner.layers)} steps" if "class_name" in layer.args else
            f"a model used as a layer: {len(inner.layers)} layers")
    lines = [f"input {', '.join(format_shape(s) for s in layer.input_shapes)}", f"{what}, computed on this input"]
    for explanation in explain(inner):
        lines.append(f"  {explanation.title}")
        lines += [f"    {line}" for line in explanation.lines]
    sum_of = "its own weights' and its layers'" if own else "the sum of its layers'"
    lines += [_output_line(layer)]
    lines += [f"own weight {weight.name}: {product(weight.shape) or 'a scalar'} = {n(weight.size)}"
              f"{'' if weight.trainable else ' (non-trainable)'}" for weight in own]
    lines += [f"params: {sum_of} = {n(layer.params)} ({n(layer.trainable_params)} trainable)"]
    if layer.macs:
        lines.append(f"MACs: the sum of its layers' = {n(layer.macs)}")
    return lines


def _output_line(layer: LayerSummary) -> str:
    """Its output; every one, for a layer giving several (a recurrent layer's return_state adds its last states)."""
    if not layer.output_shapes:
        return f"output {format_shape(layer.output_shape)}"
    states = " (then its last states)" if layer.args.get("return_state") else ""
    return f"outputs{states}: {', '.join(format_shape(shape) for shape in layer.output_shapes)}"


def sections(layer: LayerSummary, framework: str = "keras") -> dict[str, list[str]]:
    """The working of a layer (not a model input) in parts: shape (ending on the output), params, macs, field.

    A quiz quotes the part its question is about. A torch model's (`framework`) are explain_torch's.
    """
    if framework == "torch":
        from . import explain_torch
        return explain_torch.sections(layer)
    shape: list[str] = []
    if layer.type in WINDOWED or layer.type in POOLING:
        shape += windowed_shape(layer)
    elif layer.type in TRANSPOSED:
        shape += _transposed_shape(layer)
    elif layer.type == "Dense":
        shape.append(f"Dense acts on the last axis: {n(layer.input_shapes[0][-1])} → units = {n(layer.args['units'])}")
    elif layer.type == "Flatten":
        shape.append(f"Flatten multiplies the non-batch dimensions: {product(layer.input_shapes[0][1:])} = "
                     f"{n(layer.output_shape[1])}")
    elif (lines := explain_layers.shape_lines(layer)) is not None:
        shape += lines
    elif layer.input_shapes == (layer.output_shape,):
        shape.append("the shape is unchanged")
    shape.append(_output_line(layer))
    return {"shape": shape, "params": _params(layer), "macs": [_macs(layer)] if layer.macs else [],
            "field": _field(layer) if layer.field else []}


def spatial(layer: LayerSummary) -> tuple[int, range, list[str]]:
    rank = len(layer.args.get("kernel_size") or layer.args["pool_size"])
    shape = layer.input_shapes[0]
    axes = spatial_axes(rank, len(shape), layer.args["data_format"])
    return rank, axes, list(AXIS_LABELS[rank])


def windowed_shape(layer: LayerSummary) -> list[str]:
    args, shape = layer.args, layer.input_shapes[0]
    rank, axes, labels = spatial(layer)
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
    for label, axis, k, s, d in zip(labels, axes, windows, strides, dilations, strict=False):
        size = shape[axis]
        out = layer.output_shape[axis]
        if size is None:
            lines.append(f"  {label}: unknown (None) stays None")
        else:
            lines.append(f"  {label}: {size_formula(size, k, s, d, padding)} = {n(out)}")
    if not pooling:
        lines.append(f"  channels: {channels_formula(layer)}")
    return lines


def size_formula(size: int, k: int, s: int, d: int, padding: str) -> str:
    """One output size of a sliding window, before its result: 'ceil(128 / 2)'.

    A quiz shows it with wrong numbers too.
    """
    if padding == "valid" and d > 1:
        return f"floor(({n(size)} − {d}·({k} − 1) − 1) / {s}) + 1"
    if padding == "valid":
        return f"floor(({n(size)} − {k}) / {s}) + 1"
    return f"ceil({n(size)} / {s})"


def channels_formula(layer: LayerSummary) -> str:
    """The output channels of a convolution with their result: 'filters = 32'."""
    args = layer.args
    channels = layer.output_shape[-1 if args["data_format"] == "channels_last" else 1]
    if "depth_multiplier" in args and "filters" not in args:
        return f"C_in × depth_multiplier = {n(channels // args['depth_multiplier'])} × " \
               f"{args['depth_multiplier']} = {n(channels)}"
    return f"filters = {n(channels)}"


def _transposed_shape(layer: LayerSummary) -> list[str]:
    args, shape = layer.args, layer.input_shapes[0]
    rank, axes, labels = spatial(layer)
    windows = dilated_windows(args)
    if args["output_padding"]:
        lines = ["a transposed convolution grows each size: with output_padding, "
                 "(n − 1)·s + k − 2·pad + output_padding"]
    elif args["padding"] == "same":
        lines = ["a transposed convolution grows each size: with padding='same', n · s"]
    else:
        lines = ["a transposed convolution grows each size: with padding='valid', n · s + max(k − s, 0)"]
    for label, axis, k, s in zip(labels, axes, windows, args["strides"], strict=False):
        size, out = shape[axis], layer.output_shape[axis]
        if size is None or args["output_padding"]:
            lines.append(f"  {label}: {n(size)} → {n(out)}")
        else:
            lines.append(f"  {label}: {transposed_formula(size, k, s, args['padding'])} = {n(out)}")
    lines.append(f"  channels: {channels_formula(layer)}")
    return lines


def transposed_formula(size: int, k: int, s: int, padding: str) -> str:
    """One output size of a transposed convolution (without output_padding), before its result."""
    if padding == "same":
        return f"{n(size)} · {s}"
    return f"{n(size)} · {s} + max({k} − {s}, 0)"


def _params(layer: LayerSummary) -> list[str]:
    if not layer.weights:
        return ["params: 0 (no weights)"]
    lines = [f"params: {params_working(layer)}"]
    if layer.non_trainable_params:
        frozen = [w.name for w in layer.weights if not w.trainable]
        lines.append(f"  trainable {n(layer.trainable_params)}, non-trainable {n(layer.non_trainable_params)} "
                     f"({', '.join(frozen)}: not updated by gradient descent)")
    else:
        lines.append(f"  all {n(layer.params)} trainable")
    return lines


def params_working(layer: LayerSummary) -> str:
    """A layer's parameter count worked out: a formula for Conv*D and Dense, each weight's size otherwise."""
    args = layer.args
    if layer.type in ("Conv1D", "Conv2D", "Conv3D") and len(layer.weights) <= 2:
        return f"filters × (kernel × C_in{' / groups' if args['groups'] > 1 else ''})" \
            + (" + filters (bias)" if args["use_bias"] else "") \
            + f" = {filters_formula(args['filters'], layer.weights[0].shape[:-1], args['use_bias'])}" \
            + f" = {n(layer.params)}"
    if (formula := explain_layers.params_line(layer)) is not None:
        return formula
    if layer.type == "Dense" and len(layer.weights) <= 2:
        d_in, units = layer.weights[0].shape
        return "D_in × units" + (" + units (bias)" if args["use_bias"] else "") \
            + f" = {dense_formula(d_in, units, args['use_bias'])} = {n(layer.params)}"
    parts = [f"{w.name} {product(w.shape)} = {n(w.size)}" for w in layer.weights]
    return f"{'; '.join(parts)}; total {n(layer.params)}"


def filters_formula(filters: int, per_filter: Iterable[int], bias: bool) -> str:
    """A convolution's parameters before the result: '32 × (3 × 3 × 3) + 32'."""
    return f"{n(filters)} × ({product(per_filter)})" + (f" + {n(filters)}" if bias else "")


def dense_formula(d_in: int, units: int, bias: bool) -> str:
    return f"{n(d_in)} × {n(units)}" + (f" + {n(units)}" if bias else "")


def _macs(layer: LayerSummary) -> str:
    return explain_layers.macs_line(layer) or f"MACs: {macs_working(layer)}"


def macs_working(layer: LayerSummary) -> str:
    """'864 weights × 4,096 output positions = 3,538,944': every kernel weight once per position."""
    kernels, positions = macs_factors(layer)
    where = positions_word(layer)[:-1]  # singular: counted() makes it agree with the count
    return f"{counted(kernels, 'weight')} × {counted(positions, where)} = {n(layer.macs)}"


def macs_factors(layer: LayerSummary) -> tuple[int, int]:
    """(kernel weights, positions each is applied at): the two factors of a layer's MACs."""
    kernels = sum(w.size for w in layer.weights if w.name != "bias")
    return kernels, (layer.macs or 0) // kernels if kernels else 0


def positions_word(layer: LayerSummary) -> str:
    """Where a layer's kernel is applied: a transposed convolution's at each input position."""
    return "input positions" if layer.type in TRANSPOSED else "output positions"


def _field(layer: LayerSummary) -> list[str]:
    """How each spatial axis's receptive field grew, for windowed layers; the result otherwise."""
    field = layer.field or ()
    sizes = "×".join(format_number(axis.size) for axis in field)
    jumps = "×".join(format_number(axis.jump) for axis in field)
    if layer.type not in WINDOWED + POOLING or not layer.input_fields or layer.input_fields[0] is None:
        return [f"receptive field: {sizes} input pixels, jump {jumps}"]
    args = layer.args
    rank, axes, labels = spatial(layer)
    pooling = layer.type in POOLING
    windows = args["pool_size"] if pooling else dilated_windows(args)
    strides = (args["strides"] or args["pool_size"]) if pooling else args["strides"]
    before: tuple[AxisField | None, ...] = (None,) * len(axes)
    if layer.input_fields[0]:
        before = tuple(layer.input_fields[0])
    lines = ["receptive field: r_out = r_in + (k − 1) · j_in, j_out = j_in · s"]
    for label, axis, k, s, prior, after in zip(labels, axes, windows, strides, before, field, strict=False):
        r_in, j_in = (prior.size, prior.jump) if prior else (1, 1)
        pad = "" if args["padding"] != "same" else \
            f", 'same' pads {same_padding_before(layer.input_shapes[0][axis], k, s)} before"
        lines.append(f"  {label}: {field_formula(r_in, k, j_in)} = {format_number(after.size)}, "
                     f"jump {format_number(j_in)} × {s} = {format_number(after.jump)}{pad}")
    return lines


def field_formula(r_in: int | Fraction, k: int, j_in: int | Fraction) -> str:
    """One axis's receptive-field step before its result: '1 + (3 − 1) × 1'."""
    return f"{format_number(r_in)} + ({k} − 1) × {format_number(j_in)}"

