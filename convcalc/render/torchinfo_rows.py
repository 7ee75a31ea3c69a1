"""torchinfo 1.8.0's summary_list for a torch model's Summary: the model, then each module as its forward pass
reaches it (a container before what it holds), none for a functional operation (a hidden row: torch.flatten,
`a + b`, F.relu), with what each column of torchinfo's table reads. Every renderer of
torch rows (the table, its columns) iterates over rows() here, and only here.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, NamedTuple

from ..model import Summary, inside, split_call

if TYPE_CHECKING:
    from ..model import LayerSummary

# torchinfo keeps these modules' kernel_size as written (`2` stays 2); the others make it a tuple (`[2, 2]`)
KERNEL_AS_WRITTEN = frozenset({"MaxPool1d", "MaxPool2d", "MaxPool3d", "AvgPool2d", "AvgPool3d"})


class Row(NamedTuple):
    """One of torchinfo's LayerInfo rows."""

    type: str
    depth: int
    output_shape: tuple[int, ...]
    params: int
    trainable: int
    leaf: bool
    macs: int = 0
    recursive: bool = False  # a module called again: torchinfo's "(recursive)" row, not counted in the totals
    depth_index: int = 0  # torchinfo's depth_index: the count of rows at this depth so far, over the whole table
    input_shape: tuple[int, ...] = ()
    kernel: str = ""  # str() of torch's module.kernel_size, "" for a module without one
    layer: LayerSummary | None = None  # the call's row; a container's: the last call inside it (its output)


def kernel_text(layer: LayerSummary) -> str:
    """str(module.kernel_size) as torch keeps it: a list, or the int written for a pool that keeps it so."""
    kernel = layer.args.get("kernel_size")
    if not isinstance(kernel, tuple):
        return ""
    if layer.type in KERNEL_AS_WRITTEN and getattr(kernel, "scalar", False):
        return str(kernel[0])
    return str(list(kernel))


def _known(shape: tuple[int | None, ...]) -> tuple[int, ...]:
    return tuple(d or 0 for d in shape)  # torch's shapes are all known


def depth_of(path: str) -> int:
    return 0 if path == "" else path.count(".") + 1


def module_macs(type_name: str, output_shape: tuple[int, ...], weights: tuple[tuple[str, int], ...]) -> int:
    """torchinfo's LayerInfo.calculate_macs for a leaf's (name, size) parameters."""
    macs = 0
    for name, size in weights:
        if name in ("weight", "bias"):
            if "Conv" in type_name:
                macs += size * math.prod(output_shape[:1] + output_shape[2:])
            else:
                macs += output_shape[0] * size
        elif "weight" in name or "bias" in name:
            macs += math.prod(output_shape[:2]) * size
    return macs


def rows(summary: Summary) -> list[Row]:
    """torchinfo's summary_list: the model, then containers and leaves in the order of the forward pass."""
    containers = {module.name: module for module in summary.modules}
    by_name = {row.name: row for row in summary.tensors}
    position = {row.name: index for index, row in enumerate(summary.tensors)}
    # every call of a leaf module, in the order of the forward pass: a later call of one is named "<path>/<call>";
    # functional operations (hidden rows) have no row
    calls = [row for row in summary.counted if row.input_shapes]
    leaves = [row for row in calls if not split_call(row.name)[1]]
    # the containers a forward pass entered, in that order (an empty nn.Sequential too)
    pending = sorted((module.entered, module.name) for module in summary.modules
                     if module.entered is not None and module.name)
    found: list[Row] = []
    counts: dict[int, int] = {}
    entered = {""}

    def append(row: Row) -> None:
        counts[row.depth] = counts.get(row.depth, 0) + 1
        found.append(row._replace(depth_index=counts[row.depth]))

    def enter(path: str) -> None:
        """Its row, once: its output that of the call its forward returns (the model's output for the model
        itself), else of the last call inside it, none if torch never calls it; its input that of the first row
        inside it (an operation's too), or its output when none is (an empty nn.Sequential passes its input on);
        its parameters those of the modules it holds."""
        if path in entered:
            return
        entered.add(path)
        held = [leaf for leaf in leaves if inside(leaf.name, path)]
        module = containers[path]
        returned = module.output or (summary.outputs[0][0] if path == "" and summary.outputs else None)
        inner = [row for row in calls if inside(split_call(row.name)[0], path)]
        first = next((row for row in summary.tensors if row.input_shapes and inside(split_call(row.name)[0], path)),
                     None)
        last = None if not module.called else by_name[returned] if returned else inner[-1] if inner else None
        unused = sum(held_module.unused_params for held_module in summary.modules if inside(held_module.name, path))
        append(Row(module.type, depth_of(path), _known(last.output_shape) if last else (),
                   sum(leaf.params for leaf in held) + unused, sum(leaf.trainable_params for leaf in held) + unused,
                   False,
                   input_shape=_known(first.input_shapes[0] if first else last.output_shape) if last else (),
                   layer=last))

    if "" in containers:  # else the model is one leaf module, its own row
        entered.remove("")
        enter("")
    for leaf in calls:
        while pending and pending[0][0][0] <= position[leaf.name]:
            enter(pending.pop(0)[1])
        path, call = split_call(leaf.name)
        parts = path.split(".")
        for end in range(1, len(parts)):
            enter(".".join(parts[:end]))
        shape = _known(leaf.output_shape)
        append(Row(leaf.type, depth_of(path), shape, leaf.params, leaf.trainable_params, True,
                   module_macs(leaf.type, shape, tuple((w.name, w.size) for w in leaf.weights)), call > 0,
                   input_shape=_known(leaf.input_shapes[0]), kernel=kernel_text(leaf), layer=leaf))
    for _, path in pending:
        enter(path)
    return found


def leftover(found: list[Row], at: int, trainable: bool = False) -> int:
    """A container's parameters (or trainable ones) not counted in the rows under it (torchinfo's leftover_params):
    those of modules its forward never calls."""
    row = found[at]
    children = []
    for later in found[at + 1:]:
        if later.depth <= row.depth:
            break
        children.append(later)
    counted = 0
    for offset, child in enumerate(children, start=at + 1):
        if child.recursive:
            continue
        counted += (child.trainable if trainable else child.params) if child.leaf else leftover(found, offset,
                                                                                                 trainable)
    return (row.trainable if trainable else row.params) - counted
