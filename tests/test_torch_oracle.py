"""convcalc against real torch + torchinfo 1.8.0, recorded by tools.torch_oracle in tests/torch_oracle/fixtures/.

Each fixture holds a random nn.Sequential model's YAML spec and what torchinfo printed for it; convcalc must
print the same text to the byte, agree on each row (class, depth, output shape, parameters) and on the totals.
"""

from __future__ import annotations

import json

import pytest
from conftest import ROOT

import convcalc
from convcalc.render import torchinfo, torchinfo_rows

FIXTURES = sorted((ROOT / "tests" / "torch_oracle" / "fixtures").glob("*.json"))


def test_there_are_enough_fixtures():
    assert len(FIXTURES) >= 300
    specs = [json.loads(path.read_text(encoding="utf-8"))["spec"] for path in FIXTURES]
    assert sum("Sequential:" in spec for spec in specs) >= 50  # nested containers are well represented
    assert sum("      - Sequential:" in spec for spec in specs) >= 10  # and Sequential in Sequential in Sequential


@pytest.mark.parametrize("fixture_path", FIXTURES, ids=lambda path: path.stem)
def test_agrees_with_torchinfo(fixture_path):
    recorded = json.loads(fixture_path.read_text(encoding="utf-8"))
    summary = convcalc.summarize(text=recorded["spec"])
    assert torchinfo.render(summary) == recorded["summary"]
    assert torchinfo.render(summary, depth=1) == recorded["summary_depth_1"]
    rows = [{"type": row.type, "depth": row.depth, "output_shape": list(row.output_shape), "params": row.params}
            for row in torchinfo_rows.rows(summary)]
    assert rows == recorded["rows"]
    assert summary.total_params == recorded["total_params"]
    assert summary.trainable_params == recorded["trainable_params"]
    # torchinfo's own check: the leaves' parameters (a container is a row the next one is deeper than) add up
    # to the total
    recorded_rows: list[dict[str, int]] = recorded["rows"]
    leaves = [row for at, row in enumerate(recorded_rows)
              if at + 1 == len(recorded_rows) or recorded_rows[at + 1]["depth"] <= row["depth"]]
    assert sum(row["params"] for row in leaves) == recorded["total_params"]
