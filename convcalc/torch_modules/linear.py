"""Linear, Bilinear, Identity, Embedding and the dropouts (identities at inference: torchinfo runs the model in eval
mode)."""

from __future__ import annotations

from .. import args as a
from ..args import REQUIRED, Arg
from ..costs import Cost, times
from ..errors import FeaturesError, ShapeError
from ..layers.base import Args, LayerKind, Weight
from ..shapes import Shape
from .base import FACTORY_ARGS, add, module, numel, weight_and_bias


def _linear_shape(args: Args, shape: Shape) -> Shape:
    if not shape:
        raise ShapeError("Linear needs an input with at least one axis, received a scalar")
    features = shape[-1]
    if features != args["in_features"]:
        raise FeaturesError(f"Linear({args['in_features']}, {args['out_features']}) receives {features} features",
                            f": write in_features: {features}", shape)
    return tuple(shape[:-1]) + (args["out_features"],)


def _linear_cost(args: Args, shape: Shape, out: Shape, weights: tuple[Weight, ...]) -> Cost:
    return Cost(times(weights[0].size, numel(out[1:-1]) if len(out) > 2 else 1), 0)


add(module("Linear", {"in_features": Arg(REQUIRED, a.positive_int), "out_features": Arg(REQUIRED, a.positive_int),
                      "bias": Arg(True, a.boolean), **FACTORY_ARGS},
           _linear_shape,
           lambda args, shape: weight_and_bias((args["out_features"], args["in_features"]), args["out_features"],
                                               args["bias"]),
           cost=_linear_cost, doc="out_features × in_features weights, plus out_features biases"))

def _bilinear_shape(args: Args, shapes: tuple[Shape, ...]) -> Shape:
    first, second = shapes
    for shape, key in ((first, "in1_features"), (second, "in2_features")):
        if not shape or shape[-1] != args[key]:
            raise ShapeError(f"Bilinear's input {1 if key == 'in1_features' else 2} has {shape[-1] if shape else 0} "
                             f"features, its {key} is {args[key]}: write {key}: {shape[-1] if shape else 0}")
    if tuple(first[:-1]) != tuple(second[:-1]):
        raise ShapeError(f"Bilinear's inputs differ before their last axis: {list(first)} and {list(second)}")
    return tuple(first[:-1]) + (args["out_features"],)


add(LayerKind(name="Bilinear", args={
    "in1_features": Arg(REQUIRED, a.positive_int), "in2_features": Arg(REQUIRED, a.positive_int),
    "out_features": Arg(REQUIRED, a.positive_int), "bias": Arg(True, a.boolean), **FACTORY_ARGS},
    output_shape=_bilinear_shape, arity=2, layer_args=False,
    weights=lambda args, shapes: weight_and_bias((args["out_features"], args["in1_features"], args["in2_features"]),
                                                 args["out_features"], args["bias"]),
    cost=lambda args, shapes, out, weights: Cost(times(weights[0].size, numel(out[1:-1]) if len(out) > 2 else 1), 0),
    doc="out_features × in1_features × in2_features weights, plus out_features biases; reads two tensors"))

add(module("Identity", {}, doc="no parameters; torch's Identity takes and ignores any argument"))


def _embedding_shape(args: Args, shape: Shape) -> Shape:
    return tuple(shape) + (args["embedding_dim"],)


add(module("Embedding", {
    "num_embeddings": Arg(REQUIRED, a.positive_int), "embedding_dim": Arg(REQUIRED, a.positive_int),
    "padding_idx": Arg(None, a.optional(a.integer)), "max_norm": Arg(None, a.optional(a.number)),
    "norm_type": Arg(2.0, a.number), "scale_grad_by_freq": Arg(False, a.boolean), "sparse": Arg(False, a.boolean),
    "_weight": Arg(None), "_freeze": Arg(False, a.boolean), **FACTORY_ARGS,
}, _embedding_shape, lambda args, shape: (Weight("weight", (args["num_embeddings"], args["embedding_dim"])),),
    doc="num_embeddings × embedding_dim parameters; reads integer indices"))

for _name in ("Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout", "FeatureAlphaDropout"):
    add(module(_name, {"p": Arg(0.5, a.fraction), "inplace": Arg(False, a.boolean)}, doc="no parameters"))
# torchvision.ops.StochasticDepth (EfficientNet's blocks): drops whole rows in training, an identity in eval mode
add(module("StochasticDepth", {"p": Arg(REQUIRED, a.fraction), "mode": Arg(REQUIRED, a.choice("batch", "row"))},
           doc="no parameters; torchvision.ops"))
