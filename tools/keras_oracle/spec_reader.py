"""Reading convcalc's YAML specs into what the oracle hands to Keras (see the package docstring)."""

from pathlib import Path
from typing import Any

import yaml


class SpecError(Exception):
    """The YAML file is not a valid spec (a problem of the file, not Keras)."""


def tuples(value):
    """YAML lists -> tuples, recursively (Keras wants tuples for shapes)."""
    if isinstance(value, list):
        return tuple(tuples(v) for v in value)
    if isinstance(value, dict):
        return {k: tuples(v) for k, v in value.items()}
    return value


TOP_LEVEL_KEYS = ("name", "description", "input_shape", "inputs", "layers", "outputs", "budgets")
INPUT_CLASSES = ("Input", "InputLayer")
PREVIOUS = "<the entry above>"  # a graph layer without inputs: reads the entry above it


def _shape_list(value):
    return isinstance(value, list) and all(
        d is None or (isinstance(d, int) and not isinstance(d, bool)) for d in value
    )


def read_spec(path):
    """The spec file as (data, [(class_name, raw kwargs), ...]); budgets: and description: are ignored."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise SpecError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise SpecError(f"{path}: top level must be a mapping")
    unknown = set(data) - set(TOP_LEVEL_KEYS)
    if unknown:
        raise SpecError(f"{path}: unknown top-level keys {sorted(unknown)}")
    name = data.get("name", path.stem)
    if not isinstance(name, str):
        raise SpecError(f"{path}: name must be a string")
    raw_layers = data.get("layers")
    if not isinstance(raw_layers, list) or not raw_layers:
        raise SpecError(f"{path}: layers must be a non-empty list")
    entries: list[tuple[str, dict[str, Any]]] = []
    for i, entry in enumerate(raw_layers):
        if isinstance(entry, str):
            entries.append((entry, {}))
            continue
        if not (isinstance(entry, dict) and len(entry) == 1):
            raise SpecError(f"{path}: layers[{i}] must be a name or a one-key mapping")
        (cls_name, kwargs), = entry.items()
        if kwargs is None:
            kwargs = {}
        if not isinstance(cls_name, str) or not isinstance(kwargs, dict):
            raise SpecError(f"{path}: layers[{i}] must map a class name to kwargs")
        entries.append((cls_name, kwargs))
    return data, entries


def is_graph(data, entries):
    """Written as a graph (built as keras.Model(inputs, outputs)), as convcalc decides it: top-level
    inputs:/outputs:, a layer with inputs:, or an Input entry."""
    return bool({"inputs", "outputs"} & set(data)) or any(
        cls_name in INPUT_CLASSES or "inputs" in kwargs for cls_name, kwargs in entries
    )


def load_spec(path):
    """A Sequential spec (not is_graph): return (name, input_shape or None, [(class_name, kwargs), ...])."""
    path = Path(path)
    data, entries = read_spec(path)
    name = data.get("name", path.stem)
    input_shape = data.get("input_shape")
    if input_shape is not None:
        if not _shape_list(input_shape):
            raise SpecError(f"{path}: input_shape must be a list of ints/nulls")
        input_shape = tuple(input_shape)
    layers = [(cls_name, tuples(kwargs)) for cls_name, kwargs in entries]
    if input_shape is None and "input_shape" not in layers[0][1]:
        raise SpecError(
            f"{path}: no input_shape (top level, or as the first layer's kwarg)"
        )
    return name, input_shape, layers


def load_graph_spec(path):
    """A graph spec: return (name, [(input name or None, shape), ...],
    [(class_name, kwargs, reads), ...], outputs).

    ``reads`` is PREVIOUS, a name or a list of names (as written); ``outputs``
    is None (the last entry), a name or a list of names.
    """
    path = Path(path)
    data, entries = read_spec(path)
    name = data.get("name", path.stem)
    if "inputs" in data and "input_shape" in data:
        raise SpecError(f"{path}: input_shape and inputs both given")
    inputs: list[tuple[str | None, tuple[Any, ...]]] = []
    if "inputs" in data:
        if not isinstance(data["inputs"], dict) or not data["inputs"]:
            raise SpecError(f"{path}: inputs must map input names to shapes")
        for input_name, shape in data["inputs"].items():
            if not isinstance(input_name, str) or not _shape_list(shape):
                raise SpecError(f"{path}: inputs: {input_name!r} must map to a list of ints/nulls")
            inputs.append((input_name, tuple(shape)))
    elif "input_shape" in data:
        if not _shape_list(data["input_shape"]):
            raise SpecError(f"{path}: input_shape must be a list of ints/nulls")
        inputs.append((None, tuple(data["input_shape"])))
    layers = []
    for i, (cls_name, kwargs) in enumerate(entries):
        kwargs = dict(kwargs)
        reads = kwargs.pop("inputs", PREVIOUS)
        if not (reads is PREVIOUS or isinstance(reads, str) or (
            isinstance(reads, list) and reads and all(isinstance(r, str) for r in reads)
        )):
            raise SpecError(f"{path}: layers[{i}]: inputs must be a name or a list of names")
        if cls_name in INPUT_CLASSES and reads is not PREVIOUS:
            raise SpecError(f"{path}: layers[{i}]: an {cls_name} reads nothing")
        layers.append((cls_name, tuples(kwargs), reads))
    if not inputs and layers[0][0] not in INPUT_CLASSES and layers[0][2] is PREVIOUS and not (
        "input_shape" in layers[0][1] or "input_dim" in layers[0][1]
    ):
        raise SpecError(f"{path}: no input (inputs:, input_shape:, an Input entry or the first layer's input_shape)")
    outputs = data.get("outputs")
    if not (outputs is None or isinstance(outputs, str) or (
        isinstance(outputs, list) and outputs and all(isinstance(o, str) for o in outputs)
    )):
        raise SpecError(f"{path}: outputs must be a name or a list of names")
    return name, inputs, layers, outputs

