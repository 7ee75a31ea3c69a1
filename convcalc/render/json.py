"""JSON output: one compact object per line (JSON Lines), so one spec is one JSON document."""

from __future__ import annotations

import json


def render(summary) -> str:
    return json.dumps(summary.to_dict(), separators=(",", ":"), ensure_ascii=False)
