"""JSON output: one compact object per line (JSON Lines), so one spec is one JSON document."""

from __future__ import annotations

import json


def render(summary, memory=None) -> str:
    document = summary.to_dict()
    if memory is not None:
        document["memory"] = memory
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False)
