"""Pure shape arithmetic, as Keras's `ops/operation_utils.py` does it.

Exact integers only (floor division, never floats), so a 10**30-pixel input
computes instantly and exactly. `None` is an unknown dimension and propagates
the way Keras propagates it. Shapes include the batch dimension at index 0.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import TypeAlias

from .errors import ShapeError

Dim: TypeAlias = int | None  # None: unknown until run time
Shape: TypeAlias = tuple[Dim, ...]

# The largest integer a spec may hold, and the most values a tensor or a weight may have: far past
# any real model, yet every size stays printable and every byte total fits the float Keras prints.
MAX_SIZE = 10**100


def format_shape(shape: Sequence[Dim]) -> str:
    """`(None, 26, 26, 64)`, the way Keras prints a shape (one-tuples without a trailing comma)."""
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + ")"


def format_number(value: int | Fraction) -> str:
    """An int or a Fraction as people write it: 212, 15.5, 0.33."""
    if value.denominator == 1:
        return str(int(value))
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


def counted(count: int, noun: str) -> str:
    """'1 output position', '4,096 output positions': a count with its noun in the right number."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def conv_output_length(length: int, kernel: int, stride: int, padding: str, dilation: int) -> int:
    """One spatial dimension of a convolution's output.

    valid: floor((n - d·(k - 1) - 1) / s) + 1 — the dilated kernel must fit;
    same and causal: floor((n - 1) / s) + 1 = ceil(n / s) — the kernel does not shrink it.
    """
    if padding == "valid":
        return (length - dilation * (kernel - 1) - 1) // stride + 1
    return (length - 1) // stride + 1


def conv_transpose_output_length(length: int, kernel: int, stride: int, padding: str,
                                 output_padding: int | None, dilation: int) -> int:
    """One spatial dimension of a transposed convolution's output (Keras's TF-style rule).

    With k' = d·(k - 1) + 1 the dilated kernel: valid gives (n - 1)·s + k' + p, where p defaults
    to max(k', s) - k'; same gives n·s, or (n - 1)·s + (k' mod 2) + p when output_padding is given
    (which can be 0: Keras accepts that).
    """
    kernel = dilation * (kernel - 1) + 1
    if padding == "valid":
        extra = max(kernel, stride) - kernel if output_padding is None else output_padding
        return (length - 1) * stride + kernel + extra
    if output_padding is None:
        return length * stride
    return (length - 1) * stride + kernel % 2 + output_padding


def pool_output_length(length: int, pool: int, stride: int, padding: str) -> int:
    """One spatial dimension of a pooling output: valid floor((n - p) / s) + 1, same ceil(n / s)."""
    if padding == "valid":
        return (length - pool) // stride + 1
    return (length - 1) // stride + 1


def map_axes(shape: Shape, axes: Sequence[int], change: Callable[[int, int], int]) -> Shape:
    """`shape` with the i-th of `axes`, of known size n, replaced by change(i, n); None stays None."""
    out = list(shape)
    for i, axis in enumerate(axes):
        size = shape[axis]
        if size is not None:
            out[axis] = change(i, size)
    return tuple(out)


def spatial_axes(rank: int, ndim: int, data_format: str) -> range:
    """Indices of the spatial axes of a batch-first shape of `ndim` axes."""
    return range(1, 1 + rank) if data_format == "channels_last" else range(2, ndim)


def channel_axis(data_format: str) -> int:
    return -1 if data_format == "channels_last" else 1


def require_rank(shape: Shape, ndim: int, layout: str) -> None:
    """Refuse an input whose rank is not `ndim` (counting the batch axis), as Keras's InputSpec does."""
    if len(shape) != ndim:
        raise ShapeError(
            f"expected an input of rank {ndim} {layout}, received shape {format_shape(shape)} of rank {len(shape)}"
        )


def require_min_rank(shape: Shape, ndim: int) -> None:
    if len(shape) < ndim:
        raise ShapeError(
            f"expected an input of rank {ndim} or more (batch included), "
            f"received shape {format_shape(shape)} of rank {len(shape)}"
        )


def known_dim(shape: Shape, axis: int, what: str) -> int:
    """The size of `axis`, which a weight shape depends on, so it must be known."""
    dim = shape[axis]
    if dim is None:
        raise ShapeError(
            f"the {what} (axis {axis % len(shape)} of {format_shape(shape)}) must be known to create weights; "
            "it is None"
        )
    return dim


def normalize_axis(axis: int, ndim: int, shape: Shape) -> int:
    if not -ndim <= axis < ndim:
        raise ShapeError(f"axis={axis} is out of range for an input of shape {format_shape(shape)} (rank {ndim})")
    return axis % ndim


def flattened(dims: Sequence[Dim]) -> Dim:
    """Product of dimensions, None when any is unknown, 1 for none at all (as Keras's Flatten)."""
    known = [d for d in dims if d is not None]
    return math.prod(known) if len(known) == len(dims) else None


def broadcast(first: Shape, second: Shape) -> Shape:
    """The shape of an elementwise op on two shapes (batch axis left out), as Keras's merge layers compute it.

    Trailing axes line up; a 1 takes the other's size; an unknown size on either side gives None.
    """
    if len(first) < len(second):
        first, second = second, first
    if not second:
        return first
    out = list(first[:len(first) - len(second)])
    for i, j in zip(first[len(first) - len(second):], second, strict=False):
        if i is None or j is None:
            out.append(None)
        elif i == 1 or j == 1 or i == j:
            out.append(j if i == 1 else i)
        else:
            raise ShapeError(f"inputs have incompatible shapes {format_shape(first)} and {format_shape(second)}: "
                             f"{i} and {j} differ and neither is 1")
    return tuple(out)


def reshaped(dims: Sequence[Dim], target: Sequence[Dim]) -> Shape:
    """Reshape's output (batch axis left out): the -1 of `target` inferred when every size is known."""
    sizes = [d for d in dims if d is not None]
    wanted = [d for d in target if d is not None]
    if len(sizes) < len(dims) or len(wanted) < len(target):
        return tuple(None if d == -1 else d for d in target)
    size = math.prod(sizes)
    known = math.prod(d for d in wanted if d != -1)
    if -1 not in target and known != size:
        raise ShapeError(f"cannot reshape {format_shape(dims)} ({counted(size, 'value')}) to {format_shape(target)} "
                         f"({counted(known, 'value')})")
    if -1 in target and (known == 0 or size % known):
        reason = "its other dimensions multiply to 0" if known == 0 else f"{size:,} is not a multiple of {known:,}"
        raise ShapeError(f"cannot reshape {format_shape(dims)} ({counted(size, 'value')}) to {format_shape(target)}: "
                         f"{reason}")
    return tuple(size // known if d == -1 else d for d in target)
