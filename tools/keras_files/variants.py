"""The ways a Sequential gets its input, each saved by Keras: keras.Input first, input_shape= on the first layer
(deprecated, still written), model.build(), and a call on data (a fixed batch size, which the table shows);
and models used as layers beyond keras.applications' Sequentials."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import keras

from . import record


def models() -> list[Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # input_shape= is deprecated in Keras 3
        by_argument = keras.Sequential([keras.layers.Conv2D(4, 3, input_shape=(9, 9, 2)), keras.layers.Flatten(),
                                        keras.layers.Dense(3)], name="input_shape_argument")
    built = keras.Sequential([keras.layers.Dense(5), keras.layers.BatchNormalization(), keras.layers.Dense(2)],
                             name="built")
    built.build((None, 7))
    called = keras.Sequential([keras.layers.Dense(3), keras.layers.Dense(2)], name="called_on_data")
    called(keras.ops.zeros((2, 4)))
    return [by_argument, built, called, *nested_models()]


def nested_models() -> list[Any]:
    """A functional model used as a layer of another, and a frozen Sequential inside a functional model."""
    image = keras.Input(shape=(16, 16, 3), name="image")
    features = keras.layers.Conv2D(8, 3, strides=2, padding="same")(image)
    encoder = keras.Model(image, keras.layers.BatchNormalization()(features), name="encoder")
    inputs = keras.Input(shape=(16, 16, 3))
    x = encoder(inputs)
    x = keras.layers.GlobalAveragePooling2D()(x)
    outer = keras.Model(inputs, keras.layers.Dense(4)(x), name="functional_in_functional")

    frozen = keras.Sequential([keras.layers.Conv2D(4, 3), keras.layers.BatchNormalization()], name="frozen_block")
    frozen.trainable = False
    inputs = keras.Input(shape=(12, 12, 2))
    y = frozen(inputs)
    y = keras.layers.Conv2D(4, 1)(y) + y
    return [outer, keras.Model(inputs, keras.layers.Flatten()(y), name="frozen_sequential_inside")]


def record_all(out_dir: Path) -> None:
    record.save_all(models(), out_dir)
