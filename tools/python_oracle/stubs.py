"""Stand-ins that let a lesson's file run with real Keras in seconds and offline.

Installed before the example runs: TensorFlow's `tf.keras` spellings point at Keras 3 (the venv has JAX, not
TensorFlow), datasets come back as small arrays of zeros with the real per-sample shapes, training and
evaluation do nothing, and plotting modules swallow every call. The architecture code runs unchanged.
"""

from __future__ import annotations

import functools
import os
import sys
import types
from typing import Any

import keras  # type: ignore[import-not-found, unused-ignore]
import numpy as np  # type: ignore[import-not-found, unused-ignore]
from keras.src.utils import file_utils  # type: ignore[import-not-found, unused-ignore]

# Per-sample shapes and class counts of the datasets lessons download: (x shape, y shape).
DATASETS = {
    "mnist": ((28, 28), ()),
    "fashion_mnist": ((28, 28), ()),
    "cifar10": ((32, 32, 3), (1,)),
    "cifar100": ((32, 32, 3), (1,)),
}
SAMPLES = 8


class _History:
    history: dict[str, list[float]] = {"loss": [0.0], "accuracy": [0.0], "val_loss": [0.0], "val_accuracy": [0.0]}


class _Anything(types.ModuleType):
    """A module (matplotlib.pyplot, seaborn) where every name is a callable returning another such object."""

    def __getattr__(self, name: str) -> Any:
        return _Anything(f"{self.__name__}.{name}")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return _Anything(self.__name__)

    def __getitem__(self, key: Any) -> Any:
        return _Anything(self.__name__)

    def __iter__(self) -> Any:
        return iter((_Anything(self.__name__), _Anything(self.__name__)))


def _load_data(name: str) -> Any:
    x_shape, y_shape = DATASETS[name]

    def load_data(*args: Any, **kwargs: Any) -> Any:
        x = np.zeros((SAMPLES, *x_shape), dtype="uint8")
        y = np.zeros((SAMPLES, *y_shape), dtype="uint8")
        return (x, y), (x.copy(), y.copy())

    return load_data


@functools.cache
def _tf_class(name: str) -> type:
    """tf.TensorShape, tf.DType, ...: Keras's serialization (Bidirectional's copy of its layer) asks whether a
    value is one of TensorFlow's classes; with these stand-ins none is."""
    if not name[:1].isupper():
        raise AttributeError(f"module 'tensorflow' has no attribute {name!r}")
    return type(name, (), {})


def _tensorflow() -> types.ModuleType:
    """`tensorflow` as the files use it: tf.keras is Keras 3; tf.nn's activations are Keras's."""
    tf = types.ModuleType("tensorflow")
    vars(tf).update(keras=keras, __version__="2.16.1", executing_eagerly=lambda: True)
    nn = types.ModuleType("tensorflow.nn")
    for name in ("relu", "relu6", "elu", "selu", "softmax", "sigmoid", "tanh", "softplus", "softsign", "silu",
                 "gelu", "swish", "leaky_relu", "log_softmax"):
        setattr(nn, name, getattr(keras.activations, name))
    vars(tf).update(nn=nn, random=types.SimpleNamespace(set_seed=lambda seed: None), __getattr__=_tf_class)
    sys.modules["tensorflow"] = tf
    sys.modules["tensorflow.nn"] = nn
    sys.modules["tensorflow.keras"] = keras
    for part in ("layers", "models", "datasets", "utils", "optimizers", "activations", "regularizers",
                 "initializers", "constraints", "losses", "callbacks", "metrics"):
        module = getattr(keras, part)
        sys.modules[f"tensorflow.keras.{part}"] = module
        sys.modules[f"keras.{part}"] = module
    for name in DATASETS:
        sys.modules[f"tensorflow.keras.datasets.{name}"] = getattr(keras.datasets, name)
    return tf


IMAGE_FOLDER_CLASSES = ["daisy", "dandelion", "roses", "sunflowers", "tulips"]  # what the lessons' folders hold


class _ImageFolder:
    """keras.utils.image_dataset_from_directory's dataset: one batch of zeros, the class names of the folders."""

    def __init__(self, image_size: tuple[int, int], batch_size: int):
        self.class_names = list(IMAGE_FOLDER_CLASSES)
        self.batch = (np.zeros((batch_size, *image_size, 3), dtype="float32"), np.zeros((batch_size,), dtype="int32"))

    def take(self, count: int) -> list[Any]:
        return [self.batch] * count

    def __getattr__(self, name: str) -> Any:  # map, prefetch, cache, shuffle, ...: the same dataset
        return lambda *args, **kwargs: self


def _image_dataset_from_directory(directory: str, *args: Any, image_size: tuple[int, int] = (256, 256),
                                  batch_size: int = 32, subset: str | None = None, **kwargs: Any) -> Any:
    folder = _ImageFolder(tuple(image_size), batch_size)  # type: ignore[arg-type]
    return (folder, _ImageFolder(tuple(image_size), batch_size)) if subset == "both" else folder  # type: ignore[arg-type]


def _list_folder(real: Any) -> Any:
    """os.listdir of a lesson's data folder, which the oracle does not have: empty."""
    return lambda path=".": real(path) if os.path.exists(path) else []


def _predict(model: Any, x: Any, *args: Any, **kwargs: Any) -> Any:
    """A real forward pass on the (small, zero) data: feature-map lessons index what it returns."""
    return keras.tree.map_structure(np.asarray, model(np.asarray(x), training=False))


def install() -> None:
    keras.utils.image_dataset_from_directory = _image_dataset_from_directory
    keras.utils.load_img = lambda path, target_size=(256, 256), **kwargs: np.zeros((*target_size, 3), dtype="float32")
    os.listdir = _list_folder(os.listdir)
    for name in DATASETS:
        getattr(keras.datasets, name).load_data = _load_data(name)
    keras.Model.fit = lambda self, *args, **kwargs: _History()
    keras.Model.evaluate = lambda self, *args, **kwargs: [0.0, 0.0]
    keras.Model.predict = _predict
    keras.Model.save = lambda self, *args, **kwargs: None
    keras.utils.plot_model = lambda *args, **kwargs: None
    file_utils.get_file = lambda *args, **kwargs: "imagenet-weights-not-downloaded.h5"  # keras.applications
    keras.Model.load_weights = lambda self, *args, **kwargs: None
    _tensorflow()
    for name in ("matplotlib", "matplotlib.pyplot", "seaborn"):
        sys.modules[name] = _Anything(name)
    vars(sys.modules["matplotlib"])["pyplot"] = sys.modules["matplotlib.pyplot"]
