"""Lazy modules: LazyConv*, LazyConvTranspose*, LazyLinear, LazyBatchNorm*, LazyInstanceNorm*.

Each is its module without the argument torch infers from the first input (in_channels, in_features,
num_features); at the first forward pass it becomes that module, which is the class torchinfo shows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ..costs import Cost
from ..errors import ArgumentError, ShapeError
from ..layers.base import Args, LayerKind, Weight
from ..shapes import Shape
from . import conv, linear, normalization  # noqa: F401  (the modules made lazy: registered first)
from .base import REGISTRY, add

Inferred = Callable[[Shape], int]


def _lazy(name: str, argument: str, inferred: Inferred, defaults: Mapping[str, object] | None = None) -> None:
    """`defaults`: where the lazy class's own differ (LazyInstanceNorm is affine and tracks its statistics)."""
    kind = REGISTRY[name]
    args = {key: arg._replace(default=(defaults or {}).get(key, arg.default))
            for key, arg in kind.args.items() if key != argument}

    def full(args: Args, shape: Shape) -> Args:
        bound = {**args, argument: inferred(shape)}
        try:
            kind.check_args(bound)
        except ArgumentError as error:
            raise ShapeError(f"{error.message} ({argument}={bound[argument]}, inferred from the input)") from None
        return bound

    def output_shape(args: Args, shape: Shape) -> Shape:
        return kind.output_shape(full(args, shape), shape)

    def weights(args: Args, shape: Shape) -> tuple[Weight, ...]:
        return kind.weights(full(args, shape), shape)

    def cost(args: Args, shape: Shape, out: Shape, found: tuple[Weight, ...]) -> Cost:
        return kind.cost(full(args, shape), shape, out, found)

    add(LayerKind(name=f"Lazy{name}", args=args,
                  output_shape=output_shape, weights=weights, cost=cost, reported_type=name, layer_args=False,
                  receptive_field=kind.receptive_field,
                  doc=f"{kind.doc}; {argument} inferred from the input"))


def _channels(rank: int) -> Inferred:
    return lambda shape: shape[-rank - 1] or 0 if len(shape) > rank else 0


for _rank in (1, 2, 3):
    _lazy(f"Conv{_rank}d", "in_channels", _channels(_rank))
    _lazy(f"ConvTranspose{_rank}d", "in_channels", _channels(_rank))
    _lazy(f"BatchNorm{_rank}d", "num_features", lambda shape: shape[1] or 0 if len(shape) > 1 else 0)
    _lazy(f"InstanceNorm{_rank}d", "num_features", _channels(_rank), {"affine": True, "track_running_stats": True})
_lazy("Linear", "in_features", lambda shape: shape[-1] or 0 if shape else 0)
