"""The columns of a torch model's table: torchinfo 1.8.0's col_names, each cell as its LayerInfo writes it, and
convcalc's own figures (MACs, FLOPs, receptive field, ...) in the same layout.

torchinfo's cells (layer_info.py): a shape or kernel_size is str() of a list, `--` when empty; Param # and Param %
count a container's leftover parameters unless it is at the depth limit; Mult-Adds is a leaf's, a container's the
sum of the leaves under it at the depth limit, else `--`; Trainable is True, False, Partial or `--`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..errors import ConvcalcError, did_you_mean
from .columns import COLUMNS, COST_COLUMNS
from .torchinfo_rows import Row, leftover

if TYPE_CHECKING:
    from ..model import Summary

HEADERS = {  # torchinfo's HEADER_TITLES
    "input_size": "Input Shape", "output_size": "Output Shape", "num_params": "Param #", "params_percent": "Param %",
    "kernel_size": "Kernel Shape", "mult_adds": "Mult-Adds", "trainable": "Trainable",
}
# convcalc's figures beyond torchinfo's, with the headers of Keras's tables
FIGURES = tuple(name for name in COLUMNS if name in COST_COLUMNS)
TORCH_COLUMNS = (*HEADERS, *FIGURES)
PERCENT_SPACING = 5


def parse(names: tuple[str, ...], source: str) -> tuple[str, ...]:
    """A torch model's --columns: torchinfo's col_names and convcalc's figures; a Keras name refused in one line."""
    for name in names:
        if name not in TORCH_COLUMNS:
            raise ConvcalcError(f"{source}: column {name!r} is not one of a PyTorch model's (torchinfo's col_names "
                                f"and convcalc's figures){did_you_mean(name, TORCH_COLUMNS)}: "
                                f"{', '.join(TORCH_COLUMNS)}")
    return names


def header(name: str) -> str:
    return HEADERS.get(name) or COLUMNS[name].header


def _shape(shape: tuple[int, ...]) -> str:
    return str(list(shape)) if shape else "--"


def _params(found: list[Row], at: int, max_depth: int) -> str:
    row = found[at]
    if row.params == 0:
        return "--"
    if row.recursive:
        return "(recursive)"
    if row.depth == max_depth or row.leaf:
        return f"{row.params:,}" if row.trainable else f"({row.params:,})"
    left = leftover(found, at)
    return f"{left:,}" if left > 0 else "--"


def _percent(found: list[Row], at: int, max_depth: int, total: int) -> str:
    row = found[at]
    zero = " " * PERCENT_SPACING + "--"
    if total == 0:
        return zero
    if row.recursive:
        return "(recursive)"
    params = row.params if row.depth == max_depth or row.leaf else leftover(found, at)
    return zero if params == 0 else f"{params / total:>{2 + PERCENT_SPACING}.2%}"


def _descendants(found: list[Row], at: int) -> list[Row]:
    """torchinfo's get_children_layers: every row after this one that is deeper, up to the next that is not."""
    under = []
    for row in found[at + 1:]:
        if row.depth <= found[at].depth:
            break
        under.append(row)
    return under


def _summed(found: list[Row], at: int, max_depth: int, value: Callable[[Row], int | None]) -> str:
    """A leaf's figure; a container's the sum of its leaves' at the depth limit, else `--` (torchinfo's MACs)."""
    row = found[at]
    figures = [value(row)] if row.leaf else [value(r) for r in _descendants(found, at) if r.leaf]
    if not row.leaf and row.depth != max_depth:
        return "--"
    if any(figure is None for figure in figures):
        return "?"
    total = sum(figure or 0 for figure in figures)
    return f"{total:,}" if total > 0 else "--"


def _trainable(row: Row) -> str:
    if row.params == 0:
        return "--"
    return "False" if row.trainable == 0 else "True" if row.trainable == row.params else "Partial"


def cell(summary: Summary, found: list[Row], at: int, name: str, max_depth: int, total: int) -> str:
    """The text of column `name` in row `at`."""
    row = found[at]
    if name == "input_size":
        return _shape(row.input_shape)
    if name == "output_size":
        return _shape(row.output_shape)
    if name == "kernel_size":
        return row.kernel or "--"
    if name == "num_params":
        return _params(found, at, max_depth)
    if name == "params_percent":
        return _percent(found, at, max_depth, total)
    if name == "mult_adds":
        return _summed(found, at, max_depth, lambda r: r.macs)
    if name == "trainable":
        return _trainable(row)
    if name in ("macs", "flops"):
        return _summed(found, at, max_depth, lambda r: getattr(r.layer, name) if r.layer else 0)
    if row.layer is None:  # a container torch never calls (a ModuleList): no output
        return "--"
    return COLUMNS[name].value(row.layer, summary)
