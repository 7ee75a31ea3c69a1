"""Wiring a saved Keras model through the shared ModelBuilder: inputs, layers with what they read, outputs."""

from __future__ import annotations

from typing import Any, NamedTuple

from ...errors import SpecError
from ...model import ModelSpec, call_name
from ..graph import PREVIOUS, KerasNames, ModelBuilder, References
from . import formats, layers
from .formats import Call, Entry

MAX_NESTING = 16  # models inside models; keras.applications nest one level
UNBUILT = ("the Sequential model was saved before it was built, so its config has no input shape; build it "
           "(call it on data, or start it with keras.Input(shape=...)) and save it again")


def build(top: dict[str, Any], source: str, depth: int = 0, declare_unknown: bool = False) -> ModelSpec:
    """The ModelSpec of a serialized model (Sequential or functional), nested models included; with
    `declare_unknown`, a layer convcalc cannot compute becomes a Declared entry with what the file tells of it."""
    if depth > MAX_NESTING:
        raise SpecError(f"models nested more than {MAX_NESTING} deep", source=source)
    config = top["config"]
    name = config.get("name")
    if not isinstance(name, str) or not name:
        raise SpecError("the model's config has no name", source=source)
    builder = ModelBuilder(source, KerasNames(), missing_input=(UNBUILT, None))
    saved = formats.entries(config, source)
    context = _Context(source, depth, declare_unknown, _recorded_shapes(saved))
    if top["class_name"] == "Sequential":
        return _sequential(builder, name, config, saved, context)
    return _functional(builder, name, config, saved, context)


class _Context(NamedTuple):
    source: str
    depth: int
    declare_unknown: bool
    shapes: dict[str, tuple[Any, ...]]  # output shapes Keras 3 recorded where layers read them, by entry


def _recorded_shapes(saved: list[Entry]) -> dict[str, tuple[Any, ...]]:
    """By entry name: the layer's for its first call, "<layer>/<node>" for a shared layer's later one."""
    return {call_name(tensor.layer, tensor.node): tensor.shape for entry in saved
            for call in entry.calls for tensor in call.tensors if tensor.shape is not None}


def _sequential(builder: ModelBuilder, name: str, config: dict[str, Any], saved: list[Entry],
                context: _Context) -> ModelSpec:
    source, depth = context.source, context.depth
    if saved and saved[0].class_name == "InputLayer":
        builder.add_layer("InputLayer", _input_arguments(saved[0], source), None, {})
        saved = saved[1:]
    elif isinstance(config.get("build_input_shape"), list) and config["build_input_shape"]:
        builder.add_input(None, config["build_input_shape"][1:], None, "build_input_shape")
    elif depth and not any(key in (saved[0].config if saved else {}) for key in layers.ALWAYS_THE_INPUT):
        builder.add_input(None, [], None, "input")  # a nested model reads what its caller gives it
    if not saved:
        raise SpecError(f"the Sequential model {name!r} has no layers", source=source)
    for position, entry in enumerate(saved):
        _add(builder, entry, PREVIOUS, context, first=position == 0)
    return builder.build(name)


def _functional(builder: ModelBuilder, name: str, config: dict[str, Any], saved: list[Entry],
                context: _Context) -> ModelSpec:
    """Each call of each layer is an entry: a shared layer's later calls are "<layer>/<call>" entries sharing its
    weights (`shares`), each placed after what it reads."""
    source = context.source
    saved_outputs = formats.endpoints(config.get("output_layers"), "output_layers", source)
    skipped = _skipped_first_node(saved, saved_outputs)
    if skipped:
        saved = [entry._replace(calls=tuple(call._replace(tensors=tuple(_shift(t, skipped) for t in call.tensors))
                                            for call in entry.calls)) for entry in saved]
    calls = {entry.name: 1 if entry.class_name == "InputLayer" else len(entry.calls) for entry in saved}
    for entry in saved:
        if entry.class_name == "InputLayer":
            builder.add_layer("InputLayer", _input_arguments(entry, source), None, {})
        elif not entry.calls:
            raise SpecError("never called; convcalc reads the layers a model calls", source=source,
                            layer=entry.name, kind=entry.class_name)
    for entry, node in _call_order(saved, calls):
        _add(builder, entry, _references(entry, entry.calls[node], calls, source), context, first=False, node=node)
    saved_outputs = [_shift(tensor, skipped) for tensor in saved_outputs]
    try:
        outputs = [_node_name(tensor, calls, source) for tensor in saved_outputs]
    except SpecError as error:
        raise SpecError(f"the model's output {error.message}", source=source) from None
    return builder.build(name, outputs, functional=True)


def _skipped_first_node(saved: list[Entry], outputs: list[formats.Tensor]) -> set[str]:
    """The nested models whose node 0 tf.keras 2.x left out of the file (their own Input's, made when they were
    built), numbering their calls from 1: functional.py's _should_skip_first_node. One the file reads at node 0
    was not (a config derived from Keras 3's)."""
    candidates = {entry.name for entry in saved if entry.keras2 and entry.class_name in layers.NESTED
                  and (entry.config.get("layers") or [{}])[0].get("class_name") == "InputLayer"}
    read = [*outputs, *(tensor for entry in saved for call in entry.calls for tensor in call.tensors)]
    return candidates - {tensor.layer for tensor in read if tensor.node == 0}


def _shift(tensor: formats.Tensor, skipped: set[str]) -> formats.Tensor:
    return tensor._replace(node=tensor.node - 1) if tensor.layer in skipped else tensor


def _call_order(saved: list[Entry], calls: dict[str, int]) -> list[tuple[Entry, int]]:
    """The calls of the layers (InputLayers aside) as (layer, node index), each after the calls it reads, else
    in the order saved. Keras saves a shared layer where its first call is, and a later call may read layers
    saved after it: conv(Conv2D(3, 1)(conv(x))). A depth-first walk without recursion (models are up to
    MAX_LAYERS long); a reference to nothing, a cycle or a repeated name is left for the builder to report."""
    position = {entry.name: index for index, entry in enumerate(saved)}
    placed = {(index, 0) for index, entry in enumerate(saved) if entry.class_name == "InputLayer"}
    order: list[tuple[Entry, int]] = []
    for start, entry in enumerate(saved):
        for node in range(len(entry.calls) if entry.class_name != "InputLayer" else 0):
            if (start, node) in placed:
                continue
            walking = {(start, node)}
            stack = [(start, node, iter(entry.calls[node].tensors))]
            while stack:
                index, current_node, tensors = stack[-1]
                tensor = next(tensors, None)
                if tensor is None:
                    stack.pop()
                    placed.add((index, current_node))
                    order.append((saved[index], current_node))
                    continue
                key = (position.get(tensor.layer, -1), tensor.node)
                if key in placed or key in walking or not 0 <= tensor.node < calls.get(tensor.layer, 0):
                    continue
                walking.add(key)
                stack.append((key[0], tensor.node, iter(saved[key[0]].calls[tensor.node].tensors)))
    return order


def _input_arguments(entry: Entry, source: str) -> dict[str, Any]:
    """An InputLayer's shape, and its batch size when fixed (Keras's table shows it)."""
    batch = entry.config.get("batch_shape") or entry.config.get("batch_input_shape")
    if isinstance(batch, list) and batch and batch[0] is not None:
        return {"batch_shape": batch, "name": entry.name}
    return {"shape": _input_shape(entry, source), "name": entry.name}


def _input_shape(entry: Entry, source: str) -> list[Any]:
    for key in ("batch_shape", "batch_input_shape"):
        value = entry.config.get(key)
        if isinstance(value, list) and value:
            return value[1:]
    shape = entry.config.get("shape")
    if isinstance(shape, list):
        return shape
    raise SpecError("an InputLayer without `batch_shape`", source=source, layer=entry.name, kind="InputLayer")


def _node_name(tensor: formats.Tensor, calls: dict[str, int], source: str) -> str:
    """The entry a saved [layer, node index, tensor index] stands for: the layer's for its first call (node 0),
    "<layer>/<node>" for a later call of a shared layer."""
    if tensor.output:
        raise SpecError(f"reads output {tensor.output} of {tensor.layer!r}; convcalc layers have one output",
                        source=source)
    if tensor.node < 0:
        raise SpecError(f"reads node {tensor.node} of {tensor.layer!r}; node indices start at 0", source=source)
    count = calls.get(tensor.layer)
    if count is not None and tensor.node >= count:
        times = "once" if count == 1 else f"{count} times"
        raise SpecError(f"reads node {tensor.node} (call {tensor.node + 1}) of {tensor.layer!r}, which is called "
                        f"{times}", source=source)
    return call_name(tensor.layer, tensor.node)


def _references(entry: Entry, call: Call, calls: dict[str, int], source: str) -> References:
    kwargs = {key: value for key, value in call.kwargs.items() if value is not None and key != "training"}
    if kwargs and entry.class_name not in formats.OPERATION_CLASSES:  # an operation's are its arguments
        raise SpecError(f"called with keyword arguments {', '.join(sorted(kwargs))}, which convcalc cannot model",
                        source=source, layer=entry.name, kind=entry.class_name)
    try:
        names = [_node_name(tensor, calls, source) for tensor in call.tensors]
    except SpecError as error:
        raise SpecError(error.message, source=source, layer=entry.name, kind=entry.class_name) from None
    if not names:
        raise SpecError("reads no tensor", source=source, layer=entry.name, kind=entry.class_name)
    return names if call.listed or len(names) > 1 else names[0]


def _add(builder: ModelBuilder, entry: Entry, references: References, context: _Context, first: bool,
         node: int = 0) -> None:
    """The entry of call `node` of a layer: a later call (node 1, 2, ...) is "<layer>/<node>", sharing its weights."""
    source = context.source
    name = call_name(entry.name, node)
    kind = layers.kind_of(entry, source, context.declare_unknown)
    if kind == "Declared":
        shape = context.shapes.get(name)
        given: dict[str, Any] = {"name": entry.name, "class_name": entry.class_name,
                                 "output_shape": list(shape[1:]) if shape else None,
                                 "trainable_params": None, "non_trainable_params": None}
    elif kind in ("Sequential", "Functional"):
        inner = build({"class_name": entry.class_name, "config": entry.config}, source, context.depth + 1,
                      context.declare_unknown)
        given = {"name": entry.name, "model": inner}
        if isinstance(entry.config.get("trainable"), bool):
            given["trainable"] = entry.config["trainable"]
    elif kind.startswith("tf."):
        given = layers.operation_arguments(entry.calls[node])
    else:
        given = layers.arguments(kind, entry.config, first)
        given["name"] = entry.name
        constants = entry.calls[node].constants if entry.calls else ()
        if constants:
            if len(constants) != 1 or not kind.startswith("ops."):
                raise SpecError("called with numbers besides its tensors, which convcalc cannot model",
                                source=source, layer=entry.name, kind=entry.class_name)
            given["constant"] = constants[0]
    builder.add_layer(kind, given, None, {}, references, keras_name=name, shares=entry.name if node else None)
