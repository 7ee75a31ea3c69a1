"""convcalc against what real Keras 3 said, recorded by tools.keras_oracle in tests/oracle/fixtures/.

Each fixture names its spec; convcalc must agree on every layer's name, type, output shape,
parameters and trainable split, on the totals, on the exact summary text, and on which
specs Keras refuses (and at which layer).
"""

from __future__ import annotations

import json

import pytest
import yaml
from conftest import ORACLE, ROOT, assert_totals_and_text_agree, layer_records

import convcalc
from convcalc.errors import SpecError

FIXTURES = sorted((ORACLE / "fixtures").rglob("*.json"))


def fixture_id(path):
    return f"{path.parent.name}/{path.stem}"


def test_there_are_fixtures_for_every_folder():
    counts: dict[str, int] = {}
    for path in FIXTURES:
        counts[path.parent.name] = counts.get(path.parent.name, 0) + 1
    assert {"specs", "edge", "random_core", "random_catalogue", "random_graphs", "preprocessing", "recurrent",
            "attention", "text"} <= set(counts)
    assert counts["random_catalogue"] == 300 and counts["random_graphs"] == 150
    assert counts["specs"] >= 7  # the graph specs (resnet_block, unet_small, vgg16) included
    assert len(FIXTURES) >= 730


def entry_lines(spec_path):
    """First line of each layer entry, and the line after the last one."""
    root = yaml.compose(spec_path.read_text(encoding="utf-8"))
    assert root is not None
    layers = next(value for key, value in root.value if key.value == "layers")
    return [entry.start_mark.line + 1 for entry in layers.value] + [layers.end_mark.line + 2]


@pytest.mark.parametrize("fixture_path", FIXTURES, ids=fixture_id)
def test_agrees_with_keras(fixture_path):
    keras = json.loads(fixture_path.read_text(encoding="utf-8"))
    spec_path = ROOT / keras["spec"]
    if keras["refused"]:
        with pytest.raises(SpecError) as caught:
            convcalc.summarize(spec_path)
        index = keras["error"]["layer_index"]
        if index is not None and caught.value.line is not None:
            lines = entry_lines(spec_path)
            assert lines[index] <= caught.value.line < lines[index + 1], (
                f"Keras refused layer #{index}; convcalc said: {caught.value}")
        return

    summary = convcalc.summarize(spec_path)
    assert layer_records(summary.layers) == keras["layers"]
    assert_totals_and_text_agree(summary, keras)
