"""Cost arithmetic beyond Keras: MACs, element-wise FLOPs, activation sizes, receptive fields.

Pure functions used by the layer registry's cost and field rules and by the engine.
The conventions (what counts as a MAC, which element-wise operations count as FLOPs)
are documented in one table in docs/costs.md; FLOPs = 2 × MACs + element-wise FLOPs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, NamedTuple, TypeAlias

from .shapes import Shape

if TYPE_CHECKING:  # layers.base builds on this module
    from .layers.base import Args, CostRule, Received, Weight

# Bytes of one activation value for a layer's dtype policy: mixed policies compute in 16 bits.
COMPUTE_BYTES = {"float16": 2, "bfloat16": 2, "mixed_float16": 2, "mixed_bfloat16": 2, "float64": 8,
                 "int8": 1, "uint8": 1, "int16": 2, "uint16": 2, "int64": 8, "uint64": 8}
DEFAULT_COMPUTE_BYTES = 4

# The batch activation memory is counted for, in `summary` and in `check` alike: model.fit's default batch size.
DEFAULT_BATCH_SIZE = 32

# Per-weight memory for the optimiser estimate: the weights, their gradients and Adam's two moments.
ADAM_COPIES_PER_TRAINABLE = 3


class Cost(NamedTuple):
    """MACs (weight multiply-accumulates) and element-wise FLOPs of one layer for one sample.

    None means unknown: a dimension the count depends on is None (unknown until run time).
    """

    macs: int | None = 0
    elementwise: int | None = 0

    @property
    def flops(self) -> int | None:
        if self.macs is None or self.elementwise is None:
            return None
        return 2 * self.macs + self.elementwise

    # Costs add field by field where tuples concatenate; tuple's own signature does not allow that override.
    def __add__(self, other: Cost) -> Cost:  # type: ignore[override]
        return Cost(add(self.macs, other.macs), add(self.elementwise, other.elementwise))


NO_COST = Cost()


def add(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else a + b


def times(*factors: int | None) -> int | None:
    known = [f for f in factors if f is not None]
    return math.prod(known) if len(known) == len(factors) else None


def elements(shape: Shape) -> int | None:
    """Values in one sample of a tensor (the batch axis excluded); None when a dimension is unknown."""
    return times(*shape[1:])


def per_element(flops_per_value: int, shape: Shape) -> Cost:
    """An element-wise operation: so many FLOPs for every value of the output."""
    return Cost(0, times(flops_per_value, elements(shape)))


class AxisField(NamedTuple):
    """The receptive field along one spatial axis, in input pixels.

    size: how many input pixels one output value sees; jump: input pixels between two
    neighbouring outputs (the effective stride); start: the centre of the first output's field,
    as an input pixel coordinate (pixel i has centre i; negative when it hangs into padding).
    """

    size: Fraction
    jump: Fraction
    start: Fraction


Field: TypeAlias = tuple[AxisField, ...] | None  # one AxisField per spatial axis; None for non-spatial outputs

PIXEL = AxisField(Fraction(1), Fraction(1), Fraction(0))
# The field of a model input: every pixel sees itself, whichever axes turn out to be spatial.
RAW: tuple[AxisField, ...] = ()


def window_field(field: Field, shape: Shape, axes: Sequence[int], windows: Sequence[int],
                 strides: Sequence[int], padding: str) -> Field:
    """Sliding windows along `axes` of `shape` (a convolution or a pooling)."""
    if field is None:
        return None
    field = field or (PIXEL,) * len(axes)
    if len(field) != len(axes):
        return None
    return tuple(window_step(f, shape[axis], w, s, padding)
                 for f, axis, w, s in zip(field, axes, windows, strides, strict=False))


def same_padding_before(length: int | None, window: int, stride: int) -> int:
    """Padding TensorFlow puts before an axis for 'same': the smaller half of the total
    max((ceil(n / s) − 1)·s + k − n, 0) (an odd total puts the extra pixel after)."""
    if length is None:
        return (window - 1) // 2  # stride 1's split; the true one depends on the unknown length
    total = max(((length + stride - 1) // stride - 1) * stride + window - length, 0)
    return total // 2


def window_step(field: AxisField, length: int | None, window: int, stride: int, padding: str) -> AxisField:
    """A sliding window (convolution or pooling) of `window` pixels (dilation applied) and `stride`."""
    before = {"valid": 0, "causal": window - 1}.get(padding)
    if before is None:
        before = same_padding_before(length, window, stride)
    return slide(field, window, stride, before)


def slide(field: AxisField, window: int, stride: int, before: int) -> AxisField:
    """A window of `window` pixels (dilation applied) moved by `stride`, the first one `before` pixels into the
    padding: r_out = r_in + (k' − 1)·j_in, j_out = j_in·s, the centre moving by ((k' − 1) / 2 − before)·j_in."""
    return AxisField(size=field.size + (window - 1) * field.jump,
                     jump=field.jump * stride,
                     start=field.start + (Fraction(window - 1, 2) - before) * field.jump)


def upsample_step(field: AxisField, factor: int, window: int = 1) -> AxisField:
    """Outputs `factor` times denser than the input; each sees ceil(window / factor) input positions."""
    jump = field.jump / factor
    seen = -(-window // factor)
    return AxisField(size=field.size + (seen - 1) * field.jump,
                     jump=jump,
                     start=field.start - (field.jump - jump) / 2)


def shift(field: AxisField, pixels: int) -> AxisField:
    """Padding (negative) or cropping (positive) moves the first output without changing its field."""
    return AxisField(field.size, field.jump, field.start + pixels * field.jump)


def widest(fields: Sequence[Field]) -> Field:
    """A merge sees what its widest input sees (the largest field along any path), axis by axis."""
    spatial = [f for f in fields if f is not None]
    if len(spatial) < len(fields):
        return None
    known = [f for f in spatial if f != RAW]
    if not known:
        return RAW
    if any(len(f) != len(known[0]) for f in known):
        return None
    return tuple(max(axis, key=lambda a: a.size) for axis in zip(*known, strict=False))


def per_value(flops: int) -> CostRule:
    """The cost rule of a layer doing `flops` element-wise operations per output value
    (activations 1, BatchNormalization 2, LayerNormalization 5, ...; see docs/costs.md)."""
    def cost(args: Args, received: Received, output_shape: Shape, weights: tuple[Weight, ...]) -> Cost:
        return per_element(flops, output_shape)

    return cost


def bias_and_activation(args: Args, weights: Sequence[Weight], output_shape: Shape) -> Cost:
    """What every layer with a bias or an `activation` argument adds: one FLOP per output value each."""
    per_value = any(w.name == "bias" for w in weights) + (args.get("activation") not in (None, "linear"))
    return per_element(per_value, output_shape) if per_value else NO_COST
