"""Keras's own constructor signatures and class aliases, recorded so convcalc's tests can check its layer
registry (positional order of arguments, alias names like MaxPool2D) without Keras installed."""

from __future__ import annotations

import inspect
from typing import Any

import keras  # type: ignore[import-not-found, unused-ignore]


def _positional(function: Any, skip: int) -> list[str]:
    parameters = list(inspect.signature(function).parameters.values())[skip:]
    return [p.name for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]


def record() -> dict[str, Any]:
    layers = {}
    for name in sorted(dir(keras.layers)):
        value = getattr(keras.layers, name)
        if isinstance(value, type) and issubclass(value, keras.layers.Layer):
            layers[name] = {"class": value.__name__, "positional": _positional(value, 0)}
    functions = {name: _positional(getattr(keras.layers, name), 0)
                 for name in ("add", "subtract", "multiply", "average", "maximum", "minimum", "concatenate")}
    return {"keras_version": keras.__version__, "layers": layers, "merge_functions": functions,
            "Input": _positional(keras.Input, 0), "Sequential": _positional(keras.Sequential.__init__, 1),
            "Sequential.build": _positional(keras.Sequential.build, 1)}
