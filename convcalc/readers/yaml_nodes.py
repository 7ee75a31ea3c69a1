"""YAML with line numbers, read safely: PyYAML's composed node graph, never a loader that builds objects.

Every value keeps its line, duplicate keys are caught, and aliases are counted as they expand: a
"billion laughs" file is refused before it grows. Spec files, quizzes and answer files all read through here.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import SpecError
from ..shapes import MAX_SIZE

MAX_VALUES = 2_000_000  # values visited, aliases counted each time they are used
MAX_DEPTH = 64
# libyaml's composer recurses in C, one stack frame a level, and crashes the process past ~25,000 levels;
# PyYAML's own composer raises RecursionError past ~500. A text that might nest that deep is scanned first.
FLOW_BRACKETS_BEFORE_DEPTH_SCAN = 5_000
# Block nesting needs a longer indent (or another "- "/"? " on the line) for each level.
_DEEP_BLOCK_INDENT = re.compile(rf"^[ ?:-]{{{FLOW_BRACKETS_BEFORE_DEPTH_SCAN // 2}}}", re.MULTILINE)

STANDARD_TAG = "tag:yaml.org,2002:"
NULL_TAG = STANDARD_TAG + "null"
PLAIN_TAGS = frozenset(STANDARD_TAG + t for t in ("null", "bool", "int", "float", "str", "seq", "map", "merge",
                                                  "timestamp"))
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SCALARS = (int, float, bool, str, type(None))
_STR_TAG = STANDARD_TAG + "str"

# A mapping's entries: key -> (line of the key, value node).
Entries = dict[Any, tuple[int | None, Node]]


def compose(text: str, source: str, expected: str = "a mapping with input_shape and layers") -> Node:
    """The single YAML document of `text` as a node graph (aliases not expanded)."""
    try:
        if text.count("[") + text.count("{") > FLOW_BRACKETS_BEFORE_DEPTH_SCAN or _DEEP_BLOCK_INDENT.search(text):
            _refuse_deep_nesting(text, source, _Loader)
        node: Node | None = yaml.compose(text, Loader=_Loader)
    except UnicodeEncodeError as error:  # only from text=: a file's bytes decode to valid Unicode or are refused
        line = text.count("\n", 0, error.start) + 1
        raise SpecError(f"not valid Unicode: a lone surrogate {text[error.start]!r}",
                        source=source, line=line) from None
    except RecursionError:  # PyYAML's pure-Python composer, when PyYAML was built without libyaml
        _refuse_deep_nesting(text, source, yaml.SafeLoader)  # the same error, with its line
        raise SpecError(f"YAML nested more than {MAX_DEPTH} levels deep", source=source) from None
    except yaml.MarkedYAMLError as error:
        # Some PyYAML releases refuse deep nesting themselves, each at its own depth and in its own words:
        # convcalc's limit, found by the pure-Python event parser (which has none of its own), speaks first.
        _refuse_deep_nesting(text, source, yaml.SafeLoader)
        raise _invalid_yaml(error, text, source) from None
    except yaml.YAMLError as error:
        raise SpecError(f"invalid YAML: {error}".replace("\n", " "), source=source) from None
    if node is None:
        raise SpecError(f"the file is empty; expected {expected}", source=source)
    return node


def _invalid_yaml(error: yaml.MarkedYAMLError, text: str, source: str) -> SpecError:
    mark = error.problem_mark or error.context_mark
    problem = error.problem or error.context or "invalid YAML"
    if "expected a single document" in str(error):
        problem = "expected one YAML document, found several (remove the extra '---')"
    if mark and "cannot start any token" in problem and text[mark.index:mark.index + 1] == "\t":
        problem = "a tab character; YAML indents with spaces only"
    line = mark.line + 1 if mark else None
    column = f" (column {mark.column + 1})" if mark else ""
    return SpecError(f"invalid YAML: {problem}{column}", source=source, line=line)


def _refuse_deep_nesting(text: str, source: str, loader: Any) -> None:
    """Refuse nesting past MAX_DEPTH with the event parser, which keeps a stack instead of recursing.

    Other YAML mistakes are left to compose(), which reports them with their line.
    """
    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    line = event.start_mark.line + 1 if event.start_mark else None
                    raise SpecError(f"YAML nested more than {MAX_DEPTH} levels deep", source=source, line=line)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return


class NodeReader:
    """Turns nodes into plain values, counting every value (aliases too) against MAX_VALUES."""

    def __init__(self, source: str):
        self.source = source
        self.budget = MAX_VALUES
        self.constructor = yaml.constructor.SafeConstructor()

    def error(self, message: str, node: Node | None = None) -> SpecError:
        return SpecError(message, source=self.source, line=line_of(node))

    def spend(self, node: Node) -> None:
        """Count one value against the budget and refuse tags that would build objects."""
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
        except (ValueError, IndexError) as error:  # `!!int x`, `!!float ''`, a date like 2024-13-45, 4,300 digits
            if node.tag == STANDARD_TAG + "int" and node.value.lstrip("+-").replace("_", "").isdigit():
                raise self.error(_too_large(node.value), node) from None
            reason = error if isinstance(error, ValueError) else f"not a valid !!{node.tag.removeprefix(STANDARD_TAG)}"
            raise self.error(f"unsupported YAML value {node.value[:40]!r}: {reason}", node) from None
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_SIZE:
            raise self.error(_too_large(node.value), node)
        return value if isinstance(value, _SCALARS) else node.value

    def value(self, node: Node, depth: int = 0) -> Any:
        self.spend(node)
        if depth > MAX_DEPTH:
            raise self.error(f"YAML nested more than {MAX_DEPTH} levels deep", node)
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if isinstance(node, SequenceNode):
            return [self.value(item, depth + 1) for item in node.value]
        if isinstance(node, MappingNode):
            return {key: self.value(item, depth + 1) for key, (_, item) in self.mapping(node, depth).items()}
        raise self.error(f"unsupported YAML node {node.tag!r}", node)

    def mapping(self, node: MappingNode, depth: int = 0) -> Entries:
        """Keys to (line, value node), refusing duplicate keys and applying `<<` merges."""
        if depth > MAX_DEPTH:  # merges of merges: `&a {<<: *a}` would merge itself forever
            raise self.error(f"YAML merges (`<<`) nested more than {MAX_DEPTH} levels deep", node)
        entries: Entries = {}
        merged: Entries = {}
        for key_node, value_node in node.value:
            self.spend(key_node)
            if key_node.tag == STANDARD_TAG + "merge":
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

    def located(self, node: Node, depth: int = 0) -> Any:
        """Like value(), but every mapping becomes {key: (line, value)}: for files whose errors name inner lines."""
        if not isinstance(node, MappingNode | SequenceNode):
            return self.value(node, depth)
        self.spend(node)
        if depth > MAX_DEPTH:
            raise self.error(f"YAML nested more than {MAX_DEPTH} levels deep", node)
        if isinstance(node, SequenceNode):
            return [self.located(item, depth + 1) for item in node.value]
        return {key: (line, self.located(item, depth + 1)) for key, (line, item) in self.mapping(node, depth).items()}


def _too_large(literal: str) -> str:
    shown = literal if len(literal) <= 24 else f"{literal[:12]}... ({len(literal):,} characters)"
    return f"integer {shown} is too large; convcalc handles integers up to {MAX_SIZE:.0e}"


def line_of(node: Node | None) -> int | None:
    return node.start_mark.line + 1 if node is not None and node.start_mark is not None else None


def kind_of(node: Node) -> str:
    """How a YAML writer calls this node: a scalar, a list or a mapping."""
    return {ScalarNode: "a scalar", SequenceNode: "a list", MappingNode: "a mapping"}[type(node)]


def dump(data: Any, inline: bool = True) -> str:
    """Plain data as YAML, keys in the order given, as quizzes and answer keys are written; `inline` writes
    collections of plain values on one line (`input_shape: [28, 28, 1]`), else one item a line."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=None if inline else False,
                          width=120)
