"""explain's receptive-field lines for a torch module: PyTorch's padding (p pixels before each spatial axis,
'same' the smaller half of d(k − 1)), windows of d(k − 1) + 1 pixels; the figures are the row's own field, computed
by convcalc.torch_modules.fields, so the working ends on the summary's numbers."""

from __future__ import annotations

from .costs import PIXEL, AxisField
from .model import LayerSummary
from .shapes import format_number as num
from .torch_modules.fields import padding_before

AXES = {1: ("L",), 2: ("H", "W"), 3: ("D", "H", "W")}
SLIDING = tuple(f"{kind}{rank}d" for kind in ("Conv", "MaxPool", "AvgPool") for rank in (1, 2, 3))
TRANSPOSED = tuple(f"ConvTranspose{rank}d" for rank in (1, 2, 3))


def _result(field: tuple[AxisField, ...]) -> str:
    sizes, jumps = ("×".join(num(getattr(axis, part)) for axis in field) for part in ("size", "jump"))
    return f"{sizes} input pixels, jump {jumps}"


def field_lines(layer: LayerSummary) -> list[str]:
    """How each spatial axis's field grew through a convolution or pool; the result for any other module."""
    field = layer.field
    if not field:
        return []
    before = layer.input_fields[0] if layer.input_fields else None
    if layer.type not in SLIDING + TRANSPOSED or before is None:
        return [f"receptive field: {_result(field)}"]
    args = layer.args
    rank = int(layer.type[-2])
    prior = tuple(before) or (PIXEL,) * rank
    dilation = args.get("dilation") or (1,) * rank
    stride = args["stride"] or args["kernel_size"]
    if layer.type in TRANSPOSED:
        lines = ["receptive field (Keras's rule for transposed convolutions): r_out = r_in + (ceil(k' / s) − 1) · "
                 "j_in, j_out = j_in / s, with k' = d(k − 1) + 1"]
        for label, axis, after, k, d, s in zip(AXES[rank], prior, field, args["kernel_size"], dilation, stride,
                                               strict=True):
            span = d * (k - 1) + 1
            lines.append(f"  {label}: {num(axis.size)} + (ceil({span} / {s}) − 1) × {num(axis.jump)} = "
                         f"{num(after.size)}, jump {num(axis.jump)} / {s} = {num(after.jump)}")
        return lines
    lines = ["receptive field (PyTorch's padding): r_out = r_in + (k' − 1) · j_in, j_out = j_in · s, "
             "with k' = d(k − 1) + 1"]
    for label, axis, after, k, d, s, p in zip(AXES[rank], prior, field, args["kernel_size"], dilation, stride,
                                              padding_before(args, rank), strict=True):
        span = d * (k - 1) + 1
        lines.append(f"  {label}: {num(axis.size)} + ({span} − 1) × {num(axis.jump)} = {num(after.size)}, "
                     f"jump {num(axis.jump)} × {s} = {num(after.jump)}, padding {p} before")
    if args.get("ceil_mode"):
        lines.append("  ceil_mode adds a last output, not pixels to each output's field")
    return lines
