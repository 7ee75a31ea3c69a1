"""Receptive fields of torch modules, by PyTorch's own padding: explicit `padding` pixels before each axis (the
spatial axes are the last ones, channels first), `padding='same'` putting the smaller half of d(k − 1) before, as
torch does. ceil_mode only adds a last output (each output's field is the same). Transposed convolutions follow
Keras's rule (convcalc.costs.upsample_step), their `padding` cropping that many outputs before; output_padding only
adds outputs after. Pads move the start; Upsample makes the field denser; adaptive pools, like Keras's global
ones, end the spatial axes.
"""

from __future__ import annotations

from fractions import Fraction

from ..costs import PIXEL, AxisField, Field, shift, slide, upsample_step
from ..layers.base import Args, FieldRule
from ..shapes import Shape


def _axes(field: Field, rank: int) -> tuple[AxisField, ...] | None:
    """The field of each of the `rank` spatial axes (the raw input: each pixel its own), None if not spatial."""
    if field is None:
        return None
    field = field or (PIXEL,) * rank
    return field if len(field) == rank else None


def padding_before(args: Args, rank: int) -> tuple[int, ...]:
    """The pixels torch pads before each spatial axis: `padding`, or for 'same' the smaller half of d(k − 1)."""
    padding = args["padding"]
    dilation = args.get("dilation") or (1,) * rank
    if padding == "valid":
        return (0,) * rank
    if padding == "same":
        return tuple(d * (k - 1) // 2 for k, d in zip(args["kernel_size"], dilation, strict=True))
    return tuple(padding)


def window_rule(rank: int) -> FieldRule:
    """A convolution or a pool: windows of d(k − 1) + 1 pixels, stride s (a pool's defaulting to its kernel)."""
    def rule(args: Args, shape: Shape, field: Field) -> Field:
        axes = _axes(field, rank)
        if axes is None:
            return None
        kernel = args["kernel_size"]
        dilation = args.get("dilation") or (1,) * rank
        stride = args["stride"] or kernel
        return tuple(slide(axis, d * (k - 1) + 1, s, p) for axis, k, d, s, p in
                     zip(axes, kernel, dilation, stride, padding_before(args, rank), strict=True))

    return rule


def transpose_rule(rank: int) -> FieldRule:
    def rule(args: Args, shape: Shape, field: Field) -> Field:
        axes = _axes(field, rank)
        if axes is None:
            return None
        found = []
        for axis, k, d, s, p in zip(axes, args["kernel_size"], args["dilation"], args["stride"], args["padding"],
                                    strict=True):
            step = upsample_step(axis, s, d * (k - 1) + 1)
            found.append(shift(step, p))
        return tuple(found)

    return rule


def pad_rule(rank: int) -> FieldRule:
    """ZeroPad2d's (left, right, top, bottom): the last axis first, as F.pad reads it."""
    def rule(args: Args, shape: Shape, field: Field) -> Field:
        axes = _axes(field, rank)
        if axes is None:
            return None
        return tuple(shift(axis, -args["padding"][2 * (rank - 1 - i)]) for i, axis in enumerate(axes))

    return rule


def resize_field(args: Args, shape: Shape, field: Field) -> Field:
    """Upsample: outputs out / in times denser along each spatial axis, each one seeing one input (Keras's rule
    for UpSampling, whatever the mode; the centre of an output where it falls between the inputs')."""
    rank = len(shape) - 2
    axes = _axes(field, rank)
    if axes is None:
        return None
    size, factor = args["size"], args["scale_factor"]
    if size is not None:
        sizes = size if isinstance(size, tuple) else (size,) * rank
        factors = [Fraction(out, n or 1) for out, n in zip(sizes, shape[2:], strict=True)]
    else:
        scales = factor if isinstance(factor, tuple) else (factor,) * rank
        factors = [Fraction(repr(f)) for f in scales]
    return tuple(_resized(axis, f) for axis, f in zip(axes, factors, strict=True))


def _resized(axis: AxisField, factor: Fraction) -> AxisField:
    """upsample_step's one-pixel window for any factor, a shrinking one (below 1) included."""
    jump = axis.jump / factor
    return AxisField(axis.size, jump, axis.start - (axis.jump - jump) / 2)


def ends_field(args: Args, shape: Shape, field: Field) -> Field:
    return None
