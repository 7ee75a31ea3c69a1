"""The order Keras's summary lists a graph's layers in (keras/src/ops/function.py's map_graph), for the engine
and the keras.applications builders."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from .model import split_output


class Node(Protocol):
    """What keras_order needs of a layer or mask operation: the names it reads."""

    @property
    def inputs(self) -> tuple[str, ...]: ...


def keras_order(layers: Mapping[str, Node], model_inputs: list[str], outputs: Sequence[str]
                ) -> tuple[list[str], bool]:
    """The layers of the model in the order Keras's summary lists them, and whether it is a chain.

    A port of keras/src/ops/function.py `map_graph`: a depth-first walk back from each output
    (in order) numbers the layers as first seen and lists them inputs-first; each layer's depth
    is its longest distance to an output; rows go by decreasing depth, ties by first-seen number.
    Layers no output depends on are not part of the model.
    """
    first_seen: dict[str, int] = {}
    finished = set()
    inputs_first: list[str] = []
    for output in (split_output(name)[0] for name in outputs):
        if output in finished:
            continue
        first_seen.setdefault(output, len(first_seen))
        stack = [(output, iter(_nodes(layers[output])))]
        while stack:
            name, parents = stack[-1]
            parent = next(parents, None)
            if parent is None:
                stack.pop()
                finished.add(name)
                inputs_first.append(name)
            elif parent not in finished:
                first_seen.setdefault(parent, len(first_seen))
                stack.append((parent, iter(_nodes(layers[parent]))))

    depth: dict[str, int] = {}
    for name in reversed(inputs_first):
        level = depth.setdefault(name, 0)
        for parent in _nodes(layers[name]):
            depth[parent] = max(level + 1, depth.get(parent, 0))
    for name in model_inputs:
        if name not in depth:  # an input no output uses: Keras still keeps it, at depth 0
            depth[name], first_seen[name] = 0, -1

    order = sorted(depth, key=lambda name: (-depth[name], first_seen[name]))
    per_depth: dict[int, list[str]] = {}
    for name in order:
        per_depth.setdefault(depth[name], []).append(name)
    sequential_like = all(len(names) == 1 and len(layers[names[0]].inputs) <= 1 for names in per_depth.values())
    return order, sequential_like


def _nodes(layer: Node) -> tuple[str, ...]:
    """The nodes a layer reads (of a node giving several outputs, the node once per output read)."""
    return tuple(split_output(name)[0] for name in layer.inputs)
