"""Files real tf.keras 2.21 wrote (tools/keras_files/tf_keras2.py): keras.applications, models of the random
oracle's specs and TensorFlow functions on tensors (TFOpLambda, SlicingOpLambda), each read to tf.keras 2's rows,
totals and summary text, to the byte; and legacy .h5 files through the optional h5py.
"""

from __future__ import annotations

import gzip
import json
import sys

import pytest
from click.testing import CliRunner
from conftest import ROOT, layer_records

import convcalc
from convcalc.cli import cli
from convcalc.render import table

FILES = ROOT / "tests" / "keras_files" / "tf_keras2"
ORACLES = sorted(FILES.glob("*.oracle.json.gz"))


def stem(path):
    return path.name.removesuffix(".oracle.json.gz").removesuffix(".h5.gz")


def recorded(path):
    return json.loads(gzip.decompress(path.read_bytes()))


def tf_keras_rows(keras):
    """tf.keras 2's rows as convcalc's: an InputLayer's output_shape is a list of its one shape there."""
    return [{**row, "output_shape": row["output_shape"][0]} if row["type"] == "InputLayer" else row
            for row in keras["layers"]]


def check_against(summary, keras):
    assert summary.name == keras["name"]
    assert layer_records(summary.table_rows) == tf_keras_rows(keras)
    assert (summary.total_params, summary.trainable_params, summary.non_trainable_params) == (
        keras["total_params"], keras["trainable_params"], keras["non_trainable_params"])
    assert table.render(summary) == keras["summary"]
    assert table.render(summary, show_trainable=True) == keras["summary_show_trainable"]


def test_there_are_fixtures_of_each_kind():
    names = {stem(path) for path in ORACLES}
    assert {"MobileNetV2", "DenseNet121", "ResNet50", "VGG16", "InceptionV3", "EfficientNetB0"} <= names
    assert sum(name.startswith(("rc_", "graph_")) for name in names) >= 20
    assert all(recorded(path)["keras_version"].startswith("2.") for path in ORACLES)
    assert {"tfop_arithmetic", "tfop_image", "tfop_shapes"} <= names


@pytest.mark.parametrize("oracle", ORACLES, ids=stem)
def test_to_json_agrees_with_tf_keras_2(oracle, tmp_path):
    path = tmp_path / f"{stem(oracle)}.json"
    path.write_bytes(gzip.decompress((FILES / f"{stem(oracle)}.json.gz").read_bytes()))
    check_against(convcalc.summarize(path), recorded(oracle))


def test_tensorflow_functions_are_operation_rows(tmp_path):
    """tf.math.add(x, b), x + 1.0, tf.concat, x[:, 1:]: rows computed as keras.ops's, reported as tf.keras 2 does."""
    path = tmp_path / "ops.json"
    path.write_bytes(gzip.decompress((FILES / "tfop_arithmetic.json.gz").read_bytes()))
    rows = {row.name: row for row in convcalc.summarize(path).table_rows}
    assert (rows["tf.math.add"].type, rows["tf.math.add"].inputs) == ("TFOpLambda", ("tf.__operators__.add", "b"))
    assert rows["tf.concat"].output_shape == (None, 12)
    assert (rows["tf.__operators__.getitem"].type, rows["tf.__operators__.getitem"].output_shape) == (
        "SlicingOpLambda", (None, 11))


def test_a_tensorflow_function_convcalc_does_not_compute_is_named(tmp_path):
    top = json.loads(gzip.decompress((FILES / "tfop_image.json.gz").read_bytes()))
    for layer in top["config"]["layers"]:
        if layer["name"] == "tf.math.reduce_mean":
            layer["config"]["function"] = "signal.rfft2d"
    (tmp_path / "fft.json").write_text(json.dumps(top), encoding="utf-8")
    stderr = refused(tmp_path, "fft.json", (tmp_path / "fft.json").read_bytes())
    assert "tf.math.reduce_mean (TFOpLambda): the TensorFlow function tf.signal.rfft2d is not one convcalc" in stderr


def test_names_with_a_slash_read_and_a_call_suffix_is_refused():
    from convcalc.args import layer_name
    from convcalc.errors import ArgumentError

    assert layer_name("conv1/conv", "name") == "conv1/conv"
    for bad in ("dense/1", "conv/", ""):
        with pytest.raises(ArgumentError):
            layer_name(bad, "name")


# --- .h5 -----------------------------------------------------------------------------------------------------

H5 = sorted(FILES.glob("*.h5.gz"))


def h5_file(tmp_path, name):
    path = tmp_path / f"{name}.h5"
    path.write_bytes(gzip.decompress((FILES / f"{name}.h5.gz").read_bytes()))
    return path


@pytest.mark.parametrize("name", [stem(path) for path in H5])
def test_h5_reads_its_model_config(name, tmp_path):
    pytest.importorskip("h5py")
    check_against(convcalc.summarize(h5_file(tmp_path, name)), recorded(FILES / f"{name}.oracle.json.gz"))


def test_densenet_config_is_in_dense_attribute_storage(tmp_path):
    """Its 242 KB config is past the 64 KB an attribute may take in an object header: HDF5 keeps it in dense
    attribute storage, and it reads (test_h5_reads_its_model_config)."""
    h5py = pytest.importorskip("h5py")
    with h5py.File(h5_file(tmp_path, "DenseNet121"), "r") as handle:
        assert len(handle.attrs["model_config"]) > 200_000 and sorted(handle.attrs) == [
            "backend", "keras_version", "model_config"]


def test_h5_on_standard_input(tmp_path):
    pytest.importorskip("h5py")
    data = h5_file(tmp_path, "tfop_arithmetic").read_bytes()
    result = CliRunner().invoke(cli, ["summary", "-", "--format", "json"], input=data)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["total_params"] == 144


def refused(tmp_path, name, content):
    (tmp_path / name).write_bytes(content)
    result = CliRunner().invoke(cli, ["summary", str(tmp_path / name)])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    return result.stderr


def test_without_h5py_the_error_names_the_extra(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "h5py", None)
    data = h5_file(tmp_path, "tfop_arithmetic").read_bytes()
    assert "pip install 'convcalc[h5]'" in refused(tmp_path, "model.h5", data)


def test_bad_h5_files_are_one_line_exit_2(tmp_path):
    pytest.importorskip("h5py")
    whole = h5_file(tmp_path, "DenseNet121").read_bytes()
    assert "truncated" in refused(tmp_path, "cut.h5", whole[:len(whole) // 2])
    assert "not an HDF5 file" in refused(tmp_path, "text.h5", b"name: x\nlayers: []\n")
    saved = ROOT / "tests" / "keras_files" / "h5"  # real files: tools/keras_files/h5_files.py and tf_keras2.py
    weights = gzip.decompress((saved / "tf_keras2_save_weights.h5.gz").read_bytes())
    assert "weights only (model.save_weights)" in refused(tmp_path, "w.h5", weights)
    keras3 = gzip.decompress((saved / "keras3.weights.h5.gz").read_bytes())
    assert "Keras 3's .weights.h5" in refused(tmp_path, "m.weights.h5", keras3)


def test_keras_3_legacy_h5_reads_as_keras_3(tmp_path):
    pytest.importorskip("h5py")
    path = tmp_path / "tiny.h5"
    path.write_bytes(gzip.decompress((ROOT / "tests" / "keras_files" / "h5" / "keras3_legacy.h5.gz").read_bytes()))
    summary = convcalc.summarize(path)
    assert (summary.framework, summary.total_params) == ("keras", 8)
    assert " Total params: 8 (32.00 B)" in table.render(summary)


def test_convert_writes_tensorflow_functions_to_yaml_not_python(tmp_path):
    from convcalc import readers
    from convcalc.errors import SpecError
    from convcalc.writers import python_code, yaml_spec

    path = tmp_path / "ConvNeXtTiny.json"
    path.write_bytes(gzip.decompress((FILES / "ConvNeXtTiny.json.gz").read_bytes()))
    model = readers.load(str(path))
    again = convcalc.summarize(text=yaml_spec.write(model))
    assert layer_records(again.table_rows) == tf_keras_rows(recorded(FILES / "ConvNeXtTiny.oracle.json.gz"))
    with pytest.raises(SpecError, match="is not a class of keras.layers"):
        python_code.write(model)
