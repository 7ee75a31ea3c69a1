"""Wiring a model from layer entries, whatever file they came from: Keras's names, checked arguments, links.

Every reader (YAML spec, Keras config, Python source) hands its layers to a ModelBuilder, so that names,
argument checks and graph errors are the same for all of them. The builder knows lines, not file formats:
a reader passes the advice its users need (`missing_input`: the message and line for a model without input).
"""

from __future__ import annotations

from typing import Any

from .. import args as a
from ..errors import ArgumentError, SpecError, did_you_mean
from ..layers import NO_INPUT, REGISTRY, snake_case
from ..model import LayerSpec, ModelSpec


class _Previous:
    """The references of a layer that reads the entry above it (no `inputs:`)."""

    def __repr__(self) -> str:
        return "PREVIOUS"


PREVIOUS = _Previous()
# What a layer reads: PREVIOUS, one name, or a list of names (as written, checked by resolve()).
References = _Previous | str | list[Any] | tuple[str, ...]


class KerasNames:
    """Keras's per-session counters: unnamed layers are conv2d, conv2d_1, ...; named layers don't count.

    A reader that builds several models from one file (a Python lesson) shares one KerasNames between them,
    as one Python session does.
    """

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def peek(self, default_name: str) -> str:
        """The name the next unnamed layer of this kind gets."""
        count = self.counts.get(default_name, 0)
        return default_name if count == 0 else f"{default_name}_{count}"

    def next(self, default_name: str) -> str:
        name = self.peek(default_name)
        self.counts[default_name] = self.counts.get(default_name, 0) + 1
        return name


class ModelBuilder:
    """Collects model inputs and layer entries, names them as Keras would, then links them."""

    def __init__(self, source: str, names: KerasNames | None = None,
                 missing_input: tuple[str, int | None] = ("the model has no input shape", None)):
        self.source = source
        self.names = names or KerasNames()
        self.missing_input = missing_input
        self.entries: list[tuple[LayerSpec, References, int | None]] = []  # (layer, references, their line)
        self.lines: dict[str, int | None] = {}
        self.functional = False
        self.named_inputs = 0  # inputs declared before any layer, by name

    def error(self, message: str, line: int | None, layer: LayerSpec | None = None) -> SpecError:
        return SpecError(message, source=self.source, line=line,
                         layer=layer.name if layer else None, kind=layer.kind if layer else None)

    def _add(self, layer: LayerSpec, references: References, references_line: int | None) -> None:
        if layer.name in self.lines:
            raise self.error(f"duplicate layer name {layer.name!r} (first used at line {self.lines[layer.name]}); "
                             "layer names must be unique", layer.line, layer)
        self.lines[layer.name] = layer.line
        self.entries.append((layer, references, references_line))

    def add_input(self, name: str | None, shape: Any, line: int | None, what: str) -> str:
        """A model input of `shape` (without the batch axis); returns its name."""
        try:
            dims = a.input_dims(shape, what)
        except ArgumentError as error:
            raise self.error(error.message, line) from None
        kind = REGISTRY["Input"]
        args = kind.bind({"shape": list(dims), "name": name})
        input_name = name or self.names.next(kind.default_name)
        self._add(LayerSpec(kind="Input", name=input_name, args=args, inputs=(), line=line, arg_lines={}), (), None)
        return input_name

    def add_named_input(self, name: Any, shape: Any, line: int | None, where: str) -> None:
        """An input named by the user before any layer (`inputs: {image: [32, 32, 3]}`)."""
        try:
            a.layer_name(name, where)
        except ArgumentError as error:
            raise self.error(error.message, line) from None
        self.add_input(name, shape, line, f"the shape of input {name!r}")
        self.named_inputs += 1

    def add_layer(self, kind_name: str, given: dict[str, Any], line: int | None, arg_lines: dict[str, int | None],
                  references: References = PREVIOUS, references_line: int | None = None) -> LayerSpec:
        """One layer: its class name as Keras spells it, the arguments the user gave, what it reads."""
        kind = REGISTRY.get(kind_name)
        if kind is None:
            raise self.error(f"unknown layer type {kind_name!r}" + did_you_mean(kind_name, REGISTRY), line)
        references_line = references_line if references_line is not None else line
        self.functional |= references is not PREVIOUS or kind.arity == NO_INPUT
        name = given.get("name")
        if not isinstance(name, str) or not name:
            reported = given.get(kind.type_argument) if kind.type_argument else None
            name = self.names.next(snake_case(reported) if isinstance(reported, str) else kind.default_name)
        try:
            bound = kind.bind(given)
        except ArgumentError as error:
            raise SpecError(error.message, source=self.source, line=arg_lines.get(error.argument, line),
                            layer=name, kind=kind_name) from None
        layer = LayerSpec(kind=kind_name, name=name, args=bound, inputs=(), given=tuple(given), line=line,
                          arg_lines=arg_lines)
        if kind.arity == NO_INPUT:
            if references is not PREVIOUS:
                raise self.error("a model input reads nothing: remove `inputs`", references_line, layer)
            references = ()
        elif not self.entries:
            self._first_layer_input(layer, references, line)
        self._add(layer, references, references_line)
        return layer

    def _first_layer_input(self, layer: LayerSpec, references: References, line: int | None) -> None:
        """As Keras allows, the first layer may carry input_shape (or input_dim) instead of a model input."""
        shape, what = layer.args.get("input_shape"), "input_shape"
        if shape is None and layer.args.get("input_dim") is not None:
            shape, what = (layer.args["input_dim"],), "input_dim"
        if shape is None or references is not PREVIOUS:
            message, missing_line = self.missing_input
            raise self.error(message, missing_line if missing_line is not None else line)
        self.add_input(None, list(shape), layer.arg_lines.get(what, layer.line), what)

    def build(self, name: str, outputs: Any = None, outputs_line: int | None = None,
              functional: bool = False) -> ModelSpec:
        """The ModelSpec: layers linked, outputs checked (None: the last layer)."""
        layers = self._resolve()
        return ModelSpec(name=name, layers=layers, outputs=self._outputs(outputs, outputs_line),
                         functional=functional or self.functional, source=self.source)

    def _resolve(self) -> tuple[LayerSpec, ...]:
        """Link each layer to what it reads: the entry above it, or the names in its `inputs:`."""
        position = {layer.name: index for index, (layer, _, _) in enumerate(self.entries)}
        linked = []
        for index, (layer, references, line) in enumerate(self.entries):
            if references == ():
                names: tuple[str, ...] = ()
            elif isinstance(references, _Previous):
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

    def _reference_names(self, references: References, line: int | None, layer: LayerSpec) -> tuple[str, ...]:
        names = [references] if isinstance(references, str) else references
        if not isinstance(names, (list, tuple)) or not names or not all(isinstance(n, str) and n for n in names):
            raise self.error("`inputs` must be a layer or input name, or a list of them", line, layer)
        return tuple(names)

    def _reads(self, name: str, position: dict[str, int]) -> tuple[str, ...]:
        index = position.get(name)
        if index is None:
            return ()
        _, references, _ = self.entries[index]
        if isinstance(references, _Previous):
            return (self.entries[index - 1][0].name,) if index else ()
        if isinstance(references, str):
            return (references,) if references else ()
        return tuple(name for name in references if isinstance(name, str))

    def _cycle_through(self, start: str, first: str, position: dict[str, int]) -> list[str] | None:
        """The path start -> first -> ... -> start if following what layers read comes back to start."""
        path, seen = [start, first], {start}
        if first == start:
            return path
        stack = [iter(self._reads(first, position))]
        while stack:
            parent = next(stack[-1], None)
            if parent is None:
                stack.pop()
                path.pop()
            elif parent == start:
                return [*path, start]
            elif parent not in seen:
                seen.add(parent)
                path.append(parent)
                stack.append(iter(self._reads(parent, position)))
        return None

    def _outputs(self, value: Any, line: int | None) -> tuple[str, ...]:
        if value is None:
            return (self.entries[-1][0].name,)
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, (list, tuple)) or not names or not all(isinstance(n, str) for n in names):
            raise self.error("`outputs` must be a layer name or a list of layer names", line)
        for name in names:
            if name not in self.lines:
                raise self.error(f"unknown output {name!r}" + did_you_mean(name, self.lines), line)
        if len(set(names)) != len(names):
            raise self.error("`outputs` names a layer twice", line)
        return tuple(names)
