"""Plain frozen data passed between the spec reader, the engine and the renderers."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from .costs import ADAM_COPIES_PER_TRAINABLE, DEFAULT_COMPUTE_BYTES, NO_COST, Cost, Field, add, elements, times
from .errors import ShapeError
from .layers import Weight
from .shapes import Shape

if TYPE_CHECKING:  # the JSON document's shapes, for type checkers only (defining them costs ~1 ms of start-up)
    from .documents import AxisFieldDict, LayerDict, SummaryDict


class LayerSpec(NamedTuple):
    """One layer entry of a spec, arguments already checked and defaulted.

    `line` and `arg_lines` locate it in its file for error messages; the engine
    passes them through without knowing where they came from.
    """

    kind: str
    name: str
    args: Mapping[str, Any]
    inputs: tuple[str, ...]  # names of the layers (or model inputs) this one reads
    given: tuple[str, ...] = ()
    line: int | None = None
    arg_lines: Mapping[str, int | None] = MappingProxyType({})  # argument name -> its line, where known
    # A later call of layer `shares` (a shared layer), named "<layer>/<call>" (call_name): it computes its own
    # output with the weights of that layer, and the summary shows both as that layer's one row, as Keras does.
    shares: str | None = None
    # A torch functional operation (torch.flatten, `a + b`, F.relu): the next module reads its output, but torchinfo
    # shows no row for it and counts nothing of it. Keras models never have one.
    hidden: bool = False


def call_name(layer: str, call: int) -> str:
    """The name of call `call` of a layer in a ModelSpec: the layer's own for its first (0), "<layer>/<call>" for
    a shared layer's later ones."""
    return f"{layer}/{call}" if call else layer


def split_call(name: str) -> tuple[str, int]:
    """The layer and the call a row or graph name stands for: ("dense", 1) for "dense/1", a shared layer's
    second call; (name, 0) for any other name."""
    layer, _, call = name.rpartition("/")
    return (layer, int(call)) if layer and call.isdigit() else (name, 0)


class ModuleSpec(NamedTuple):
    """A PyTorch container module (nn.Sequential, later an nn.Module's attribute holding others).

    `name` is its path in the model as torch names it ("", the model itself; "3"; "features.1"); the layers and
    containers inside it are those whose names start with that path and a dot. torchinfo shows it as a row above
    them, at the depth of its path, with its output: that of `output`, the call its forward returns (an operation,
    perhaps), else of the last layer called inside it.
    """

    name: str
    type: str
    line: int | None = None
    output: str | None = None
    # Where a forward pass entered it: (the calls made before, the order of entering); None where the first call
    # inside places it (a YAML spec's Sequential), or where torch never calls it (`called` False: a ModuleList,
    # whose row shows no output)
    entered: tuple[int, int] | None = None
    called: bool = True
    # A leaf module its model's forward never calls (GoogLeNet's aux classifiers in eval mode): no row, but its
    # parameters count in the rows of the containers holding it and in torchinfo's Total params.
    unused_params: int = 0


def output_reference(node: str, index: int) -> str:
    """How a layer reads output `index` of a node that gives several (a recurrent layer's return_state, a layer
    class whose call returns a tuple): "<node>#<index>"; the node's own name for its first output."""
    return f"{node}#{index}" if index else node


def split_output(reference: str) -> tuple[str, int]:
    """The node and the output a reference reads: ("gru", 1) for "gru#1"; (reference, 0) otherwise."""
    node, _, index = reference.rpartition("#")
    return (node, int(index)) if node and index.isdigit() else (reference, 0)


def inside(name: str, container: str) -> bool:
    """Whether the module `name` is held (at any depth) by the container of path `container`."""
    return container == "" or name.startswith(container + ".")


class ModelSpec(NamedTuple):
    """A model: layers in definition order (inputs are layers of kind Input) and the outputs.

    `functional` is False for the `input_shape:` form, which Keras builds as a Sequential model
    (its summary has no InputLayer row).
    """

    name: str
    layers: tuple[LayerSpec, ...]
    outputs: tuple[str, ...]
    functional: bool = False
    source: str = "<spec>"
    warnings: tuple[str, ...] = ()  # what the reader noticed (Keras 3 ignoring an argument of old code)
    # A keras.Model subclass: its `layers` are the graph its call makes, and its rows are the layers it holds, in
    # the order Keras tracks them (as its attributes are set), rather than the graph's.
    tracked: tuple[str, ...] | None = None
    # The names Keras's session gave the mask operations of its Embeddings (mask_zero=True), by Embedding, where a
    # reader knows them (Python code: an earlier model's masks took the first ones); else counted in the model.
    mask_names: Mapping[str, str] = MappingProxyType({})
    # False for a model Keras has not built (never given an input): its layers read nothing, and its summary
    # shows each as Keras does, "?" for its shape and "0 (unbuilt)" unless Keras built it when it was made.
    built: bool = True
    # "keras" or "torch": which registry its kinds are in and which table is its summary. A torch model's layers are
    # its leaf modules, each named by its path; `modules` are its containers, the model itself ("") first.
    framework: str = "keras"
    modules: tuple[ModuleSpec, ...] = ()
    # The rows Keras shows by their output_shape (a subclass never called holding a model never called as a layer),
    # which writes several outputs' shapes as a tuple, where a layer called in a graph has them in a list.
    shapes_as_tuple: tuple[str, ...] = ()


class LayerSummary(NamedTuple):
    name: str
    type: str
    inputs: tuple[str, ...]
    input_shapes: tuple[Shape, ...]
    output_shape: Shape
    weights: tuple[Weight, ...]
    trainable: bool
    bytes_per_param: int
    args: Mapping[str, Any]  # as checked, with Keras's defaults filled in
    cost: Cost = NO_COST
    field: Field = None
    value_bytes: int = DEFAULT_COMPUTE_BYTES  # bytes of one activation value at the layer's compute dtype
    input_fields: tuple[Field, ...] = ()
    inner: Summary | None = None  # a model used as a layer: its own summary, computed on what this row reads
    called: bool = True  # False in a model Keras has not built: no output shape yet (Keras shows "?")
    built: bool = True  # False: Keras has not built it, and shows its count as "0 (unbuilt)"
    hidden: bool = False  # a torch functional operation (LayerSpec.hidden): no row, counted nowhere
    # Every output's shape, for a layer that gives several (Keras shows them as a list; its activations count them
    # all); `output_shape` is the first, which its cost rule reads.
    output_shapes: tuple[Shape, ...] = ()
    shapes_as_tuple: bool = False  # those written "((None, 2), (None, 2))", not "[...]" (ModelSpec's)

    def output(self, index: int) -> Shape:
        """The shape of output `index` (a reference "<name>#<index>" reads it)."""
        shapes = self.output_shapes or (self.output_shape,)
        if not 0 <= index < len(shapes):
            raise ShapeError(f"{self.name!r} gives {len(shapes)} output{'s' * (len(shapes) != 1)}; there is no "
                             f"output {index}")
        return shapes[index]

    @property
    def macs(self) -> int | None:
        return self.cost.macs

    @property
    def flops(self) -> int | None:
        return self.cost.flops

    @property
    def activations(self) -> int | None:
        """Values of this layer's output (all its outputs, for a layer giving several) for one sample."""
        if not self.called:
            return None
        total: int | None = 0
        for shape in self.output_shapes or (self.output_shape,):
            total = add(total, elements(shape))
        return total

    @property
    def output_bytes(self) -> int | None:
        return times(self.activations, self.value_bytes)

    @property
    def input_shape(self) -> Shape | None:
        """The shape this layer reads (the first one, for a merge); None for a model input."""
        return self.input_shapes[0] if self.input_shapes else None

    @property
    def params(self) -> int:
        return sum(w.size for w in self.weights)

    @property
    def trainable_params(self) -> int:
        return sum(w.size for w in self.weights if w.trainable)

    @property
    def non_trainable_params(self) -> int:
        return self.params - self.trainable_params

    def _bytes(self, trainable: bool) -> int:
        return sum(w.size * (w.bytes_per_param or self.bytes_per_param)
                   for w in self.weights if w.trainable == trainable)

    @property
    def trainable_bytes(self) -> int:
        return self._bytes(True)

    @property
    def non_trainable_bytes(self) -> int:
        return self._bytes(False)

    @property
    def trainable_flag(self) -> str:
        """Keras's Trainable column: Y, N, or - for a layer without weights."""
        if not self.weights:
            return "-"
        return "Y" if self.trainable else "N"

    def _output_json(self) -> list[int | None] | list[list[int | None]]:
        """Its output shape, or the list of its several outputs' shapes."""
        if self.output_shapes:
            return [list(shape) for shape in self.output_shapes]
        return list(self.output_shape)

    def to_dict(self) -> LayerDict:
        return {
            "name": self.name,
            "type": self.type,
            "inputs": list(self.inputs),
            "input_shapes": [list(shape) for shape in self.input_shapes],
            "output_shape": self._output_json() if self.called else None,
            "params": self.params,
            "trainable_params": self.trainable_params,
            "non_trainable_params": self.non_trainable_params,
            "param_bytes": self.trainable_bytes + self.non_trainable_bytes,
            "trainable": self.trainable_flag,
            "built": self.built,
            "weights": [{"name": w.name, "shape": list(w.shape), "trainable": w.trainable} for w in self.weights],
            "macs": self.macs,
            "flops": self.flops,
            "activations": self.activations,
            "activation_bytes": self.output_bytes,
            "receptive_field": field_dict(self.field),
        }


def field_dict(field: Field) -> list[AxisFieldDict] | None:
    """Per spatial axis: size and jump in input pixels, start as the first output's centre."""
    if not field:
        return None
    return [{"size": number(axis.size), "jump": number(axis.jump), "start": number(axis.start)} for axis in field]


def number(value: Fraction) -> int | float:
    """An int when whole, else a float: JSON has no fractions."""
    return int(value) if value.denominator == 1 else float(value)


class Summary(NamedTuple):
    """What `convcalc.summarize` returns: every renderer reads only this.

    `layers` are Keras's summary rows in Keras's order (model inputs included only for a
    functional model, as Keras lists them). `sequential_like` is Keras's choice of table
    layout: without the "Connected to" column when the graph is a single chain.
    """

    name: str
    source: str
    layers: tuple[LayerSummary, ...]
    inputs: tuple[tuple[str, Shape], ...]
    outputs: tuple[tuple[str, Shape], ...]
    functional: bool = False
    sequential_like: bool = True
    warnings: tuple[str, ...] = ()
    tensors: tuple[LayerSummary, ...] = ()  # every layer of the model, inputs too, even where Keras hides them
    # The rows of Keras's table when they are more than `layers`: a functional model's summary also lists the
    # operations computing a mask (Embedding(mask_zero=True)) that a layer reads, and that layer's
    # "Connected to" names them. Empty when the rows are `layers`.
    rows: tuple[LayerSummary, ...] = ()
    framework: str = "keras"  # as its ModelSpec's
    modules: tuple[ModuleSpec, ...] = ()  # a torch model's containers (ModelSpec.modules)

    @property
    def table_rows(self) -> tuple[LayerSummary, ...]:
        """The rows of Keras's summary table, in its order."""
        return self.rows or self.layers

    @property
    def counted(self) -> tuple[LayerSummary, ...]:
        """`tensors` less torch's functional operations (hidden rows): what every figure counts and a table shows."""
        return tuple(layer for layer in self.tensors if not layer.hidden)

    @property
    def cost(self) -> Cost:
        return sum((layer.cost for layer in self.counted), NO_COST)

    @property
    def macs(self) -> int | None:
        return self.cost.macs

    @property
    def flops(self) -> int | None:
        return self.cost.flops

    def activation_bytes(self, bytes_per_value: int | None = None) -> int | None:
        """Bytes of every layer's output (the inputs included) for one sample, at each layer's dtype
        or at `bytes_per_value`; None when a dimension is unknown."""
        total: int | None = 0
        for layer in self.counted:
            if layer.inner is None:
                total = add(total, times(layer.activations, bytes_per_value or layer.value_bytes))
            else:  # a model used as a layer: every output inside it, less its inputs (counted where they are made)
                inner_inputs = [row for row in layer.inner.tensors if not row.input_shapes]
                total = add(total, layer.inner.activation_bytes(bytes_per_value))
                for row in inner_inputs:
                    total = add(total, times(-1, row.activations, bytes_per_value or row.value_bytes))
        return total

    @property
    def receptive_field(self) -> Field:
        """The field of the last layer (in Keras's order) whose output is still spatial."""
        return next((layer.field for layer in reversed(self.tensors) if layer.field), None)

    def param_bytes(self, bytes_per_param: int | None = None) -> int:
        """Weight memory: as Keras counts it, or with every weight stored at `bytes_per_param`."""
        return self.total_bytes if bytes_per_param is None else self.total_params * bytes_per_param

    def training_bytes(self, batch_size: int, bytes_per_param: int | None = None) -> int | None:
        """A training estimate: every activation of the batch kept for the backward pass, plus the weights,
        and for each trainable weight its gradient and Adam's two moments, all at the weights' dtype."""
        activations = times(self.activation_bytes(bytes_per_param), batch_size)
        per_param = bytes_per_param or (self.total_bytes / self.total_params if self.total_params else 4)
        optimiser = round(ADAM_COPIES_PER_TRAINABLE * self.trainable_params * per_param)
        return add(activations, self.param_bytes(bytes_per_param) + optimiser)

    @property
    def input_shape(self) -> Shape:
        return self.inputs[0][1]

    @property
    def output_shape(self) -> Shape:
        return self.outputs[0][1]

    @property
    def total_params(self) -> int:
        return sum(layer.params for layer in self.layers)

    @property
    def trainable_params(self) -> int:
        return sum(layer.trainable_params for layer in self.layers)

    @property
    def non_trainable_params(self) -> int:
        return self.total_params - self.trainable_params

    @property
    def trainable_bytes(self) -> int:
        return sum(layer.trainable_bytes for layer in self.layers)

    @property
    def non_trainable_bytes(self) -> int:
        return sum(layer.non_trainable_bytes for layer in self.layers)

    @property
    def total_bytes(self) -> int:
        return self.trainable_bytes + self.non_trainable_bytes

    def to_dict(self) -> SummaryDict:
        return {
            "name": self.name,
            "source": self.source,
            "inputs": [{"name": name, "shape": list(shape)} for name, shape in self.inputs],
            "outputs": [{"name": name, "shape": list(shape)} for name, shape in self.outputs],
            "input_shape": list(self.input_shape) if self.inputs else None,  # none in a model Keras has not built
            "output_shape": list(self.output_shape) if self.outputs else None,
            "layers": [layer.to_dict() for layer in self.table_rows],  # Keras's rows, mask operations included
            "total_params": self.total_params,
            "trainable_params": self.trainable_params,
            "non_trainable_params": self.non_trainable_params,
            "total_bytes": self.total_bytes,
            "trainable_bytes": self.trainable_bytes,
            "non_trainable_bytes": self.non_trainable_bytes,
            "macs": self.macs,
            "flops": self.flops,
            "activation_bytes": self.activation_bytes(),
            "receptive_field": field_dict(self.receptive_field),
        }
