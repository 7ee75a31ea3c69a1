"""PyTorch models in the YAML spec: `framework: torch`, `input_size` (batch included) and torch.nn module entries.

    framework: torch
    input_size: [1, 3, 32, 32]
    layers:
      - Conv2d: {in_channels: 3, out_channels: 16, kernel_size: 3}
      - ReLU
      - Sequential:
          - Flatten
          - Linear: {in_features: 14400, out_features: 10}

The model is an nn.Sequential; a `Sequential:` entry (a list of entries, or `{layers: [...]}`) is one nested in
it. Each module is named by its path as torch names it ("0", "2.1"), containers included (ModelSpec.modules).
"""

from __future__ import annotations

from typing import Any

from yaml.nodes import MappingNode, Node, SequenceNode

from ..errors import ArgumentError, ArgumentErrors, SpecError, SpecErrors, did_you_mean
from ..model import LayerSpec, ModelSpec, ModuleSpec
from ..torch_modules import REGISTRY, lookup
from ..torch_modules.recurrent import TUPLE_OUTPUTS
from .yaml_nodes import Entries, NodeReader, line_of

TOP_LEVEL_KEYS = ("name", "description", "framework", "input_size", "layers", "budgets")
MAX_NESTING = 16
CONTAINER = "Sequential"
INPUT = "input"  # the name of the model's input tensor among the layers


class _Reader:
    """Collects a torch model's layers and containers, and every mistake found on the way."""

    def __init__(self, reader: NodeReader):
        self.reader = reader
        self.source = reader.source
        self.layers: list[LayerSpec] = []
        self.modules: list[ModuleSpec] = []
        self.errors: list[SpecError] = []

    def error(self, message: str, line: int | None, layer: str | None = None, kind: str | None = None) -> None:
        self.errors.append(SpecError(message, source=self.source, line=line, layer=layer, kind=kind))

    def sequential(self, path: str, entries: list[Node], line: int | None, depth: int) -> None:
        self.modules.append(ModuleSpec(path, CONTAINER, line))
        for index, entry in enumerate(entries):
            self.entry(f"{path}.{index}" if path else str(index), entry, depth)

    def entry(self, path: str, entry: Node, depth: int) -> None:
        from .yaml_spec import _layer_args, _split_entry

        self.reader.spend(entry)
        try:
            kind_name, line, args_node = _split_entry(self.reader, entry)
        except SpecError as error:
            self.errors.append(error)
            return
        if kind_name == CONTAINER:
            children = self.children(args_node, line, depth + 1)
            if children is not None:
                self.sequential(path, children, line, depth + 1)
            return
        kind = lookup(kind_name)
        if kind is None or kind.name == "Input":
            self.error(f"unknown torch.nn module {kind_name!r}" + did_you_mean(kind_name, list(REGISTRY)), line)
            return
        try:
            given, arg_lines = _layer_args(self.reader, args_node, kind_name)
        except SpecError as error:
            self.errors.append(error)
            return
        try:
            bound = kind.bind(given)
        except ArgumentError as error:
            for one in error.errors if isinstance(error, ArgumentErrors) else (error,):
                self.error(one.message, arg_lines.get(one.argument, line), path, kind_name)
            return
        previous = self.layers[-1]
        if previous.kind in TUPLE_OUTPUTS:
            self.error(f"{previous.kind} returns a tuple (output, hidden state), which no module of an nn.Sequential "
                       f"can read: put {kind_name} after it in a module's forward, on its output", line, path,
                       kind_name)
            return
        self.layers.append(LayerSpec(kind=kind.name, name=path, args=bound, inputs=(previous.name,), given=tuple(given),
                                     line=line, arg_lines=arg_lines))

    def children(self, node: Node | None, line: int | None, depth: int) -> list[Node] | None:
        """A nested Sequential's entries: `Sequential: [...]` or `Sequential: {layers: [...]}`."""
        if depth > MAX_NESTING:
            self.error(f"Sequential modules nested more than {MAX_NESTING} deep", line)
            return None
        if isinstance(node, MappingNode):
            entries = self.reader.mapping(node)
            unknown = [key for key in entries if key != "layers"]
            if unknown:
                self.error(f"unknown key {unknown[0]!r} of a nested Sequential; expected only `layers`",
                           entries[unknown[0]][0])
                return None
            node = entries.get("layers", (None, None))[1]
        if not isinstance(node, SequenceNode) or not node.value:
            self.error("a nested Sequential is a non-empty list of modules (`Sequential: [ReLU, ...]`) or "
                       "`Sequential: {layers: [...]}`", line)
            return None
        return list(node.value)


def model(reader: NodeReader, root: MappingNode, top: Entries, default_name: str | None) -> ModelSpec:
    """The torch model of a spec's top-level mapping (its `framework:` is torch)."""
    source = reader.source
    found = _Reader(reader)
    for key, (line, _) in top.items():
        if key not in TOP_LEVEL_KEYS:
            hint = " (a torch spec gives `input_size`, the batch included)" if key == "input_shape" else ""
            found.error(f"unknown top-level key {key!r} of a torch spec{hint}" + did_you_mean(key, TOP_LEVEL_KEYS)
                        + f"; expected one of {', '.join(TOP_LEVEL_KEYS)}", line)
    name: Any = default_name
    if "name" in top:
        name = reader.value(top["name"][1])
        if not isinstance(name, str) or not name:
            found.error(f"`name` must be a non-empty string, received {name!r}", top["name"][0])
    if "input_size" not in top:
        if "input_shape" not in top:  # else the advice to write input_size instead is already given
            found.error("missing `input_size`: the input's shape, the batch included, as torchinfo's summary "
                        "takes it (e.g. `input_size: [1, 3, 32, 32]`)", line_of(root))
    else:
        line, node = top["input_size"]
        try:
            args = REGISTRY["Input"].bind({"shape": reader.value(node)})
        except ArgumentError as error:
            found.error(error.message.replace("`shape`", "`input_size`"), line)
        else:
            found.layers.append(LayerSpec(kind="Input", name=INPUT, args=args, inputs=(), line=line))
    layers_line, layers_node = top.get("layers", (line_of(root), None))
    if not isinstance(layers_node, SequenceNode) or not layers_node.value:
        found.error("`layers` must be a non-empty list of torch.nn modules, e.g. "
                    "`layers: [Flatten, Linear: {in_features: 784, out_features: 10}]`", layers_line)
    if found.errors or not isinstance(layers_node, SequenceNode):
        raise _gathered(found.errors)
    found.sequential("", list(layers_node.value), layers_line, 0)
    if found.errors:
        raise _gathered(found.errors)
    return ModelSpec(name=name or CONTAINER.lower(), layers=tuple(found.layers), outputs=(found.layers[-1].name,),
                     source=source, framework="torch", modules=tuple(found.modules))


def _gathered(errors: list[SpecError]) -> SpecError:
    errors = sorted(errors, key=lambda error: (error.line is None, error.line or 0))
    return errors[0] if len(errors) == 1 else SpecErrors(errors[:SpecErrors.MAX_REPORTED],
                                                          max(0, len(errors) - SpecErrors.MAX_REPORTED))
