"""convcalc's YAML spec format: top-level keys and layer entries, handed to the ModelBuilder with their lines.

This module knows the spec's YAML shape and its users' advice, not shape math.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.representer import RepresenterError, SafeRepresenter

from ..errors import SpecError, closest, did_you_mean
from ..layers import lookup, snake_case
from ..model import ModelSpec
from .files import default_model_name, read_text, source_name
from .graph import PREVIOUS, KerasNames, ModelBuilder, References
from .yaml_nodes import NULL_TAG, Entries, NodeReader, compose, kind_of, line_of

MAX_NESTING = 16  # models used as layers of models
NESTED_KEYS = ("name", "inputs", "trainable", "input_shape", "model_inputs", "layers", "outputs")
MAX_LAYERS = 100_000  # about 9 s and 600 MB; many more would exhaust memory (a layer costs 2 to 6 KB)
TOP_LEVEL_KEYS = ("name", "description", "framework", "input_shape", "inputs", "layers", "outputs", "budgets",
                  "application")
FRAMEWORKS = ("keras", "torch")
APPLICATION_KEYS = ("name", "description", "budgets", "application")  # `application: ResNet50` is the model
MISSING_INPUT_SHAPE = ("missing `input_shape`: the shape of one sample without the batch dimension, "
                       "e.g. `input_shape: [28, 28, 1]`")

# A budget as written in the spec: its key -> (plain value, line of the key).
Budgets = dict[str, tuple[Any, int | None]]


def parse(text: str, source: str = "<spec>", default_name: str | None = None) -> ModelSpec:
    """Parse spec text into a ModelSpec; every mistake is a SpecError naming the line (a SpecErrors when
    there are several). Without a `name:` in the spec nor `default_name`, Keras's default name.

    The `budgets:` block is not read here: a summary must not depend on it (`parse_with_budgets` reads it).
    """
    reader = NodeReader(source)
    return _model(reader, _root(reader, compose(text, source)), default_name)


def parse_with_budgets(text: str, source: str = "<spec>",
                       default_name: str | None = None) -> tuple[ModelSpec, Budgets]:
    """The ModelSpec and the spec's `budgets:` entries as plain values; what they mean is convcalc.check's business."""
    reader = NodeReader(source)
    root = _root(reader, compose(text, source))
    budgets: Budgets = {}
    line, node = reader.mapping(root).get("budgets", (None, None))
    if isinstance(node, MappingNode):
        for key, (key_line, value_node) in reader.mapping(node).items():
            if not isinstance(key, str):
                raise SpecError(f"budget names must be strings, received {key!r}", source=source, line=key_line)
            budgets[key] = (reader.value(value_node), key_line)
    elif node is not None and node.tag != NULL_TAG:  # `budgets:` left empty is no budgets
        raise SpecError("`budgets` must be a mapping of budget names to limits, e.g. `budgets: {max_params: 250k}`",
                        source=source, line=line)
    return _model(reader, root, default_name), budgets


class _Representer(SafeRepresenter):
    """Plain Python data as YAML nodes (without lines), tuples as lists."""


_Representer.add_representer(tuple, SafeRepresenter.represent_list)


def parse_mapping(spec: Mapping[Any, Any], source: str = "<dict>", default_name: str | None = None) -> ModelSpec:
    """A spec given as Python data (`{"input_shape": [28, 28, 1], "layers": [...]}`), read with the same checks
    as a file; its errors name the layer, having no lines."""
    try:
        root = _Representer(sort_keys=False).represent_data(spec)
    except RepresenterError as error:
        value = error.args[1] if len(error.args) > 1 else None
        raise SpecError(f"a spec holds plain data (str, int, float, bool, None, lists and mappings), not "
                        f"{type(value).__name__} {value!r:.60}", source=source) from None
    reader = NodeReader(source)
    return _model(reader, _root(reader, root), default_name)


def load(path: str) -> ModelSpec:
    """Read and parse one spec file ('-' for standard input)."""
    return parse(read_text(path), source_name(path), default_model_name(path))


def load_with_budgets(path: str) -> tuple[ModelSpec, Budgets]:
    """Read one spec file with its `budgets:` entries."""
    return parse_with_budgets(read_text(path), source_name(path), default_model_name(path))


def _root(reader: NodeReader, root: Node) -> MappingNode:
    if not isinstance(root, MappingNode):
        raise reader.error(f"a spec must be a mapping with input_shape and layers, not {kind_of(root)}", root)
    return root


def _model(reader: NodeReader, root: MappingNode, default_name: str | None, nested: Entries | None = None,
           names: KerasNames | None = None, depth: int = 0) -> ModelSpec:
    """The model of a spec's top-level mapping, or of a nested model's entry (`nested`: its model keys, checked;
    its input is what its caller reads); every mistake found is raised at the end, together."""
    source = reader.source
    top = reader.mapping(root) if nested is None else nested
    if nested is None and "framework" in top:
        line, node = top["framework"]
        framework = reader.value(node)
        if framework not in FRAMEWORKS:
            raise SpecError(f"`framework` must be one of {', '.join(FRAMEWORKS)}, received {framework!r}"
                            + (did_you_mean(framework, FRAMEWORKS) if isinstance(framework, str) else ""),
                            source=source, line=line)
        if framework == "torch":
            from . import torch_spec

            return torch_spec.model(reader, root, top, default_name)
    builder = ModelBuilder(source, names, missing_input=(MISSING_INPUT_SHAPE, line_of(root)))
    misspelt = set()  # the keys that unknown ones look like: `layer` is not also a missing `layers`
    for key, (line, _) in top.items():
        if key not in TOP_LEVEL_KEYS:
            misspelt.add(closest(key, TOP_LEVEL_KEYS))
            builder.report(SpecError(f"unknown top-level key {key!r}" + did_you_mean(key, TOP_LEVEL_KEYS)
                                     + f"; expected one of {', '.join(TOP_LEVEL_KEYS)}", source=source, line=line))
    if "description" in top:
        line, node = top["description"]
        if not isinstance(reader.value(node), str | type(None)):
            builder.report(SpecError("`description` must be text", source=source, line=line))

    if "application" in top and nested is None:
        return _application(reader, builder, top)
    name = default_name
    if "name" in top:
        line, node = top["name"]
        name = reader.value(node)
        if not isinstance(name, str) or not name:
            builder.report(SpecError(f"`name` must be a non-empty string, received {name!r}", source=source,
                                     line=line))

    layers_line, layers_node = top.get("layers", (None, None))
    problem = None
    if layers_node is None:
        problem = None if "layers" in misspelt else reader.error(
            "missing `layers`: the list of layers, e.g. `layers: [Flatten, Dense: {units: 10}]`", root)
    elif not isinstance(layers_node, SequenceNode) or not layers_node.value:
        problem = SpecError("`layers` must be a non-empty list of layers", source=source, line=layers_line)
    elif len(layers_node.value) > MAX_LAYERS:
        problem = SpecError(f"{len(layers_node.value):,} layers; specs are limited to {MAX_LAYERS:,}",
                            source=source, line=layers_line)
    if problem is not None:
        builder.report(problem)
    if problem is not None or not isinstance(layers_node, SequenceNode):  # nothing more to check without layers
        raise builder.gathered()  # `problem`, or the unknown key that looks like `layers`, and any before

    if "inputs" in top and "input_shape" in top:
        builder.report(SpecError("give `input_shape` (one input) or `inputs` (named inputs), not both",
                                 source=source, line=top["inputs"][0]))
    if "inputs" in top:
        _named_inputs(reader, builder, *top["inputs"])
    elif "input_shape" in top:
        line, node = top["input_shape"]
        builder.add_input(None, reader.value(node), line, "input_shape")
    elif depth:
        builder.add_input(None, [], line_of(root), "input")  # a nested model reads what its caller gives it
    for entry in layers_node.value:
        with builder.collecting():
            reader.spend(entry)
            kind_name, line, args_node = _split_entry(reader, entry)
            kind = lookup(kind_name)
            if kind is not None and kind.nested:
                given, arg_lines = _nested_model(reader, args_node, kind_name, line, builder.names, depth + 1)
            elif kind is None and _is_application(kind_name):
                from .application_specs import layer_entry

                given, arg_lines = _layer_args(reader, args_node, kind_name)
                given = layer_entry(kind_name, given, builder.names, source, line)
                kind_name = "Functional"
            else:
                given, arg_lines = _layer_args(reader, args_node, kind_name)
            references: References = given.pop("inputs", PREVIOUS)
            references_line = arg_lines.pop("inputs", line)
            builder.add_layer(kind_name, given, line, arg_lines, references, references_line)
        if reader.budget < 0:  # an alias bomb: every later entry would say so again
            break
    outputs_line, outputs = None, None
    if "outputs" in top:
        outputs_line, outputs = top["outputs"][0], reader.value(top["outputs"][1])
    return builder.build(name, outputs, outputs_line, functional="inputs" in top or "outputs" in top)


def _is_application(kind_name: str) -> bool:
    """Whether an entry that is no layer names a keras.applications model; the builders (~12 ms to import) load
    only for a spec that may use one."""
    from ..applications import is_application

    return is_application(kind_name)


def _application(reader: NodeReader, builder: ModelBuilder, top: Entries) -> ModelSpec:
    """A spec that is a keras.applications model: `application: ResNet50` or `application: {ResNet50: {...}}`,
    named as Keras names it unless the spec says otherwise."""
    from ..applications import APPLICATIONS, is_application
    from .application_specs import application

    for key, (line, _) in top.items():
        if key not in APPLICATION_KEYS:
            builder.report(SpecError(f"`{key}` does not go with `application:` (the application is the whole "
                                     f"model); expected only {', '.join(APPLICATION_KEYS)}", source=reader.source,
                                     line=line))
    builder.raise_errors()
    line, node = top["application"]
    kind_name, _, args_node = _split_entry(reader, node)
    if not is_application(kind_name):
        raise SpecError(f"unknown keras.applications model {kind_name!r}" + did_you_mean(kind_name, APPLICATIONS),
                        source=reader.source, line=line)
    model = application(kind_name, reader.value(args_node) if args_node is not None else None, builder.names,
                        reader.source, line)
    if "name" in top:
        name = reader.value(top["name"][1])
        if not isinstance(name, str) or not name:
            raise SpecError(f"`name` must be a non-empty string, received {name!r}", source=reader.source,
                            line=top["name"][0])
        model = model._replace(name=name)
    return model


def _nested_model(reader: NodeReader, node: Node | None, kind_name: str, line: int | None, names: KerasNames,
                  depth: int) -> tuple[dict[str, Any], dict[str, int | None]]:
    """A model used as a layer: `Sequential: {name, inputs, trainable, layers, ...}`, its layers read as a spec's."""
    if depth > MAX_NESTING:
        raise SpecError(f"models nested more than {MAX_NESTING} deep", source=reader.source, line=line)
    if not isinstance(node, MappingNode):
        raise SpecError(f"a nested {kind_name} is a mapping with its `layers:` list", source=reader.source, line=line)
    entries = reader.mapping(node)
    for key, (key_line, _) in entries.items():
        if key not in NESTED_KEYS:
            raise SpecError(f"unknown key {key!r} of a nested {kind_name}" + did_you_mean(key, NESTED_KEYS)
                            + f"; expected one of {', '.join(NESTED_KEYS)}", source=reader.source, line=key_line)
    given: dict[str, Any] = {}
    arg_lines: dict[str, int | None] = {}
    for key in ("name", "trainable", "inputs"):
        if key in entries:
            arg_lines[key], value_node = entries[key]
            given[key] = reader.value(value_node)
    model_keys = {("inputs" if key == "model_inputs" else key): entry for key, entry in entries.items()
                  if key in ("layers", "input_shape", "model_inputs", "outputs")}
    written = given.get("name")
    name = written if isinstance(written, str) else names.next(snake_case(kind_name))
    given["name"] = name
    given["model"] = _model(reader, node, name, model_keys, names, depth)
    return given, arg_lines


def _named_inputs(reader: NodeReader, builder: ModelBuilder, line: int | None, node: Node) -> None:
    if not isinstance(node, MappingNode) or not node.value:
        builder.report(builder.error("`inputs` must map input names to shapes, e.g. `inputs: {image: [32, 32, 3]}`",
                                     line))
        builder.declared_inputs += 1  # given, if badly: not also missing
        return
    for name, (name_line, shape_node) in reader.mapping(node).items():
        builder.add_named_input(name, reader.value(shape_node), name_line, "inputs")


KERAS_ENTRY = "`Conv2D: {filters: 32, kernel_size: 3}`"


def _split_entry(reader: NodeReader, entry: Node, example: str = KERAS_ENTRY) -> tuple[str, int | None, Node | None]:
    """`Flatten` or `Conv2D: {...}` -> (class name, line, arguments node or None)."""
    line = line_of(entry)
    if isinstance(entry, ScalarNode):
        name = reader.scalar(entry)
        if isinstance(name, str) and name:
            return name, line, None
    elif isinstance(entry, MappingNode) and len(entry.value) == 1:
        key_node, args_node = entry.value[0]
        name = reader.scalar(key_node) if isinstance(key_node, ScalarNode) else None
        if isinstance(name, str) and name:
            return name, line, args_node
    raise SpecError("a layer must be a class name (`Flatten`) or a one-key mapping "
                    f"({example})", source=reader.source, line=line)


def _layer_args(reader: NodeReader, node: Node | None,
                kind_name: str) -> tuple[dict[str, Any], dict[str, int | None]]:
    if node is not None:
        reader.spend(node)
    if node is None or (isinstance(node, ScalarNode) and node.tag == NULL_TAG):
        return {}, {}
    if not isinstance(node, MappingNode):
        raise SpecError(f"the arguments of {kind_name} must be a mapping like `{{filters: 32}}`, "
                        f"not {kind_of(node)}", source=reader.source, line=line_of(node))
    given, arg_lines = {}, {}
    for key, (key_line, value_node) in reader.mapping(node).items():
        if not isinstance(key, str):
            raise SpecError(f"argument names must be strings, received {key!r}", source=reader.source, line=key_line)
        given[key] = reader.value(value_node)
        arg_lines[key] = key_line
    return given, arg_lines


# A mapping read with its lines: key -> (line of the key, value), nested mappings alike.
Located = dict[Any, tuple[int | None, Any]]


def read_mapping(path: str, expected: str, spec_key: str | None = None) -> Located:
    """A YAML file holding one mapping (a quiz, a student's answers), read as safely as a spec so that errors
    name file and line: every mapping in it becomes {key: (line, value)}; lists and scalars stay plain.

    A mapping under `spec_key` is an inline model spec, parsed where it stands so that its errors keep their lines.
    """
    source = source_name(path)
    text = read_text(path)
    root = compose(text, source, expected)
    reader = NodeReader(source)
    if not isinstance(root, MappingNode):
        raise reader.error(f"expected {expected}, not {kind_of(root)}", root)
    located: Located = {}
    for key, (line, node) in reader.mapping(root).items():
        if key == spec_key and isinstance(node, MappingNode):
            mark = node.start_mark  # blank lines and an indent put every line and column back where they were
            text_in_place = "\n" * mark.line + " " * mark.column + text[mark.index:node.end_mark.index]
            located[key] = (line, parse(text_in_place, source, default_model_name(path)))
        else:
            located[key] = (line, reader.located(node))
    return located
