"""The shapes of the --format json document (one per spec), for type checkers: what Summary.to_dict and
LayerSummary.to_dict return. Imported only under TYPE_CHECKING, so it costs nothing at run time."""

from __future__ import annotations

from typing import TypedDict

from .shapes import Dim


class WeightDict(TypedDict):
    name: str
    shape: list[int]
    trainable: bool


class AxisFieldDict(TypedDict):
    size: int | float
    jump: int | float
    start: int | float


class LayerDict(TypedDict):
    name: str
    type: str
    inputs: list[str]
    input_shapes: list[list[Dim]]
    # None: never called, in a model Keras has not built; a list of shapes for a layer giving several outputs
    output_shape: list[Dim] | list[list[Dim]] | None
    params: int
    trainable_params: int
    non_trainable_params: int
    param_bytes: int
    trainable: str
    built: bool
    weights: list[WeightDict]
    macs: int | None
    flops: int | None
    activations: int | None
    activation_bytes: int | None
    receptive_field: list[AxisFieldDict] | None


class TensorDict(TypedDict):
    name: str
    shape: list[Dim]


class SummaryDict(TypedDict):
    name: str
    source: str
    inputs: list[TensorDict]
    outputs: list[TensorDict]
    input_shape: list[Dim] | None
    output_shape: list[Dim] | None
    layers: list[LayerDict]
    total_params: int
    trainable_params: int
    non_trainable_params: int
    total_bytes: int
    trainable_bytes: int
    non_trainable_bytes: int
    macs: int | None
    flops: int | None
    activation_bytes: int | None
    receptive_field: list[AxisFieldDict] | None
