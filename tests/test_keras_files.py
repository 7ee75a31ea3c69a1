"""convcalc reading Keras's own files, against what Keras said about them (recorded by tools/keras_files).

Each tests/keras_files/<group>/<name>.oracle.json.gz sits beside the model's .keras archive (saved without
its weights) and its model.to_json() (<name>.json.gz). convcalc must read both to Keras's rows, totals and
summary text, to the byte.
"""

from __future__ import annotations

import gzip
import json

import pytest
from conftest import ROOT

import convcalc
from convcalc.render import table

FILES = ROOT / "tests" / "keras_files"
ORACLES = sorted(FILES.rglob("*.oracle.json.gz"))
ARCHIVED = [path for path in ORACLES if path.with_name(path.name.replace(".oracle.json.gz", ".keras")).is_file()]


def oracle_id(path):
    return f"{path.parent.name}/{path.name.removesuffix('.oracle.json.gz')}"


def rows(summary):
    return [{"name": layer.name, "type": layer.type, "output_shape": list(layer.output_shape),
             "params": layer.params, "trainable_params": layer.trainable_params,
             "non_trainable_params": layer.non_trainable_params} for layer in summary.table_rows]


def check_against(summary, keras):
    assert summary.name == keras["name"]
    assert rows(summary) == keras["layers"]
    assert (summary.total_params, summary.trainable_params, summary.non_trainable_params) == (
        keras["total_params"], keras["trainable_params"], keras["non_trainable_params"])
    assert table.render(summary, width=keras["line_length"]) == keras["summary"]
    assert table.render(summary, width=keras["line_length_show_trainable"], show_trainable=True) == (
        keras["summary_show_trainable"])


def test_there_are_fixtures():
    counts: dict[str, int] = {}
    for path in ORACLES:
        counts[path.parent.name] = counts.get(path.parent.name, 0) + 1
    assert counts["applications"] == 40 and counts["random"] >= 20 and counts["tf_keras"] >= 6
    assert len(ARCHIVED) == counts["applications"] + counts["random"]  # tf.keras 2.x saved JSON, not .keras


@pytest.mark.parametrize("oracle", ARCHIVED, ids=oracle_id)
def test_keras_archive_agrees_with_keras(oracle):
    keras = json.loads(gzip.decompress(oracle.read_bytes()))
    stem = oracle.name.removesuffix(".oracle.json.gz")
    check_against(convcalc.summarize(oracle.parent / f"{stem}.keras"), keras)


@pytest.mark.parametrize("oracle", ORACLES, ids=oracle_id)
def test_to_json_agrees_with_keras(oracle, tmp_path):
    keras = json.loads(gzip.decompress(oracle.read_bytes()))
    stem = oracle.name.removesuffix(".oracle.json.gz")
    path = tmp_path / f"{stem}.json"
    path.write_bytes(gzip.decompress((oracle.parent / f"{stem}.json.gz").read_bytes()))
    check_against(convcalc.summarize(path), keras)
