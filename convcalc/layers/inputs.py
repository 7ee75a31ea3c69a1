"""Model inputs: keras.Input and keras.layers.InputLayer (rows of type InputLayer)."""

from __future__ import annotations

from .. import args as a
from ..args import Arg
from ..errors import ArgumentError
from ..shapes import Shape
from .base import NO_INPUT, Args, LayerKind, register


def _check_input_args(args: Args) -> None:
    if (args["shape"] is None) == (args["batch_shape"] is None):
        raise ArgumentError("shape", "give exactly one of `shape` (without the batch axis) and `batch_shape`")


def _input_shape(args: Args, shapes: tuple[()]) -> Shape:
    batch_shape: Shape | None = args["batch_shape"]
    if batch_shape is not None:
        return batch_shape
    shape: Shape = args["shape"]
    return (args["batch_size"],) + shape


def _input_dtype(value: object, name: str) -> object:
    """A model input may also hold text (`dtype="string"`, read by TextVectorization and StringLookup)."""
    return value if value in ("string", "bool") else a.dtype(value, name)


def input_kind(name: str) -> LayerKind:
    return LayerKind(
        name=name,
        reported_type="InputLayer",
        args={
            "shape": Arg(None, a.optional(a.input_dims)),
            "batch_size": Arg(None, a.optional(a.positive_int)),
            "batch_shape": Arg(None, a.optional(a.input_dims)),
            "dtype": Arg(None, _input_dtype),
            "sparse": Arg(False, a.boolean),
            "ragged": Arg(False, a.boolean),
            "optional": Arg(False, a.boolean),
            "name": Arg(None, a.optional(a.layer_name)),
            "tensor": Arg(None),
        },
        output_shape=_input_shape,
        check_args=_check_input_args,
        arity=NO_INPUT,
        # keras.Input's order; InputLayer's has input_tensor (not modelled) after batch_shape
        positional=("shape", "batch_size", "dtype", "sparse", "ragged", "batch_shape",
                    *(("name", "tensor", "optional") if name == "Input" else ())),
        layer_args=False,
        doc="a model input; no weights",
    )


register(input_kind("Input"))
register(input_kind("InputLayer"))
