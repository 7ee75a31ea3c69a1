"""Shared layers, each model saved by Keras: a layer (or a model) called more than once, whose config lists one
inbound node per call and whose later calls other layers read as [layer, node index, tensor index].

The summary shows a shared layer once, with the output of its last call (record.row_record). keras2.py derives
tf.keras 2.x configs of them, whose inbound nodes carry the same node indices.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import keras

from . import keras2, record


def shared_dense() -> Any:
    """One Dense, and one BatchNormalization (non-trainable weights), applied to two inputs."""
    left, right = keras.Input(shape=(8,), name="left"), keras.Input(shape=(8,), name="right")
    dense, norm = keras.layers.Dense(4, activation="relu"), keras.layers.BatchNormalization()
    merged = keras.layers.Add()([norm(dense(left)), norm(dense(right))])
    return keras.Model([left, right], keras.layers.Dense(1)(merged), name="shared_dense")


def siamese() -> Any:
    """A functional tower called on two images: the tower is one row, its weights counted once."""
    image = keras.Input(shape=(16, 16, 3))
    x = keras.layers.Conv2D(8, 3, activation="relu")(image)
    x = keras.layers.GlobalAveragePooling2D()(x)
    tower = keras.Model(image, keras.layers.Dense(5)(x), name="tower")
    first, second = keras.Input(shape=(16, 16, 3), name="first"), keras.Input(shape=(16, 16, 3), name="second")
    difference = keras.layers.Subtract()([tower(first), tower(second)])
    return keras.Model([first, second], keras.layers.Dense(1, activation="sigmoid")(difference), name="siamese")


def conv_chain() -> Any:
    """conv(Conv2D(3, 1)(conv(x))): the second call reads a layer saved after it, and its output (a different
    shape from the first call's) is the model's output."""
    inputs = keras.Input(shape=(10, 10, 3))
    conv = keras.layers.Conv2D(3, 3)
    return keras.Model(inputs, conv(keras.layers.Conv2D(3, 1)(conv(inputs))), name="conv_chain")


def later_call_outputs() -> Any:
    """Both calls of a Dense are outputs, and a shared Add (no weights) is called on lists of tensors."""
    inputs = keras.Input(shape=(6,))
    dense, add = keras.layers.Dense(6), keras.layers.Add()
    first = dense(inputs)
    second = dense(keras.layers.ReLU()(first))
    total = add([add([first, second]), inputs])
    return keras.Model(inputs, [first, keras.layers.Dense(2)(total), second], name="later_call_outputs")


def shared_inside() -> Any:
    """A functional block with a shared Dense, used once as a layer of another model."""
    features = keras.Input(shape=(5,))
    dense = keras.layers.Dense(5, activation="tanh")
    block = keras.Model(features, dense(dense(features)), name="twice_block")
    inputs = keras.Input(shape=(5,))
    return keras.Model(inputs, keras.layers.Dense(2)(block(inputs)), name="shared_inside")


def models() -> list[Any]:
    return [shared_dense(), siamese(), conv_chain(), later_call_outputs(), shared_inside()]


def record_all(out_dir: Path) -> None:
    record.save_all(models(), out_dir, also=lambda model: keras2.write_fixture(
        model, out_dir.parent / "tf_keras", model.name, out_dir.name))
