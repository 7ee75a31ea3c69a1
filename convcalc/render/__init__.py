"""Renderers: each turns frozen Summary data into text. Only table.py (Keras's summary) and report.py (the check
report) import rich; JSON and Markdown never do."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Summary

FORMATS = ("table", "json", "jsonl", "markdown")  # summary --format


def readable_size(num_bytes: float, byte_unit: str = "B") -> str:
    """Keras's readable_memory_size: 1024-based units, two decimals (952.29 KB); tf.keras 2 calls bytes "Byte"."""
    for unit in (byte_unit, "KB", "MB", "GB", "TB"):
        if num_bytes / 1024 < 1:
            return f"{num_bytes:.2f} {unit}"
        num_bytes /= 1024
    return f"{num_bytes:.2f} PB"


def totals_lines(summary: Summary) -> tuple[tuple[str, int, str], ...]:
    """The three lines Keras prints under its table, as (label, count, size) triples."""
    return (
        ("Total params", summary.total_params, readable_size(summary.total_bytes)),
        ("Trainable params", summary.trainable_params, readable_size(summary.trainable_bytes)),
        ("Non-trainable params", summary.non_trainable_params, readable_size(summary.non_trainable_bytes)),
    )
