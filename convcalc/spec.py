"""Reading spec files: YAML text to a ModelSpec of checked, named layer descriptors.

This module knows YAML and line numbers, not shape math. It works on PyYAML's
composed node graph (never a loader that builds Python objects) so that every
value keeps its line, duplicate keys are caught, and aliases are counted as
they expand: a "billion laughs" file is refused before it grows.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import args as a
from .errors import ArgumentError, SpecError, did_you_mean
from .layers import REGISTRY
from .model import LayerSpec, ModelSpec

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_VALUES = 2_000_000  # values visited, aliases counted each time they are used
MAX_DEPTH = 64
FLOW_BRACKETS_BEFORE_DEPTH_SCAN = 5_000  # libyaml's composer recurses in C: check depth first

TOP_LEVEL_KEYS = ("name", "description", "input_shape", "layers")
STDIN = "-"

STANDARD_TAG = "tag:yaml.org,2002:"
PLAIN_TAGS = frozenset(STANDARD_TAG + t for t in ("null", "bool", "int", "float", "str", "seq", "map", "merge",
                                                  "timestamp"))
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SCALARS = (int, float, bool, str, type(None))


def read_source(path: str) -> str:
    """The text of a spec file (or of standard input for '-'), as strict UTF-8."""
    display = "<stdin>" if path == STDIN else path
    try:
        if path == STDIN:
            if sys.stdin is None or sys.stdin.closed:
                raise SpecError("standard input is closed", source=display)
            data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
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


def compose(text: str, source: str) -> Node:
    """The single YAML document of `text` as a node graph (aliases not expanded)."""
    if text.count("[") + text.count("{") > FLOW_BRACKETS_BEFORE_DEPTH_SCAN:
        _check_depth(text, source)
    try:
        node = yaml.compose(text, Loader=_Loader)
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
        raise SpecError("the file is empty; expected a mapping with input_shape and layers", source=source)
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

    def error(self, message: str, node: Optional[Node] = None, **where) -> SpecError:
        return SpecError(message, source=self.source, line=line_of(node), **where)

    def _spend(self, node: Node) -> None:
        self.budget -= 1
        if self.budget < 0:
            raise self.error(f"YAML expands to more than {MAX_VALUES:,} values (an alias bomb?); refusing", node)
        if node.tag not in PLAIN_TAGS:
            raise self.error(f"unsupported YAML tag {node.tag!r}; specs hold plain data only", node)

    def scalar(self, node: ScalarNode) -> Any:
        try:
            value = self.constructor.construct_object(node)
        except yaml.YAMLError as error:
            raise self.error(f"unsupported YAML value: {getattr(error, 'problem', None) or error}", node) from None
        return value if isinstance(value, _SCALARS) else node.value

    def value(self, node: Node, depth: int = 0) -> Any:
        self._spend(node)
        if depth > MAX_DEPTH:
            raise self.error(f"YAML nested more than {MAX_DEPTH} levels deep", node)
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if isinstance(node, SequenceNode):
            return [self.value(item, depth + 1) for item in node.value]
        return {key: self.value(item, depth + 1) for key, (_, item) in self.mapping(node).items()}

    def mapping(self, node: MappingNode) -> Dict[Any, Tuple[int, Node]]:
        """Keys to (line, value node), refusing duplicate keys and applying `<<` merges."""
        entries: Dict[Any, Tuple[int, Node]] = {}
        merged: Dict[Any, Tuple[int, Node]] = {}
        for key_node, value_node in node.value:
            self._spend(key_node)
            if key_node.tag == "tag:yaml.org,2002:merge":
                for source in (value_node.value if isinstance(value_node, SequenceNode) else [value_node]):
                    if not isinstance(source, MappingNode):
                        raise self.error("a `<<` merge needs a mapping", source)
                    for key, entry in self.mapping(source).items():
                        merged.setdefault(key, entry)
                continue
            if not isinstance(key_node, ScalarNode):
                raise self.error("mapping keys must be plain names", key_node)
            key = self.scalar(key_node)
            if key in entries:
                raise self.error(f"duplicate key {key!r} (first at line {entries[key][0]})", key_node)
            entries[key] = (line_of(key_node), value_node)
        return {**merged, **entries}


def line_of(node: Optional[Node]) -> Optional[int]:
    return node.start_mark.line + 1 if node is not None and node.start_mark is not None else None


def _kind_of(node: Node) -> str:
    return {ScalarNode: "a scalar", SequenceNode: "a list", MappingNode: "a mapping"}[type(node)]


def parse(text: str, source: str = "<spec>", default_name: str = "model") -> ModelSpec:
    """Parse spec text into a ModelSpec; every mistake is a SpecError naming the line."""
    reader = _Reader(source)
    root = compose(text, source)
    if not isinstance(root, MappingNode):
        raise reader.error(f"a spec must be a mapping with input_shape and layers, not {_kind_of(root)}", root)
    top = reader.mapping(root)
    for key, (line, _) in top.items():
        if key not in TOP_LEVEL_KEYS:
            raise SpecError(f"unknown top-level key {key!r}" + did_you_mean(key, TOP_LEVEL_KEYS)
                            + f"; expected one of {', '.join(TOP_LEVEL_KEYS)}", source=source, line=line)

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
    layers = _parse_layers(reader, layers_node)

    input_shape, input_line = _input_shape(reader, top, layers, root)
    return ModelSpec(name=name, input_shape=(None,) + input_shape, layers=tuple(layers),
                     source=source, line=input_line)


def _input_shape(reader: _Reader, top, layers: List[LayerSpec], root: Node):
    """The top-level input_shape or, as Keras allows, the first layer's input_shape/input_dim."""
    if "input_shape" in top:
        line, node = top["input_shape"]
        try:
            return a.input_dims(reader.value(node), "input_shape"), line
        except ArgumentError as error:
            raise SpecError(error.message, source=reader.source, line=line) from None
    first = layers[0]
    if first.args["input_shape"] is not None:
        return first.args["input_shape"], first.arg_lines.get("input_shape", first.line)
    if first.args["input_dim"] is not None:
        return (first.args["input_dim"],), first.arg_lines.get("input_dim", first.line)
    raise reader.error("missing `input_shape`: the shape of one sample without the batch dimension, "
                       "e.g. `input_shape: [28, 28, 1]`", root)


def _parse_layers(reader: _Reader, layers_node: SequenceNode) -> List[LayerSpec]:
    layers: List[LayerSpec] = []
    auto_counts: Dict[str, int] = {}
    name_lines: Dict[str, int] = {}
    for entry in layers_node.value:
        reader._spend(entry)
        kind_name, line, args_node = _split_entry(reader, entry)
        kind = REGISTRY.get(kind_name)
        if kind is None:
            raise SpecError(f"unknown layer type {kind_name!r}" + did_you_mean(kind_name, REGISTRY),
                            source=reader.source, line=line)
        given, arg_lines = _layer_args(reader, args_node, kind_name, line)
        name = given.get("name")
        if not isinstance(name, str) or not name:
            # Keras names unnamed layers per class: conv2d, conv2d_1, ... (named layers don't count).
            count = auto_counts.get(kind.default_name, 0)
            auto_counts[kind.default_name] = count + 1
            name = kind.default_name if count == 0 else f"{kind.default_name}_{count}"
        try:
            bound = kind.bind(given)
        except ArgumentError as error:
            raise SpecError(error.message, source=reader.source, line=arg_lines.get(error.argument, line),
                            layer=name, kind=kind_name) from None
        if name in name_lines:
            raise SpecError(f"duplicate layer name {name!r} (first used at line {name_lines[name]}); "
                            "layer names must be unique", source=reader.source, line=line, layer=name, kind=kind_name)
        name_lines[name] = line
        layers.append(LayerSpec(kind=kind_name, name=name, args=bound, given=tuple(given), line=line,
                                arg_lines=arg_lines))
    return layers


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


def _layer_args(reader: _Reader, node: Optional[Node], kind_name: str, line: int):
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
