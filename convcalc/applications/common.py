"""What every keras.applications builder shares: the graph it writes, Keras's checks of the arguments, the top.

A builder writes a model as Keras 3.15.1 builds it, layer by layer in Keras's order, each layer named (by the
session's counter when Keras leaves it unnamed), in the data form the YAML spec reader takes. Nothing runs Keras.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..graph_order import keras_order
from ..layers import REGISTRY

if TYPE_CHECKING:
    from ..readers.graph import KerasNames

Shape = tuple[int | None, ...]


class ApplicationError(ValueError):
    """An argument Keras refuses, with Keras's own message."""


@dataclass(frozen=True)
class Entry:
    """One layer: its kind, name, arguments and what it reads (one name, or a list when Keras passed a list)."""

    kind: str
    name: str
    args: dict[str, Any]
    inputs: str | list[str]


@dataclass(frozen=True)
class InputTensor:
    """A tensor the caller gives as `input_tensor`: its layer's name and its shape without the batch axis."""

    name: str
    shape: Shape


@dataclass
class Net:
    """The layers of one application model, in the order Keras makes them."""

    names: KerasNames
    name: str = ""
    input_name: str | None = None  # its own Input layer; None when built on a given input_tensor
    input_shape: Shape = ()
    input_ref: str = ""  # what the first layer reads: input_name, or the given tensor's layer
    entries: list[Entry] = field(default_factory=list)
    output: str = ""

    def input(self, shape: Shape, tensor: InputTensor | None) -> str:
        """Keras's `layers.Input(shape=input_shape)`, or the caller's tensor."""
        if tensor is not None:
            self.input_shape, self.input_ref = tensor.shape, tensor.name
        else:
            self.input_shape = shape
            self.input_name = self.input_ref = self.names.next("input_layer")
        return self.input_ref

    def __call__(self, kind: str, x: str | list[str], name: str | None = None, **args: Any) -> str:
        """`layers.Kind(**args, name=name)(x)`: the new layer's name."""
        layer_name = name or self.names.next(REGISTRY[kind].default_name)
        if name:
            args["name"] = name
        self.entries.append(Entry(kind, layer_name, args, x))
        return layer_name

    def spec(self) -> dict[str, Any]:
        """The model as a spec's data: `name`, `inputs`, `layers` (each with its `inputs:`), `outputs`."""
        layers = [_entry_data(entry) for entry in self.entries]
        inputs = {self.input_name: list(self.input_shape)} if self.input_name else {}
        return {"name": self.name, "inputs": inputs, "layers": layers, "outputs": [self.output]}


def _entry_data(entry: Entry) -> dict[str, Any]:
    """`{Kind: {arguments, name, inputs}}`; a Sequential model used as a layer holds its own `layers:` list."""
    args = dict(entry.args)
    if entry.kind == "Sequential":
        args["layers"] = [{inner.kind: {**inner.args, "name": inner.name}} for inner in args["layers"]]
        del args["input_name"]
    return {entry.kind: {**args, "name": entry.name, "inputs": entry.inputs}}


@dataclass
class Common:
    """The arguments every constructor takes, once checked."""

    include_top: bool
    weights: Any
    input_tensor: InputTensor | None
    input_shape: Any
    pooling: Any
    classes: int
    classifier_activation: Any


CLASSES_1000 = ("If using `weights='imagenet'` with `include_top=True`, `classes` should be 1000.  "
                "Received classes={classes}")
# The same check as other families word it.
CLASSES_RECEIVED = ('If using `weights="imagenet"` with `include_top=True`, `classes` should be 1000. '
                    "Received classes={classes}")
CLASSES_AS_TRUE = 'If using `weights="imagenet"` with `include_top` as true, `classes` should be 1000'


def check_weights(common: Common, classes_message: str = CLASSES_1000) -> None:
    """Keras's first two checks: weights is None, 'imagenet' or a file; 1000 classes with imagenet's top (each
    family words the second its own way: `classes_message`)."""
    if not (common.weights in ("imagenet", None) or isinstance(common.weights, str)):
        raise ApplicationError("The `weights` argument should be either `None` (random initialization), 'imagenet' "
                               "(pre-training on ImageNet), or the path to the weights file to be loaded.  "
                               f"Received: weights={common.weights}")
    if common.weights == "imagenet" and common.include_top and common.classes != 1000:
        raise ApplicationError(classes_message.format(classes=common.classes))


def given_shape(common: Common) -> Shape | None:
    """input_shape as given (a tuple), or None."""
    shape = common.input_shape
    if shape is None:
        return None
    if not isinstance(shape, list | tuple) or not all(d is None or isinstance(d, int) for d in shape):
        raise ApplicationError(f"`input_shape` must be a tuple of three integers. Received: input_shape={shape}")
    return tuple(shape)


def obtain_input_shape(common: Common, default_size: int, min_size: int, require_flatten: bool | None = None
                       ) -> Shape:
    """The input shape Keras settles on (channels last), with its errors."""
    require_flatten = common.include_top if require_flatten is None else require_flatten
    shape = given_shape(common)
    weights = common.weights
    if weights != "imagenet" and shape and len(shape) == 3:
        default: Shape = (default_size, default_size, shape[-1])
    else:
        default = (default_size, default_size, 3)
    if weights == "imagenet" and require_flatten:
        if shape is not None and shape != default:
            raise ApplicationError("When setting `include_top=True` and loading `imagenet` weights, `input_shape` "
                                   f"should be {default}.  Received: input_shape={shape}")
        return default
    if shape:
        if len(shape) != 3:
            raise ApplicationError("`input_shape` must be a tuple of three integers.")
        if shape[-1] != 3 and weights == "imagenet":
            raise ApplicationError(f"The input must have 3 channels; Received `input_shape={shape}`")
        if any(d is not None and d < min_size for d in shape[:2]):
            raise ApplicationError(f"Input size must be at least {min_size}x{min_size}; Received: "
                                   f"input_shape={shape}")
    elif require_flatten:
        shape = default
    else:
        shape = (None, None, 3)
    if require_flatten and None in shape:
        raise ApplicationError("If `include_top` is True, you should specify a static `input_shape`. "
                               f"Received: input_shape={shape}")
    return shape


def validate_activation(common: Common) -> None:
    """Pretrained weights allow only softmax or no activation on the classifier."""
    if common.weights is None:
        return
    if common.classifier_activation not in ("softmax", None, "linear"):
        raise ApplicationError("Only `None` and `softmax` activations are allowed for the `classifier_activation` "
                               "argument when using pretrained weights, with `include_top=True`; Received: "
                               f"classifier_activation={common.classifier_activation}")


def pooled(net: Net, x: str, common: Common, avg_name: str | None = None, max_name: str | None = None) -> str:
    """The `pooling` of a model without its top."""
    if common.pooling == "avg":
        return net("GlobalAveragePooling2D", x, avg_name)
    if common.pooling == "max":
        return net("GlobalMaxPooling2D", x, max_name)
    return x


def classifier_head(net: Net, x: str, common: Common, gap_name: str | None = None,
                    pooled_names: tuple[str | None, str | None] = (None, None)) -> str:
    """The top most families share: global average pooling, then a Dense `predictions` layer of `classes`;
    without the top, the `pooling` asked for."""
    if not common.include_top:
        return pooled(net, x, common, *pooled_names)
    x = net("GlobalAveragePooling2D", x, gap_name)
    validate_activation(common)
    return net("Dense", x, "predictions", units=common.classes, activation=common.classifier_activation)


def correct_pad(size: Shape, kernel_size: int) -> list[list[int]]:
    """Keras's padding before a strided 'valid' convolution: one less before when the size is even."""
    correct = kernel_size // 2
    if size[0] is None:
        adjust = (1, 1)
    else:
        adjust = (1 - size[0] % 2, 1 - (size[1] or 0) % 2)
    return [[correct - adjust[0], correct], [correct - adjust[1], correct]]


def conv_size(size: Shape, kernel: int, stride: int, padding: str, pad: tuple[int, int] = (0, 0)) -> Shape:
    """The spatial size after a (padded) convolution or pooling."""
    def one(n: int | None, extra: int) -> int | None:
        if n is None:
            return None
        n += extra
        return -(-n // stride) if padding == "same" else (n - kernel) // stride + 1
    return one(size[0], pad[0]), one(size[1], pad[1])


def make_divisible(value: float, divisor: int = 8, min_value: int | None = None) -> int:
    """MobileNet's and EfficientNet's channel rounding: a multiple of divisor, not more than 10 % below."""
    min_value = divisor if min_value is None else min_value
    rounded = max(min_value, int(value + divisor / 2) // divisor * divisor)
    return rounded + divisor if rounded < 0.9 * value else rounded


def keras_ordered(net: Net) -> list[Entry]:
    """The layers in the order Keras's `model.layers` lists them (its graph walk, not the order they were made)."""
    class _Reads:
        def __init__(self, inputs: str | list[str]):
            self.inputs = (inputs,) if isinstance(inputs, str) else tuple(inputs)

    by_name = {entry.name: entry for entry in net.entries}
    nodes: dict[str, _Reads] = {name: _Reads(entry.inputs) for name, entry in by_name.items()}
    nodes[net.input_ref] = _Reads([])  # its own input, or the given input_tensor's layer
    order, _ = keras_order(nodes, [net.input_ref], [net.output])
    return [by_name[name] for name in order if name in by_name]
