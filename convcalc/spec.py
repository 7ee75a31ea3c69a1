"""Reading spec files: YAML text to a ModelSpec of checked, named layer descriptors.

This module knows YAML and line numbers, not shape math. It works on PyYAML's
composed node graph (never a loader that builds Python objects) so that every
value keeps its line, duplicate keys are caught, and aliases are counted as
they expand: a "billion laughs" file is refused before it grows.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import args as a
from .errors import ArgumentError, SpecError, did_you_mean
from .layers import NO_INPUT, REGISTRY
from .model import LayerSpec, ModelSpec
from .shapes import MAX_SIZE

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_VALUES = 2_000_000  # values visited, aliases counted each time they are used
MAX_DEPTH = 64
MAX_LAYERS = 100_000  # about 9 s and 600 MB; many more would exhaust memory (a layer costs 2 to 6 KB)
# libyaml's composer recurses in C, one stack frame a level, and crashes the process past ~25,000 levels;
# PyYAML's own composer raises RecursionError past ~500. A text that might nest that deep is scanned first.
FLOW_BRACKETS_BEFORE_DEPTH_SCAN = 5_000
# Block nesting needs a longer indent (or another "- "/"? " on the line) for each level.
_DEEP_BLOCK_INDENT = re.compile(r"^[ ?:-]{%d}" % (FLOW_BRACKETS_BEFORE_DEPTH_SCAN // 2), re.MULTILINE)

TOP_LEVEL_KEYS = ("name", "description", "input_shape", "inputs", "layers", "outputs", "budgets")
STDIN = "-"

STANDARD_TAG = "tag:yaml.org,2002:"
PLAIN_TAGS = frozenset(STANDARD_TAG + t for t in ("null", "bool", "int", "float", "str", "seq", "map", "merge",
                                                  "timestamp"))
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SCALARS = (int, float, bool, str, type(None))
_STR_TAG = STANDARD_TAG + "str"


def read_source(path: str) -> str:
    """The text of a spec file (or of standard input for '-'), as strict UTF-8."""
    display = "<stdin>" if path == STDIN else path
    try:
        if path == STDIN:
            if sys.stdin is None or sys.stdin.closed:
                raise SpecError("standard input is closed", source=display)
            if hasattr(sys.stdin, "buffer"):
                data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
            else:  # replaced by a text stream (io.StringIO): undo its decoding, errors included
                data = sys.stdin.read(MAX_FILE_BYTES + 1).encode("utf-8", "surrogateescape")
        else:
            if os.path.isdir(path):
                raise SpecError("is a directory, not a spec file", source=display)
            size = os.path.getsize(path)
            if size > MAX_FILE_BYTES:
                raise SpecError(f"file is {size:,} bytes; specs are limited to {MAX_FILE_BYTES:,}", source=display)
            with open(path, "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise SpecError("no such file", source=display) from None
    except PermissionError:
        raise SpecError("permission denied", source=display) from None
    except (OSError, ValueError) as error:
        raise SpecError(f"cannot read: {getattr(error, 'strerror', None) or error}", source=display) from None
    if len(data) > MAX_FILE_BYTES:
        raise SpecError(f"input is larger than {MAX_FILE_BYTES:,} bytes", source=display)
    if b"\x00" in data:
        raise SpecError("binary data (NUL bytes), not YAML text", source=display)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise SpecError(f"not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})",
                        source=display, line=line) from None


def source_name(path: str) -> str:
    return "<stdin>" if path == STDIN else path


def default_model_name(path: str) -> str:
    """The file's stem; from standard input Keras's own default, 'sequential'."""
    return "sequential" if path == STDIN else Path(path).stem


def compose(text: str, source: str, expected: str = "a mapping with input_shape and layers") -> Node:
    """The single YAML document of `text` as a node graph (aliases not expanded)."""
    try:
        if text.count("[") + text.count("{") > FLOW_BRACKETS_BEFORE_DEPTH_SCAN or _DEEP_BLOCK_INDENT.search(text):
            _check_depth(text, source)
        node = yaml.compose(text, Loader=_Loader)
    except UnicodeEncodeError as error:  # only from text=: a file's bytes decode to valid Unicode or are refused
        line = text.count("\n", 0, error.start) + 1
        raise SpecError(f"not valid Unicode: a lone surrogate {text[error.start]!r}", source=source, line=line) from None
    except RecursionError:  # PyYAML's pure-Python composer, when PyYAML was built without libyaml
        raise SpecError(f"YAML nested more than {MAX_DEPTH} levels deep", source=source) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "invalid YAML"
        if "expected a single document" in str(error):
            problem = "expected one YAML document, found several (remove the extra '---')"
        if mark and "cannot start any token" in problem and text[mark.index:mark.index + 1] == "\t":
            problem = "a tab character; YAML indents with spaces only"
        line = mark.line + 1 if mark else None
        column = f" (column {mark.column + 1})" if mark else ""
        raise SpecError(f"invalid YAML: {problem}{column}", source=source, line=line) from None
    except yaml.YAMLError as error:
        raise SpecError(f"invalid YAML: {error}".replace("\n", " "), source=source) from None
    if node is None:
        raise SpecError(f"the file is empty; expected {expected}", source=source)
    return node


def _check_depth(text: str, source: str) -> None:
    """Refuse deep nesting with the event parser, which keeps a stack instead of recursing."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    line = event.start_mark.line + 1 if event.start_mark else None
                    raise SpecError(f"YAML nested more than {MAX_DEPTH} levels deep", source=source, line=line)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return  # compose() reports it with its line


class _Reader:
    """Turns nodes into plain values, counting every value (aliases too) against MAX_VALUES."""

    def __init__(self, source: str):
        self.source = source
        self.budget = MAX_VALUES
        self.constructor = yaml.constructor.SafeConstructor()

    def error(self, message: str, node: Node | None = None, **where) -> SpecError:
        return SpecError(message, source=self.source, line=line_of(node), **where)

    def _spend(self, node: Node) -> None:
        self.budget -= 1
        if self.budget < 0:
            raise self.error(f"YAML expands to more than {MAX_VALUES:,} values (an alias bomb?); refusing", node)
        if node.tag not in PLAIN_TAGS:
            raise self.error(f"unsupported YAML tag {node.tag!r}; specs hold plain data only", node)

    def scalar(self, node: ScalarNode) -> Any:
        if node.tag == _STR_TAG:  # most scalars (every key, every name) need no constructor
            return node.value
        try:
            value = self.constructor.construct_object(node)
        except yaml.YAMLError as error:
            raise self.error(f"unsupported YAML value: {getattr(error, 'problem', None) or error}", node) from None
        except ValueError as error:  # `!!int x`, a date like 2024-13-45, an integer of 4,300 digits or more
            if node.tag == STANDARD_TAG + "int" and node.value.lstrip("+-").replace("_", "").isdigit():
                raise self.error(self._too_large(node.value), node) from None
            raise self.error(f"unsupported YAML value {node.value[:40]!r}: {error}", node) from None
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_SIZE:
            raise self.error(self._too_large(node.value), node)
        return value if isinstance(value, _SCALARS) else node.value

    @staticmethod
    def _too_large(literal: str) -> str:
        shown = literal if len(literal) <= 24 else f"{literal[:12]}... ({len(literal):,} characters)"
        return f"integer {shown} is too large; convcalc handles integers up to {MAX_SIZE:.0e}"

    def value(self, node: Node, depth: int = 0) -> Any:
        self._spend(node)
        if depth > MAX_DEPTH:
            raise self.error(f"YAML nested more than {MAX_DEPTH} levels deep", node)
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if isinstance(node, SequenceNode):
            return [self.value(item, depth + 1) for item in node.value]
        return {key: self.value(item, depth + 1) for key, (_, item) in self.mapping(node, depth).items()}

    def mapping(self, node: MappingNode, depth: int = 0) -> dict[Any, tuple[int, Node]]:
        """Keys to (line, value node), refusing duplicate keys and applying `<<` merges."""
        if depth > MAX_DEPTH:  # merges of merges: `&a {<<: *a}` would merge itself forever
            raise self.error(f"YAML merges (`<<`) nested more than {MAX_DEPTH} levels deep", node)
        entries: dict[Any, tuple[int, Node]] = {}
        merged: dict[Any, tuple[int, Node]] = {}
        for key_node, value_node in node.value:
            self._spend(key_node)
            if key_node.tag == "tag:yaml.org,2002:merge":
                for source in (value_node.value if isinstance(value_node, SequenceNode) else [value_node]):
                    if not isinstance(source, MappingNode):
                        raise self.error("a `<<` merge needs a mapping", source)
                    for key, entry in self.mapping(source, depth + 1).items():
                        merged.setdefault(key, entry)
                continue
            if not isinstance(key_node, ScalarNode):
                raise self.error("mapping keys must be plain names", key_node)
            key = self.scalar(key_node)
            if key in entries:
                raise self.error(f"duplicate key {key!r} (first at line {entries[key][0]})", key_node)
            entries[key] = (line_of(key_node), value_node)
        return {**merged, **entries}


def line_of(node: Node | None) -> int | None:
    return node.start_mark.line + 1 if node is not None and node.start_mark is not None else None


def _kind_of(node: Node) -> str:
    return {ScalarNode: "a scalar", SequenceNode: "a list", MappingNode: "a mapping"}[type(node)]


def parse(text: str, source: str = "<spec>", default_name: str = "model") -> ModelSpec:
    """Parse spec text into a ModelSpec; every mistake is a SpecError naming the line.

    The `budgets:` block is not read here: a summary must not depend on it (`parse_with_budgets` reads it).
    """
    return _model(*_top(text, source), default_name)


# A budget as written in the spec: its key -> (plain value, line of the key).
Budgets = dict[str, tuple[Any, int | None]]


def parse_with_budgets(text: str, source: str = "<spec>", default_name: str = "model") -> tuple[ModelSpec, Budgets]:
    """The ModelSpec and the spec's `budgets:` entries as plain values; what they mean is convcalc.check's business."""
    reader, root, top = _top(text, source)
    budgets: Budgets = {}
    line, node = top.get("budgets", (None, None))
    if isinstance(node, MappingNode):
        for key, (key_line, value_node) in reader.mapping(node).items():
            if not isinstance(key, str):
                raise SpecError(f"budget names must be strings, received {key!r}", source=source, line=key_line)
            budgets[key] = (reader.value(value_node), key_line)
    elif node is not None and node.tag != STANDARD_TAG + "null":  # `budgets:` left empty is no budgets
        raise SpecError("`budgets` must be a mapping of budget names to limits, e.g. `budgets: {max_params: 250k}`",
                        source=source, line=line)
    return _model(reader, root, top, default_name), budgets


def _top(text: str, source: str):
    """The reader, the root node and the checked top-level entries of a spec."""
    reader = _Reader(source)
    root = compose(text, source)
    if not isinstance(root, MappingNode):
        raise reader.error(f"a spec must be a mapping with input_shape and layers, not {_kind_of(root)}", root)
    top = reader.mapping(root)
    for key, (line, _) in top.items():
        if key not in TOP_LEVEL_KEYS:
            raise SpecError(f"unknown top-level key {key!r}" + did_you_mean(key, TOP_LEVEL_KEYS)
                            + f"; expected one of {', '.join(TOP_LEVEL_KEYS)}", source=source, line=line)
    return reader, root, top


def _model(reader: _Reader, root: MappingNode, top, default_name: str) -> ModelSpec:
    source = reader.source
    if "description" in top:
        line, node = top["description"]
        if not isinstance(reader.value(node), (str, type(None))):
            raise SpecError("`description` must be text", source=source, line=line)

    name = default_name
    if "name" in top:
        line, node = top["name"]
        name = reader.value(node)
        if not isinstance(name, str) or not name:
            raise SpecError(f"`name` must be a non-empty string, received {name!r}", source=source, line=line)

    if "layers" not in top:
        raise reader.error("missing `layers`: the list of layers, e.g. `layers: [Flatten, Dense: {units: 10}]`",
                           root)
    layers_line, layers_node = top["layers"]
    if not isinstance(layers_node, SequenceNode) or not layers_node.value:
        raise SpecError("`layers` must be a non-empty list of layers", source=source, line=layers_line)
    if len(layers_node.value) > MAX_LAYERS:
        raise SpecError(f"{len(layers_node.value):,} layers; specs are limited to {MAX_LAYERS:,}",
                        source=source, line=layers_line)

    graph = _Graph(reader)
    if "inputs" in top and "input_shape" in top:
        raise SpecError("give `input_shape` (one input) or `inputs` (named inputs), not both",
                        source=source, line=top["inputs"][0])
    if "inputs" in top:
        graph.add_named_inputs(*top["inputs"])
    elif "input_shape" in top:
        line, node = top["input_shape"]
        graph.add_input(None, reader.value(node), line, "input_shape")
    for entry in layers_node.value:
        graph.add_entry(entry, root)
    layers = graph.resolve()
    outputs = graph.outputs(top.get("outputs"))
    functional = graph.functional or "inputs" in top or "outputs" in top
    return ModelSpec(name=name, layers=layers, outputs=outputs, functional=functional, source=source)


_PREVIOUS = object()  # a layer without `inputs:` reads the entry above it


class _Graph:
    """Collects model inputs and layer entries, names them as Keras would, then links them."""

    def __init__(self, reader: _Reader):
        self.reader = reader
        self.entries: list[tuple[LayerSpec, Any, int | None]] = []  # (layer, references, their line)
        self.lines: dict[str, int] = {}
        self.auto_counts: dict[str, int] = {}
        self.functional = False
        self.named_inputs = 0  # entries of the top-level `inputs:` mapping

    def error(self, message: str, line: int | None, layer: LayerSpec | None = None) -> SpecError:
        return SpecError(message, source=self.reader.source, line=line,
                         layer=layer.name if layer else None, kind=layer.kind if layer else None)

    def auto_name(self, default_name: str) -> str:
        """Keras names unnamed layers per class: conv2d, conv2d_1, ... (named layers don't count)."""
        count = self.auto_counts.get(default_name, 0)
        self.auto_counts[default_name] = count + 1
        return default_name if count == 0 else f"{default_name}_{count}"

    def add(self, layer: LayerSpec, references, references_line: int | None) -> None:
        if layer.name in self.lines:
            raise self.error(f"duplicate layer name {layer.name!r} (first used at line {self.lines[layer.name]}); "
                             "layer names must be unique", layer.line, layer)
        self.lines[layer.name] = layer.line
        self.entries.append((layer, references, references_line))

    def add_input(self, name: str | None, shape, line: int | None, what: str) -> None:
        try:
            dims = a.input_dims(shape, what)
        except ArgumentError as error:
            raise self.error(error.message, line) from None
        kind = REGISTRY["Input"]
        args = kind.bind({"shape": list(dims), "name": name})
        self.add(LayerSpec(kind="Input", name=name or self.auto_name(kind.default_name), args=args, inputs=(),
                           line=line, arg_lines={}), (), None)

    def add_named_inputs(self, line: int, node: Node) -> None:
        if not isinstance(node, MappingNode) or not node.value:
            raise self.error("`inputs` must map input names to shapes, e.g. `inputs: {image: [32, 32, 3]}`", line)
        for name, (name_line, shape_node) in self.reader.mapping(node).items():
            try:
                a.layer_name(name, "inputs")
            except ArgumentError as error:
                raise self.error(error.message, name_line) from None
            self.add_input(name, self.reader.value(shape_node), name_line, f"the shape of input {name!r}")
            self.named_inputs += 1

    def add_entry(self, entry: Node, root: Node) -> None:
        reader = self.reader
        reader._spend(entry)
        kind_name, line, args_node = _split_entry(reader, entry)
        kind = REGISTRY.get(kind_name)
        if kind is None:
            raise self.error(f"unknown layer type {kind_name!r}" + did_you_mean(kind_name, REGISTRY), line)
        given, arg_lines = _layer_args(reader, args_node, kind_name, line)
        references = given.pop("inputs", _PREVIOUS)
        references_line = arg_lines.pop("inputs", line)
        self.functional |= references is not _PREVIOUS or kind.arity == NO_INPUT
        name = given.get("name")
        if not isinstance(name, str) or not name:
            name = self.auto_name(kind.default_name)
        try:
            bound = kind.bind(given)
        except ArgumentError as error:
            raise SpecError(error.message, source=reader.source, line=arg_lines.get(error.argument, line),
                            layer=name, kind=kind_name) from None
        layer = LayerSpec(kind=kind_name, name=name, args=bound, inputs=(), given=tuple(given), line=line,
                          arg_lines=arg_lines)
        if kind.arity == NO_INPUT:
            if references is not _PREVIOUS:
                raise self.error("a model input reads nothing: remove `inputs`", references_line, layer)
            references = ()
        elif not self.entries:
            self._first_layer_input(layer, references, root)
        self.add(layer, references, references_line)

    def _first_layer_input(self, layer: LayerSpec, references, root: Node) -> None:
        """As Keras allows, the first layer may carry input_shape (or input_dim) instead of the top level."""
        shape, what = layer.args.get("input_shape"), "input_shape"
        if shape is None and layer.args.get("input_dim") is not None:
            shape, what = (layer.args["input_dim"],), "input_dim"
        if shape is not None and references is _PREVIOUS:
            self.add_input(None, list(shape), layer.arg_lines.get(what, layer.line), what)
        else:
            raise self.reader.error("missing `input_shape`: the shape of one sample without the batch dimension, "
                                    "e.g. `input_shape: [28, 28, 1]`", root)

    def resolve(self) -> tuple[LayerSpec, ...]:
        """Link each layer to what it reads: the entry above it, or the names in its `inputs:`."""
        position = {layer.name: index for index, (layer, _, _) in enumerate(self.entries)}
        linked = []
        for index, (layer, references, line) in enumerate(self.entries):
            if references == ():
                names = ()
            elif references is _PREVIOUS:
                if index == self.named_inputs > 1:
                    raise self.error("the model has several inputs: say which this layer reads with `inputs:`",
                                     layer.line, layer)
                names = (self.entries[index - 1][0].name,)
            else:
                names = self._reference_names(references, line, layer)
            for name in names:
                if name not in position:
                    raise self.error(f"unknown layer or input {name!r}" + did_you_mean(name, position), line, layer)
                if position[name] >= index:
                    cycle = self._cycle_through(layer.name, name, position)
                    if cycle:
                        raise self.error(f"cycle: {' -> '.join(cycle)}", line, layer)
                    raise self.error(f"reads {name!r}, which is defined later (line {self.lines[name]}); "
                                     "a layer can only read layers above it", line, layer)
            linked.append(layer._replace(inputs=names))
        return tuple(linked)

    def _reference_names(self, references, line, layer) -> tuple[str, ...]:
        names = [references] if isinstance(references, str) else references
        if not isinstance(names, list) or not names or not all(isinstance(n, str) and n for n in names):
            raise self.error("`inputs` must be a layer or input name, or a list of them", line, layer)
        return tuple(names)

    def _cycle_through(self, start: str, first: str, position: dict[str, int]) -> list[str] | None:
        """The path start -> first -> ... -> start if following what layers read comes back to start."""
        def reads(name: str) -> tuple[str, ...]:
            index = position.get(name)
            if index is None:
                return ()
            _, references, _ = self.entries[index]
            if references is _PREVIOUS:
                return (self.entries[index - 1][0].name,) if index else ()
            return tuple(references) if isinstance(references, list) else (references,) if references else ()

        path, seen, stack = [start], {start}, [(first, iter(reads(first)))]
        path.append(first)
        if first == start:
            return path
        while stack:
            name, parents = stack[-1]
            parent = next(parents, None)
            if parent is None:
                stack.pop()
                path.pop()
            elif parent == start:
                return path + [start]
            elif parent not in seen:
                seen.add(parent)
                path.append(parent)
                stack.append((parent, iter(reads(parent))))
        return None

    def outputs(self, entry) -> tuple[str, ...]:
        last = self.entries[-1][0].name
        if entry is None:
            return (last,)
        line, node = entry
        value = self.reader.value(node)
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
            raise self.error("`outputs` must be a layer name or a list of layer names", line)
        for name in names:
            if name not in self.lines:
                raise self.error(f"unknown output {name!r}" + did_you_mean(name, self.lines), line)
        if len(set(names)) != len(names):
            raise self.error("`outputs` names a layer twice", line)
        return tuple(names)


def _split_entry(reader: _Reader, entry: Node):
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
                    "(`Conv2D: {filters: 32, kernel_size: 3}`)", source=reader.source, line=line)


def _layer_args(reader: _Reader, node: Node | None, kind_name: str, line: int):
    if node is not None:
        reader._spend(node)
    if node is None or (isinstance(node, ScalarNode) and node.tag == STANDARD_TAG + "null"):
        return {}, {}
    if not isinstance(node, MappingNode):
        raise SpecError(f"the arguments of {kind_name} must be a mapping like `{{filters: 32}}`, "
                        f"not {_kind_of(node)}", source=reader.source, line=line_of(node))
    given, arg_lines = {}, {}
    for key, (key_line, value_node) in reader.mapping(node).items():
        if not isinstance(key, str):
            raise SpecError(f"argument names must be strings, received {key!r}", source=reader.source, line=key_line)
        given[key] = reader.value(value_node)
        arg_lines[key] = key_line
    return given, arg_lines


def load(path: str) -> ModelSpec:
    """Read and parse one spec file ('-' for standard input)."""
    return parse(read_source(path), source_name(path), default_model_name(path))


def load_with_budgets(path: str) -> tuple[ModelSpec, Budgets]:
    """Read one spec file with its `budgets:` entries."""
    return parse_with_budgets(read_source(path), source_name(path), default_model_name(path))


# A mapping read with its lines: key -> (line of the key, value), nested mappings alike.
Located = dict[Any, tuple[int | None, Any]]


def read_mapping(path: str, expected: str, spec_key: str | None = None) -> Located:
    """A YAML file holding one mapping (a quiz, a student's answers), read as safely as a spec so that errors
    name file and line: every mapping in it becomes {key: (line, value)}; lists and scalars stay plain.

    A mapping under `spec_key` is an inline model spec, parsed where it stands so that its errors keep their lines.
    """
    source = source_name(path)
    text = read_source(path)
    root = compose(text, source, expected)
    reader = _Reader(source)
    if not isinstance(root, MappingNode):
        raise reader.error(f"expected {expected}, not {_kind_of(root)}", root)
    located: Located = {}
    for key, (line, node) in reader.mapping(root).items():
        if key == spec_key and isinstance(node, MappingNode):
            mark = node.start_mark  # blank lines and an indent put every line and column back where they were
            text_in_place = "\n" * mark.line + " " * mark.column + text[mark.index:node.end_mark.index]
            located[key] = (line, parse(text_in_place, source, default_model_name(path)))
        else:
            located[key] = (line, _located(reader, node))
    return located


def _located(reader: _Reader, node: Node, depth: int = 0) -> Any:
    if not isinstance(node, (MappingNode, SequenceNode)):
        return reader.value(node, depth)
    reader._spend(node)
    if depth > MAX_DEPTH:
        raise reader.error(f"YAML nested more than {MAX_DEPTH} levels deep", node)
    if isinstance(node, SequenceNode):
        return [_located(reader, item, depth + 1) for item in node.value]
    return {key: (line, _located(reader, item, depth + 1)) for key, (line, item) in reader.mapping(node, depth).items()}


def dump(data: Any, inline: bool = True) -> str:
    """Plain data as YAML, keys in the order given, as quizzes and answer keys are written; `inline` writes
    collections of plain values on one line (`input_shape: [28, 28, 1]`), else one item a line."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=None if inline else False,
                          width=120)
