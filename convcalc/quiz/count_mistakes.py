"""The catalogue of classic mistakes for counts: a layer's parameters (all, trainable, non-trainable),
its MACs, its receptive field, and the model's total."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence

from ..explain import (
    AXIS_LABELS,
    POOLING,
    TRANSPOSED,
    WINDOWED,
    dense_formula,
    field_formula,
    filters_formula,
    macs_factors,
    macs_working,
    n,
    params_working,
    positions_word,
    product,
    spatial,
)
from ..layers import Weight
from ..model import LayerSummary, Summary, split_call
from ..shapes import format_number
from .parts import Mistake, NotAskable, Number, Part, dim, dims, part, whole

CONVOLUTIONS = ("Conv1D", "Conv2D", "Conv3D")


def _weights_sum(weights: Iterable[Weight]) -> str:
    return " + ".join(f"{w.name} {n(w.size)}" for w in weights)


def _names(weights: Sequence[Weight]) -> str:
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

        def conv(sizes: tuple[int, ...], with_bias: bool, why: str) -> Mistake:
            return Mistake(filters_formula(filters, sizes, with_bias),
                           filters * math.prod(sizes) + (filters if with_bias else 0), why)

        mistakes.append(conv(per_filter, not bias, "each filter also has a bias (+ filters)" if bias
                             else "use_bias=False: the filters have no bias"))
        if c > 1:
            spans = f"each filter spans all C_in{' / groups' if groups > 1 else ''} = {n(c)} input channels"
            mistakes.append(conv(window, bias, spans))
            if bias:
                mistakes.append(conv(window, False, f"{spans} and has a bias"))
        if groups > 1:
            mistakes.append(conv(window + (c * groups,), bias,
                                 f"with groups={groups} each filter sees only "
                                 f"C_in / groups = {n(c * groups)} / {groups} = {n(c)} channels"))
    elif layer.type == "Dense" and len(weights) <= 2:
        (d_in, units), bias = kernel, args["use_bias"]
        mistakes += [
            Mistake(dense_formula(d_in, units, not bias), d_in * units + (0 if bias else units),
                    "each unit also has a bias (+ units)" if bias else "use_bias=False: the units have no bias"),
            Mistake(f"{n(d_in)} × {n(units)} + 1", d_in * units + 1, "each unit has its own bias, not one per layer"),
        ]
        shape = layer.input_shape or ()
        if len(shape) > 2 and None not in shape[1:]:
            sizes = dims(shape)
            mistakes.append(Mistake(dense_formula(math.prod(sizes), units, bias),
                                    math.prod(sizes) * units + units * bias,
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
    return part("", layer.params, params_working(layer), mistakes)


def trainable_part(layer: LayerSummary) -> Part:
    trainable = [w for w in layer.weights if w.trainable]
    frozen = [w for w in layer.weights if not w.trainable]
    if not frozen:
        return params_part(layer)
    right = f"{_weights_sum(trainable)} = {n(layer.trainable_params)}" if trainable else "0 (every weight is frozen)"
    return part("", layer.trainable_params, right,
                [Mistake(_weights_sum(layer.weights), layer.params,
                         f"{_names(frozen)} {'are' if len(frozen) > 1 else 'is'} not updated by gradient descent")])


def non_trainable_part(layer: LayerSummary) -> Part:
    trainable = [w for w in layer.weights if w.trainable]
    frozen = [w for w in layer.weights if not w.trainable]
    if not frozen:
        return part("", 0, "0 (every weight is trainable)" if layer.weights else "0 (no weights)",
                    [Mistake(_weights_sum(layer.weights), layer.params, "every weight of this layer is trainable")]
                    if layer.weights else [])
    mistakes = [Mistake("none of its weights", 0, f"{_names(frozen)} {'are' if len(frozen) > 1 else 'is'} "
                                                  "not updated by gradient descent")]
    if trainable:
        mistakes.append(Mistake(_weights_sum(layer.weights), layer.params,
                                f"{_names(trainable)} {'are' if len(trainable) > 1 else 'is'} trained"))
    return part("", layer.non_trainable_params, f"{_weights_sum(frozen)} = {n(layer.non_trainable_params)}", mistakes)


def macs_part(layer: LayerSummary) -> Part:
    """MACs: FLOPs for MACs (2×), the positions forgotten, the bias counted, the wrong grid of positions."""
    macs = layer.macs
    if macs is None:
        raise NotAskable("its MACs depend on an unknown (None) dimension")
    kernels, positions = macs_factors(layer)
    if not kernels:
        return Part("", macs, "0 (no weights to multiply)")
    where, biases = positions_word(layer), layer.params - kernels
    mistakes = [
        Mistake(f"2 × {n(kernels)} × {n(positions)}", 2 * macs,
                "that counts FLOPs, a multiply and an add each; a MAC counts the pair once"),
        Mistake(f"{n(kernels)} weights", kernels,
                f"each weight is used once at every one of the {n(positions)} {where}"),
        Mistake(f"({n(kernels)} + {n(biases)}) weights × {n(positions)} {where}", (kernels + biases) * positions,
                "a bias is an addition, not a multiply-accumulate"),
    ]
    if layer.type in WINDOWED + TRANSPOSED:  # the other grid: input positions for a convolution, output if transposed
        _, axes, _ = spatial(layer)
        grid, word = (layer.output_shape, "output") if layer.type in TRANSPOSED else (layer.input_shape, "input")
        other = math.prod(dim(grid, axis) for axis in axes)
        mistakes.append(Mistake(f"{n(kernels)} weights × {n(other)} {word} positions", kernels * other,
                                f"the kernel is applied once per {where.removesuffix('s')}"))
    return part("", macs, macs_working(layer), mistakes)


def field_parts(layer: LayerSummary) -> tuple[Part, ...]:
    """The receptive field along each spatial axis: the jump, the earlier layers and dilation are the slips."""
    if not layer.field:
        raise NotAskable("its output has no spatial axes to have a receptive field")
    before = layer.input_fields[0] if layer.input_fields else None
    if layer.type not in WINDOWED + POOLING or before is None:
        return tuple(Part(label, whole(axis.size), format_number(axis.size))
                     for label, axis in zip(AXIS_LABELS[len(layer.field)], layer.field, strict=False))
    _, _, names = spatial(layer)
    args, pooling = layer.args, layer.type in POOLING
    what = "pool" if pooling else "kernel"
    parts = []
    for i, (label, after) in enumerate(zip(names, layer.field, strict=False)):
        r_in, j_in = (whole(before[i].size), whole(before[i].jump)) if before else (1, 1)
        k, d = (args["pool_size"][i], 1) if pooling else (args["kernel_size"][i], args["dilation_rate"][i])
        span = d * (k - 1) + 1
        mistakes = [
            Mistake(field_formula(r_in, span, 1), r_in + span - 1,
                    f"each step of this {what} spans j_in = {format_number(j_in)} input "
                    "pixels, from the strides before it"),
            Mistake(f"this {what} alone, k", span,
                    f"it sees what the layers before it see: r_in = {format_number(r_in)}"),
            Mistake(f"{format_number(r_in)} + {span} × {format_number(j_in)}", r_in + span * j_in,
                    "neighbouring positions share a pixel: add k − 1 steps, not k"),
        ]
        if d > 1:
            mistakes.append(Mistake(field_formula(r_in, k, j_in), r_in + (k - 1) * j_in,
                                    f"dilation_rate={d} makes the kernel span {d}·({k} − 1) + 1 = {span} pixels"))
        size = whole(after.size)
        parts.append(part(label, size, f"{field_formula(r_in, span, j_in)} = {format_number(size)}", mistakes))
    return tuple(parts)


def total_part(summary: Summary, params_of: Callable[[LayerSummary], Part] = params_part) -> Part:
    """The model's total: a layer's classic slip (`params_of` gives a layer's), every bias forgotten, or only the
    trainable weights. A module called again (a torch model's "fc/1") is counted once."""
    layers = [layer for layer in summary.layers if layer.weights and not split_call(layer.name)[1]]
    terms: list[Number] = [layer.params for layer in layers]
    total = summary.total_params

    def summed(values: Sequence[Number]) -> str:
        return " + ".join(f"{layer.name} {n(value)}" for layer, value in zip(layers, values, strict=False))

    mistakes = []
    if summary.non_trainable_params:
        mistakes.append(Mistake("only the trainable params", summary.trainable_params,
                                "the total counts the non-trainable weights too"))
    torch = summary.framework == "torch"  # torch's biases: bias, bias_ih_l0, ...
    biased = [sum(w.size for w in layer.weights if not (w.name.startswith("bias") if torch else w.name == "bias"))
              for layer in layers]
    if sum(b != t for b, t in zip(biased, terms, strict=False)) > 1:
        why = ("every module with bias=True has a bias per output channel or feature" if torch
               else "every layer with use_bias has a bias per filter or unit")
        mistakes.append(Mistake(summed(biased), sum(biased), why))
    for i, layer in enumerate(layers):
        for mistake in params_of(layer).mistakes:
            swapped = terms[:i] + [mistake.value] + terms[i + 1:]
            mistakes.append(Mistake(summed(swapped), sum(swapped), f"{layer.name}: {mistake.why}"))
    right = f"{summed(terms)} = {n(total)}" if terms else "0 (no layer has weights)"
    return part("", total, right, mistakes)
