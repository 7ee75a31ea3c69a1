"""Pure shape arithmetic, as Keras's `ops/operation_utils.py` does it.

Exact integers only (floor division, never floats), so a 10**30-pixel input
computes instantly and exactly. `None` is an unknown dimension and propagates
the way Keras propagates it. Shapes include the batch dimension at index 0.
"""

from __future__ import annotations

import math
from typing import Optional, Sequence, Tuple

from .errors import ShapeError

Dim = Optional[int]
Shape = Tuple[Dim, ...]


def format_shape(shape: Sequence[Dim]) -> str:
    """`(None, 26, 26, 64)`, the way Keras prints a shape (one-tuples without a trailing comma)."""
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + ")"


def conv_output_length(length: Dim, kernel: int, stride: int, padding: str, dilation: int) -> Dim:
    """One spatial dimension of a convolution's output.

    valid: floor((n - d·(k - 1) - 1) / s) + 1 — the dilated kernel must fit;
    same and causal: floor((n - 1) / s) + 1 = ceil(n / s) — the kernel does not shrink it.
    """
    if length is None:
        return None
    if padding == "valid":
        return (length - dilation * (kernel - 1) - 1) // stride + 1
    return (length - 1) // stride + 1


def pool_output_length(length: Dim, pool: int, stride: int, padding: str) -> Dim:
    """One spatial dimension of a pooling output: valid floor((n - p) / s) + 1, same ceil(n / s)."""
    if length is None:
        return None
    if padding == "valid":
        return (length - pool) // stride + 1
    return (length - 1) // stride + 1


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
            f"the {what} (axis {axis % len(shape)} of {format_shape(shape)}) must be known to create weights; it is None"
        )
    return dim


def normalize_axis(axis: int, ndim: int, shape: Shape) -> int:
    if not -ndim <= axis < ndim:
        raise ShapeError(f"axis={axis} is out of range for an input of shape {format_shape(shape)} (rank {ndim})")
    return axis % ndim


def flattened(dims: Sequence[Dim]) -> Dim:
    """Product of dimensions, None when any is unknown, 1 for none at all (as Keras's Flatten)."""
    if any(d is None for d in dims):
        return None
    return math.prod(dims)
