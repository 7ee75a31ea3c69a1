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

from ..errors import SpecError, did_you_mean
from ..model import ModelSpec
from .torch_graph import TorchModelBuilder
from .yaml_nodes import Entries, NodeReader, line_of

TOP_LEVEL_KEYS = ("name", "description", "framework", "input_size", "layers", "budgets")
MAX_NESTING = 16
CONTAINER = "Sequential"


class _Reader:
    """Walks a torch spec's entries into a TorchModelBuilder."""

    def __init__(self, reader: NodeReader):
        self.reader = reader
        self.builder = TorchModelBuilder(reader.source)

    def sequential(self, path: str, entries: list[Node], line: int | None, depth: int) -> None:
        self.builder.add_container(path, CONTAINER, line)
        for index, entry in enumerate(entries):
            self.entry(f"{path}.{index}" if path else str(index), entry, depth)

    def entry(self, path: str, entry: Node, depth: int) -> None:
        from .yaml_spec import _layer_args, _split_entry

        self.reader.spend(entry)
        try:
            kind_name, line, args_node = _split_entry(self.reader, entry, "`Conv2d: {in_channels: 3, out_channels: 16, "
                                                                          "kernel_size: 3}`")
            if kind_name == CONTAINER:
                children = self.children(args_node, line, depth + 1)
                if children is not None:
                    self.sequential(path, children, line, depth + 1)
                return
            given, arg_lines = _layer_args(self.reader, args_node, kind_name)
        except SpecError as error:
            self.builder.errors.append(error)
            return
        self.builder.add_module(path, kind_name, given, line, arg_lines)

    def children(self, node: Node | None, line: int | None, depth: int) -> list[Node] | None:
        """A nested Sequential's entries: `Sequential: [...]` or `Sequential: {layers: [...]}`."""
        if depth > MAX_NESTING:
            self.builder.error(f"Sequential modules nested more than {MAX_NESTING} deep", line)
            return None
        if isinstance(node, MappingNode):
            entries = self.reader.mapping(node)
            unknown = [key for key in entries if key != "layers"]
            if unknown:
                self.builder.error(f"unknown key {unknown[0]!r} of a nested Sequential; expected only `layers`",
                                   entries[unknown[0]][0])
                return None
            node = entries.get("layers", (None, None))[1]
        if not isinstance(node, SequenceNode) or not node.value:
            self.builder.error("a nested Sequential is a non-empty list of modules (`Sequential: [ReLU, ...]`) or "
                               "`Sequential: {layers: [...]}`", line)
            return None
        return list(node.value)


def model(reader: NodeReader, root: MappingNode, top: Entries, default_name: str | None) -> ModelSpec:
    """The torch model of a spec's top-level mapping (its `framework:` is torch)."""
    found = _Reader(reader)
    builder = found.builder
    for key, (line, _) in top.items():
        if key not in TOP_LEVEL_KEYS:
            hint = " (a torch spec gives `input_size`, the batch included)" if key == "input_shape" else ""
            builder.error(f"unknown top-level key {key!r} of a torch spec{hint}" + did_you_mean(key, TOP_LEVEL_KEYS)
                          + f"; expected one of {', '.join(TOP_LEVEL_KEYS)}", line)
    name: Any = default_name
    if "name" in top:
        name = reader.value(top["name"][1])
        if not isinstance(name, str) or not name:
            builder.error(f"`name` must be a non-empty string, received {name!r}", top["name"][0])
    if "input_size" in top:
        line, node = top["input_size"]
        builder.add_input(reader.value(node), line)
    elif "input_shape" not in top:  # else the advice to write input_size instead is already given
        builder.error("missing `input_size`: the input's shape, the batch included, as torchinfo's summary "
                      "takes it (e.g. `input_size: [1, 3, 32, 32]`)", line_of(root))
    layers_line, layers_node = top.get("layers", (line_of(root), None))
    if not isinstance(layers_node, SequenceNode) or not layers_node.value:
        builder.error("`layers` must be a non-empty list of torch.nn modules, e.g. "
                      "`layers: [Flatten, Linear: {in_features: 784, out_features: 10}]`", layers_line)
    builder.raise_errors()
    assert isinstance(layers_node, SequenceNode)
    found.sequential("", list(layers_node.value), layers_line, 0)
    return builder.build(name if isinstance(name, str) and name else CONTAINER.lower())
