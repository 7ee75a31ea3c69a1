"""convcalc reading Keras's own files, against what Keras said about them (recorded by tools/keras_files).

Each tests/keras_files/<group>/<name>.oracle.json.gz sits beside the model's .keras archive (saved without
its weights) and its model.to_json() (<name>.json.gz). convcalc must read both to Keras's rows, totals and
summary text, to the byte.
"""

from __future__ import annotations

import gzip
import json

import pytest
from conftest import ROOT, assert_totals_and_text_agree, layer_records

import convcalc
from convcalc import readers
from convcalc.writers import yaml_spec

FILES = ROOT / "tests" / "keras_files"
# tf_keras2/: what real tf.keras 2 wrote and printed, in its own format (test_tf_keras2.py).
ORACLES = sorted(path for path in FILES.rglob("*.oracle.json.gz") if path.parent.name != "tf_keras2")
DERIVED = "tf_keras"  # tf.keras 2.x configs derived from Keras 3's (tools/keras_files/keras2.py), Keras 3's oracle
ARCHIVED = [path for path in ORACLES if path.with_name(path.name.replace(".oracle.json.gz", ".keras")).is_file()]


def oracle_id(path):
    return f"{path.parent.name}/{path.name.removesuffix('.oracle.json.gz')}"


def check_against(summary, keras, text=True):
    assert summary.name == keras["name"]
    assert layer_records(summary.table_rows) == keras["layers"]
    if text:
        assert_totals_and_text_agree(summary, keras)
    else:  # a file tf.keras 2 saved prints tf.keras 2's table, which Keras 3's oracle does not hold
        assert (summary.total_params, summary.trainable_params, summary.non_trainable_params) == (
            keras["total_params"], keras["trainable_params"], keras["non_trainable_params"])


def test_there_are_fixtures():
    counts: dict[str, int] = {}
    for path in ORACLES:
        counts[path.parent.name] = counts.get(path.parent.name, 0) + 1
    assert counts["applications"] == 40 and counts["random"] >= 20 and counts[DERIVED] >= 6
    assert counts["variants"] == 5 and counts["shared"] == 5
    assert len(ARCHIVED) == len(ORACLES) - counts[DERIVED]  # tf.keras 2.x saved JSON, not .keras


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
    check_against(convcalc.summarize(path), keras, text=oracle.parent.name != DERIVED)


@pytest.mark.parametrize("oracle", [path for path in ARCHIVED if path.parent.name != "shared"], ids=oracle_id)
def test_converted_spec_gives_the_same_numbers(oracle):
    """`convcalc convert model.keras --to yaml` writes ops, nested models and keras.applications' layers too."""
    keras = json.loads(gzip.decompress(oracle.read_bytes()))
    model = readers.load(str(oracle.parent / oracle.name.replace(".oracle.json.gz", ".keras")))
    check_against(convcalc.summarize(text=yaml_spec.write(model)), keras)


def keras2_layer(class_name, name, **config):
    return {"class_name": class_name, "config": {"name": name, "trainable": True, "dtype": "float32", **config}}


# tf.keras 2.15's model.to_json() of a Sequential built with input_shape= on its first layer: no InputLayer
# entry, batch_input_shape on that layer, BatchNormalization's axis as a list, initializers without module.
KERAS2_SEQUENTIAL = {
    "class_name": "Sequential", "keras_version": "2.15.0", "backend": "tensorflow",
    "config": {"name": "sequential", "layers": [
        keras2_layer("Conv2D", "conv2d", batch_input_shape=[None, 28, 28, 1], filters=32, kernel_size=[3, 3],
                     strides=[1, 1], padding="valid", data_format="channels_last", dilation_rate=[1, 1], groups=1,
                     activation="relu", use_bias=True,
                     kernel_initializer={"class_name": "GlorotUniform", "config": {"seed": None}},
                     bias_initializer={"class_name": "Zeros", "config": {}}, kernel_regularizer=None,
                     bias_regularizer=None, activity_regularizer=None, kernel_constraint=None, bias_constraint=None),
        keras2_layer("BatchNormalization", "batch_normalization", axis=[3], momentum=0.99, epsilon=0.001,
                     center=True, scale=True),
        keras2_layer("MaxPooling2D", "max_pooling2d", pool_size=[2, 2], padding="valid", strides=[2, 2],
                     data_format="channels_last"),
        keras2_layer("Flatten", "flatten", data_format="channels_last"),
        keras2_layer("Dropout", "dropout", rate=0.5, noise_shape=None, seed=None),
        keras2_layer("Dense", "dense", units=10, activation="softmax", use_bias=True),
    ]},
}


def test_tf_keras_2_sequential_with_batch_input_shape(tmp_path):
    path = tmp_path / "model.json"
    path.write_text(json.dumps(KERAS2_SEQUENTIAL), encoding="utf-8")
    summary = convcalc.summarize(path)
    assert not summary.functional
    assert [(layer.name, layer.output_shape, layer.params) for layer in summary.layers] == [
        ("conv2d", (None, 26, 26, 32), 320), ("batch_normalization", (None, 26, 26, 32), 128),
        ("max_pooling2d", (None, 13, 13, 32), 0), ("flatten", (None, 5408), 0), ("dropout", (None, 5408), 0),
        ("dense", (None, 10), 54_090)]
    assert (summary.trainable_params, summary.non_trainable_params) == (54_474, 64)


def test_check_reads_keras_files_in_directories_with_budgets_from_pyproject(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from convcalc.cli import cli

    models = tmp_path / "models"
    models.mkdir()
    for stem in ("MobileNet", "ResNet50"):
        (models / f"{stem}.keras").write_bytes((FILES / "applications" / f"{stem}.keras").read_bytes())
    (tmp_path / "pyproject.toml").write_text('[tool.convcalc]\nspecs = ["models"]\n[[tool.convcalc.overrides]]\n'
                                             'files = ["models/Res*.keras"]\nbudgets = {max_params = "10M"}\n',
                                             encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    wide = {"COLUMNS": "200"}  # one row a budget, its file first: the layout parsed here
    result = CliRunner().invoke(cli, ["check", "--max-params", "5M"], env=wide)
    assert result.exit_code == 1, result.output  # the command line wins over the override
    rows = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines() if line.startswith("models/")}
    assert rows["models/MobileNet.keras"][:3] == ["max_params", "4,253,864", "5,000,000"]
    assert rows["models/ResNet50.keras"][:3] == ["max_params", "25,636,712", "5,000,000"]
    overridden = CliRunner().invoke(cli, ["check"], env=wide)
    rows = {line.split()[0]: line.split()[1:] for line in overridden.stdout.splitlines() if line.startswith("models/")}
    assert rows["models/ResNet50.keras"][:3] == ["max_params", "25,636,712", "10,000,000"]
    assert "(no budgets)" in overridden.stdout  # MobileNet: no override matches it


def test_a_quiz_can_ask_about_a_keras_file(tmp_path):
    from click.testing import CliRunner

    from convcalc.cli import cli

    (tmp_path / "net.keras").write_bytes((FILES / "applications" / "MobileNet.keras").read_bytes())
    (tmp_path / "quiz.yaml").write_text("model: net.keras\nquestions: [{id: q1, ask: total_params}]\n",
                                        encoding="utf-8")
    result = CliRunner().invoke(cli, ["quiz", "check", str(tmp_path / "quiz.yaml"), "q1=4,253,864"])
    assert result.exit_code == 0, result.output
