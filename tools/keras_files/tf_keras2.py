"""Record what real tf.keras 2 writes and prints: python -m tools.keras_files.tf_keras2 [NAME...].

Runs by hand in a throwaway virtualenv (never a dependency of convcalc):

    python3.11 -m venv /work/venvs/tfkeras2
    /work/venvs/tfkeras2/bin/pip install tensorflow-cpu==2.21.0 tf-keras==2.21.0 h5py
    TF_USE_LEGACY_KERAS=1 /work/venvs/tfkeras2/bin/python -m tools.keras_files.tf_keras2

For each model it writes, under tests/keras_files/tf_keras2/: `<name>.json.gz`, the model's to_json() as
tf.keras 2 writes it, and `<name>.oracle.json.gz`, what tf.keras 2 says of it (rows as model.summary() lists
them, totals, the summary text). For the models in H5_FIXTURES, also `<name>.h5.gz`: the file model.save wrote,
with its root attributes (model_config among them) and none of its weights.

`weights` writes tests/keras_files/h5/tf_keras2_save_weights.h5.gz, what save_weights writes (no model: refused).
The models: keras.applications (weights=None), models of the Keras oracle's random specs (tests/oracle/cases)
rebuilt layer by layer with tf.keras 2, and operations on tensors that tf.keras 2 records as TFOpLambda and
SlicingOpLambda layers.
"""

from __future__ import annotations

import gzip
import json
import math
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["COLUMNS"] = "200"

import h5py  # noqa: E402
import tensorflow as tf  # noqa: E402
import tf_keras  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "keras_files" / "tf_keras2"
APPLICATIONS = ("MobileNetV2", "DenseNet121", "ResNet50", "VGG16", "InceptionV3", "EfficientNetB0", "MobileNet",
                "MobileNetV3Small", "ResNet50V2", "Xception", "ConvNeXtTiny", "NASNetMobile", "EfficientNetV2B0")
H5_FIXTURES = ("DenseNet121", "tfop_arithmetic")
RANDOM_SPECS = 24  # tried in order from each folder; the ones tf.keras 2 builds are kept


def _shape(value: Any) -> Any:
    """layer.output_shape as JSON: tuples as lists ([(None, 8)] for an InputLayer stays a list of one list)."""
    if isinstance(value, tuple | list):
        return [_shape(item) for item in value]
    return value


def _count(weights: list[Any]) -> int:
    return int(sum(math.prod(w.shape) for w in weights))


def row_record(layer: Any) -> dict[str, Any]:
    try:
        shape: Any = _shape(layer.output_shape)
    except AttributeError:
        shape = "multiple"
    return {"name": layer.name, "type": type(layer).__name__, "output_shape": shape,
            "params": int(layer.count_params()) if layer.built else None,
            "trainable_params": _count(layer.trainable_weights),
            "non_trainable_params": _count(layer.non_trainable_weights)}


def _summary(model: Any, show_trainable: bool) -> str:
    lines: list[str] = []
    model.summary(print_fn=lambda text, **_: lines.append(text), show_trainable=show_trainable)
    return "\n".join(lines) + "\n"


def summary_record(model: Any) -> dict[str, Any]:
    summary, summary_t = _summary(model, False), _summary(model, True)
    return {"keras_version": tf_keras.__version__, "name": model.name, "class_name": type(model).__name__,
            "layers": [row_record(layer) for layer in model.layers],
            "total_params": int(model.count_params()), "trainable_params": _count(model.trainable_weights),
            "non_trainable_params": _count(model.non_trainable_weights),
            "summary": summary, "summary_show_trainable": summary_t,
            "line_length": len(summary.split("\n")[1]), "line_length_show_trainable": len(summary_t.split("\n")[1])}


def _h5_without_weights(saved: Path, out: Path) -> None:
    """The root attributes of the .h5 model.save wrote (model_config, keras_version, backend), no weights, gzipped
    (DenseNet121's config keeps its size, and its place in HDF5's dense attribute storage)."""
    bare = saved.with_suffix(".bare.h5")
    with h5py.File(saved, "r") as source, h5py.File(bare, "w", libver=source.libver) as target:
        for key, value in source.attrs.items():
            target.attrs[key] = value
    out.write_bytes(gzip.compress(bare.read_bytes(), mtime=0))


def write(model: Any, stem: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{stem}.json.gz").write_bytes(gzip.compress(model.to_json().encode(), mtime=0))
    oracle = json.dumps(summary_record(model), indent=1, ensure_ascii=False)
    (OUT / f"{stem}.oracle.json.gz").write_bytes(gzip.compress(oracle.encode(), mtime=0))
    if stem in H5_FIXTURES:
        with tempfile.TemporaryDirectory() as folder:
            saved = Path(folder) / f"{stem}.h5"
            model.save(saved, save_format="h5")
            _h5_without_weights(saved, OUT / f"{stem}.h5.gz")
    print(stem, "ok", flush=True)


def applications(names: tuple[str, ...]) -> None:
    for name in names:
        tf_keras.backend.clear_session()
        write(getattr(tf_keras.applications, name)(weights=None), name)


def operations() -> None:
    """What tf.keras 2 records as TFOpLambda (tf.math.add, tf.concat, x + 1.0) and SlicingOpLambda (x[:, 1:])."""
    layers = tf_keras.layers
    tf_keras.backend.clear_session()
    inputs = tf_keras.Input(shape=(8,))
    a = layers.Dense(6, name="a")(inputs)
    b = layers.Dense(6, name="b")(inputs)
    x = a + 1.0
    x = tf.math.add(x, b)
    x = x * b
    y = tf.math.multiply(a, 0.5)
    x = tf.concat([x, y], axis=-1)
    x = x[:, 1:]
    x = tf.nn.relu(x)
    outputs = layers.Dense(3)(x - b[:, :1])
    write(tf_keras.Model(inputs, outputs, name="tfop_arithmetic"), "tfop_arithmetic")
    tf_keras.backend.clear_session()
    image = tf_keras.Input(shape=(16, 16, 3))
    c = layers.Conv2D(8, 3, padding="same")(image)
    c = tf.math.maximum(c, 0.0)
    c = layers.DepthwiseConv2D(3, padding="same")(c) + c
    c = c[:, ::2, ::2, :]
    c = tf.math.reduce_mean(c, axis=[1, 2])
    write(tf_keras.Model(image, layers.Dense(2)(c), name="tfop_image"), "tfop_image")
    tf_keras.backend.clear_session()
    volume = tf_keras.Input(shape=(6, 4, 3))
    v = layers.Conv2D(4, 1)(volume)
    s = tf.reduce_sum(v, axis=(1, 2), keepdims=True)
    v = tf.transpose(v[..., :2] + s[..., 1:3], perm=[0, 2, 1, 3])
    v = tf.reshape(v, (-1, 12, 4))
    v = tf.expand_dims(tf.math.sigmoid(v), -1)
    v = tf.squeeze(v, axis=-1)
    write(tf_keras.Model(volume, layers.Dense(2)(v), name="tfop_shapes"), "tfop_shapes")


def weights_only() -> None:
    """model.save_weights("w.h5"): tf.keras 2's HDF5 of weights alone, no model_config (tests/keras_files/h5/)."""
    model = tf_keras.Sequential([tf_keras.Input((3,)), tf_keras.layers.Dense(2)], name="tiny")
    with tempfile.TemporaryDirectory() as folder:
        saved = Path(folder) / "weights.h5"
        model.save_weights(saved)
        out = OUT.parent / "h5" / "tf_keras2_save_weights.h5.gz"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(gzip.compress(saved.read_bytes(), mtime=0))
    print("save_weights ok", flush=True)


def random_models() -> None:
    """The Keras oracle's random specs, built with tf.keras 2 by the oracle's own builders."""
    from tools.keras_oracle import graph, records, sequential
    from tools.keras_oracle.spec_reader import is_graph, load_graph_spec, load_spec, read_spec

    records._keras = tf_keras  # the oracle's builders take keras from here
    tf_keras.utils.clear_session = tf_keras.backend.clear_session  # Keras 3's spelling, which they call
    graph._merge_base = lambda: tf_keras.layers.Concatenate.__mro__[1]  # tf_keras's _Merge
    for folder in ("random_core", "random_graphs"):
        kept = 0
        for path in sorted((ROOT / "tests" / "oracle" / "cases" / folder).glob("*.yaml")):
            if kept >= RANDOM_SPECS // 2:
                break
            try:
                data, entries = read_spec(path)
                if is_graph(data, entries):
                    built, failed = graph.build_graph(path, *load_graph_spec(path))
                    if failed:
                        continue
                    model = built.model
                else:
                    model = sequential.build_sequential(*load_spec(path))
                    model.build()
                write(model, path.stem)
                kept += 1
            except Exception as error:  # a spec tf.keras 2 refuses (Keras 3's arguments, a zero size)
                print(path.stem, "skipped:", type(error).__name__, str(error)[:100], flush=True)


def main(argv: list[str]) -> None:
    assert tf_keras.__version__.startswith("2."), tf_keras.__version__
    groups = argv or ["applications", "operations", "random", "weights"]
    for group in groups:
        if group == "applications":
            applications(APPLICATIONS)
        elif group == "operations":
            operations()
        elif group == "random":
            random_models()
        elif group == "weights":
            weights_only()
        else:
            applications((group,))


if __name__ == "__main__":
    main(sys.argv[1:])
