"""Random Sequential and branching models built with Keras, saved by model.save (weights stripped) and recorded.

Branching models also use what keras.applications needs beyond plain layers: an operation on tensors
(`x + 1.0`, `a * b`) and a Sequential block used as a layer. keras2.py derives tf.keras 2.x configs of a few.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

import keras

from . import keras2, record

SEQUENTIAL_COUNT, BRANCHING_COUNT = 12, 12


def _conv_block(rng: random.Random):
    """A layer that keeps a 4-D (batch, h, w, c) tensor, sometimes halving it."""
    choice = rng.randrange(8)
    if choice == 0:
        return keras.layers.Conv2D(rng.choice([4, 8, 16]), rng.choice([1, 3, 5]), padding="same",
                                   strides=rng.choice([1, 2]), activation=rng.choice([None, "relu"]))
    if choice == 1:
        return keras.layers.DepthwiseConv2D(3, padding="same", use_bias=rng.random() < 0.5)
    if choice == 2:
        return keras.layers.SeparableConv2D(rng.choice([4, 8]), 3, padding="same")
    if choice == 3:
        return keras.layers.BatchNormalization()
    if choice == 4:
        return keras.layers.MaxPooling2D(2, padding="same")
    if choice == 5:
        return keras.layers.Activation(rng.choice(["relu", "swish", "gelu"]))
    if choice == 6:
        return keras.layers.ZeroPadding2D(1)
    return keras.layers.Dropout(0.1)


def _head(rng: random.Random):
    pooling = keras.layers.GlobalAveragePooling2D() if rng.random() < 0.5 else keras.layers.Flatten()
    return [pooling, keras.layers.Dense(rng.choice([3, 10]), activation="softmax")]


def sequential_model(rng: random.Random, index: int):
    size = rng.choice([16, 24, 32])
    layers = [keras.Input(shape=(size, size, rng.choice([1, 3])))]
    layers += [_conv_block(rng) for _ in range(rng.randrange(2, 7))]
    return keras.Sequential(layers + _head(rng), name=f"random_sequential_{index}")


def branching_model(rng: random.Random, index: int):
    size = rng.choice([16, 32])
    inputs = keras.Input(shape=(size, size, 3))
    x = keras.layers.Conv2D(8, 3, padding="same")(inputs)
    for step in range(rng.randrange(1, 4)):
        a = _conv_block(rng)(x)
        b = keras.layers.Conv2D(x.shape[-1], 1, padding="same", strides=1)(x) if rng.random() < 0.5 else x
        if a.shape != b.shape:  # the block changed the size: branch off x again, keeping it
            a = keras.layers.Conv2D(b.shape[-1], 1, padding="same")(x)
        merge = rng.randrange(5)
        if merge == 0:
            x = keras.layers.Add()([a, b])
        elif merge == 1:
            x = keras.layers.Concatenate()([a, b])
        elif merge == 2:
            x = a + b  # recorded as an operation, keras.src.ops.numpy.Add
        elif merge == 3:
            x = keras.ops.multiply(a, b) * 0.5
        else:
            block = keras.Sequential([keras.layers.Conv2D(8, 3, padding="same"), keras.layers.BatchNormalization()],
                                     name=f"block_{index}_{step}")
            x = keras.layers.Add()([block(a), keras.layers.Conv2D(8, 1)(b)])
    outputs = keras.Sequential(_head(rng), name=f"head_{index}")(x) if rng.random() < 0.3 else _apply(_head(rng), x)
    return keras.Model(inputs, outputs, name=f"random_branching_{index}")


def _apply(layers, x):
    for layer in layers:
        x = layer(x)
    return x


def record_all(out_dir: Path, seed: int = 13) -> None:
    rng = random.Random(seed)
    models = [sequential_model(rng, i) for i in range(SEQUENTIAL_COUNT)]
    models += [branching_model(rng, i) for i in range(BRANCHING_COUNT)]
    with tempfile.TemporaryDirectory() as folder:
        for model in models:
            saved = Path(folder) / f"{model.name}.keras"
            model.save(saved)
            record.write_fixtures(model, out_dir, model.name, saved)
            if model.name.endswith(("_0", "_1", "_2")):
                keras2.write_fixture(model, out_dir.parent / "tf_keras", model.name)
            print(model.name, "ok", flush=True)
