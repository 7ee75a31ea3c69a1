"""Activations: element-wise modules (the shape is kept; PReLU alone has a parameter)."""

from __future__ import annotations

from .. import args as a
from ..args import Arg
from ..errors import ShapeError
from ..layers.base import Args, Weight
from ..shapes import Shape, format_shape, normalize_axis
from .base import FACTORY_ARGS, add, module, per_value

INPLACE = {"inplace": Arg(False, a.boolean)}

for _name, _args in {
    "ReLU": INPLACE, "ReLU6": INPLACE, "SiLU": INPLACE, "Mish": INPLACE, "Hardswish": INPLACE,
    "Hardsigmoid": INPLACE, "Sigmoid": {}, "Tanh": {}, "Tanhshrink": {}, "Softsign": {}, "LogSigmoid": {},
    "LeakyReLU": {"negative_slope": Arg(0.01, a.number), **INPLACE},
    "ELU": {"alpha": Arg(1.0, a.number), **INPLACE},
    "CELU": {"alpha": Arg(1.0, a.number), **INPLACE},
    "SELU": INPLACE,
    "GELU": {"approximate": Arg("none", a.choice("none", "tanh", lower=False))},
    "Softplus": {"beta": Arg(1.0, a.number), "threshold": Arg(20.0, a.number)},
    "Hardtanh": {"min_val": Arg(-1.0, a.number), "max_val": Arg(1.0, a.number), **INPLACE},
    "Threshold": {"threshold": Arg(0.0, a.number), "value": Arg(0.0, a.number), **INPLACE},
}.items():
    add(module(_name, _args, doc="no parameters", cost=per_value(1)))


def _along_dim(args: Args, shape: Shape) -> Shape:
    """Softmax and LogSoftmax: the dim must be an axis of the input (None: torch's legacy choice of one)."""
    if args["dim"] is not None:
        normalize_axis(args["dim"], len(shape), shape)
    return shape


for _name in ("Softmax", "LogSoftmax", "Softmin"):
    add(module(_name, {"dim": Arg(None, a.optional(a.integer))}, _along_dim, doc="no parameters", cost=per_value(1)))


def _prelu_shape(args: Args, shape: Shape) -> Shape:
    count = args["num_parameters"]
    if count != 1 and (len(shape) < 2 or shape[1] != count):
        raise ShapeError(f"PReLU with num_parameters={count} receives {format_shape(shape)}: its channel axis "
                         f"(1) must hold {count} values, or write num_parameters: 1")
    return shape


add(module("PReLU", {"num_parameters": Arg(1, a.positive_int), "init": Arg(0.25, a.number), **FACTORY_ARGS},
           _prelu_shape, lambda args, shape: (Weight("weight", (args["num_parameters"],)),),
           doc="num_parameters slopes", cost=per_value(1)))
