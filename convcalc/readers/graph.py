"""Wiring a model from layer entries, whatever file they came from: Keras's names, checked arguments, links.

Every reader (YAML spec, Keras config, Python source) hands its layers to a ModelBuilder, so that names,
argument checks and graph errors are the same for all of them. The builder knows lines, not file formats:
a reader passes the advice its users need (`missing_input`: the message and line for a model without input).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .. import args as a
from ..errors import ArgumentError, ArgumentErrors, SpecError, SpecErrors, did_you_mean
from ..layers import ALIASES, NO_INPUT, REGISTRY, lookup, snake_case
from ..model import LayerSpec, ModelSpec, split_output


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
    """Collects model inputs and layer entries, names them as Keras would, then links them.

    Mistakes are gathered rather than raised, so that one run reports them all (as compilers do): a reader
    adds everything, then build() raises the one SpecError, or a SpecErrors holding each in line order. A
    layer with bad arguments still takes its name and place, so what follows it is checked as written.
    """

    def __init__(self, source: str, names: KerasNames | None = None,
                 missing_input: tuple[str, int | None] = ("the model has no input shape", None)):
        self.source = source
        self.names = names or KerasNames()
        self.missing_input = missing_input
        self.entries: list[tuple[LayerSpec, References, int | None]] = []  # (layer, references, their line)
        self.lines: dict[str, int | None] = {}
        self.functional = False
        self.named_inputs = 0  # inputs declared before any layer, by name
        self.declared_inputs = 0  # add_input calls, good or bad: a bad input shape is not a missing one
        self.leading_input: LayerSpec | None = None  # an Input entry first of all: keras.Sequential([Input, ...])
        self.second_input: LayerSpec | None = None  # an Input entry right after the model's one input
        self.errors: list[SpecError] = []
        self.more_errors = 0  # found past SpecErrors.MAX_REPORTED

    def error(self, message: str, line: int | None, layer: LayerSpec | None = None) -> SpecError:
        return SpecError(message, source=self.source, line=line,
                         layer=layer.name if layer else None, kind=layer.kind if layer else None)

    def report(self, error: SpecError) -> None:
        """Keep a mistake for the end of reading (a SpecErrors brings each of its own)."""
        for one in error.errors if isinstance(error, SpecErrors) else (error,):
            if len(self.errors) < SpecErrors.MAX_REPORTED:
                self.errors.append(one)
            else:
                self.more_errors += 1
        if isinstance(error, SpecErrors):
            self.more_errors += error.more

    @contextmanager
    def collecting(self) -> Iterator[None]:
        """Report a SpecError raised inside the block instead of letting it end the reading."""
        try:
            yield
        except SpecError as error:
            self.report(error)

    def gathered(self) -> SpecError:
        """What was found (at least one mistake): the SpecError, or a SpecErrors of several in line order."""
        errors = sorted(self.errors, key=lambda error: (error.line is None, error.line or 0))
        return errors[0] if len(errors) == 1 and not self.more_errors else SpecErrors(errors, self.more_errors)

    def raise_errors(self) -> None:
        """Raise what was found, if anything."""
        if self.errors:
            raise self.gathered()

    def _add(self, layer: LayerSpec, references: References, references_line: int | None) -> None:
        if layer.name in self.lines:
            raise self.error(f"duplicate layer name {layer.name!r} (first used at line {self.lines[layer.name]}); "
                             "layer names must be unique", layer.line, layer)
        self.lines[layer.name] = layer.line
        self.entries.append((layer, references, references_line))

    def add_input(self, name: str | None, shape: Any, line: int | None, what: str,
                  batch_size: int | None = None) -> str:
        """A model input of `shape` (without the batch axis); returns its name."""
        kind = REGISTRY["Input"]
        input_name = name or self.names.next(kind.default_name)
        self.declared_inputs += 1
        with self.collecting():
            try:
                dims = a.input_dims(shape, what)
            except ArgumentError as error:
                raise self.error(error.message, line) from None
            args = kind.bind({"shape": list(dims), "name": name, "batch_size": batch_size})
            self._add(LayerSpec(kind="Input", name=input_name, args=args, inputs=(), line=line, arg_lines={}),
                      (), None)
        return input_name

    def add_named_input(self, name: Any, shape: Any, line: int | None, where: str) -> None:
        """An input named by the user before any layer (`inputs: {image: [32, 32, 3]}`)."""
        try:
            a.layer_name(name, where)
        except ArgumentError as error:
            self.report(self.error(error.message, line))
            return
        self.add_input(name, shape, line, f"the shape of input {name!r}")
        self.named_inputs += 1

    def add_layer(self, kind_name: str, given: dict[str, Any], line: int | None, arg_lines: dict[str, int | None],
                  references: References = PREVIOUS, references_line: int | None = None,
                  keras_name: str | None = None, shares: str | None = None) -> LayerSpec:
        """One layer: its class name as Keras spells it (or one of Keras's aliases), the arguments the user gave,
        what it reads. A mistake is kept for build() to raise; the layer keeps its name and place regardless.

        `keras_name` is the name a reader already gave it (Python code: Keras names a layer when it is made).
        """
        kind = lookup(kind_name)
        references_line = references_line if references_line is not None else line
        first = not self.entries and not self.declared_inputs
        name = keras_name or given.get("name")
        if kind is None:
            self.report(self.error(f"unknown layer type {kind_name!r}"
                                   + did_you_mean(kind_name, [*REGISTRY, *ALIASES]), line))
            if first:
                self._first_layer_input(given, references, line, arg_lines)
            if not isinstance(name, str) or not name:
                name = self.names.next(snake_case(kind_name) or "layer")  # as Keras would name such a class
            # It keeps its place, so that the layers reading it are still checked.
            layer = LayerSpec(kind=kind_name, name=name, args={}, inputs=(), line=line, arg_lines=arg_lines)
        else:
            if not isinstance(name, str) or not name:
                reported = given.get(kind.type_argument) if kind.type_argument else None
                name = self.names.next(snake_case(reported) if isinstance(reported, str) else kind.default_name)
            try:
                # an operation (ops.add) takes a name as layers do, though none of keras.layers.Layer's arguments
                bound = kind.bind(given if kind.layer_args else {k: v for k, v in given.items() if k != "name"})
                readable = bound
                for inner in (*(kind.inner_names(bound) if kind.inner_names else ()), *kind.build_names):
                    self.names.next(inner)  # a spec's layer is called where it is made
            except ArgumentError as error:
                wrong = error.errors if isinstance(error, ArgumentErrors) else (error,)
                for one in wrong:
                    self.report(SpecError(one.message, source=self.source, line=arg_lines.get(one.argument, line),
                                          layer=name, kind=kind.name))
                bound = dict(given)  # a stand-in: build() raises before anything computes with it
                readable = {key: value for key, value in given.items() if key not in {one.argument for one in wrong}}
            if first and kind.arity != NO_INPUT:
                self._first_layer_input(readable, references, line, arg_lines)
            layer = LayerSpec(kind=kind.name, name=name, args=bound, inputs=(), given=tuple(given), line=line,
                              arg_lines=arg_lines, shares=shares)
            if kind.arity == NO_INPUT:
                self._model_input_entry(layer, references, references_line)
                references = ()
            else:
                self.functional |= references is not PREVIOUS
        with self.collecting():
            self._add(layer, references, references_line)
        return layer

    def _model_input_entry(self, layer: LayerSpec, references: References, references_line: int | None) -> None:
        """An Input entry: first of all, it is keras.Sequential([keras.Input(...), ...]) unless the spec wires a
        graph; right after the model's one input, a second input, which only a graph can have."""
        if references is not PREVIOUS:
            self.report(self.error("a model input reads nothing: remove `inputs`", references_line, layer))
        if not self.entries:
            self.leading_input = layer
        elif len(self.entries) == 1 and not self.named_inputs and self.entries[0][0].kind == "Input":
            self.second_input = layer
        else:
            self.functional = True

    def _first_layer_input(self, args: dict[str, Any], references: References, line: int | None,
                           arg_lines: dict[str, int | None]) -> None:
        """As Keras allows, the first layer may carry input_shape (or input_dim) instead of a model input."""
        shape, what = args.get("input_shape"), "input_shape"
        if shape is None and args.get("input_dim") is not None:
            shape, what = [args["input_dim"]], "input_dim"
        if shape is None or references is not PREVIOUS:
            message, missing_line = self.missing_input
            self.report(self.error(message, missing_line if missing_line is not None else line))
            return
        self.add_input(None, list(shape) if isinstance(shape, list | tuple) else shape,
                       arg_lines.get(what, line), what)

    def build(self, name: str | None, outputs: Any = None, outputs_line: int | None = None,
              functional: bool = False) -> ModelSpec:
        """The ModelSpec: layers linked, outputs checked (None: the last layer); raises every mistake found.

        Without a `name`, Keras's default: `sequential`, or `functional` for a graph.
        """
        graph = functional or self.functional
        if self.second_input is not None and not graph:
            first = self.entries[0][0]
            self.report(self.error(f"a second model input after the one at line {first.line}: a Sequential model "
                                   "has one input; remove one, or wire a graph with `inputs:`",
                                   self.second_input.line, self.second_input))
        if not self.entries:
            raise self.gathered() if self.errors else self.error("the model has no layers", None)
        layers = self._resolve()  # layers with bad arguments keep their names and places: links are checked too
        with self.collecting():
            model_outputs = self._outputs(outputs, outputs_line)
        self.raise_errors()
        return ModelSpec(name=name or ("functional" if graph else "sequential"), layers=layers,
                         outputs=model_outputs, functional=graph, source=self.source)

    def _resolve(self) -> tuple[LayerSpec, ...]:
        """Link each layer to what it reads: the entry above it, or the names in its `inputs:`."""
        position = {layer.name: index for index, (layer, _, _) in enumerate(self.entries)}
        linked = []
        for index, (layer, references, line) in enumerate(self.entries):
            with self.collecting():
                linked.append(layer._replace(inputs=self._linked(index, layer, references, line, position)))
        return tuple(linked)

    def _linked(self, index: int, layer: LayerSpec, references: References, line: int | None,
                position: dict[str, int]) -> tuple[str, ...]:
        if references == ():
            return ()
        if isinstance(references, _Previous):
            if index == self.named_inputs > 1:
                raise self.error("the model has several inputs: say which this layer reads with `inputs:`",
                                 layer.line, layer)
            return (self.entries[index - 1][0].name,)
        names = self._reference_names(references, line, layer)
        for reference in names:
            name = split_output(reference)[0]  # "gru#1": the second output of a layer giving several
            if name not in position:
                raise self.error(f"unknown layer or input {name!r}" + did_you_mean(name, position), line, layer)
            if position[name] >= index:
                cycle = self._cycle_through(layer.name, name, position)
                if cycle:
                    raise self.error(f"cycle: {' -> '.join(cycle)}", line, layer)
                raise self.error(f"reads {name!r}, which is defined later (line {self.lines[name]}); "
                                 "a layer can only read layers above it", line, layer)
        return names

    def _reference_names(self, references: References, line: int | None, layer: LayerSpec) -> tuple[str, ...]:
        names = [references] if isinstance(references, str) else references
        if not isinstance(names, list | tuple) or not names or not all(isinstance(n, str) and n for n in names):
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
            return (split_output(references)[0],) if references else ()
        return tuple(split_output(name)[0] for name in references if isinstance(name, str))

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
        if not isinstance(names, list | tuple) or not names or not all(isinstance(n, str) for n in names):
            raise self.error("`outputs` must be a layer name or a list of layer names", line)
        for name in names:
            if split_output(name)[0] not in self.lines:
                raise self.error(f"unknown output {name!r}" + did_you_mean(name, self.lines), line)
        if len(set(names)) != len(names):
            raise self.error("`outputs` names a layer twice", line)
        return tuple(names)
