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
    given: Tuple[str, ...]
    line: Optional[int] = None
    arg_lines: Mapping[str, int] = None


@dataclass(frozen=True)
class ModelSpec:
    name: str
    input_shape: Shape
    layers: Tuple[LayerSpec, ...]
    source: str = "<spec>"
    line: Optional[int] = None


@dataclass(frozen=True)
class LayerSummary:
    name: str
    type: str
    input_shape: Shape
    output_shape: Shape
    weights: Tuple[Weight, ...]
    trainable: bool
    bytes_per_param: int

    @property
    def params(self) -> int:
        return sum(w.size for w in self.weights)

    @property
    def trainable_params(self) -> int:
        return sum(w.size for w in self.weights if w.trainable)

    @property
    def non_trainable_params(self) -> int:
        return self.params - self.trainable_params

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
            "input_shape": list(self.input_shape),
            "output_shape": list(self.output_shape),
            "params": self.params,
            "trainable_params": self.trainable_params,
            "non_trainable_params": self.non_trainable_params,
            "param_bytes": self.params * self.bytes_per_param,
            "trainable": self.trainable_flag,
            "weights": [{"name": w.name, "shape": list(w.shape), "trainable": w.trainable} for w in self.weights],
        }


@dataclass(frozen=True)
class Summary:
    """What `convcalc.summarize` returns: every renderer reads only this."""

    name: str
    source: str
    input_shape: Shape
    layers: Tuple[LayerSummary, ...]

    @property
    def output_shape(self) -> Shape:
        return self.layers[-1].output_shape if self.layers else self.input_shape

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
        return sum(layer.trainable_params * layer.bytes_per_param for layer in self.layers)

    @property
    def non_trainable_bytes(self) -> int:
        return sum(layer.non_trainable_params * layer.bytes_per_param for layer in self.layers)

    @property
    def total_bytes(self) -> int:
        return self.trainable_bytes + self.non_trainable_bytes

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "source": self.source,
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
