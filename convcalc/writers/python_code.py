"""A ModelSpec written as Keras code that builds the same model, to paste back into a notebook.

What is written is what the YAML writer writes (arguments at Keras's defaults and names Keras would give left
out: yaml_spec.to_data), spelled as keras.io spells it: required arguments by position, the rest by keyword,
a Sequential model when the spec is a chain, the functional API otherwise. Reading the code back (or running
it with Keras) gives the same model, names included.
"""

from __future__ import annotations

import keyword
import re
from typing import Any

from ..args import REQUIRED
from ..errors import SpecError
from ..layers import NO_INPUT, REGISTRY
from ..layers.recurrent import STATES
from ..layers.wrappers import WRAPPED_ARGS
from ..model import LayerSpec, ModelSpec, output_reference
from ..readers.python_source.keras_names import NOT_KERAS_LAYERS
from .yaml_spec import shared_call, to_data

RESERVED = frozenset(("keras", "layers", "model"))


def write(spec: ModelSpec, origin: str | None = None) -> str:
    """The Keras code; refused for a model holding what keras.layers cannot make (a declared layer, an operation
    on tensors or tf.keras 2's TensorFlow function on them, a model used as a layer, keras.applications' own
    layers) or a shared layer."""
    shared = shared_call(spec)
    if shared is not None:  # first: the advice below (convert to yaml) would not do for it either
        raise SpecError(f"layer {shared.shares!r} is called more than once (a shared layer), which convcalc "
                        "cannot write as Keras code yet; summary, explain and check read the model's own file",
                        source=spec.source, line=shared.line, layer=shared.shares, kind=shared.kind)
    for layer in spec.layers:
        if layer.kind in NOT_KERAS_LAYERS or layer.kind.startswith(("ops.", "tf.")):
            what = layer.args.get("class_name", layer.kind)  # a declared layer's, a layer class's of the file
            raise SpecError(f"{what} is not a class of keras.layers, so it cannot be written as Keras code; "
                            "convert to yaml instead", source=spec.source, line=layer.line, layer=layer.name,
                            kind=layer.kind)
    data = to_data(spec)
    made_from = f" from {origin}" if origin else ""
    lines = [f'"""Keras model {data["name"]!r}, written by `convcalc convert`{made_from}."""', "",
             "import keras", "from keras import layers", ""]
    if not spec.functional and "outputs" not in data and not any(
            isinstance(entry, dict) and "inputs" in next(iter(entry.values())) for entry in data["layers"]) and all(
            _outputs(layer) == 1 for layer in spec.layers):  # a layer giving a list cannot feed the next in a chain
        lines += _sequential(data)
    else:
        lines += _functional(spec, data)
    return "\n".join([*lines, "model.summary()", ""])


def _sequential(data: dict[str, Any]) -> list[str]:
    """keras.Sequential([keras.Input(...), ...]): the input from `input_shape`, or the spec's leading Input entry
    (one with a batch size or a dtype)."""
    if "input_shape" in data:
        entries = [f"keras.Input(shape={_python(data['input_shape'])})", *map(_layer, data["layers"])]
    else:
        first, *others = data["layers"]
        kind = first if isinstance(first, str) else next(iter(first))
        entries = [f"keras.Input({_arguments(kind, _entry_args(first))})", *map(_layer, others)]
    return ["model = keras.Sequential(", "    [", *(f"        {entry}," for entry in entries), "    ],",
            f"    name={_python(data['name'])},", ")"]


def _functional(spec: ModelSpec, data: dict[str, Any]) -> list[str]:
    """One variable per tensor, named after its layer; the model's inputs first, as to_data orders them."""
    inputs = [layer for layer in spec.layers if REGISTRY[layer.kind].arity == NO_INPUT]
    others = [layer for layer in spec.layers if REGISTRY[layer.kind].arity != NO_INPUT]
    variables: dict[str, str] = {}
    lines = []
    for name, shape in data.get("inputs", {}).items():
        lines.append(f"{_variable(name, variables)} = keras.Input(shape={_python(shape)}, name={_python(name)})")
    written = others if "inputs" in data else [*inputs, *others]
    if "input_shape" in data:  # a chain whose spec says what a layer reads or which are its outputs
        lines.append(f"{_variable(inputs[0].name, variables)} = keras.Input(shape={_python(data['input_shape'])})")
        written = others
    for layer, entry in zip(written, data["layers"], strict=True):
        target = _variable(layer.name, variables)
        if REGISTRY[layer.kind].arity == NO_INPUT:
            given = _entry_args(entry)
            if isinstance(given.get("shape"), int):  # a spec's `shape: 1024` is (1024,), which Keras wants spelled
                given = {**given, "shape": [given["shape"]]}
            lines.append(f"{target} = keras.Input({_arguments('Input', given)})")
            continue
        read = [variables[name] for name in layer.inputs]
        tensors = read[0] if len(read) == 1 and REGISTRY[layer.kind].arity is not None else f"[{', '.join(read)}]"
        if REGISTRY[layer.kind].states is not None and len(read) > 1:  # a recurrent layer's first states
            tensors = f"{read[0]}, initial_state={_listed(read[1:])}"
        if _outputs(layer) > 1:  # `gru, gru_1 = layers.GRU(..., return_state=True)(x)`
            target = ", ".join([target, *(_variable(output_reference(layer.name, index), variables)
                                          for index in range(1, _outputs(layer)))])
        lines.append(f"{target} = {_layer(entry)}({tensors})")
    model_inputs = [variables[layer.name] for layer in inputs]
    model_outputs = [variables[name] for name in spec.outputs]
    lines.append(f"model = keras.Model(inputs={_listed(model_inputs)}, outputs={_listed(model_outputs)}, "
                 f"name={_python(data['name'])})")
    return lines


def _entry_args(entry: Any) -> dict[str, Any]:
    arguments = dict(next(iter(entry.values()))) if isinstance(entry, dict) else {}
    arguments.pop("inputs", None)
    return arguments


def _layer(entry: Any) -> str:
    kind = entry if isinstance(entry, str) else next(iter(entry))
    return f"layers.{kind}({_arguments(kind, _entry_args(entry))})"


def _arguments(kind_name: str, arguments: dict[str, Any]) -> str:
    """Required arguments by position in Keras's order (`Conv2D(32, 3)`), the others by keyword."""
    kind = REGISTRY[kind_name]
    positional = []
    for key in kind.positional_args:
        if key not in arguments or kind.all_args[key].default is not REQUIRED:
            break
        positional.append(_argument(key, arguments.pop(key)))
    name = {"name": arguments.pop("name")} if "name" in arguments else {}  # last, as keras.io writes it
    return ", ".join([*positional, *(f"{key}={_argument(key, value)}" for key, value in {**arguments, **name}.items())])


def _argument(key: str, value: Any) -> str:
    """A wrapper's layer (`Bidirectional(layers.LSTM(64))`) or an RNN's cells are made in place; any other value
    is written out."""
    if key not in WRAPPED_ARGS or value is None:
        return _python(value)
    return f"[{', '.join(_layer(entry) for entry in value)}]" if isinstance(value, list) else _layer(value)


def _python(value: Any) -> str:
    """A value as Python source: lists as tuples (Keras's own spelling), strings in double quotes."""
    if isinstance(value, list):
        items = [_python(item) for item in value]
        return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_python(key)}: {_python(item)}" for key, item in value.items()) + "}"
    if isinstance(value, str) and '"' not in value and "\\" not in value and value.isprintable():
        return f'"{value}"'
    return repr(value)


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"[{', '.join(names)}]"


def _outputs(layer: LayerSpec) -> int:
    """How many tensors calling the layer gives: a recurrent layer with return_state=True adds its last states."""
    return 1 + STATES[layer.kind] if layer.kind in STATES and layer.args.get("return_state") else 1


def _variable(layer_name: str, variables: dict[str, str]) -> str:
    """A Python name for a layer's output tensor: its layer name where that is an identifier."""
    name = re.sub(r"\W", "_", layer_name) or "x"
    if name[0].isdigit() or keyword.iskeyword(name) or name in RESERVED:
        name = f"t_{name}"
    base, count = name, 1
    while name in variables.values():
        name, count = f"{base}_{count}", count + 1
    variables[layer_name] = name
    return name
