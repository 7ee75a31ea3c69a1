"""Run one cut with real Keras in this process and describe every model alive at its end (Keras venv only).

Printed as JSON by `python -m tools.wild_keras run ID` in a fresh process per file, so that Keras's
per-session name counters start from zero, as when the whole file runs. tools/python_oracle's stubs are
installed (tf.keras is Keras 3, datasets are zeros, fit and plotting do nothing), plus: modules only data or
plotting code uses answer every call with a dummy; keras.applications build with the weights they are asked
for (EfficientNet adds a Rescaling layer for imagenet's) but nothing is downloaded or loaded (the stubs).
"""

from __future__ import annotations

import collections
import importlib.abc
import importlib.machinery
import importlib.util
import io
import os
import runpy
import sys
import tempfile
import types
import warnings
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import keras  # type: ignore[import-not-found, unused-ignore]

from tools.python_oracle import record, stubs

# Modules a cut may still import for a constant or a helper; none of them builds a layer.
DUMMY_MODULES = ("matplotlib", "seaborn", "tensorflow_datasets", "tensorflow_docs", "PIL", "cv2", "IPython",
                 "ipywidgets", "imageio", "tqdm", "imgaug", "sklearn", "scipy", "pandas", "tensorflow_text",
                 "datasets")


# More of keras.datasets than tools/python_oracle stubs: (x shape, y shape) of one sample (a review:
# three word ids).
MORE_DATASETS = {"imdb": ((3,), ()), "reuters": ((3,), ()), "boston_housing": ((13,), ()),
                 "california_housing": ((8,), ())}


def _install_stubs() -> None:
    """tools/python_oracle's stubs, around the real TensorFlow when there is one: Keras's preprocessing layers
    (TextVectorization, StringLookup) need it even on the JAX backend; tf.keras is then Keras 3 itself."""
    stubs.DATASETS.update(MORE_DATASETS)
    for name in ("imdb", "reuters"):
        getattr(keras.datasets, name).get_word_index = lambda *args, **kwargs: {}
    if importlib.util.find_spec("tensorflow") is None:
        stubs.install()
        tensorflow = sys.modules["tensorflow"]
        # tf.data, tf.image, tf.strings...: a package whose other names answer every call with a dummy; its
        # classes (tf.TensorShape) stay classes, which Keras's isinstance checks take once clear_session has run.
        vars(tensorflow).update(__path__=[], __getattr__=lambda name: stubs._tf_class(name) if name[:1].isupper()
                                else stubs._Anything(f"tensorflow.{name}"))
        _DummyFinder.prefixes = ("tensorflow.",)
        return
    import tensorflow as tf  # type: ignore[import-not-found, import-untyped, unused-ignore]

    real = stubs._tensorflow
    stubs._tensorflow = lambda: tf
    try:
        stubs.install()
    finally:
        stubs._tensorflow = real
    for name in stubs.DATASETS:
        getattr(tf.keras.datasets, name).load_data = stubs._load_data(name)
    tf.keras.utils.plot_model = keras.utils.plot_model


class _DummyFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    prefixes: tuple[str, ...] = ()

    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        if name.split(".")[0] in DUMMY_MODULES or name.startswith(self.prefixes):
            return importlib.machinery.ModuleSpec(name, self)
        return None

    def create_module(self, spec: Any) -> Any:
        return stubs._Anything(spec.name)

    def exec_module(self, module: Any) -> None:
        return None


def _shape(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [_shape(item) for item in value]
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    return [None if d is None else int(d) for d in value.shape]


def _layer(layer: Any) -> dict[str, Any]:
    try:
        shape = record._output_shape(layer)  # the shape the summary shows
    except Exception:  # a layer with several outputs: as its first call gave them
        shape = _shape(layer.output)
    try:
        params = int(layer.count_params()) if hasattr(layer, "count_params") else 0
    except Exception:
        params = None
    return {"name": layer.name, "type": type(layer).__name__, "output_shape": shape, "params": params,
            "trainable_params": record._count(getattr(layer, "trainable_weights", [])),
            "non_trainable_params": record._count(getattr(layer, "non_trainable_weights", []))}


def describe(variables: list[str], model: Any, nested_in: str | None) -> dict[str, Any]:
    """tools/python_oracle's record of a model, tolerant of subclassed models Keras has not built."""
    described: dict[str, Any] = {"variables": variables, "name": model.name, "class": type(model).__name__,
                                 "nested_in": nested_in, "built": bool(model.built)}
    # model.operations: the layers and the operations on tensors (x + y) that the summary shows as rows.
    described["layers"] = [_layer(layer) for layer in getattr(model, "operations", model.layers)]
    described.update(total_params=record._count(model.weights), trainable_params=record._count(model.trainable_weights),
                     non_trainable_params=record._count(model.non_trainable_weights))
    for key, show in (("", False), ("_show_trainable", True)):
        try:
            text, width = record._summary(model, show)
        except Exception as error:
            text, width = f"<summary failed: {type(error).__name__}: {error}>", None
        described[f"summary{key}"] = text
        described[f"line_length{key}"] = width
    return described


def _models(namespace: dict[str, Any]) -> list[dict[str, Any]]:
    variables: dict[int, list[str]] = {}
    found: dict[int, tuple[Any, str | None]] = {}
    for name, value in namespace.items():
        if name.startswith("_"):
            continue
        held = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(
            value, list | tuple) else [(None, value)]
        for key, item in held:  # a model in a variable, or in a list or dict held in one (models[0])
            if isinstance(item, keras.Model):
                variables.setdefault(id(item), []).append(name if key is None else f"{name}[{key!r}]")
                found[id(item)] = (item, None)
    queue = [model for model, _ in found.values()]
    while queue:
        outer = queue.pop()
        for layer in outer.layers:
            if isinstance(layer, keras.Model) and id(layer) not in found:
                found[id(layer)] = (layer, outer.name)
                queue.append(layer)
    ordered = sorted(found.values(), key=lambda pair: getattr(pair[0], "_oracle_order", -1))
    return [describe(variables.get(id(model), []), model, nested) for model, nested in ordered]


def run(cut_text: str) -> dict[str, Any]:
    _install_stubs()
    keras.Model.load_weights = lambda self, *args, **kwargs: None  # the trained weights never change a summary
    history = types.SimpleNamespace(history=collections.defaultdict(lambda: [0.0]))  # any metric a lesson plots
    keras.Model.fit = lambda self, *args, **kwargs: history
    sys.meta_path.insert(0, _DummyFinder())
    record._track_creation_order()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cut.py"
        path.write_text(cut_text, encoding="utf-8")
        os.chdir(folder)
        with warnings.catch_warnings(record=True), redirect_stdout(io.StringIO()):
            warnings.simplefilter("always")
            try:
                namespace = runpy.run_path(str(path), run_name="__main__")
                error = None
            except BaseException as failure:  # Keras refused the cut: record why
                namespace, error = {}, _where(failure)
        models = _models(namespace) if error is None else []
    held = [m for m in models if m["variables"]]
    return {"keras_version": keras.__version__, "backend": keras.backend.backend(),
            "tensorflow_version": getattr(sys.modules.get("tensorflow"), "__version__", None),
            "error": error, "models": models,
            "default": held[-1]["name"] if held else None}


def _where(failure: BaseException) -> str:
    import traceback

    frames = [f for f in traceback.extract_tb(failure.__traceback__) if f.filename.endswith("cut.py")]
    line = f"cut line {frames[-1].lineno}: " if frames else ""
    return f"{line}{type(failure).__name__}: {str(failure).splitlines()[0] if str(failure) else ''}"[:400]
