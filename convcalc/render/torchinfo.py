"""torchinfo 1.8.0's default `summary(model, input_size=...)` text, to the byte, for a torch model's Summary.

Its conventions (torchinfo's source is the spec; docs/pytorch.md writes them down):
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

from ..model import Summary
from .torchinfo_columns import cell, header
from .torchinfo_rows import Row, leftover, rows

DEFAULT_DEPTH = 3
DEFAULT_COLUMNS = ("output_size", "num_params")  # torchinfo's col_names when input_size is given
COLUMN_WIDTH = 25
NAME_WIDTH = 40
FLOAT_BYTES = 4
STORAGE_OVERHEAD = 64  # sys.getsizeof(tensor.untyped_storage()) beyond its bytes
ALIGN = 5


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


def render(summary: Summary, depth: int = DEFAULT_DEPTH, columns: tuple[str, ...] = DEFAULT_COLUMNS) -> str:
    """The text torchinfo's ModelStatistics prints for summary(model, input_size=..., depth=depth,
    col_names=columns) (without print's final newline); convcalc's own figure columns laid out alike."""
    found = rows(summary)
    name_width = NAME_WIDTH
    longest = max(len(_title(row)) + row.depth * ALIGN + 1 for row in found)
    if longest >= name_width:
        name_width = math.ceil(longest / ALIGN) * ALIGN
    divider = "=" * (len(columns) * COLUMN_WIDTH + name_width)

    def line(name: str, *cells: str) -> str:
        text = f"{name:<{name_width}} " + "".join(f"{cell:<{COLUMN_WIDTH}} " for cell in cells)
        return text.rstrip() + "\n"

    leaves = [row for row in found if row.leaf]
    counted = [row for row in leaves if not row.recursive]
    containers = [at for at, row in enumerate(found) if not row.leaf and not row.recursive]
    total = sum(row.params for row in counted) + sum(max(leftover(found, at), 0) for at in containers)
    table = "".join(line(_start(row.depth) + _title(row), *(cell(summary, found, at, name, depth, total)
                                                           for name in columns))
                    for at, row in enumerate(found) if row.depth <= depth)
    trainable = sum(row.trainable for row in counted) + sum(max(leftover(found, at, True), 0) for at in containers)
    output_bytes = sum(2 * FLOAT_BYTES * math.prod(row.output_shape) for row in leaves if row.params > 0)
    param_bytes = FLOAT_BYTES * sum(row.params for row in counted)
    input_bytes = FLOAT_BYTES * math.prod(summary.input_shape) + STORAGE_OVERHEAD  # type: ignore[arg-type]
    return (f"{divider}\n{line('Layer (type:depth-idx)', *map(header, columns))}{divider}\n{table}{divider}\n"
            f"Total params{_count(total)}\nTrainable params{_count(trainable)}\n"
            f"Non-trainable params{_count(total - trainable)}\n"
            f"Total mult-adds{_mult_adds(sum(row.macs for row in leaves))}\n{divider}\n"
            f"Input size (MB): {input_bytes / 1e6:0.2f}\n"
            f"Forward/backward pass size (MB): {output_bytes / 1e6:0.2f}\n"
            f"Params size (MB): {param_bytes / 1e6:0.2f}\n"
            f"Estimated Total Size (MB): {(input_bytes + output_bytes + param_bytes) / 1e6:0.2f}\n{divider}")
