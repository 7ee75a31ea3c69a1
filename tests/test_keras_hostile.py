"""Bad Keras files (issue 13): each gives one "Error: " line naming the file, exit code 2, nothing on stdout,
no traceback, and neither hangs nor fills memory. The files are made here, not committed (a zip bomb)."""

from __future__ import annotations

import io
import json
import time
import zipfile

import pytest
from click.testing import CliRunner

from convcalc.cli import cli


def tensor(name):
    return {"class_name": "__keras_tensor__", "config": {"shape": [None, 4], "dtype": "float32",
                                                         "keras_history": [name, 0, 0]}}


def layer(class_name, name, config, *reads, module="keras.layers"):
    nodes = [{"args": [tensor(reads[0]) if len(reads) == 1 else [tensor(r) for r in reads]], "kwargs": {}}]
    return {"module": module, "class_name": class_name, "config": {"name": name, **config}, "registered_name": None,
            "name": name, "inbound_nodes": nodes if reads else []}


def functional(*layers, outputs=("dense",)):
    """A Keras 3 functional model's config (as model.to_json() writes it): an input of 4 values and `layers`."""
    inputs = {"module": "keras.layers", "class_name": "InputLayer", "name": "input_layer", "inbound_nodes": [],
              "config": {"batch_shape": [None, 4], "dtype": "float32", "name": "input_layer"}}
    layers = layers or (layer("Dense", "dense", {"units": 3}, "input_layer"),)
    return {"module": "keras.src.models.functional", "class_name": "Functional", "registered_name": "Functional",
            "config": {"name": "tiny", "trainable": True, "layers": [inputs, *layers],
                       "input_layers": [["input_layer", 0, 0]], "output_layers": [[o, 0, 0] for o in outputs]}}


def called_on(entry, history):
    """`entry` reading the output `history` ([layer, node index, tensor index]) instead of what it read."""
    entry["inbound_nodes"][0]["args"][0]["config"]["keras_history"] = history
    return entry


def shared_dense():
    """A Dense called twice on the input: two inbound nodes."""
    return {**layer("Dense", "dense", {"units": 4}, "input_layer"),
            "inbound_nodes": 2 * layer("Dense", "dense", {"units": 4}, "input_layer")["inbound_nodes"]}


def output_at(config, history):
    config["config"]["output_layers"] = [history]
    return config


def archive(members: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def keras_file(config, version="3.15.1") -> bytes:
    return archive({"metadata.json": json.dumps({"keras_version": version}), "config.json": json.dumps(config)})


def bomb() -> bytes:
    """A .keras whose config.json inflates to 200 MB (about 200 KB on disk)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf, zf.open("config.json", "w") as out:
        chunk = b" " * (1 << 20)
        for _ in range(200):
            out.write(chunk)
    return buffer.getvalue()


BAD = {
    "not_a_zip.keras": (b"name: x\n", "not a .keras archive (not a zip file)"),
    "no_config.keras": (lambda: archive({"metadata.json": "{}", "model.weights.h5": b"\0" * 100}),
                        "it has no config.json"),
    "bomb.keras": (bomb, "config.json in the archive inflates to 209,715,200 bytes"),
    "oversized.json": (lambda: b" " * (21 * 1024 * 1024), "model files are limited to"),
    "deep.json": (b"[" * 100_000 + b"]" * 100_000, "JSON nested"),
    "deep_in_archive.keras": (lambda: archive({"config.json": b"[" * 100_000 + b"]" * 100_000}), "JSON nested"),
    "keras4.keras": (lambda: keras_file(functional(), "4.0.0"), "saved by Keras 4.0.0 (metadata.json)"),
    "keras1.json": (lambda: json.dumps({**functional(), "keras_version": "1.2.2"}).encode(), "saved by Keras 1.2.2"),
    "repeated_names.json": (lambda: json.dumps(functional(layer("Dense", "dense", {"units": 3}, "input_layer"),
                                                          layer("Dense", "dense", {"units": 3}, "input_layer")))
                            .encode(), "dense (Dense): duplicate layer name 'dense'"),
    "dangling.json": (lambda: json.dumps(functional(layer("Dense", "dense", {"units": 3}, "nowhere"))).encode(),
                      "dense (Dense): unknown layer or input 'nowhere'"),
    "outside_keras.json": (lambda: json.dumps(functional(layer("Evil", "dense", {}, "input_layer",
                                                               module="os"))).encode(),
                           "dense (Evil): class Evil from module 'os', outside Keras: convcalc never imports"),
    "lambda.json": (lambda: json.dumps(functional(layer("Lambda", "dense", {"function": "4wEAAA=="},
                                                        "input_layer"))).encode(),
                    "dense (Lambda): a Lambda layer: convcalc never runs its Python code"),
    "node_past_the_calls.json": (lambda: json.dumps(functional(
        layer("Dense", "hidden", {"units": 4}, "input_layer"),
        called_on(layer("Dense", "dense", {"units": 3}, "hidden"), ["hidden", 1, 0]))).encode(),
        "dense (Dense): reads node 1 (call 2) of 'hidden', which is called once"),
    "output_past_the_calls.json": (lambda: json.dumps(output_at(functional(shared_dense()), ["dense", 2, 0]))
                                   .encode(), "the model's output reads node 2 (call 3) of 'dense', which is called 2 "
                                   "times"),
    "negative_node.json": (lambda: json.dumps(functional(
        layer("Dense", "hidden", {"units": 4}, "input_layer"),
        called_on(layer("Dense", "dense", {"units": 3}, "hidden"), ["hidden", -1, 0]))).encode(),
        "dense (Dense): reads node -1 of 'hidden'; node indices start at 0"),
    "never_called.json": (lambda: json.dumps(functional(layer("Dense", "dense", {"units": 3}, "input_layer"),
                                                        layer("Dense", "idle", {"units": 3}))).encode(),
                          "idle (Dense): never called"),
    "unbuilt.json": (lambda: json.dumps({"module": "keras", "class_name": "Sequential", "config": {
        "name": "s", "layers": [layer("Dense", "dense", {"units": 3})]}}).encode(), "saved before it was built"),
    "too_many_layers.json": (lambda: json.dumps(functional(*[{"class_name": "ReLU", "config": {}}] * 100_001))
                             .encode(),
                             "100,002 layers; models are limited to 100,000"),  # the input too
    "a_layer.json": (lambda: json.dumps(layer("Dense", "dense", {"units": 3})).encode(), "a config of one Dense"),
    "not_keras.json": (b'{"name": "x"}', "not a Keras model config"),
    "legacy.h5": (b"\x89HDF\r\n\x1a\n" + b"\0" * 100, "HDF5"),  # without h5py: the extra to install
    "legacy_renamed.yaml": (b"\x89HDF\r\n\x1a\n" + b"\0" * 100, "HDF5"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_keras_file_is_one_line_exit_2(name, tmp_path, monkeypatch):
    content, fragment = BAD[name]
    (tmp_path / name).write_bytes(content() if callable(content) else content)
    monkeypatch.chdir(tmp_path)
    started = time.perf_counter()
    result = CliRunner().invoke(cli, ["summary", name])
    assert time.perf_counter() - started < 10
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"Error: {name}: ")
    assert fragment in result.stderr


def test_a_good_file_of_the_same_making_reads(tmp_path):
    path = tmp_path / "tiny.keras"
    path.write_bytes(keras_file(functional()))
    result = CliRunner().invoke(cli, ["summary", "--format", "json", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["total_params"] == 15


def test_standard_input_takes_archives_and_json(tmp_path):
    for data in (keras_file(functional()), json.dumps(functional()).encode()):
        result = CliRunner().invoke(cli, ["summary", "--format", "json", "-"], input=data)
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["name"] == "tiny"


def test_a_lambda_is_refused_then_declared_through_convert(tmp_path, monkeypatch):
    """The way out the error names: convert writes a Declared entry, null where the file does not tell."""
    lambda_layer = layer("Lambda", "my_lambda", {"function": "4wEAAA=="}, "hidden")
    config = functional(layer("Dense", "hidden", {"units": 4}, "input_layer"), lambda_layer,
                        layer("Dense", "dense", {"units": 3}, "my_lambda"))
    config["config"]["layers"][3]["inbound_nodes"][0]["args"][0]["config"]["shape"] = [None, 6]  # Keras recorded it
    monkeypatch.chdir(tmp_path)
    (tmp_path / "model.json").write_text(json.dumps(config), encoding="utf-8")
    refused = CliRunner().invoke(cli, ["summary", "model.json"])
    assert refused.exit_code == 2 and "`convcalc convert model.json --to yaml`" in refused.stderr
    converted = CliRunner().invoke(cli, ["convert", "model.json", "--out", "model.yaml"])
    assert converted.exit_code == 0, converted.output
    text = (tmp_path / "model.yaml").read_text(encoding="utf-8")
    assert "Declared: {name: my_lambda, class_name: Lambda, output_shape: 6, trainable_params: null" in text
    unfilled = CliRunner().invoke(cli, ["summary", "model.yaml"])
    assert unfilled.exit_code == 2 and "declare its trainable_params, non_trainable_params" in unfilled.stderr
    (tmp_path / "model.yaml").write_text(text.replace("trainable_params: null, non_trainable_params: null",
                                                      "trainable_params: 7"), encoding="utf-8")
    filled = CliRunner().invoke(cli, ["summary", "--format", "json", "model.yaml"])
    layers = json.loads(filled.stdout)["layers"]
    assert [(row["name"], row["type"], row["output_shape"], row["params"]) for row in layers[2:]] == [
        ("my_lambda", "Lambda", [None, 6], 7), ("dense", "Dense", [None, 3], 21)]


def test_an_archive_larger_than_any_config_reads_without_its_weights(tmp_path):
    """Only config.json is read: 40 MB of weights (twice the limit of a model file) change nothing."""
    path = tmp_path / "big.keras"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("metadata.json", json.dumps({"keras_version": "3.15.1"}))
        zf.writestr("config.json", json.dumps(functional()), compress_type=zipfile.ZIP_DEFLATED)
        with zf.open("model.weights.h5", "w") as out:
            for _ in range(40):
                out.write(b"\x89HDF" * (1 << 18))
    assert path.stat().st_size > 40 * 1024 * 1024
    result = CliRunner().invoke(cli, ["summary", "--format", "json", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["total_params"] == 15


def test_a_zip_whose_directory_understates_the_config_size_stops_at_the_stated_size(tmp_path):
    """A bomb that lies: the directory says 100 bytes, the data inflates to 50 MB. Never more than is stated
    (and capped) is inflated; the result is one error line."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("config.json", b"{" + b" " * (50 << 20) + b"}")
    data = bytearray(buffer.getvalue())
    central = data.rindex(b"PK\x01\x02")
    data[central + 24:central + 28] = (100).to_bytes(4, "little")  # uncompressed size in the central directory
    (tmp_path / "liar.keras").write_bytes(bytes(data))
    started = time.perf_counter()
    result = CliRunner().invoke(cli, ["summary", str(tmp_path / "liar.keras")])
    assert time.perf_counter() - started < 5
    assert result.exit_code == 2 and result.stderr.count("\n") == 1, result.output
