"""Numerical and categorical preprocessing: Discretization, CategoryEncoding.

(Normalization and Rescaling are in normalization.py, the image layers in augmentation.py.) Neither has
weights: Discretization keeps its bin boundaries as a Python list. Their shapes follow Keras 3.15's
compute_output_shape, quirks included (a rank-1 input loses its batch axis in multi_hot and count
modes). Costs: a lookup, not arithmetic, so none.
"""

from __future__ import annotations

from .. import args as a
from ..args import REQUIRED, Arg
from ..errors import ArgumentError
from ..shapes import Shape
from .base import Args, LayerKind, register


def _encoded(shape: Shape, depth: int, mode: str) -> Shape:
    """CategoryEncoding's shapes: one_hot adds an axis of `depth` (or replaces a last axis of 1);
    multi_hot and count replace the last axis with it."""
    if not shape:
        return (depth,)
    if mode == "one_hot":
        return shape[:-1] + (depth,) if shape[-1] == 1 and len(shape) > 1 else shape + (depth,)
    return shape[:-1] + (depth,)


def _bins(args: Args) -> int:
    boundaries = args["bin_boundaries"]
    return len(boundaries) + 1 if boundaries is not None else args["num_bins"]


def _discretized(args: Args, shape: Shape) -> Shape:
    """Discretization's shapes: int keeps it; one_hot as CategoryEncoding; multi_hot and count drop the
    second axis and add one of the bins' count (Keras 3.15's rule, which its eager call agrees with)."""
    mode, depth = args["output_mode"], _bins(args)
    if mode == "int":
        return shape
    if mode == "one_hot":
        return _encoded(shape, depth, mode)
    return (shape[0],) + shape[2:] + (depth,) if len(shape) >= 2 else (depth,)


def _check_discretization(args: Args) -> None:
    if (args["bin_boundaries"] is None) == (args["num_bins"] is None):
        raise ArgumentError("bin_boundaries", "give either `bin_boundaries` or `num_bins` (not both)")


def _boundaries(value: object, name: str) -> tuple[float, ...]:
    if not isinstance(value, list | tuple) or not all(isinstance(v, int | float) and not isinstance(v, bool)
                                                      for v in value):
        raise ArgumentError(name, f"`{name}` must be a list of numbers, received {value!r}")
    return tuple(value)


def _token_mode(value: object, name: str) -> object:
    """Keras reads the old name "binary" as multi_hot."""
    return a.choice("one_hot", "multi_hot", "count", lower=False)("multi_hot" if value == "binary" else value, name)


register(LayerKind(
    name="Discretization",
    args={"bin_boundaries": Arg(None, a.optional(_boundaries)), "num_bins": Arg(None, a.optional(a.positive_int)),
          "epsilon": Arg(0.01, a.number),
          "output_mode": Arg("int", a.choice("int", "one_hot", "multi_hot", "count", lower=False)),
          "sparse": Arg(False, a.boolean), "dtype": a.BASE_ARGS["dtype"], "name": a.BASE_ARGS["name"]},
    output_shape=_discretized,
    check_args=_check_discretization,
    layer_args=False,
    doc="no weights; each value becomes the index of its bin (or an encoding of len(bin_boundaries) + 1 bins)",
))
register(LayerKind(
    name="CategoryEncoding",
    args={"num_tokens": Arg(REQUIRED, a.positive_int), "output_mode": Arg("multi_hot", _token_mode),
          "sparse": Arg(False, a.boolean)},
    output_shape=lambda args, shape: _encoded(shape, args["num_tokens"], args["output_mode"]),
    doc="no weights; integer ids encoded over num_tokens",
))
