"""JSON output: one compact object per spec, gathered into one document (an array for several specs) or
written one per line (JSON Lines)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Summary
    from .columns import Memory


def render(summary: Summary, memory: Memory | None = None) -> str:
    """One spec's object, on one line."""
    document: dict[str, object] = {**summary.to_dict()}
    if memory is not None:
        document["memory"] = memory
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False)


def array(objects: Sequence[str]) -> str:
    """Several rendered objects as one JSON array, an object a line."""
    return "[\n" + ",\n".join(objects) + "\n]" if objects else "[]"
