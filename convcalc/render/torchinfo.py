"""torchinfo 1.8.0's default `summary(model, input_size=...)` text, to the byte, for a torch model's Summary.

Its conventions (torchinfo's source is the spec; README.md, "PyTorch models", writes them down):
rows are the model, then each module as its forward pass reaches it (a container before what it holds), at the
depth of its path, and none for a functional operation (a hidden row: torch.flatten, `a + b`, F.relu);
Param # is a leaf's parameters, a container's only when it is at the depth limit (else `--`);
mult-adds per parameter tensor named weight or bias: × N·∏spatial(output) in a module whose class name holds
"Conv", else × N (the output's first axis); Forward/backward pass size is 2 × 4 bytes × the output of every leaf
with parameters; Params size is 4 bytes a parameter; Input size is sys.getsizeof of the float32 input's storage
(its bytes plus 64). One departure: torchinfo 1.8.0 on Python ≥ 3.11 prints `Total mult-adds (Units.MEGABYTES)`
(an enum formatting bug); this prints `(M)`, `(G)`, `(T)` as it does on Python 3.10.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from ..model import Summary, inside, split_call

DEFAULT_DEPTH = 3
COLUMN_WIDTH = 25
NAME_WIDTH = 40
FLOAT_BYTES = 4
STORAGE_OVERHEAD = 64  # sys.getsizeof(tensor.untyped_storage()) beyond its bytes
ALIGN = 5


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
    outputs = {row.name: row.output_shape for row in summary.tensors}
    # every call of a leaf module, in the order of the forward pass: a later call of one is named "<path>/<call>";
    # functional operations (hidden rows) have no row
    calls = [row for row in summary.counted if row.input_shapes]
    leaves = [row for row in calls if not split_call(row.name)[1]]
    found: list[Row] = []
    counts: dict[int, int] = {}

    def append(row: Row) -> None:
        counts[row.depth] = counts.get(row.depth, 0) + 1
        found.append(row._replace(depth_index=counts[row.depth]))

    def container_row(path: str) -> Row:
        """Its output is that of the call its forward returns (the model's output for the model itself), else of the
        last call inside it; its parameters are those of the modules it holds."""
        held = [leaf for leaf in leaves if inside(leaf.name, path)]
        returned = containers[path].output or (summary.outputs[0][0] if path == "" and summary.outputs else None)
        shape = outputs[returned] if returned else [row for row in calls
                                                    if inside(split_call(row.name)[0], path)][-1].output_shape
        unused = sum(module.unused_params for module in summary.modules if inside(module.name, path))
        return Row(containers[path].type, depth_of(path), tuple(d or 0 for d in shape),
                   sum(leaf.params for leaf in held) + unused, sum(leaf.trainable_params for leaf in held) + unused,
                   False)

    append(container_row(""))
    entered = {""}
    for leaf in calls:
        path, call = split_call(leaf.name)
        parts = path.split(".")
        for end in range(1, len(parts)):
            container = ".".join(parts[:end])
            if container not in entered:
                entered.add(container)
                append(container_row(container))
        shape = tuple(d or 0 for d in leaf.output_shape)  # torch's shapes are all known
        append(Row(leaf.type, depth_of(path), shape, leaf.params, leaf.trainable_params, True,
                   module_macs(leaf.type, shape, tuple((w.name, w.size) for w in leaf.weights)), call > 0))
    return found


def _leftover(found: list[Row], at: int, trainable: bool = False) -> int:
    """A container's parameters (or trainable ones) not counted in the rows under it (torchinfo's
    leftover_params): those of modules its forward never calls."""
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
        counted += (child.trainable if trainable else child.params) if child.leaf else _leftover(found, offset,
                                                                                                  trainable)
    return (row.trainable if trainable else row.params) - counted


def _params_text(found: list[Row], at: int, max_depth: int) -> str:
    row = found[at]
    if row.params == 0:
        return "--"
    if row.recursive:
        return "(recursive)"
    if row.depth == max_depth or row.leaf:
        return f"{row.params:,}" if row.trainable else f"({row.params:,})"
    leftover = _leftover(found, at)
    return f"{leftover:,}" if leftover > 0 else "--"


def _count(number: int) -> str:
    """torchinfo's format_output_num with no units."""
    return f": {number:,}"


def _mult_adds(number: int) -> str:
    """torchinfo's format_output_num with automatic units: M below 1e9, then G, then T."""
    unit, divisor = ("T", 1e12) if number >= 1e12 else ("G", 1e9) if number >= 1e9 else ("M", 1e6)
    value = number / divisor
    text = f"{int(value):,d}" if value.is_integer() else f"{value:,.2f}"
    return f" ({unit}): {text}"


def _title(row: Row) -> str:
    return row.type if row.depth == 0 else f"{row.type}: {row.depth}-{row.depth_index}"


def _start(depth: int) -> str:
    if depth == 0:
        return ""
    return "├─" if depth == 1 else "│    " * (depth - 1) + "└─"


def render(summary: Summary, depth: int = DEFAULT_DEPTH) -> str:
    """The text torchinfo's ModelStatistics prints (without print's final newline)."""
    found = rows(summary)
    name_width = NAME_WIDTH
    longest = max(len(_title(row)) + row.depth * ALIGN + 1 for row in found)
    if longest >= name_width:
        name_width = math.ceil(longest / ALIGN) * ALIGN
    divider = "=" * (2 * COLUMN_WIDTH + name_width)

    def line(name: str, *cells: str) -> str:
        text = f"{name:<{name_width}} " + "".join(f"{cell:<{COLUMN_WIDTH}} " for cell in cells)
        return text.rstrip() + "\n"

    table = "".join(line(_start(row.depth) + _title(row), str(list(row.output_shape)) if row.output_shape else "--",
                         _params_text(found, at, depth))
                    for at, row in enumerate(found) if row.depth <= depth)
    leaves = [row for row in found if row.leaf]
    counted = [row for row in leaves if not row.recursive]
    containers = [at for at, row in enumerate(found) if not row.leaf and not row.recursive]
    total = sum(row.params for row in counted) + sum(max(_leftover(found, at), 0) for at in containers)
    trainable = sum(row.trainable for row in counted) + sum(max(_leftover(found, at, True), 0) for at in containers)
    output_bytes = sum(2 * FLOAT_BYTES * math.prod(row.output_shape) for row in leaves if row.params > 0)
    param_bytes = FLOAT_BYTES * sum(row.params for row in counted)
    input_bytes = FLOAT_BYTES * math.prod(summary.input_shape) + STORAGE_OVERHEAD  # type: ignore[arg-type]
    return (f"{divider}\n{line('Layer (type:depth-idx)', 'Output Shape', 'Param #')}{divider}\n{table}{divider}\n"
            f"Total params{_count(total)}\nTrainable params{_count(trainable)}\n"
            f"Non-trainable params{_count(total - trainable)}\n"
            f"Total mult-adds{_mult_adds(sum(row.macs for row in leaves))}\n{divider}\n"
            f"Input size (MB): {input_bytes / 1e6:0.2f}\n"
            f"Forward/backward pass size (MB): {output_bytes / 1e6:0.2f}\n"
            f"Params size (MB): {param_bytes / 1e6:0.2f}\n"
            f"Estimated Total Size (MB): {(input_bytes + output_bytes + param_bytes) / 1e6:0.2f}\n{divider}")
