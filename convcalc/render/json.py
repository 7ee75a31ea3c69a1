"""JSON output: one compact object per line (JSON Lines), so one spec is one JSON document."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Summary
    from .columns import Memory


def render(summary: Summary, memory: Memory | None = None) -> str:
    document: dict[str, object] = {**summary.to_dict()}
    if memory is not None:
        document["memory"] = memory
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False)
