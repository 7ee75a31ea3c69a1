"""The pure-math engine: walks a ModelSpec's shapes layer by layer.

It knows the registry's shape and weight rules, nothing of YAML, click or rich.
"""

from __future__ import annotations

from dataclasses import replace

from .args import DTYPE_BYTES
from .errors import ShapeError, SpecError
from .layers import REGISTRY
from .model import LayerSummary, ModelSpec, Summary

DEFAULT_DTYPE = "float32"


def compute(spec: ModelSpec) -> Summary:
    shape = spec.input_shape
    rows = []
    for layer in spec.layers:
        kind = REGISTRY[layer.kind]
        try:
            output_shape = kind.output_shape(layer.args, shape)
            weights = kind.weights(layer.args, shape)
        except ShapeError as error:
            raise SpecError(str(error), source=spec.source, line=layer.line, layer=layer.name, kind=layer.kind)
        trainable = layer.args["trainable"]
        if not trainable:
            weights = tuple(replace(w, trainable=False) for w in weights)
        rows.append(LayerSummary(
            name=layer.name,
            type=layer.kind,
            input_shape=shape,
            output_shape=output_shape,
            weights=weights,
            trainable=trainable,
            bytes_per_param=DTYPE_BYTES[layer.args["dtype"] or DEFAULT_DTYPE],
        ))
        shape = output_shape
    return Summary(name=spec.name, source=spec.source, input_shape=spec.input_shape, layers=tuple(rows))
