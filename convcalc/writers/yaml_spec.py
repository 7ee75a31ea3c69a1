"""A ModelSpec written back as a convcalc YAML spec, for people to review and give budgets.

Only what changes shapes, sizes or costs is written: arguments at Keras's defaults, names Keras would give
anyway and initializers, regularizers and constraints are left out. Reading the text back gives the same model.
"""

from __future__ import annotations

from typing import Any

import yaml

from .. import args as a
from .. import engine
from ..args import REQUIRED, Arg
from ..errors import ArgumentError, SpecError
from ..layers import NO_INPUT, REGISTRY
from ..model import LayerSpec, ModelSpec, Summary
from ..readers.graph import KerasNames

# Checkers of arguments that never change a shape, a size or a cost.
_NO_EFFECT = (a.initializer, a.regularizer, a.constraint)
# Arguments every layer takes that the spec says elsewhere (the first layer's input is the model's).
_NOT_WRITTEN = frozenset(("name", "input_shape", "input_dim"))


def write(spec: ModelSpec, origin: str | None = None) -> str:
    """The spec text, a layer a line; `origin` (the file it came from) goes in a first comment line."""
    lines = [f"# convcalc spec of {origin}, written by `convcalc convert`"] if origin else []
    lines += _block(to_data(spec), "")
    return "\n".join(lines) + "\n"


def _block(data: dict[str, Any], indent: str) -> list[str]:
    """Keys a line each, layers an entry a line; a model used as a layer is a block of its own, indented."""
    lines = []
    for key, value in data.items():
        if key == "layers":
            lines.append(f"{indent}layers:")
            for entry in value:
                nested = next(iter(entry.values())) if isinstance(entry, dict) else None
                if isinstance(nested, dict) and "layers" in nested:
                    lines += [f"{indent}  - {flow(next(iter(entry)))}:", *_block(nested, indent + "      ")]
                else:
                    lines.append(f"{indent}  - {flow(entry)}")
        elif isinstance(value, dict):
            lines += [f"{indent}{key}:", *(f"{indent}  {flow(name)}: {flow(item)}" for name, item in value.items())]
        else:
            lines.append(f"{indent}{key}: {flow(value)}")
    return lines


def flow(value: Any) -> str:
    """One value on one line in YAML's flow style: `Conv2D: {filters: 32, kernel_size: [3, 1]}`, `'yes'`."""
    text: str = yaml.safe_dump([value], default_flow_style=True, width=float("inf"), allow_unicode=True,
                               sort_keys=False)
    inner = text.strip()[1:-1]
    return inner[1:-1] if isinstance(value, dict) else inner


def to_data(spec: ModelSpec) -> dict[str, Any]:
    """The spec as plain data, keys in the order people read them: name, inputs, layers, outputs."""
    shared = shared_call(spec)
    if shared is not None:
        raise SpecError(f"layer {shared.shares!r} is called more than once (a shared layer), which a spec cannot "
                        "say yet; summary, explain and check read the model's own file", source=spec.source,
                        line=shared.line, layer=shared.shares, kind=shared.kind)
    if _holds_layer_class(spec):
        spec = _declared(spec, engine.compute(spec))
    inputs = [layer for layer in spec.layers if REGISTRY[layer.kind].arity == NO_INPUT]
    layers = [layer for layer in spec.layers if REGISTRY[layer.kind].arity != NO_INPUT]
    data: dict[str, Any] = {"name": spec.name}
    names = KerasNames()
    written: list[str] = []  # names of the entries above, in the order they are written
    if not spec.functional and len(inputs) == 1 and _shape_only(inputs[0]):
        data["input_shape"] = _plain(inputs[0].args["shape"])
        names.next(REGISTRY["Input"].default_name)  # as the reader names the input it makes
        written.append(inputs[0].name)
        inputs = []
    elif all(_shape_only(layer) for layer in inputs):
        data["inputs"] = {layer.name: _plain(layer.args["shape"]) for layer in inputs}
        written.extend(layer.name for layer in inputs)
        inputs = []
    entries = [_entry(layer, names, written, spec) for layer in [*inputs, *layers]]
    data["layers"] = entries
    links = "inputs" in data or any(isinstance(entry, dict) and "inputs" in next(iter(entry.values()))
                                    for entry in entries)
    # A chain led by Input entries reads as keras.Sequential([keras.Input(...), ...]): `outputs:` keeps a graph one.
    if spec.outputs != (written[-1],) or (spec.functional and not links):
        data["outputs"] = list(spec.outputs)
    return data


def shared_call(spec: ModelSpec) -> LayerSpec | None:
    """The first later call of a shared layer in the model, or in a model it uses as a layer."""
    for layer in spec.layers:
        if layer.shares:
            return layer
        inner = layer.args.get("model") if REGISTRY[layer.kind].nested else None
        found = shared_call(inner) if isinstance(inner, ModelSpec) else None
        if found is not None:
            return found
    return None


def _holds_layer_class(spec: ModelSpec) -> bool:
    return any(layer.kind == "Custom" or REGISTRY[layer.kind].nested and _holds_layer_class(layer.args["model"])
               for layer in spec.layers)


def _declared(spec: ModelSpec, summary: Summary) -> ModelSpec:
    """A layer class of a Python file (read from its code, which a spec does not hold) as a Declared entry: its
    class, output shape and counts, as computed."""
    rows = {row.name: row for row in summary.tensors}
    layers = []
    for layer in spec.layers:
        row = rows[layer.name]
        if layer.kind == "Custom" and row.output_shapes:
            raise SpecError(f"{layer.args['class_name']} gives {len(row.output_shapes)} tensors, which a Declared "
                            "entry cannot say yet; summary, explain and check read the model's own file",
                            source=spec.source, line=layer.line, layer=layer.name, kind=layer.kind)
        if layer.kind == "Custom":
            counts = {"trainable_params": sum(w.size for w in row.weights if w.trainable),
                      "non_trainable_params": sum(w.size for w in row.weights if not w.trainable)}
            args = REGISTRY["Declared"].bind({"name": layer.name, "class_name": layer.args["class_name"],
                                              "output_shape": list(row.output_shape[1:]), **counts,
                                              **({} if row.trainable else {"trainable": False})})
            layer = layer._replace(kind="Declared", args=args)
        elif REGISTRY[layer.kind].nested and row.inner is not None:
            layer = layer._replace(args={**layer.args, "model": _declared(layer.args["model"], row.inner)})
        layers.append(layer)
    return spec._replace(layers=tuple(layers))


def _shape_only(layer: LayerSpec) -> bool:
    """An input that the top-level `inputs:` mapping can hold: a name and a shape, nothing else."""
    return layer.args["shape"] is not None and not _changed_args(layer, ("shape", "name"))


def _entry(layer: LayerSpec, names: KerasNames, written: list[str], spec: ModelSpec) -> Any:
    kind = REGISTRY[layer.kind]
    arguments: dict[str, Any] = {}
    if names.peek(kind.default_name) == layer.name:
        names.next(kind.default_name)
    else:
        arguments["name"] = layer.name
    arguments.update(_changed_args(layer, ("model",) if kind.nested else ()))
    if kind.arity != NO_INPUT and (list(layer.inputs) != written[-1:] or _ambiguous_first_read(written, spec)):
        arguments["inputs"] = layer.inputs[0] if len(layer.inputs) == 1 else list(layer.inputs)
    if kind.nested:
        arguments.update(_nested(layer.args["model"], names))
    written.append(layer.name)
    return {layer.kind: arguments} if arguments else layer.kind


def _nested(model: ModelSpec, names: KerasNames) -> dict[str, Any]:
    """A model used as a layer: its layers (named in the same session, as the reader names them) and, for a
    functional one, its inputs and outputs. A Sequential's input is what its caller reads, so it is left out."""
    inputs = [layer for layer in model.layers if REGISTRY[layer.kind].arity == NO_INPUT]
    data: dict[str, Any] = {}
    if model.functional:
        data["model_inputs"] = {layer.name: _plain(_input_dims(layer)) for layer in inputs}
    else:
        names.next(REGISTRY["Input"].default_name)  # the reader's stand-in for the caller's tensor
    written = [layer.name for layer in inputs]
    data["layers"] = [_entry(layer, names, written, model) for layer in model.layers
                      if REGISTRY[layer.kind].arity != NO_INPUT]
    if model.outputs != (written[-1],):
        data["outputs"] = list(model.outputs)
    return data


def _input_dims(layer: LayerSpec) -> Any:
    shape = layer.args["shape"]
    return shape if shape is not None else layer.args["batch_shape"][1:]


def _ambiguous_first_read(written: list[str], spec: ModelSpec) -> bool:
    """Right after several inputs, a layer must say which it reads."""
    inputs = {layer.name for layer in spec.layers if REGISTRY[layer.kind].arity == NO_INPUT}
    return len(inputs) > 1 and bool(written) and written[-1] in inputs


def _changed_args(layer: LayerSpec, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """The arguments that differ from Keras's defaults and matter to convcalc, in the short form people write."""
    changed: dict[str, Any] = {}
    kind = REGISTRY[layer.kind]
    for key, arg in kind.all_args.items():
        if key in skip or arg.check in _NO_EFFECT or key not in layer.args or (
                key in _NOT_WRITTEN and key not in kind.args):
            continue
        value = layer.args[key]
        if arg.default is REQUIRED or value != _checked(arg, arg.default, key):
            changed[key] = _short(arg, value, key)
    return changed


def _checked(arg: Arg, value: Any, key: str) -> Any:
    return arg.check(value, key) if arg.check else value


def _short(arg: Arg, value: Any, key: str) -> Any:
    """`3` for (3, 3) where the argument reads it back the same; tuples as lists; otherwise as bound."""
    short = value
    while isinstance(short, tuple) and short and all(item == short[0] for item in short):
        try:
            if _checked(arg, short[0], key) != value:
                break
        except ArgumentError:
            break
        short = short[0]
    return _plain(short)


def _plain(value: Any) -> Any:
    """Plain YAML data: tuples become lists, all the way down."""
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value
