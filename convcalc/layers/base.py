"""What a layer kind is, and the registry every kind is entered in.

A kind is its Keras constructor arguments (defaults and checks), its
output-shape rule and its weights rule (names, shapes, trainable). Kinds live
in the modules of this package by Keras's own grouping (conv, pooling, core,
...); adding a layer is one `register(LayerKind(...))` entry there (or
`register(elementwise(...))` for a layer that maps each value on its own) plus one row
in tests/test_layers.py. Shapes include the batch axis at index 0, as Keras
reports them.

The machinery is shared: PyTorch's modules (convcalc.torch_modules) are LayerKinds too, entered in their own
Registry with `register(kind, registry)`; they set layer_args=False (none of Keras's BASE_ARGS) and leave the
Keras-only fields (mask, names, type_argument) at their defaults.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple, TypeAlias

from .. import args as a
from ..args import REQUIRED, Arg
from ..costs import NO_COST, Cost, Field
from ..errors import ArgumentError, ArgumentErrors, closest, did_you_mean
from ..shapes import Shape, normalize_axis


class Weight(NamedTuple):
    """One variable a layer creates, as Keras's layer.weights lists it."""

    name: str
    shape: tuple[int, ...]
    trainable: bool = True
    bytes_per_param: int | None = None  # fixed by Keras whatever the layer's dtype (LoRA factors, counters)

    @property
    def size(self) -> int:
        return math.prod(self.shape)


Args: TypeAlias = Mapping[str, Any]  # arguments as bound: each of the type its checker returns
# What a kind's rules receive depends on its `arity` (see LayerKind): a Shape for one input, a tuple of Shapes
# for a merge, () for a model input; likewise a Field or a tuple of Fields. Python's types cannot tie that to a
# value, so each rule's own signature says which it takes.
Received: TypeAlias = Any
ReceivedFields: TypeAlias = Any
ShapeRule: TypeAlias = Callable[[Args, Received], Shape]
WeightsRule: TypeAlias = Callable[[Args, Received], tuple[Weight, ...]]
CostRule: TypeAlias = Callable[[Args, Received, Shape, tuple[Weight, ...]], Cost]  # (args, input(s), output, weights)
FieldRule: TypeAlias = Callable[[Args, Received, ReceivedFields], Field]  # (args, input(s), their field(s))


def _no_weights(args: Args, received: Received) -> tuple[Weight, ...]:
    return ()


def _no_check(args: Args) -> None:
    return None


def _no_cost(args: Args, received: Received, output_shape: Shape, weights: tuple[Weight, ...]) -> Cost:
    return NO_COST


def same_shape(args: Args, input_shape: Shape) -> Shape:
    """The rule of layers that change values, not shapes (activations, dropouts, ...)."""
    return input_shape


def axis_tuple(axis: int | tuple[int, ...] | None) -> tuple[int, ...]:
    """An `axis` argument (None, an int or a tuple of ints) as a tuple."""
    return () if axis is None else (axis,) if isinstance(axis, int) else axis


def axes_in_range(axes: tuple[int, ...], shape: Shape) -> tuple[int, ...]:
    """`axes` counted from 0, each refused unless it is within the rank of `shape`."""
    return tuple(normalize_axis(axis, len(shape), shape) for axis in axes)


def same_shape_along_axes(args: Args, shape: Shape) -> Shape:
    """The rule of layers computing along their `axis` (Softmax, UnitNormalization): the shape is kept, and
    each axis must be within the input's rank."""
    axes_in_range(axis_tuple(args["axis"]), shape)
    return shape


def snake_case(class_name: str) -> str:
    """Keras's naming.to_snake_case: Conv2D -> conv2d, MaxPooling2D -> max_pooling2d."""
    name = re.sub(r"\W+", "", class_name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


ONE_INPUT, ANY_INPUTS, NO_INPUT = 1, None, 0

# What a layer does with the mask of its input (Keras's supports_masking, compute_mask and a call that takes
# `mask`). A mask only starts at an Embedding with mask_zero=True; Keras computes it with operations (NotEqual,
# LogicalOr) that a functional model's summary lists as rows, and draws a layer whose call takes the mask as
# reading that operation too.
DROPS_MASK = ""  # the output has no mask (Keras's default)
KEEPS_MASK = "keeps"  # the output has the input's mask
READS_MASK = "reads"  # the call takes the mask (an input in "Connected to"); the output keeps it
READS_AND_DROPS_MASK = "reads, drops"  # the call takes the mask; the output has none
MAKES_MASK = "makes"  # Embedding: a new mask, not_equal(inputs, 0), when mask_zero is set
ORS_MASKS = "ors"  # merges: when every input has a mask, logical_or of them
MASKS_UNMODELLED = "unmodelled"  # Concatenate: Keras's mask operations for it are not modelled
SEQUENCE_MASK = "sequences"  # recurrent layers: READS_MASK with return_sequences (their own or their layer's), else
# READS_AND_DROPS_MASK
MASK_RULES = (DROPS_MASK, KEEPS_MASK, READS_MASK, READS_AND_DROPS_MASK, MAKES_MASK, ORS_MASKS, MASKS_UNMODELLED,
              SEQUENCE_MASK)


def sequence_mask_rule(args: Args) -> str:
    """SEQUENCE_MASK for these arguments: a wrapper's (Bidirectional) are its wrapped layer's, as written."""
    wrapped = args.get("layer")
    given = next(iter(wrapped.values())) if isinstance(wrapped, Mapping) else args
    return READS_MASK if given.get("return_sequences") else READS_AND_DROPS_MASK


class LayerKind(NamedTuple):
    """One Keras layer class.

    `arity` says what the shape and weights rules receive: ONE_INPUT (the default) a shape,
    ANY_INPUTS (merges) a tuple of shapes, NO_INPUT (model inputs) an empty tuple.
    """

    name: str
    args: Mapping[str, Arg]
    output_shape: ShapeRule
    weights: WeightsRule = _no_weights
    check_args: Callable[[Args], None] = _no_check
    arity: int | None = ONE_INPUT
    cost: CostRule = _no_cost  # MACs and element-wise FLOPs beyond bias and activation (the engine adds those)
    receptive_field: FieldRule | None = None  # None: the field is kept when the shape is, else dropped
    reported_type: str = ""  # the class Keras reports, when it differs from `name` (Input -> InputLayer)
    layer_args: bool = True  # whether the arguments of keras.layers.Layer apply
    mask: str = DROPS_MASK  # what the layer does with a Keras mask (Embedding's mask_zero): see MASK_RULES
    doc: str = ""
    nested: bool = False  # a model used as a layer: the engine computes its `model` argument (rules unused)
    type_argument: str = ""  # the argument naming the class Keras reports, when each layer says (declared layers)
    positional: tuple[str, ...] = ()  # Keras's constructor parameters a caller may give by position, when not `args`
    # The names of the layers Keras's constructor makes inside it (RandAugment's), each taken from the session's
    # counter after the layer's own name.
    inner_names: Callable[[Args], tuple[str, ...]] | None = None
    # The names of the layers its `build` makes (MultiHeadAttention's Softmax and Dropout), taken from the counter
    # when it is first called: none for a layer never called.
    build_names: tuple[str, ...] = ()
    # Keras marks the layer built when it is made (its class has no `build`: pools, dropouts, activations), so a
    # model never called shows its count, 0, rather than "0 (unbuilt)".
    built_at_init: bool = False
    # A recurrent layer's first states (`layer(x, initial_state=s)`): their shapes for these arguments and the
    # sequence's shape. Keras connects them as inputs after the sequence; the rules read the sequence alone.
    states: Callable[[Args, Shape], tuple[Shape, ...]] | None = None

    @property
    def positional_args(self) -> tuple[str, ...]:
        """The arguments `Conv2D(64, (3, 3))` gives by position, in the order of Keras's signature."""
        return self.positional or tuple(self.args)

    @property
    def type_name(self) -> str:
        return self.reported_type or self.name

    def reported(self, args: Args) -> str:
        """The class this layer's row shows."""
        return args[self.type_argument] if self.type_argument else self.type_name

    @property
    def all_args(self) -> Mapping[str, Arg]:
        """Its own arguments and, unless layer_args is False, those every Keras layer takes."""
        return {**a.BASE_ARGS, **self.args} if self.layer_args else self.args

    @property
    def default_name(self) -> str:
        return snake_case(self.type_name)

    def bind(self, given: Mapping[str, Any]) -> dict[str, Any]:
        """Check the user's arguments and fill in Keras's defaults; every bad argument is reported
        (ArgumentErrors when there are several), and the layer's own checks run once they are all valid."""
        all_args = self.all_args
        errors = [ArgumentError(key, f"unknown argument `{key}` for {self.name}"
                                + (a.tuple_advice(key) or did_you_mean(key, all_args)))
                  for key in given if key not in all_args]
        misspelt = {closest(error.argument, all_args) for error in errors}  # `unit` is not also a missing `units`
        bound = {}
        for key, spec in all_args.items():
            try:
                if key in given:
                    value = given[key]
                    bound[key] = spec.check(value, key) if spec.check else value
                elif spec.default is REQUIRED:
                    if key in misspelt:
                        continue
                    raise ArgumentError(key, f"missing required argument `{key}`")
                else:
                    bound[key] = spec.check(spec.default, key) if spec.check else spec.default
            except ArgumentError as error:
                errors.append(error)
        if len(errors) > 1:
            raise ArgumentErrors(errors)
        if errors:
            raise errors[0]
        self.check_args(bound)
        return bound


def elementwise(name: str, args: Mapping[str, Arg], cost: CostRule = _no_cost, *, layer_args: bool = True,
                positional: tuple[str, ...] = (), built_at_init: bool = True) -> LayerKind:
    """A layer that maps each value on its own (activations, dropouts, noise, rescaling): the shape and the
    mask pass through, there are no weights; `cost` counts its FLOPs (none: the identity at inference)."""
    return LayerKind(name=name, args=args, output_shape=same_shape, cost=cost, layer_args=layer_args,
                     mask=KEEPS_MASK, doc="no weights", positional=positional, built_at_init=built_at_init)


def weight_params(*weights: str, activity: bool = True) -> tuple[str, ...]:
    """Keras's order of weight arguments in a signature: the initializers, the regularizers (and
    activity_regularizer), then the constraints, each in the order of `weights`."""
    regularizers = tuple(f"{w}_regularizer" for w in weights) + (("activity_regularizer",) if activity else ())
    return tuple(f"{w}_initializer" for w in weights) + regularizers + tuple(f"{w}_constraint" for w in weights)


Registry: TypeAlias = dict[str, LayerKind]  # class name -> kind; Keras's here, PyTorch's in convcalc.torch_modules
REGISTRY: Registry = {}
ALIASES: dict[str, str] = {}  # another name keras.layers exports for a class -> the class's name (aliases.py)


def register(kind: LayerKind, registry: Registry = REGISTRY) -> None:
    """Enter a kind in Keras's registry, or in another framework's (`registry`): the machinery is shared."""
    registry[kind.name] = kind


def lookup(name: str) -> LayerKind | None:
    """The kind of a class name or of one of Keras's aliases for it (MaxPool2D -> MaxPooling2D)."""
    return REGISTRY.get(ALIASES.get(name, name))


# --- shared weight rules -----------------------------------------------------------------------

FLOAT32_BYTES = 4


def lora_factors(name: str, shape: tuple[int, ...], rank: int) -> tuple[Weight, ...]:
    """The two low-rank factors Keras adds beside a frozen `name` weight; always float32 variables."""
    return (Weight(f"lora_{name}_a", shape[:-1] + (rank,), bytes_per_param=FLOAT32_BYTES),
            Weight(f"lora_{name}_b", (rank, shape[-1]), bytes_per_param=FLOAT32_BYTES))


def bias(args: Args, size: int) -> tuple[Weight, ...]:
    return (Weight("bias", (size,)),) if args["use_bias"] else ()


def kernel_and_bias(kernel_shape: tuple[int, ...], bias_size: int, args: Args) -> tuple[Weight, ...]:
    """Kernel plus optional bias; with lora_rank (Conv*D, Dense) Keras freezes the kernel and adds two factors."""
    rank = args.get("lora_rank")
    weights = (Weight("kernel", kernel_shape, trainable=rank is None),) + bias(args, bias_size)
    return weights + (lora_factors("kernel", kernel_shape, rank) if rank is not None else ())


