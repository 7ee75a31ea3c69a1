"""Attention: MultiHeadAttention, Attention, AdditiveAttention.

Each reads its inputs in Keras's order, query, value and (optionally) key, the key being the value when
it is left out: `mha(query, value)` in Python, `inputs: [query, value]` in a spec. The output has the
query's positions; its last axis is the value's (Attention, AdditiveAttention) or MultiHeadAttention's
output_shape (by default the query's last axis).

Costs (MACs): MultiHeadAttention's four projections once per position they read, plus the scores
(query · key) and the weighted sum of the values: heads × query positions × key positions × key_dim and
× value_dim. Attention and AdditiveAttention: the same two products with the features of one head.
Softmax is not counted.
"""

from __future__ import annotations

from typing import Any

from .. import args as a
from ..args import REQUIRED, Arg
from ..costs import Cost, times
from ..errors import ArgumentError, ShapeError
from ..shapes import Shape, format_shape, known_dim
from .base import ANY_INPUTS, Args, LayerKind, Weight, register, weight_params


def _query_value_key(shapes: tuple[Shape, ...], kind: str) -> tuple[Shape, Shape, Shape]:
    if len(shapes) not in (2, 3):
        raise ShapeError(f"{kind} reads [query, value] or [query, value, key]; received {len(shapes)} "
                         f"input{'s' if len(shapes) != 1 else ''}")
    query, value = shapes[0], shapes[1]
    key = shapes[2] if len(shapes) == 3 else value
    for name, shape in (("query", query), ("value", value), ("key", key)):
        if len(shape) < 2:
            raise ShapeError(f"the {name} of {kind} needs a feature axis; received {format_shape(shape)}")
    return query, value, key


def _positions(shape: Shape) -> int | None:
    """The positions of a (batch, ..., features) tensor: the product of the axes between."""
    return times(*shape[1:-1])


# --- MultiHeadAttention --------------------------------------------------------------------------

def _output_dims(args: Args, query: Shape) -> tuple[int, ...]:
    out = args["output_shape"]
    if out is None:
        return (known_dim(query, -1, "query's last dimension"),)
    return (out,) if isinstance(out, int) else tuple(out)


def _mha_shape(args: Args, shapes: tuple[Shape, ...]) -> Shape:
    query, value, key = _query_value_key(shapes, "MultiHeadAttention")
    for name, shape in (("query", query), ("value", value), ("key", key)):
        known_dim(shape, -1, f"{name}'s last dimension")
    return query[:-1] + _output_dims(args, query)


def _mha_weights(args: Args, shapes: tuple[Shape, ...]) -> tuple[Weight, ...]:
    """Per projection a kernel (features, heads, dim) and a bias (heads, dim); the output's kernel
    (heads, value_dim, *output) and bias (*output)."""
    query, value, key = _query_value_key(shapes, "MultiHeadAttention")
    heads, key_dim = args["num_heads"], args["key_dim"]
    value_dim = args["value_dim"] or key_dim
    out = _output_dims(args, query)
    weights: list[Weight] = []
    for name, shape, dim in (("query", query, key_dim), ("key", key, key_dim), ("value", value, value_dim)):
        weights.append(Weight(f"{name}/kernel", (known_dim(shape, -1, f"{name}'s last dimension"), heads, dim)))
        weights += [Weight(f"{name}/bias", (heads, dim))] if args["use_bias"] else []
    weights.append(Weight("attention_output/kernel", (heads, value_dim) + out))
    weights += [Weight("attention_output/bias", out)] if args["use_bias"] else []
    return tuple(weights)


def _mha_cost(args: Args, shapes: tuple[Shape, ...], output: Shape, weights: tuple[Weight, ...]) -> Cost:
    query, value, key = _query_value_key(shapes, "MultiHeadAttention")
    sizes = {w.name: w.size for w in weights}
    heads, key_dim = args["num_heads"], args["key_dim"]
    value_dim = args["value_dim"] or key_dim
    q, k = _positions(query), _positions(key)
    projections = [times(q, sizes["query/kernel"]), times(k, sizes["key/kernel"]),
                   times(_positions(value), sizes["value/kernel"]), times(q, sizes["attention_output/kernel"])]
    products = [times(heads, q, k, key_dim), times(heads, q, k, value_dim)]
    macs = None if None in projections + products else sum(m for m in projections + products if m is not None)
    return Cost(macs, 0)


def _output_shape_arg(value: Any, name: str) -> Any:
    if value is None:
        return None
    if isinstance(value, list | tuple) and value:
        return a.int_tuple(len(value))(value, name)
    return a.positive_int(value, name)


def _check_mha(args: Args) -> None:
    for key in ("sliding_window", "use_gate"):
        if args[key]:
            raise ArgumentError(key, f"`{key}` is not modelled by convcalc; leave it out")


MHA_ARGS = {
    "num_heads": Arg(REQUIRED, a.positive_int), "key_dim": Arg(REQUIRED, a.positive_int),
    "value_dim": Arg(None, a.optional(a.positive_int)), "dropout": Arg(0.0, a.fraction),
    "use_bias": Arg(True, a.boolean), "output_shape": Arg(None, _output_shape_arg),
    "attention_axes": Arg(None, a.optional(a.axes)), "sliding_window": Arg(None), "flash_attention": Arg(None),
    **a.weight_args("kernel"), **a.weight_args("bias", "zeros"),
    "use_gate": Arg(False, a.boolean), "seed": Arg(None, a.optional(a.integer)),
}
register(LayerKind(
    name="MultiHeadAttention",
    args=MHA_ARGS,
    output_shape=_mha_shape,
    weights=_mha_weights,
    check_args=_check_mha,
    arity=ANY_INPUTS,
    cost=_mha_cost,
    build_names=("softmax", "dropout"),
    positional=("num_heads", "key_dim", "value_dim", "dropout", "use_bias", "output_shape", "attention_axes",
                "sliding_window", "flash_attention", *weight_params("kernel", "bias"), "use_gate", "seed"),
    doc="query, key and value kernels (D × heads × dim) and biases, and the output's (heads × value_dim × D_out)",
))


# --- Attention, AdditiveAttention ----------------------------------------------------------------

def _dot_shape(kind: str) -> Any:
    def output_shape(args: Args, shapes: tuple[Shape, ...]) -> Shape:
        """The query's positions with the value's features; the query and the key must have the same features
        (Keras finds out only when data flows)."""
        query, value, key = _query_value_key(shapes, kind)
        if None not in (query[-1], key[-1]) and query[-1] != key[-1]:
            raise ShapeError(f"the query's features ({query[-1]}) and the key's ({key[-1]}) must be equal: "
                             f"{kind} scores them against each other")
        return query[:-1] + value[-1:]

    return output_shape


def _dot_cost(args: Args, shapes: tuple[Shape, ...], output: Shape, weights: tuple[Weight, ...]) -> Cost:
    query, value, key = _query_value_key(shapes, "Attention")
    q, k, features, values = _positions(query), _positions(key), query[-1], value[-1]
    if q is None or k is None or features is None or values is None:
        return Cost(None, 0)
    return Cost(q * k * (features + values), 0)


def _attention_weights(args: Args, shapes: tuple[Shape, ...]) -> tuple[Weight, ...]:
    return ((Weight("scale", ()),) if args["use_scale"] else ()) + (
        (Weight("concat_score_weight", ()),) if args["score_mode"] == "concat" else ())


def _additive_weights(args: Args, shapes: tuple[Shape, ...]) -> tuple[Weight, ...]:
    """A scale per feature of the query."""
    query, _, _ = _query_value_key(shapes, "AdditiveAttention")
    return (Weight("scale", (known_dim(query, -1, "query's last dimension"),)),) if args["use_scale"] else ()


register(LayerKind(
    name="Attention",
    args={"use_scale": Arg(False, a.boolean), "score_mode": Arg("dot", a.choice("dot", "concat", lower=False)),
          "dropout": Arg(0.0, a.fraction), "seed": Arg(None, a.optional(a.integer))},
    output_shape=_dot_shape("Attention"),
    weights=_attention_weights,
    arity=ANY_INPUTS,
    cost=_dot_cost,
    doc="a scalar scale with use_scale, another with score_mode concat",
))
register(LayerKind(
    name="AdditiveAttention",
    args={"use_scale": Arg(True, a.boolean), "dropout": Arg(0.0, a.fraction)},
    output_shape=_dot_shape("AdditiveAttention"),
    weights=_additive_weights,
    arity=ANY_INPUTS,
    cost=_dot_cost,
    doc="a scale per query feature (use_scale)",
))
