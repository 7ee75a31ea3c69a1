"""Shape and parameter quizzes: questions about a model's layers, answers read as people write them, the
classic mistakes behind wrong answers, generated quizzes and a class's grades.

Pure logic: no click, no rich and no YAML (quiz and answer files are read and written through convcalc.readers).
Every right answer is a figure of the engine's Summary and every working comes from explain.py's
formulas, so a quiz can never disagree with `convcalc summary` or `convcalc explain`. A mistake is a
wrong formula worked with the layer's own numbers: a wrong answer equal to its value is diagnosed as it.
"""

from __future__ import annotations

import math
import os
import random
import re
from collections import Counter
from collections.abc import Sequence
from fractions import Fraction
from typing import Any, NamedTuple, Union

from . import engine, readers
from .errors import ConvcalcError, SpecError, did_you_mean
from .explain import (
    AXIS_LABELS,
    POOLING,
    TRANSPOSED,
    WINDOWED,
    channels_formula,
    dense_formula,
    field_formula,
    filters_formula,
    macs_factors,
    macs_working,
    n,
    params_working,
    positions_word,
    product,
    sections,
    size_formula,
    spatial,
    transposed_formula,
)
from .layers import REGISTRY
from .model import LayerSummary, ModelSpec, Summary
from .shapes import conv_output_length, conv_transpose_output_length, format_number, format_shape

Number = Union[int, Fraction]

ASKS = ("params", "trainable_params", "non_trainable_params", "output_shape", "height", "width", "depth", "length",
        "macs", "receptive_field", "total_params")
ASK_NAMES = {"params": "params", "trainable_params": "trainable params", "non_trainable_params": "non-trainable params",
             "output_shape": "output shape", "depth": "depth (channels)", "macs": "MACs",
             "receptive_field": "receptive field", "total_params": "total params"}
QUESTION_TEXT = {
    "params": "How many parameters does `{layer}` have?",
    "trainable_params": "How many of the parameters of `{layer}` are trainable?",
    "non_trainable_params": "How many of the parameters of `{layer}` are non-trainable?",
    "output_shape": "What is the output shape of `{layer}`?",
    "height": "What is the height of the output of `{layer}`?",
    "width": "What is the width of the output of `{layer}`?",
    "length": "What is the length of the output of `{layer}`?",
    "depth": "What is the depth (the number of channels) of the output of `{layer}`?",
    "macs": "How many multiply-accumulates (MACs) does `{layer}` perform for one sample?",
    "receptive_field": "How many input pixels across is the receptive field of one output of `{layer}`?",
    "total_params": "How many parameters does the model have in total?",
}
SECTION = {"params": "params", "trainable_params": "params", "non_trainable_params": "params", "macs": "macs",
           "receptive_field": "field"}  # the part of explain's working a question quotes; "shape" otherwise
CONVOLUTIONS = ("Conv1D", "Conv2D", "Conv3D")
ELEMENTWISE_MERGES = ("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum")
QUIZ_KEYS = ("title", "model", "questions")
QUESTION_KEYS = ("id", "layer", "ask")
LEVEL_ASKS = {
    "easy": ("params", "output_shape", "height", "width", "depth", "total_params"),
    "medium": ("params", "output_shape", "height", "width", "depth", "total_params", "macs", "receptive_field"),
    "hard": ASKS,
}
MISSING = object()  # no answer given


def show_number(value: Number | None) -> str:
    return format_number(value) if isinstance(value, Fraction) else n(value)


def _whole(value) -> Number:
    value = Fraction(value)
    return int(value) if value.denominator == 1 else value


# --- parts of an answer and the mistakes that miss them ------------------------------------------

class Mistake(NamedTuple):
    """A classic wrong way to a number: the wrong formula with the layer's numbers, its value, the rule it breaks."""

    working: str
    value: Number
    why: str


class Part(NamedTuple):
    """One number of an answer (a shape has one per axis): its value, its working and the mistakes that miss it."""

    label: str
    value: Number
    right: str
    mistakes: tuple[Mistake, ...] = ()

    def diagnose(self, value) -> str | None:
        """'you used ... = 63: the rule: the right working' when `value` is what a classic mistake gives."""
        for mistake in self.mistakes:
            if mistake.value == value:
                return f"you used {mistake.working} = {show_number(mistake.value)}: {mistake.why}: {self.right}"
        return None


def _part(label: str, value: Number, right: str, mistakes: Sequence[Mistake] = ()) -> Part:
    """A part keeping the first mistake of each wrong value: two formulas giving one number cannot be told apart."""
    kept, seen = [], {value}
    for mistake in mistakes:
        if mistake.value not in seen:
            seen.add(mistake.value)
            kept.append(mistake)
    return Part(label, value, right, tuple(kept))


class NotAskable(ConvcalcError):
    """A question that does not apply to its layer (the height of a Dense output, ...)."""


def _labels(layer: LayerSummary) -> dict[int, str]:
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
    labels = _labels(layer)
    parts = {axis: _plain_part(layer, axis, label) for axis, label in labels.items()}
    if layer.type in WINDOWED or layer.type in POOLING:
        parts.update(_window_parts(layer, labels))
    elif layer.type in TRANSPOSED:
        parts.update(_transposed_parts(layer, labels))
    elif layer.type == "Flatten":
        parts[1] = _flatten_part(layer)
    elif layer.type.startswith("Global") and len(shape) == 2:
        parts[1] = _part("channels", shape[1], f"the input's channels = {n(shape[1])}",
                         [Mistake(product(layer.input_shape[1:]), math.prod(layer.input_shape[1:]),
                                  "global pooling keeps one value per channel, over all positions")])
    elif layer.type == "Dense":
        last = len(shape) - 1
        parts[last] = _part(labels[last], shape[last], f"units = {n(shape[last])}",
                            [Mistake("the input's last dimension, D_in", layer.input_shape[-1],
                                     "Dense gives units values at each position")])
    elif layer.type == "Concatenate":
        axis = layer.args["axis"] % len(shape)
        sizes = [s[axis] for s in layer.input_shapes]
        parts[axis] = _part(labels[axis], shape[axis], f"{' + '.join(n(s) for s in sizes)} = {n(shape[axis])}",
                            [Mistake(f"one input's {labels[axis]}", sizes[0],
                                     "Concatenate puts its inputs side by side along that axis")])
    elif layer.type in ELEMENTWISE_MERGES:
        last, sizes = len(shape) - 1, [s[-1] for s in layer.input_shapes]
        parts[last] = _part(labels[last], shape[last], f"{n(shape[last])}, as in each input",
                            [Mistake(" + ".join(n(s) for s in sizes), sum(sizes),
                                     f"{layer.type} combines values element by element; the channels stay")])
    return parts


def _plain_part(layer: LayerSummary, axis: int, label: str) -> Part:
    value = layer.output_shape[axis]
    kept = any(len(s) == len(layer.output_shape) and s[axis] == value for s in layer.input_shapes)
    return Part(label, value, f"{n(value)}, as in the input" if kept else n(value))


def _flatten_part(layer: LayerSummary) -> Part:
    dims, value = layer.input_shape[1:], layer.output_shape[1]
    mistakes = []
    if len(dims) > 1 and dims[-1] > 1:
        mistakes.append(Mistake(product(dims[:-1]), math.prod(dims[:-1]), "Flatten keeps every channel"))
    return _part("values", value, f"{product(dims)} = {n(value)}", mistakes)


def _window_parts(layer: LayerSummary, labels: dict[int, str]) -> dict[int, Part]:
    rank, axes, names = spatial(layer)
    args, pooling = layer.args, layer.type in POOLING
    parts = {}
    for i, (axis, label) in enumerate(zip(axes, names, strict=False)):
        if pooling:
            k, s, d = args["pool_size"][i], (args["strides"] or args["pool_size"])[i], 1
        else:
            k, s, d = args["kernel_size"][i], args["strides"][i], args["dilation_rate"][i]
        parts[axis] = _window_part(layer, label, layer.input_shape[axis], k, s, d, pooling)
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
        mistakes.append(Mistake(size_formula(size, k, 1, d, padding), conv_output_length(size, k, 1, padding, d), why))
    out = conv_output_length(size, k, s, padding, d)
    return _part(label, out, f"{size_formula(size, k, s, d, padding)} = {n(out)}", mistakes)


def _transposed_parts(layer: LayerSummary, labels: dict[int, str]) -> dict[int, Part]:
    rank, axes, names = spatial(layer)
    args, parts = layer.args, {}
    for i, (axis, label) in enumerate(zip(axes, names, strict=False)):
        size, out = layer.input_shape[axis], layer.output_shape[axis]
        if args["output_padding"]:
            parts[axis] = Part(label, out, f"{n(size)} → {n(out)}")
            continue
        k, s, padding = args["dilation_rate"][i] * (args["kernel_size"][i] - 1) + 1, args["strides"][i], args["padding"]
        other = "valid" if padding == "same" else "same"
        mistakes = [
            Mistake(size_formula(size, k, s, 1, padding), conv_output_length(size, k, s, padding, 1),
                    "a transposed convolution grows the size by the strides; it does not shrink it"),
            Mistake(transposed_formula(size, k, s, other), conv_transpose_output_length(size, k, s, other, None, 1),
                    "with padding='same' the output is exactly n · s" if padding == "same"
                    else "with padding='valid' the kernel hangs over the edge: + max(k − s, 0)"),
        ]
        if s > 1:
            mistakes.append(Mistake(transposed_formula(size, k, 1, padding),
                                    conv_transpose_output_length(size, k, 1, padding, None, 1),
                                    f"strides={s} spreads the input values {s} pixels apart"))
        parts[axis] = _part(label, out, f"{transposed_formula(size, k, s, padding)} = {n(out)}", mistakes)
    channel = max(set(labels) - set(axes))
    parts[channel] = _channels_part(layer, channel)
    return parts


def _channels_part(layer: LayerSummary, axis: int) -> Part:
    """The output channels of a convolution; the classic mistake is to keep the input's."""
    c_in = layer.input_shape[axis]
    if "filters" in layer.args:
        why = f"a {layer.type} makes one output channel per filter"
    else:
        why = f"each input channel gives depth_multiplier = {layer.args['depth_multiplier']} channels"
    return _part("channels", layer.output_shape[axis], channels_formula(layer),
                 [Mistake("the input's channels, C_in", c_in, why)])


def _weights_sum(weights) -> str:
    return " + ".join(f"{w.name} {n(w.size)}" for w in weights)


def _names(weights) -> str:
    names = [w.name for w in weights]
    return " and ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " and " + names[-1]


def params_part(layer: LayerSummary) -> Part:
    """All of a layer's parameters: bias, input channels, groups and moving statistics are the classic slips."""
    if not layer.weights:
        return Part("", 0, "0 (no weights)")
    args, weights = layer.args, layer.weights
    mistakes = []
    kernel = weights[0].shape
    if layer.type in CONVOLUTIONS and len(weights) <= 2:
        filters, per_filter, bias = args["filters"], kernel[:-1], args["use_bias"]
        window, c, groups = per_filter[:-1], per_filter[-1], args["groups"]

        def conv(dims, with_bias, why):
            return Mistake(filters_formula(filters, dims, with_bias),
                           filters * math.prod(dims) + (filters if with_bias else 0), why)

        mistakes.append(conv(per_filter, not bias, "each filter also has a bias (+ filters)" if bias
                             else "use_bias=False: the filters have no bias"))
        if c > 1:
            spans = f"each filter spans all C_in{' / groups' if groups > 1 else ''} = {n(c)} input channels"
            mistakes.append(conv(window, bias, spans))
            if bias:
                mistakes.append(conv(window, False, f"{spans} and has a bias"))
        if groups > 1:
            mistakes.append(conv(window + (c * groups,), bias, f"with groups={groups} each filter sees only "
                                                              f"C_in / groups = {n(c * groups)} / {groups} = {n(c)} channels"))
    elif layer.type == "Dense" and len(weights) <= 2:
        (d_in, units), bias = kernel, args["use_bias"]
        mistakes += [
            Mistake(dense_formula(d_in, units, not bias), d_in * units + (0 if bias else units),
                    "each unit also has a bias (+ units)" if bias else "use_bias=False: the units have no bias"),
            Mistake(f"{n(d_in)} × {n(units)} + 1", d_in * units + 1, "each unit has its own bias, not one per layer"),
        ]
        dims = layer.input_shape[1:]
        if len(dims) > 1 and None not in dims:
            mistakes.append(Mistake(dense_formula(math.prod(dims), units, bias), math.prod(dims) * units + units * bias,
                                    f"Dense acts on the last axis only: D_in = {n(d_in)}, the same weights "
                                    "at every position"))
    elif layer.type.startswith("DepthwiseConv"):
        window, c, multiplier = kernel[:-2], kernel[-2], kernel[-1]
        mistakes.append(Mistake(filters_formula(c * multiplier, window + (c,), args["use_bias"]),
                                c * multiplier * (math.prod(window) * c + args["use_bias"]),
                                "a depthwise kernel sees only its own input channel"))
    elif layer.type.startswith("SeparableConv"):
        window, c, multiplier = kernel[:-2], kernel[-2], kernel[-1]
        filters, bias = args["filters"], args["use_bias"]
        mistakes += [
            Mistake(filters_formula(filters, window + (c,), bias), filters * (math.prod(window) * c + bias),
                    "a separable convolution is a depthwise kernel per input channel, then a 1 × 1 pointwise "
                    "kernel mixing them into the filters"),
            Mistake(product(kernel) + (f" + {n(filters)}" if bias else ""), math.prod(kernel) + filters * bias,
                    f"the 1 × 1 pointwise kernel adds C_in × depth_multiplier × filters = "
                    f"{n(c * multiplier)} × {n(filters)} weights"),
        ]
    elif layer.type in TRANSPOSED:
        window, filters, c = kernel[:-2], kernel[-2], kernel[-1]
        mistakes.append(Mistake(filters_formula(filters, window, args["use_bias"]),
                                filters * (math.prod(window) + args["use_bias"]),
                                f"each filter spans all C_in = {n(c)} input channels"))
    unbiased = [w for w in weights if w.name != "bias"]
    if len(unbiased) < len(weights):
        mistakes.append(Mistake(" + ".join(product(w.shape) for w in unbiased), sum(w.size for w in unbiased),
                                "there is also a bias, one per output channel"))
    frozen = [w for w in weights if not w.trainable]
    if frozen:
        mistakes.append(Mistake(_weights_sum(w for w in weights if w.trainable), layer.trainable_params,
                                f"Keras counts {_names(frozen)} too, though they are not trained"))
    return _part("", layer.params, params_working(layer), mistakes)


def trainable_part(layer: LayerSummary) -> Part:
    trainable = [w for w in layer.weights if w.trainable]
    frozen = [w for w in layer.weights if not w.trainable]
    if not frozen:
        return params_part(layer)
    right = f"{_weights_sum(trainable)} = {n(layer.trainable_params)}" if trainable else "0 (every weight is frozen)"
    return _part("", layer.trainable_params, right,
                 [Mistake(_weights_sum(layer.weights), layer.params,
                          f"{_names(frozen)} {'are' if len(frozen) > 1 else 'is'} not updated by gradient descent")])


def non_trainable_part(layer: LayerSummary) -> Part:
    trainable = [w for w in layer.weights if w.trainable]
    frozen = [w for w in layer.weights if not w.trainable]
    if not frozen:
        return _part("", 0, "0 (every weight is trainable)" if layer.weights else "0 (no weights)",
                     [Mistake(_weights_sum(layer.weights), layer.params, "every weight of this layer is trainable")]
                     if layer.weights else [])
    mistakes = [Mistake("none of its weights", 0, f"{_names(frozen)} {'are' if len(frozen) > 1 else 'is'} "
                                                  "not updated by gradient descent")]
    if trainable:
        mistakes.append(Mistake(_weights_sum(layer.weights), layer.params,
                                f"{_names(trainable)} {'are' if len(trainable) > 1 else 'is'} trained"))
    return _part("", layer.non_trainable_params, f"{_weights_sum(frozen)} = {n(layer.non_trainable_params)}", mistakes)


def macs_part(layer: LayerSummary) -> Part:
    """MACs: FLOPs for MACs (2×), the positions forgotten, the bias counted, the wrong grid of positions."""
    if layer.macs is None:
        raise NotAskable("its MACs depend on an unknown (None) dimension")
    kernels, positions = macs_factors(layer)
    if not kernels:
        return Part("", layer.macs, "0 (no weights to multiply)")
    where, biases = positions_word(layer), layer.params - kernels
    mistakes = [
        Mistake(f"2 × {n(kernels)} × {n(positions)}", 2 * layer.macs,
                "that counts FLOPs, a multiply and an add each; a MAC counts the pair once"),
        Mistake(f"{n(kernels)} weights", kernels, f"each weight is used once at every one of the {n(positions)} {where}"),
        Mistake(f"({n(kernels)} + {n(biases)}) weights × {n(positions)} {where}", (kernels + biases) * positions,
                "a bias is an addition, not a multiply-accumulate"),
    ]
    if layer.type in WINDOWED + TRANSPOSED:  # the other grid: input positions for a convolution, output if transposed
        _, axes, _ = spatial(layer)
        grid, word = (layer.output_shape, "output") if layer.type in TRANSPOSED else (layer.input_shape, "input")
        other = math.prod(grid[axis] for axis in axes)
        mistakes.append(Mistake(f"{n(kernels)} weights × {n(other)} {word} positions", kernels * other,
                                f"the kernel is applied once per {where.removesuffix('s')}"))
    return _part("", layer.macs, macs_working(layer), mistakes)


def field_parts(layer: LayerSummary) -> tuple[Part, ...]:
    """The receptive field along each spatial axis: the jump, the earlier layers and dilation are the slips."""
    if not layer.field:
        raise NotAskable("its output has no spatial axes to have a receptive field")
    before = layer.input_fields[0] if layer.input_fields else None
    if layer.type not in WINDOWED + POOLING or before is None:
        return tuple(Part(label, _whole(axis.size), format_number(axis.size))
                     for label, axis in zip(AXIS_LABELS[len(layer.field)], layer.field, strict=False))
    _, _, names = spatial(layer)
    args, pooling = layer.args, layer.type in POOLING
    what = "pool" if pooling else "kernel"
    parts = []
    for i, (label, after) in enumerate(zip(names, layer.field, strict=False)):
        r_in, j_in = (_whole(before[i].size), _whole(before[i].jump)) if before else (1, 1)
        k, d = (args["pool_size"][i], 1) if pooling else (args["kernel_size"][i], args["dilation_rate"][i])
        span = d * (k - 1) + 1
        mistakes = [
            Mistake(field_formula(r_in, span, 1), r_in + span - 1,
                    f"each step of this {what} spans j_in = {format_number(j_in)} input "
                    "pixels, from the strides before it"),
            Mistake(f"this {what} alone, k", span, f"it sees what the layers before it see: r_in = {format_number(r_in)}"),
            Mistake(f"{format_number(r_in)} + {span} × {format_number(j_in)}", r_in + span * j_in,
                    "neighbouring positions share a pixel: add k − 1 steps, not k"),
        ]
        if d > 1:
            mistakes.append(Mistake(field_formula(r_in, k, j_in), r_in + (k - 1) * j_in,
                                    f"dilation_rate={d} makes the kernel span {d}·({k} − 1) + 1 = {span} pixels"))
        size = _whole(after.size)
        parts.append(_part(label, size, f"{field_formula(r_in, span, j_in)} = {format_number(size)}", mistakes))
    return tuple(parts)


def total_part(summary: Summary) -> Part:
    """The model's total: a layer's classic slip, every bias forgotten, or only the trainable weights."""
    layers = [layer for layer in summary.layers if layer.weights]
    terms = [layer.params for layer in layers]
    total = summary.total_params

    def summed(values) -> str:
        return " + ".join(f"{layer.name} {n(value)}" for layer, value in zip(layers, values, strict=False))

    mistakes = []
    if summary.non_trainable_params:
        mistakes.append(Mistake("only the trainable params", summary.trainable_params,
                                "the total counts the non-trainable weights too"))
    biased = [sum(w.size for w in layer.weights if w.name != "bias") for layer in layers]
    if sum(b != t for b, t in zip(biased, terms, strict=False)) > 1:
        mistakes.append(Mistake(summed(biased), sum(biased), "every layer with use_bias has a bias per filter or unit"))
    for i, layer in enumerate(layers):
        for mistake in params_part(layer).mistakes:
            swapped = terms[:i] + [mistake.value] + terms[i + 1:]
            mistakes.append(Mistake(summed(swapped), sum(swapped), f"{layer.name}: {mistake.why}"))
    right = f"{summed(terms)} = {n(total)}" if terms else "0 (no layer has weights)"
    return _part("", total, right, mistakes)


# --- questions --------------------------------------------------------------------------------------

class Question(NamedTuple):
    """One question with its answer in parts, the working to quote and where the quiz asks it."""

    id: str
    ask: str
    layer: LayerSummary | None  # None: a question about the whole model
    parts: tuple[Part, ...]
    working: tuple[str, ...]
    line: int | None = None

    @property
    def subject(self) -> str:
        what = ASK_NAMES.get(self.ask, self.ask)
        return f"{what} of the model" if self.layer is None else f"{what} of {self.layer.name} ({self.layer.type})"

    @property
    def text(self) -> str:
        return QUESTION_TEXT[self.ask].format(layer=self.layer.name if self.layer else "")

    @property
    def answer(self):
        values = tuple(part.value for part in self.parts)
        if self.ask == "output_shape":
            return self.layer.output_shape[:1] + values
        return values if self.ask == "receptive_field" else values[0]

    def show(self, value) -> str:
        if self.ask == "output_shape":
            return format_shape(value)
        if self.ask == "receptive_field":
            return show_number(value[0]) if len(set(value)) == 1 else "×".join(show_number(v) for v in value)
        return show_number(value)

    def key_value(self):
        """The answer as an answer key holds it: a number, a shape as Keras prints it, a field like 7 or 7x5."""
        if self.ask == "output_shape":
            return format_shape(self.answer)
        if self.ask == "receptive_field":
            return self.answer[0] if len(set(self.answer)) == 1 else "x".join(map(str, self.answer))
        return self.answer


def build_question(question_id: str, summary: Summary, layer: LayerSummary | None, ask: str,
                   line: int | None = None) -> Question:
    """The question `ask` about `layer` (None for total_params); NotAskable when it does not apply."""
    if ask == "total_params":
        part = total_part(summary)
        return Question(question_id, ask, None, (part,), (f"total params: {part.right}",), line)
    if ask == "output_shape":
        parts = tuple(part for _, part in sorted(shape_parts(layer).items()))
    elif ask in ("height", "width", "length", "depth"):
        wanted = "channels" if ask == "depth" else ask
        found = [part for axis, part in shape_parts(layer).items() if part.label == wanted]
        if not found or (ask == "depth" and len(layer.output_shape) < 3):
            raise NotAskable(f"its output {format_shape(layer.output_shape)} has no {ask} axis; ask output_shape")
        parts = tuple(found)
    elif ask == "receptive_field":
        parts = field_parts(layer)
    else:
        parts = ({"params": params_part, "trainable_params": trainable_part, "non_trainable_params": non_trainable_part,
                  "macs": macs_part}[ask](layer),)
    return Question(question_id, ask, layer, parts, tuple(sections(layer)[SECTION.get(ask, "shape")]), line)


# --- answers ----------------------------------------------------------------------------------------

class Unreadable(ValueError):
    """An answer not written the way its question needs; the message says what was needed."""


_THOUSANDS = re.compile(r"(?<=\d)[,_'\s\u00a0\u202f](?=\d{3}(?!\d))")
_NUMBER = re.compile(r"(\d+(?:\.\d+)?)(?:\s*[A-Za-z][A-Za-z\s#-]*)?")  # "896", "896 params", "3.5"
_DIM_SEPARATORS = re.compile(r"[\s,x×X*]+")
_UNKNOWN = ("none", "null", "?")


def read_number(raw) -> Number:
    """896, 896.0, "896 params", "1,024", "1 024" -> a number."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if isinstance(raw, float) and math.isfinite(raw):
        return _whole(repr(raw))
    if isinstance(raw, str):
        match = _NUMBER.fullmatch(_THOUSANDS.sub("", raw.strip()))
        if match:
            return _whole(match.group(1))
    raise Unreadable("a number")


def read_dims(raw) -> tuple[Number | None, ...]:
    """64x64x32, 64×64×32, (None, 64, 64, 32), [64, 64, 32] -> the dimensions (None for the batch)."""
    if isinstance(raw, list):
        items = raw
    elif isinstance(raw, str):
        items = [item for item in _DIM_SEPARATORS.split(raw.strip().strip("()[]")) if item]
    else:
        items = [raw]
    try:
        dims = tuple(None if item is None or (isinstance(item, str) and item.lower() in _UNKNOWN) else read_number(item)
                     for item in items)
    except Unreadable:
        dims = ()
    if not dims:
        raise Unreadable("a shape like (None, 64, 64, 32) or 64x64x32")
    return dims


def read_answer(question: Question, raw):
    """The answer as a value comparable with question.answer; a shape may leave out the batch's None."""
    if question.ask == "output_shape":
        dims = read_dims(raw)
        return question.answer[:1] + dims if len(dims) == len(question.parts) else dims
    if question.ask == "receptive_field":
        dims = read_dims(raw)
        return dims * len(question.parts) if len(dims) == 1 else dims
    return read_number(raw)


class Mark(NamedTuple):
    """One answer checked: the answer as read ('' for none), right or not, its diagnosis and the notes under it."""

    question: Question
    given: str
    right: bool
    diagnosis: str | None = None
    notes: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        q = self.question
        if self.right:
            return [f"✓ {q.id} {q.subject}: {self.given}"]
        return [f"✗ {q.id} {q.subject}: right answer {q.show(q.answer)}"] + [f"    {note}" for note in self.notes]


def mark(question: Question, raw=MISSING) -> Mark:
    """Check one answer: right, a classic mistake (named with its numbers), or the working to compare with."""
    working = ("the working:",) + tuple(f"  {line}" for line in question.working)
    if raw is MISSING:
        return Mark(question, "", False, notes=("no answer",) + working)
    try:
        value = read_answer(question, raw)
    except Unreadable as needed:
        return Mark(question, str(raw), False, notes=(f"your answer: {raw!r} is not {needed}",) + working)
    given = question.show(value)
    if value == question.answer:
        return Mark(question, given, True)
    notes = (f"your answer: {given}",)
    several = question.ask in ("output_shape", "receptive_field")
    expected, values = (question.answer, value) if several else ((question.answer,), (value,))
    if len(values) != len(expected):
        return Mark(question, given, False, notes=notes + (
            f"the answer has {len(expected)} numbers{' with the batch' if question.ask == 'output_shape' else ''}, "
            f"yours {len(values)}",) + working)
    offset = len(expected) - len(question.parts)  # the batch axis of a shape
    index = next(i for i, (mine, right) in enumerate(zip(values, expected, strict=False)) if mine != right)
    if index < offset:
        return Mark(question, given, False, notes=notes + ("the first axis is the batch: None (any batch size)",))
    part = question.parts[index - offset]
    diagnosis = part.diagnose(values[index])
    prefix = f"{part.label}: " if len(question.parts) > 1 else ""
    if diagnosis:
        return Mark(question, given, False, prefix + diagnosis, notes + (prefix + diagnosis,))
    lead = (f"{part.label} is the first to differ: {show_number(values[index])}, not {show_number(part.value)}",) \
        if prefix else ()
    return Mark(question, given, False, notes=notes + lead + working)


# --- quiz files ---------------------------------------------------------------------------------------

class Quiz(NamedTuple):
    source: str
    title: str | None
    model: ModelSpec
    summary: Summary
    questions: tuple[Question, ...]

    @property
    def ids(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}


def load(path: str) -> Quiz:
    """Read a quiz file: its model (a spec path relative to the quiz, or inline) and its checked questions."""
    source = readers.source_name(path)
    top = readers.read_mapping(path, "a quiz: a mapping with `model` and `questions`", spec_key="model")
    for key, (line, _) in top.items():
        if key not in QUIZ_KEYS:
            raise SpecError(f"unknown key {key!r} in a quiz" + did_you_mean(key, QUIZ_KEYS)
                            + f"; expected {', '.join(QUIZ_KEYS)}", source=source, line=line)
    for key in ("model", "questions"):
        if key not in top:
            raise SpecError(f"missing `{key}` in the quiz", source=source, line=1)
    title_line, title = top.get("title", (None, None))
    if title is not None and not isinstance(title, str):
        raise SpecError("`title` must be text", source=source, line=title_line)
    model = _model(path, *top["model"])
    summary = engine.compute(model)
    return Quiz(source, title, model, summary, _questions(source, summary, *top["questions"]))


def _model(path: str, line: int, value) -> ModelSpec:
    if isinstance(value, ModelSpec):
        return value
    if not isinstance(value, str) or not value:
        raise SpecError("`model` must be a spec file's path (relative to the quiz) or an inline spec mapping",
                        source=readers.source_name(path), line=line)
    target = os.path.join(os.path.dirname(path), value)
    if not os.path.isfile(target):
        raise SpecError(f"`model` names {value!r}, which is not a file (paths are relative to the quiz file)",
                        source=readers.source_name(path), line=line)
    return readers.load(target)


def _questions(source: str, summary: Summary, line: int, items) -> tuple[Question, ...]:
    if not isinstance(items, list) or not items:
        raise SpecError("`questions` must be a non-empty list like `- {id: q1, layer: conv2d, ask: params}`",
                        source=source, line=line)
    layers = {layer.name: layer for layer in summary.tensors if layer.input_shapes}
    questions, first_seen = [], {}
    for item in items:
        if not isinstance(item, dict) or not item:
            raise SpecError("a question must be a mapping like `{id: q1, layer: conv2d, ask: params}`",
                            source=source, line=line)
        where = min(key_line for key_line, _ in item.values())

        def error(message: str, at: int = where) -> SpecError:
            return SpecError(message, source=source, line=at)

        for key, (key_line, _) in item.items():
            if key not in QUESTION_KEYS:
                raise error(f"unknown key {key!r} in a question" + did_you_mean(key, QUESTION_KEYS)
                            + f"; expected {', '.join(QUESTION_KEYS)}", key_line)
        raw_id = item.get("id", (where, None))[1]
        if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)) or raw_id == "":
            raise error("each question needs an `id`, a name or a number like q1")
        question_id = str(raw_id)
        if question_id in first_seen:
            raise error(f"duplicate question id {question_id!r} (first at line {first_seen[question_id]})")
        first_seen[question_id] = where
        ask = item.get("ask", (where, None))[1]
        if ask not in ASKS:
            raise error(f"question {question_id}: unknown ask {ask!r}" + did_you_mean(str(ask), ASKS)
                        + f"; expected one of {', '.join(ASKS)}" if ask is not None
                        else f"question {question_id}: missing `ask`, one of {', '.join(ASKS)}")
        name = item.get("layer", (where, None))[1]
        if ask == "total_params":
            if name is not None:
                raise error(f"question {question_id}: total_params is about the whole model; leave out `layer`")
            layer = None
        elif name not in layers:
            raise error(f"question {question_id}: unknown layer {name!r}" + did_you_mean(str(name), layers)
                        if name is not None else f"question {question_id}: missing `layer`")
        else:
            layer = layers[name]
        try:
            questions.append(build_question(question_id, summary, layer, ask, where))
        except NotAskable as reason:
            raise error(f"question {question_id}: cannot ask the {ask} of {name} ({layer.type}): {reason}") from None
    return tuple(questions)


def read_answers(quiz: Quiz, path: str) -> tuple[dict[str, Any], list[SpecError]]:
    """A student's answers by question id, and an error for each answer to a question the quiz does not have."""
    entries = readers.read_mapping(path, "answers: a mapping of question ids to answers, like `q1: 896`")
    return _by_id(quiz, ((key, line, value) for key, (line, value) in entries.items()), readers.source_name(path))


def inline_answers(quiz: Quiz, pairs: Sequence[str]) -> tuple[dict[str, Any], list[SpecError]]:
    """`q1=896 q2=32` from the command line."""
    entries = []
    for pair in pairs:
        key, equals, value = pair.partition("=")
        if not equals:
            raise SpecError(f"expected an answers file or answers like q1=896, received {pair!r}",
                            source="<command line>")
        entries.append((key.strip(), None, value))
    return _by_id(quiz, entries, "<command line>")


def _by_id(quiz: Quiz, entries, source: str) -> tuple[dict[str, Any], list[SpecError]]:
    answers, unknown, ids = {}, [], quiz.ids
    for key, line, value in entries:
        if str(key) in ids:
            answers[str(key)] = value
        else:
            unknown.append(SpecError(f"an answer for {str(key)!r}, which is not a question of {quiz.source}"
                                     + did_you_mean(str(key), ids), source=source, line=line))
    return answers, unknown


def check(quiz: Quiz, answers: dict[str, Any]) -> list[Mark]:
    return [mark(q, answers.get(q.id, MISSING)) for q in quiz.questions]


# --- generating quizzes -------------------------------------------------------------------------------

class _Layers:
    """Spec entries named as Keras (and the readers) name them in a fresh session: conv2d, conv2d_1, ..."""

    def __init__(self):
        self.entries: list[Any] = []
        self.counts: Counter = Counter()

    def add(self, kind: str, **args) -> str:
        base = REGISTRY[kind].default_name
        name = base if not self.counts[base] else f"{base}_{self.counts[base]}"
        self.counts[base] += 1
        self.entries.append({kind: args} if args else kind)
        return name


def random_model(rng: random.Random, level: str) -> dict:
    """A small course-style CNN as spec data; its sizes stay positive whatever the draws."""
    layers = _Layers()
    if level == "easy":
        image = rng.choice(([28, 28, 1], [32, 32, 3], [64, 64, 3], [128, 128, 3]))
        layers.add("Conv2D", filters=rng.choice((8, 16, 32, 64)), kernel_size=rng.choice((3, 5)), activation="relu")
        if rng.random() < 0.5:
            layers.add("MaxPooling2D", pool_size=2)
        else:
            layers.add("Conv2D", filters=rng.choice((16, 32, 64)), kernel_size=3, activation="relu")
        return {"input_shape": image, "layers": layers.entries}
    if level == "medium":  # 32 pixels or more: two blocks of kernel 5, stride 2 and pooling leave 1
        image = rng.choice(([32, 32, 3], [64, 64, 3], [96, 96, 3], [128, 128, 3]))
        for filters in rng.choice(((16, 32), (32, 64), (8, 16))):
            conv = {"filters": filters, "kernel_size": rng.choice((3, 5)), "strides": rng.choice((1, 2)),
                    "padding": rng.choice(("valid", "same")), "activation": "relu"}
            layers.add("Conv2D", **{key: value for key, value in conv.items() if value != 1})
            if rng.random() < 0.5:
                layers.add("MaxPooling2D", pool_size=2)
        layers.add("Flatten")
        layers.add("Dense", units=rng.choice((32, 64, 128)), activation="relu")
        layers.add("Dense", units=10, activation="softmax")
        return {"input_shape": image, "layers": layers.entries}
    return _hard_model(rng, layers)


def _hard_model(rng: random.Random, layers: _Layers) -> dict:
    """A strided 'same' stem, a branch joined by Add or Concatenate, dilation or a depthwise stride, upsampling."""
    size, filters = rng.choice((32, 64, 96, 128)), rng.choice((16, 32))
    layers.add("Conv2D", filters=filters, kernel_size=3, strides=2, padding="same", inputs="image")
    stem = layers.add("BatchNormalization")
    branch = rng.choice(("SeparableConv2D", "DepthwiseConv2D", "Conv2D"))
    if branch == "SeparableConv2D":
        end = layers.add(branch, filters=filters, kernel_size=3, padding="same", activation="relu")
    elif branch == "DepthwiseConv2D":
        end = layers.add(branch, kernel_size=3, padding="same", activation="relu")
    else:
        end = layers.add(branch, filters=filters, kernel_size=3, dilation_rate=2, padding="same", activation="relu")
    shortcut = stem if rng.random() < 0.5 else layers.add("Conv2D", filters=filters, kernel_size=1, inputs=stem)
    layers.add(rng.choice(("Add", "Concatenate")), inputs=[shortcut, end])
    if rng.random() < 0.5:
        layers.add("Conv2D", filters=2 * filters, kernel_size=3, dilation_rate=2)
    else:
        layers.add("DepthwiseConv2D", kernel_size=3, strides=2, padding="same", depth_multiplier=2)
    layers.add("BatchNormalization")
    layers.add("Conv2DTranspose", filters=filters, kernel_size=rng.choice((2, 3)), strides=2,
               padding=rng.choice(("same", "valid")))
    layers.add("GlobalAveragePooling2D")
    layers.add("Dense", units=10, activation="softmax")
    return {"inputs": {"image": [size, size, 3]}, "layers": layers.entries}


def _worth_asking(layer: LayerSummary, ask: str) -> bool:
    """Questions a course would ask: no MACs of a pooling layer, no trainable split without frozen weights."""
    if ask in ("trainable_params", "non_trainable_params"):
        return layer.non_trainable_params > 0
    if ask == "macs":
        return bool(layer.macs)
    if ask == "receptive_field":
        return layer.type in WINDOWED + POOLING and all(axis.size.denominator == 1 for axis in layer.field or ())
    return ask != "total_params" and (bool(layer.weights) or layer.type in WINDOWED + POOLING + TRANSPOSED
                                      or layer.type in ("Flatten", "Concatenate") or layer.type.startswith("Global"))


def _candidates(rng: random.Random, summary: Summary) -> dict[str, list[Question]]:
    """Every sensible question, by ask; of a square output's height and width only one."""
    by_ask: dict[str, list[Question]] = {ask: [] for ask in ASKS}
    by_ask["total_params"].append(build_question("", summary, None, "total_params"))
    for layer in summary.tensors:
        if not layer.input_shapes:
            continue
        sides = {layer.output_shape[axis] for axis, label in _labels(layer).items() if label in ("height", "width")}
        side = rng.choice(("height", "width"))
        for ask in ASKS:
            if not _worth_asking(layer, ask) or (ask in ("height", "width") and ask != side and len(sides) == 1):
                continue
            try:
                by_ask[ask].append(build_question("", summary, layer, ask))
            except NotAskable:
                continue
    return by_ask


def pick(rng: random.Random, summary: Summary, level: str, count: int) -> list[Question]:
    """Up to `count` different questions, one kind after another (the level's kinds first), in model order."""
    by_ask = _candidates(rng, summary)
    for pool in by_ask.values():
        rng.shuffle(pool)
    first = [ask for ask in LEVEL_ASKS[level]]
    rng.shuffle(first)
    rest = [ask for ask in ASKS if ask not in first]
    rng.shuffle(rest)
    chosen: list[Question] = []
    for kinds in (first, rest):
        while len(chosen) < count and any(by_ask[ask] for ask in kinds):
            for ask in kinds:
                if by_ask[ask] and len(chosen) < count:
                    chosen.append(by_ask[ask].pop())
    order = {layer.name: index for index, layer in enumerate(summary.tensors)}
    chosen.sort(key=lambda q: (order[q.layer.name] if q.layer else len(order), ASKS.index(q.ask)))
    return [Question(f"q{i}", q.ask, q.layer, q.parts, q.working) for i, q in enumerate(chosen, 1)]


def generate(seed: int, level: str, count: int, from_path: str | None = None,
             quiz_dir: str = ".") -> tuple[Quiz, dict, dict]:
    """A quiz from the seed alone (random.Random(seed), so the same seed gives the same files): the Quiz, the
    quiz file's data (no answers) and the key's. With `from_path` the questions are about that spec's layers."""
    rng = random.Random(seed)
    title = f"convcalc quiz ({level}, seed {seed})"
    if from_path is None:
        data = {"name": f"quiz_{level}_{seed}", **random_model(rng, level)}
        model, reference = readers.parse(readers.dump(data), "<generated>"), data
    else:
        model, reference = readers.load(from_path), os.path.relpath(from_path, quiz_dir)
    summary = engine.compute(model)
    questions = tuple(pick(rng, summary, level, count))
    quiz_data = {"title": title, "model": reference, "questions": [
        {"id": q.id, **({"layer": q.layer.name} if q.layer else {}), "ask": q.ask} for q in questions]}
    key = {q.id: q.key_value() for q in questions}
    return Quiz(readers.source_name(from_path or "<generated>"), title, model, summary, questions), quiz_data, key


# --- the handout ----------------------------------------------------------------------------------------

_SHAPES = ("input_shape", "shape", "batch_shape", "target_shape", "dims")  # tuples that stay tuples


def _literal(key: str, value) -> str:
    """A bound argument as Keras code: kernel_size (3, 3) as 3, the way it is usually written."""
    if isinstance(value, tuple) and key not in _SHAPES:
        while isinstance(value, tuple) and value and all(item == value[0] for item in value):
            value = value[0]
    return repr(value)


def _call(layer, extra: dict[str, Any] = None) -> str:
    args = [f"{key}={_literal(key, layer.args[key])}" for key in layer.given] + \
        [f"{key}={_literal(key, value)}" for key, value in (extra or {}).items()]
    return f"{layer.kind}({', '.join(args)})"


def model_code(model: ModelSpec) -> list[str]:
    """The model as Keras code: Sequential with input_shape on the first layer, or functional calls."""
    layers = [layer for layer in model.layers if layer.kind != "Input"]
    if not model.functional:
        extra = {} if "input_shape" in layers[0].given else {"input_shape": model.layers[0].args["shape"]}
        lines = [f"    {_call(layer, extra if index == 0 else None)},  # {layer.name}" for index, layer in enumerate(layers)]
        return ["model = keras.Sequential(["] + lines + ["])"]
    lines = []
    inputs = [layer.name for layer in model.layers if layer.kind == "Input"]
    for layer in model.layers:
        if layer.kind == "Input":
            lines.append(f"{layer.name} = keras.Input(shape={layer.args['shape']!r})")
        else:
            reads = layer.inputs[0] if len(layer.inputs) == 1 else f"[{', '.join(layer.inputs)}]"
            lines.append(f"{layer.name} = {_call(layer)}({reads})")

    def group(names):
        return names[0] if len(names) == 1 else f"[{', '.join(names)}]"

    return lines + [f"model = keras.Model({group(inputs)}, {group(list(model.outputs))})"]


def handout(quiz: Quiz) -> str:
    """A printable Markdown handout: the model as code and numbered questions with blanks, never the answers."""
    lines = [f"# {quiz.title or quiz.model.name}", "", "```python", *model_code(quiz.model), "```", "",
             "Answer in a YAML file, one line per question (`q1: 896`); write shapes like (None, 64, 64, 32).", ""]
    lines += [f"{index}. **{q.id}** {q.text} ____________" for index, q in enumerate(quiz.questions, 1)]
    return "\n".join(lines) + "\n"


# --- grading a class --------------------------------------------------------------------------------------

class Submission(NamedTuple):
    student: str
    marks: tuple[Mark, ...]
    errors: tuple[SpecError, ...] = ()  # answers for unknown ids (the rest is graded), or why the file is unreadable
    readable: bool = True  # an unreadable file is scored 0

    @property
    def score(self) -> int:
        return sum(m.right for m in self.marks)


def grade(quiz: Quiz, paths: Sequence[str]) -> list[Submission]:
    """Every answers file, one Submission each, in the order given; the model was computed once, in the Quiz."""
    submissions = []
    for path in paths:
        student = os.path.splitext(os.path.basename(path))[0]
        try:
            answers, unknown = read_answers(quiz, path)
        except ConvcalcError as error:
            submissions.append(Submission(student, tuple(check(quiz, {})), (error,), readable=False))
            continue
        submissions.append(Submission(student, tuple(check(quiz, answers)), tuple(unknown)))
    return submissions


def grade_rows(quiz: Quiz, submissions: Sequence[Submission]) -> list[list[Any]]:
    """The CSV: a header, then per student a 1 or 0 per question and the total."""
    return [["student", *quiz.ids, "total"]] + [
        [s.student, *(int(m.right) for m in s.marks), s.score] for s in submissions]


def class_summary(quiz: Quiz, submissions: Sequence[Submission]) -> list[str]:
    """The mean score and the questions most students got wrong, each with its most common wrong answer."""
    count, total = len(submissions), len(quiz.questions)
    mean = sum(s.score for s in submissions) / count if count else 0
    lines = [f"{count} submission{'s' * (count != 1)}, {total} questions: mean score {mean:.1f} of {total}"]
    missed = []
    for index, q in enumerate(quiz.questions):
        wrong = [s.marks[index] for s in submissions if not s.marks[index].right]
        if wrong:
            missed.append((-len(wrong), index, q, wrong))
    if not missed:
        return lines + ["every question was answered right by everyone"]
    lines.append("most often wrong:")
    for minus_wrong, _, q, wrong in sorted(missed, key=lambda item: item[:2]):
        answered = Counter(m.given for m in wrong if m.given)
        line = f"  {q.id} {q.subject}: {-minus_wrong} of {count} wrong"
        if answered:
            given, times = answered.most_common(1)[0]
            diagnosis = next(m.diagnosis for m in wrong if m.given == given)
            line += (f"; most common wrong answer {given} ({times} student{'s' * (times != 1)}): "
                     + (diagnosis or "no classic mistake gives it"))
        else:
            line += "; no answers given"
        lines.append(line)
    return lines
