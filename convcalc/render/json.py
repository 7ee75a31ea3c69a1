"""JSON output: one compact object per spec, gathered into one document (an array for several specs) or
written one per line (JSON Lines)."""

from __future__ import annotations

import json
from collections.abc import Sequence


def render(summary, memory=None) -> str:
    """One spec's object, on one line."""
    document = summary.to_dict()
    if memory is not None:
        document["memory"] = memory
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False)


def array(objects: Sequence[str]) -> str:
    """Several rendered objects as one JSON array, an object a line."""
    return "[\n" + ",\n".join(objects) + "\n]" if objects else "[]"
