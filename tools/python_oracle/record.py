"""Run one example file with real Keras (stubs installed) and describe every model it leaves in a variable.

Printed as JSON on stdout by `python -m tools.python_oracle run FILE` in a fresh process, so that Keras's
per-session name counters start from zero for each file, as when a learner runs it.
"""

from __future__ import annotations

import importlib.util
import io
import itertools
import math
import runpy
import sys
import warnings
from contextlib import redirect_stdout
from typing import Any

import keras  # type: ignore[import-not-found, unused-ignore]

from . import stubs

_order = itertools.count()


def _track_creation_order() -> None:
    """Number every layer and model as it is made: the default model is the last one made."""
    original = keras.layers.Layer.__init__

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        if not hasattr(self, "_oracle_order"):
            object.__setattr__(self, "_oracle_order", next(_order))
        original(self, *args, **kwargs)

    keras.layers.Layer.__init__ = init


def _count(weights: Any) -> int:
    return sum(math.prod(w.shape) for w in weights)


def _shape(tensor: Any) -> Any:
    """A tensor's shape; for a layer giving several (return_state, a call returning a list), each one's."""
    if isinstance(tensor, list | tuple):
        return [_shape(item) for item in tensor]
    return [None if d is None else int(d) for d in tensor.shape]


def _dims(shape: Any) -> Any:
    """A shape, or a tuple of them (a model's several outputs), as lists."""
    if shape and all(isinstance(item, tuple) for item in shape):
        return [_dims(item) for item in shape]
    return [None if d is None else int(d) for d in shape]


def _output_shape(layer: Any) -> Any:
    """The output shape the summary shows (summary_utils.format_layer_shape): a shared layer's last call's; in a
    subclassed model, the shape its build shapes give, or None where Keras prints `?`."""
    nodes = getattr(layer, "_inbound_nodes", [])
    if nodes:
        return _shape(nodes[-1].output_tensors[0] if len(nodes) > 1 else layer.output)
    build_shapes = getattr(layer, "_build_shapes_dict", None)
    if not build_shapes:
        return None
    if hasattr(layer, "output_shape"):  # a model never called as a layer: the summary shows its output_shape
        return _dims(layer.output_shape)
    try:
        shape = layer.compute_output_shape(**build_shapes)
    except Exception:  # noqa: BLE001 - Keras prints `?` for a layer that cannot tell (NotImplementedError, ...)
        return None
    return [None if d is None else int(d) for d in shape] if isinstance(shape, tuple) else None


def _params(layer: Any) -> int | None:
    """What the summary's Param # column counts; None for a layer Keras shows as `0 (unbuilt)`."""
    if not hasattr(layer, "count_params"):
        return 0
    return int(layer.count_params()) if getattr(layer, "built", True) else None


def _summary(model: Any, show_trainable: bool) -> tuple[str, int | None]:
    chunks: list[str] = []
    model.summary(print_fn=lambda text, line_break=None: chunks.append(text), show_trainable=show_trainable)
    text = "".join(chunks)
    borders = [line for line in text.split("\n") if line.startswith("┏")]
    return text, (len(borders[0]) if borders else None)


def model_record(variables: list[str], model: Any) -> dict[str, Any]:
    # model.operations: the layers and the operations on tensors (x + y, ops.mean) that the summary shows as rows.
    layers = [{"name": layer.name, "type": type(layer).__name__, "output_shape": _output_shape(layer),
               "params": _params(layer),
               "trainable_params": _count(getattr(layer, "trainable_weights", [])),
               "non_trainable_params": _count(getattr(layer, "non_trainable_weights", []))}
              for layer in getattr(model, "operations", model.layers)]
    summary, width = _summary(model, False)
    summary_trainable, width_trainable = _summary(model, True)
    return {"variables": variables, "name": model.name, "class": type(model).__name__, "layers": layers,
            "total_params": _count(model.weights), "trainable_params": _count(model.trainable_weights),
            "non_trainable_params": _count(model.non_trainable_weights), "summary": summary,
            "summary_show_trainable": summary_trainable, "line_length": width,
            "line_length_show_trainable": width_trainable}


def run(path: str) -> dict[str, Any]:
    if importlib.util.find_spec("tensorflow") is not None:  # StringLookup and TextVectorization need the real one
        import tensorflow as tf  # type: ignore[import-not-found, import-untyped, unused-ignore]

        stubs._tensorflow = lambda: tf
    stubs.install()
    _track_creation_order()
    caught: list[str] = []
    with warnings.catch_warnings(record=True) as recorded, redirect_stdout(io.StringIO()):
        warnings.simplefilter("always")
        if path.endswith(".ipynb"):
            from .notebooks import run as run_notebook

            namespace = run_notebook(path)
        else:
            namespace = runpy.run_path(path, run_name="__main__")
        caught = [f"{w.category.__name__}: {w.message}" for w in recorded]
    variables: dict[int, list[str]] = {}
    found = {}
    for name, value in namespace.items():
        if isinstance(value, keras.Model) and not name.startswith("_"):
            variables.setdefault(id(value), []).append(name)
            found[id(value)] = value
    ordered = sorted(found.values(), key=lambda model: getattr(model, "_oracle_order", -1))
    models = [model_record(variables[id(model)], model) for model in ordered]
    return {"keras_version": keras.__version__, "models": models,
            "default": models[-1]["name"] if models else None, "warnings": sorted(set(caught))}


def main(path: str) -> None:
    import json

    sys.stdout.write(json.dumps(run(path), sort_keys=True) + "\n")
