"""Keras's JSON as plain entries: the Keras 3 format (module, inbound_nodes of args/kwargs) and tf.keras 2.x's
(batch_input_shape, inbound_nodes as nested lists, class_name Model, TFOpLambda's calls) read into one shape of
data.

Nothing here knows layer kinds: layers.py maps classes and arguments, model.py wires the graph.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from ...errors import SpecError

MAX_LAYERS = 100_000  # as in a YAML spec: more would exhaust memory
MAX_DEPTH = 64  # nesting of JSON values; Keras's deepest (a nested model's initializer) is about 12
KNOWN_MAJOR_VERSIONS = ("2", "3")
MODEL_CLASSES = ("Sequential", "Functional", "Model")
OPERATION_CLASSES = ("TFOpLambda", "SlicingOpLambda")  # tf.keras 2's TensorFlow functions called on tensors
CONSTANT = "_CONSTANT_VALUE"


class Tensor(NamedTuple):
    """A reference to an output of a layer: Keras's keras_history [layer, node index, tensor index]."""

    layer: str
    node: int
    output: int
    shape: tuple[Any, ...] | None = None  # as Keras 3 recorded it (batch axis included); tf.keras 2.x did not


class Call(NamedTuple):
    """One call of a layer (an inbound node): the tensors it read, numbers among them, keyword arguments."""

    tensors: tuple[Tensor, ...]
    listed: bool  # called on a list of tensors (merges), not on one tensor
    constants: tuple[Any, ...]
    kwargs: dict[str, Any]


class Entry(NamedTuple):
    """A layer (or operation, or nested model) of a saved model."""

    class_name: str
    module: str | None  # None in tf.keras 2.x, which saves no module
    config: dict[str, Any]
    name: str
    calls: tuple[Call, ...]
    keras2: bool = False  # its calls saved as tf.keras 2.x saves them


def parse_json(data: bytes, source: str) -> Any:
    """JSON text, as strict UTF-8, nested no deeper than MAX_DEPTH."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SpecError(f"not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})",
                        source=source) from None
    try:
        value = json.loads(text)
    except RecursionError:
        raise SpecError(f"JSON nested too deeply (convcalc reads up to {MAX_DEPTH} levels)", source=source) from None
    except json.JSONDecodeError as error:
        raise SpecError(f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})", source=source,
                        line=error.lineno) from None
    _check_depth(value, source)
    return value


def _check_depth(value: Any, source: str) -> None:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise SpecError(f"JSON nested more than {MAX_DEPTH} levels deep; Keras's configs are far shallower",
                            source=source)
        if isinstance(item, dict):
            stack.extend((child, depth + 1) for child in item.values() if isinstance(child, dict | list))
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item if isinstance(child, dict | list))


def check_version(version: Any, source: str, where: str) -> None:
    """Keras 2.x and 3.x configs are read; another version is refused by name."""
    if version is None:
        return
    if not isinstance(version, str) or version.split(".")[0] not in KNOWN_MAJOR_VERSIONS:
        raise SpecError(f"saved by Keras {version} ({where}); convcalc reads models saved by Keras 2.x (tf.keras) "
                        "and 3.x", source=source)


def model_config(top: Any, source: str) -> dict[str, Any]:
    """The serialized model at the top of a config.json or to_json(): {class_name, config, ...}."""
    if not isinstance(top, dict) or not isinstance(top.get("class_name"), str) or "config" not in top:
        raise SpecError("not a Keras model config: expected a JSON object with `class_name` and `config`, as "
                        "model.to_json() and .keras archives write", source=source)
    check_version(top.get("keras_version"), source, "keras_version")
    if top["class_name"] not in MODEL_CLASSES:
        raise SpecError(f"a config of one {top['class_name']}, not of a model (Sequential or Functional)",
                        source=source)
    if not isinstance(top["config"], dict):
        raise SpecError("the model's `config` must be a JSON object", source=source)
    return top


def saved_by_keras2(top: dict[str, Any], version: Any = None) -> bool:
    """Whether tf.keras 2.x saved the model: by its keras_version, else (an .h5's model_config, a get_config()
    dump) by what only 2.x writes: inbound nodes as lists, an input's `batch_input_shape`."""
    version = top.get("keras_version", version)
    if isinstance(version, str):
        return version.startswith("2.")
    layers = top["config"].get("layers")
    return isinstance(layers, list) and any(
        isinstance(item, dict) and (any(isinstance(node, list) for node in item.get("inbound_nodes") or ())
                                    or "batch_input_shape" in (item.get("config") or {})) for item in layers)


def _tensor(value: Any) -> Tensor | None:
    """A Keras 3 `__keras_tensor__` or a 2.x [layer, node, tensor(, kwargs)] list; None if it is neither."""
    history, shape = None, None
    if isinstance(value, dict) and value.get("class_name") == "__keras_tensor__":
        history = (value.get("config") or {}).get("keras_history")
        shape = (value.get("config") or {}).get("shape")
    if isinstance(history, list) and len(history) == 3:
        layer, node, output = history
        if isinstance(layer, str) and isinstance(node, int) and isinstance(output, int):
            return Tensor(layer, node, output, tuple(shape) if isinstance(shape, list) else None)
    return None


def _keras3_call(node: Any, where: str, source: str) -> Call:
    if not isinstance(node, dict) or not isinstance(node.get("args", []), list):
        raise SpecError(f"{where}: an inbound node must be an object with `args` and `kwargs`", source=source)
    args, kwargs = node.get("args", []), node.get("kwargs") or {}
    if len(args) == 1 and isinstance(args[0], list):  # called on a list of tensors: Add()([a, b])
        tensors = [_tensor(item) for item in args[0]]
        if None in tensors:
            raise SpecError(f"{where}: called on a list holding something other than tensors", source=source)
        return Call(tuple(t for t in tensors if t), True, (), kwargs if isinstance(kwargs, dict) else {})
    found, constants = [], []
    for item in args:
        tensor = _tensor(item)
        if tensor is not None:
            found.append(tensor)
        elif isinstance(item, int | float) and not isinstance(item, bool) or isinstance(item, list):
            constants.append(item)
        else:
            raise SpecError(f"{where}: called on {json.dumps(item)[:60]}, which is neither a tensor nor a number",
                            source=source)
    return Call(tuple(found), False, tuple(constants), kwargs if isinstance(kwargs, dict) else {})


def _history(value: Any) -> Tensor | None:
    return _tensor({"class_name": "__keras_tensor__", "config": {"keras_history": value}})


def _keras2_call(node: Any, where: str, source: str, operation: bool) -> Call:
    """tf.keras 2.x: a node is a list of [layer, node index, tensor index, kwargs]. An `operation` (TFOpLambda)
    called on one tensor saves that one flat, a number where a tensor was expected as [CONSTANT, -1, number,
    kwargs], and tensors among its keyword arguments (`y` of tf.math.add) as [layer, node, tensor]: those are
    read after the first argument's."""
    single = operation and isinstance(node, list) and bool(node) and isinstance(node[0], str)
    if not isinstance(node, list) or not node:
        raise SpecError(f"{where}: a tf.keras inbound node must be a list of [layer, node, tensor, kwargs]",
                        source=source)
    tensors, constants, kwargs = [], [], {}
    for item in [node] if single else node:
        if not (isinstance(item, list) and len(item) in (3, 4)):
            raise SpecError(f"{where}: a tf.keras inbound tensor must be [layer, node, tensor, kwargs]",
                            source=source)
        tensor = _history(item[:3])
        if operation and item[:2] == [CONSTANT, -1]:
            constants.append(item[2])
        elif tensor is None:
            raise SpecError(f"{where}: a tf.keras inbound tensor must be [layer, node, tensor, kwargs]",
                            source=source)
        else:
            tensors.append(tensor)
        if len(item) == 4 and isinstance(item[3], dict):
            kwargs.update(item[3])
    if operation:
        for key, value in list(kwargs.items()):
            tensor = _history(value) if isinstance(value, list) else None
            if tensor is not None:
                tensors.append(tensor)
                del kwargs[key]
    return Call(tuple(tensors), len(tensors) > 1 and not single, tuple(constants), kwargs)


def entries(config: dict[str, Any], source: str) -> list[Entry]:
    """The model's layers in the order saved (Keras saves them in an order where each follows what it reads)."""
    layers = config.get("layers")
    if not isinstance(layers, list):
        raise SpecError("the model's config has no `layers` list", source=source)
    if len(layers) > MAX_LAYERS:
        raise SpecError(f"{len(layers):,} layers; models are limited to {MAX_LAYERS:,}", source=source)
    found = []
    for position, item in enumerate(layers):
        if not isinstance(item, dict) or not isinstance(item.get("class_name"), str):
            raise SpecError(f"layer #{position} of the model is not an object with a `class_name`", source=source)
        layer_config = item.get("config")
        if not isinstance(layer_config, dict):
            raise SpecError(f"layer #{position} ({item['class_name']}) has no `config` object", source=source)
        name = item.get("name", layer_config.get("name"))
        if not isinstance(name, str) or not name:
            raise SpecError(f"layer #{position} ({item['class_name']}) has no name", source=source)
        where = f"{name} ({item['class_name']})"
        nodes = item.get("inbound_nodes") or []
        if not isinstance(nodes, list):
            raise SpecError(f"{where}: `inbound_nodes` must be a list", source=source)
        module = item.get("module")
        operation = item["class_name"] in OPERATION_CLASSES
        calls = tuple(_keras3_call(node, where, source) if isinstance(node, dict)
                      else _keras2_call(node, where, source, operation) for node in nodes)
        found.append(Entry(item["class_name"], module if isinstance(module, str) else None, layer_config, name, calls,
                           any(isinstance(node, list) for node in nodes)))
    return found


def endpoints(value: Any, what: str, source: str) -> list[Tensor]:
    """input_layers / output_layers: [name, 0, 0] for one, [[name, 0, 0], ...] for several."""
    items = [value] if isinstance(value, list) and value and isinstance(value[0], str) else value
    if isinstance(items, dict):  # a dict of named outputs (Keras 3 saves {name: [layer, 0, 0]})
        items = list(items.values())
    tensors = [_tensor({"class_name": "__keras_tensor__", "config": {"keras_history": item}}) for item in items or []]
    if not tensors or None in tensors:
        raise SpecError(f"the model's `{what}` must list [layer, node, tensor] entries", source=source)
    return [t for t in tensors if t]
