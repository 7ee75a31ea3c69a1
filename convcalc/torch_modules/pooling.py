"""Pooling: MaxPool1d/2d/3d, AvgPool1d/2d/3d, LPPool1d/2d/3d, AdaptiveAvgPool1d/2d/3d, AdaptiveMaxPool1d/2d/3d.

PyTorch's pooling_output_shape: floor((L + 2p − d(k − 1) − 1 + (s − 1 if ceil_mode)) / s) + 1, and with
ceil_mode a last window that would start in the right padding is dropped. The padding may be at most half
the (dilated) kernel. The stride defaults to the kernel size.
"""

from __future__ import annotations

import math

from .. import args as a
from ..args import REQUIRED, Arg
from ..costs import Cost, per_element
from ..errors import ArgumentError, ShapeError
from ..layers.base import Args, Weight
from ..shapes import Shape, format_shape
from .base import add, module, require_dims, sizes
from .fields import ends_field, window_rule

AXES = {1: "L", 2: "H, W", 3: "D, H, W"}


def optional_sizes(rank: int) -> a.Checker:
    return a.optional(sizes(rank))


def stride_of(args: Args) -> tuple[int, ...]:
    stride: tuple[int, ...] = args["stride"] or args["kernel_size"]
    return stride


def window_count(n: int, k: int, s: int, p: int, d: int, ceil_mode: bool) -> int:
    """floor (or ceil) ((n + 2p − d(k − 1) − 1) / s) + 1: the windows before ceil_mode's last-window rule."""
    return (n + 2 * p - d * (k - 1) - 1 + (s - 1 if ceil_mode else 0)) // s + 1


def pooled_length(n: int, k: int, s: int, p: int, d: int, ceil_mode: bool) -> int:
    """ATen's pooling_output_shape: with ceil_mode, a last window starting in the right padding is dropped."""
    size = window_count(n, k, s, p, d, ceil_mode)
    if ceil_mode and (size - 1) * s >= n + p:
        size -= 1
    return size


def pool_kind(name: str, rank: int, dilation: bool) -> None:
    def output_shape(args: Args, shape: Shape) -> Shape:
        require_dims(shape, (rank + 1, rank + 2), f"(N, C, {AXES[rank]})")
        k, s, p = args["kernel_size"], stride_of(args), args["padding"]
        d = args["dilation"] if dilation else (1,) * rank
        lengths = []
        for i, n in enumerate(shape[-rank:]):
            assert n is not None
            size = pooled_length(n, k[i], s[i], p[i], d[i], args["ceil_mode"])
            if size < 1:
                raise ShapeError(f"output size would be {size}: the kernel {k} is larger than its input "
                                 f"{format_shape(shape)} with padding {p} (torch: \"Output size is too small\")")
            lengths.append(size)
        return tuple(shape[:-rank]) + tuple(lengths)

    def check(args: Args) -> None:
        d = args["dilation"] if dilation else (1,) * rank
        for k, p, di in zip(args["kernel_size"], args["padding"], d, strict=True):
            if p > (di * (k - 1) + 1) // 2:
                raise ArgumentError("padding", f"pad should be at most half of effective kernel size, received "
                                               f"padding={args['padding']}, kernel_size={args['kernel_size']}")

    window = {"kernel_size": Arg(REQUIRED, sizes(rank)), "stride": Arg(None, optional_sizes(rank)),
              "padding": Arg(0, sizes(rank, least=0))}
    if dilation:
        extra = {"dilation": Arg(1, sizes(rank)), "return_indices": Arg(False, a.boolean),
                 "ceil_mode": Arg(False, a.boolean)}
    else:
        extra = {"ceil_mode": Arg(False, a.boolean), "count_include_pad": Arg(True, a.boolean)}
        if rank > 1:
            extra["divisor_override"] = Arg(None, a.optional(a.positive_int))
    def cost(args: Args, shape: Shape, out: Shape, weights: tuple[Weight, ...]) -> Cost:
        """docs/costs.md: k − 1 comparisons (max) or k FLOPs (average) per output value, k the window's pixels."""
        window = math.prod(args["kernel_size"])
        return per_element(window - 1 if dilation else window, out)

    add(module(name, {**window, **extra}, output_shape, check_args=check, doc="no parameters",
               receptive_field=window_rule(rank), cost=cost))


def lp_kind(name: str, rank: int) -> None:
    """LPPool: the p-norm of each window, windows as AvgPool's without padding (torch computes it so)."""
    def output_shape(args: Args, shape: Shape) -> Shape:
        return pooled(shape, args["kernel_size"], stride_of(args), args["ceil_mode"])

    def pooled(shape: Shape, k: tuple[int, ...], s: tuple[int, ...], ceil_mode: bool) -> Shape:
        require_dims(shape, (rank + 1, rank + 2), f"(N, C, {AXES[rank]})")
        lengths = []
        for i, n in enumerate(shape[-rank:]):
            assert n is not None
            size = pooled_length(n, k[i], s[i], 0, 1, ceil_mode)
            if size < 1:
                raise ShapeError(f"output size would be {size}: the kernel {k} is larger than its input "
                                 f"{format_shape(shape)} (torch: \"Output size is too small\")")
            lengths.append(size)
        return tuple(shape[:-rank]) + tuple(lengths)

    args = {"norm_type": Arg(REQUIRED, a.number), "kernel_size": Arg(REQUIRED, sizes(rank)),
            "stride": Arg(None, optional_sizes(rank)), "ceil_mode": Arg(False, a.boolean)}
    add(module(name, args, output_shape, doc="no parameters",
               cost=lambda args, shape, out, weights: per_element(math.prod(args["kernel_size"]), out)))


def adaptive_size(rank: int) -> a.Checker:
    """Adaptive pools' output_size: an int, or a list of `rank` ints or nulls (null keeps the input's size)."""
    def check(value: object, name: str) -> tuple[int | None, ...]:
        items = [value] * rank if isinstance(value, int) and not isinstance(value, bool) else value
        if (not isinstance(items, list | tuple) or len(items) != rank
                or not all(v is None or isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in items)):
            raise ArgumentError(name, f"`{name}` must be a positive integer or a list of {rank} positive integers "
                                      f"or nulls, received {value!r}")
        return tuple(items)

    return check


def adaptive_kind(name: str, rank: int, indices: bool) -> None:
    def output_shape(args: Args, shape: Shape) -> Shape:
        require_dims(shape, (rank + 1, rank + 2), f"(N, C, {AXES[rank]})")
        sizes_out = tuple(n if o is None else o for o, n in zip(args["output_size"], shape[-rank:], strict=True))
        return tuple(shape[:-rank]) + sizes_out

    args = {"output_size": Arg(REQUIRED, adaptive_size(rank))}
    if indices:
        args["return_indices"] = Arg(False, a.boolean)
    add(module(name, args, output_shape, doc="no parameters", receptive_field=ends_field,
               cost=lambda args, shape, out, weights: per_element(1, shape)))  # 1 FLOP per input value


for _rank in (1, 2, 3):
    pool_kind(f"MaxPool{_rank}d", _rank, dilation=True)
    pool_kind(f"AvgPool{_rank}d", _rank, dilation=False)
    lp_kind(f"LPPool{_rank}d", _rank)
    adaptive_kind(f"AdaptiveAvgPool{_rank}d", _rank, indices=False)
    adaptive_kind(f"AdaptiveMaxPool{_rank}d", _rank, indices=True)
