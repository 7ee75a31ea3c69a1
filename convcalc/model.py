"""Plain frozen data passed between the spec reader, the engine and the renderers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Optional, Tuple

from .layers import Weight
from .shapes import Shape


@dataclass(frozen=True)
class LayerSpec:
    """One layer entry of a spec, arguments already checked and defaulted.

    `line` and `arg_lines` locate it in its file for error messages; the engine
    passes them through without knowing where they came from.
    """

    kind: str
    name: str
    args: Mapping[str, Any]
    inputs: Tuple[str, ...]  # names of the layers (or model inputs) this one reads
    given: Tuple[str, ...] = ()
    line: Optional[int] = None
    arg_lines: Mapping[str, int] = None


@dataclass(frozen=True)
class ModelSpec:
    """A model: layers in definition order (inputs are layers of kind Input) and the outputs.

    `functional` is False for the `input_shape:` form, which Keras builds as a Sequential model
    (its summary has no InputLayer row).
    """

    name: str
    layers: Tuple[LayerSpec, ...]
    outputs: Tuple[str, ...]
    functional: bool = False
    source: str = "<spec>"


@dataclass(frozen=True)
class LayerSummary:
    name: str
    type: str
    inputs: Tuple[str, ...]
    input_shapes: Tuple[Shape, ...]
    output_shape: Shape
    weights: Tuple[Weight, ...]
    trainable: bool
    bytes_per_param: int

    @property
    def input_shape(self) -> Optional[Shape]:
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
        return sum(w.size * (w.bytes_per_param or self.bytes_per_param) for w in self.weights if w.trainable == trainable)

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

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "type": self.type,
            "inputs": list(self.inputs),
            "input_shapes": [list(shape) for shape in self.input_shapes],
            "output_shape": list(self.output_shape),
            "params": self.params,
            "trainable_params": self.trainable_params,
            "non_trainable_params": self.non_trainable_params,
            "param_bytes": self.trainable_bytes + self.non_trainable_bytes,
            "trainable": self.trainable_flag,
            "weights": [{"name": w.name, "shape": list(w.shape), "trainable": w.trainable} for w in self.weights],
        }


@dataclass(frozen=True)
class Summary:
    """What `convcalc.summarize` returns: every renderer reads only this.

    `layers` are Keras's summary rows in Keras's order (model inputs included only for a
    functional model, as Keras lists them). `sequential_like` is Keras's choice of table
    layout: without the "Connected to" column when the graph is a single chain.
    """

    name: str
    source: str
    layers: Tuple[LayerSummary, ...]
    inputs: Tuple[Tuple[str, Shape], ...]
    outputs: Tuple[Tuple[str, Shape], ...]
    functional: bool = False
    sequential_like: bool = True
    warnings: Tuple[str, ...] = ()

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

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "source": self.source,
            "inputs": [{"name": name, "shape": list(shape)} for name, shape in self.inputs],
            "outputs": [{"name": name, "shape": list(shape)} for name, shape in self.outputs],
            "input_shape": list(self.input_shape),
            "output_shape": list(self.output_shape),
            "layers": [layer.to_dict() for layer in self.layers],
            "total_params": self.total_params,
            "trainable_params": self.trainable_params,
            "non_trainable_params": self.non_trainable_params,
            "total_bytes": self.total_bytes,
            "trainable_bytes": self.trainable_bytes,
            "non_trainable_bytes": self.non_trainable_bytes,
        }
