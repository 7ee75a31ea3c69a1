"""Shared layers in Keras's own files (tests/keras_files/shared, recorded by tools/keras_files `shared`).

Their summaries are checked against Keras's to the byte in tests/test_keras_files.py; here, how the reader
wires them (a later call is its own entry "<layer>/<node>" sharing the layer's weights), that the Keras 3 and
tf.keras 2.x files of a model wire alike, and that convert refuses them in one line.
"""

from __future__ import annotations

import gzip

import pytest
from click.testing import CliRunner
from conftest import ROOT

from convcalc import readers
from convcalc.cli import cli

FILES = ROOT / "tests" / "keras_files"
SHARED = sorted((FILES / "shared").glob("*.keras"))
# The first later call of a shared layer in each model, and the layer it shares.
SHARED_LAYER = {"conv_chain": "conv2d_1", "later_call_outputs": "dense_4", "shared_dense": "dense",
                "shared_inside": "dense_6", "siamese": "tower"}


def wiring(model):
    return [(layer.name, layer.kind, layer.inputs, layer.shares) for layer in model.layers]


def test_every_shared_fixture_is_named_here():
    assert sorted(path.stem for path in SHARED) == sorted(SHARED_LAYER)


def test_a_later_call_reads_a_layer_saved_after_the_shared_one():
    """conv(Conv2D(3, 1)(conv(x))): Keras saves conv first, its second call reads conv2d_2, saved after it."""
    model = readers.load(str(FILES / "shared" / "conv_chain.keras"))
    assert wiring(model) == [
        ("input_layer_1", "InputLayer", (), None),
        ("conv2d_1", "Conv2D", ("input_layer_1",), None),
        ("conv2d_2", "Conv2D", ("conv2d_1",), None),
        ("conv2d_1/1", "Conv2D", ("conv2d_2",), "conv2d_1"),
    ]
    assert model.outputs == ("conv2d_1/1",)  # output_layers: [conv2d_1, 1, 0]
    assert model.layers[3].args == model.layers[1].args


def test_node_indices_of_inputs_and_outputs():
    """A shared Add called on lists, one call reading the other; both calls of a Dense among the outputs."""
    model = readers.load(str(FILES / "shared" / "later_call_outputs.keras"))
    reads = {name: inputs for name, _, inputs, _ in wiring(model)}
    assert reads["add_1"] == ("dense_4", "dense_4/1")
    assert reads["add_1/1"] == ("add_1", "input_layer_2")
    assert reads["dense_4/1"] == ("re_lu",)
    assert model.outputs == ("dense_4", "dense_5", "dense_4/1")


def test_a_model_called_twice_is_built_for_each_call():
    model = readers.load(str(FILES / "shared" / "siamese.keras"))
    towers = [layer for layer in model.layers if layer.kind == "Functional"]
    assert [(layer.name, layer.inputs, layer.shares) for layer in towers] == [
        ("tower", ("first",), None), ("tower/1", ("second",), "tower")]
    assert towers[0].args["model"] == towers[1].args["model"]


@pytest.mark.parametrize("path", SHARED, ids=lambda path: path.stem)
def test_tf_keras_2_files_wire_as_keras_3_ones(path, tmp_path):
    """tf.keras 2.x's [layer, node index, tensor index, kwargs] lists give the same graph as __keras_tensor__s."""
    saved = tmp_path / f"{path.stem}.json"
    saved.write_bytes(gzip.decompress((FILES / "tf_keras" / f"{path.stem}.json.gz").read_bytes()))
    keras3, keras2 = readers.load(str(path)), readers.load(str(saved))
    assert wiring(keras2) == wiring(keras3)
    assert keras2.outputs == keras3.outputs
    assert any(layer.shares for layer in keras3.layers) or path.stem == "shared_inside"


@pytest.mark.parametrize("to", ["yaml", "python"])
@pytest.mark.parametrize("path", SHARED, ids=lambda path: path.stem)
def test_convert_refuses_a_shared_layer_in_one_line(path, to, tmp_path):
    """A spec (and the Keras code written from one) cannot say that two entries share weights yet: refused,
    naming the layer, even inside a nested model (shared_inside), rather than written as two layers."""
    out = tmp_path / f"out.{'yaml' if to == 'yaml' else 'py'}"
    result = CliRunner().invoke(cli, ["convert", str(path), "--to", to, "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert result.stdout == "" and not out.exists()
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"Error: {path}: ")
    assert f"layer {SHARED_LAYER[path.stem]!r} is called more than once (a shared layer)" in result.stderr
    assert "Traceback" not in result.stderr


def test_explain_shows_each_call():
    result = CliRunner().invoke(cli, ["explain", str(FILES / "shared" / "conv_chain.keras")])
    assert result.exit_code == 0, result.output
    assert "conv2d_1 (Conv2D), call 2\n  input (None, 8, 8, 3)" in result.stdout
    assert "params: those of conv2d_1, shared by its calls (counted once in the totals)" in result.stdout
    assert "output (None, 6, 6, 3)" in result.stdout
