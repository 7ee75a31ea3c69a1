"""The layer registry's positional order against Keras 3.15.1's constructor signatures.

tests/python_source/keras_signatures.json is recorded by `python -m tools.python_oracle signatures` with real
Keras; the Python reader gives `Conv2D(64, (3, 3))` its arguments in the registry's order, so it must be Keras's.
"""

from __future__ import annotations

import json

import pytest
from conftest import ROOT

from convcalc.layers import REGISTRY
from convcalc.readers.python_source.keras_names import MERGE_FUNCTIONS, NOT_KERAS_LAYERS, SEQUENTIAL_ARGS

KERAS = json.loads((ROOT / "tests" / "python_source" / "keras_signatures.json").read_text(encoding="utf-8"))


def keras_positional(kind_name):
    """Keras's positional parameters, up to the first one the registry does not model (none is given past it)."""
    entry = KERAS["layers"].get(kind_name)
    names = KERAS["Input"] if kind_name == "Input" else entry["positional"]
    accepted = REGISTRY[kind_name].all_args
    for index, name in enumerate(names):
        if name not in accepted:
            return names[:index]
    return names


# Operations (keras.ops) and tf.keras 2's TensorFlow functions (tf.math.add) are no classes of keras.layers.
KERAS_KINDS = sorted(name for name in REGISTRY if name not in NOT_KERAS_LAYERS and not name.startswith(("ops.", "tf.")))


@pytest.mark.parametrize("kind_name", KERAS_KINDS)
def test_positional_order_is_keras(kind_name):
    assert list(REGISTRY[kind_name].positional_args) == keras_positional(kind_name)


def test_every_kind_the_python_reader_makes_is_a_keras_layer():
    """keras.layers exports every kind but keras.Input, the operations and NOT_KERAS_LAYERS (which it must not)."""
    assert set(KERAS_KINDS) - {"Input"} <= set(KERAS["layers"])
    assert not NOT_KERAS_LAYERS & set(KERAS["layers"])


def test_model_signatures_are_keras():
    assert list(SEQUENTIAL_ARGS) == KERAS["Sequential"]
    assert KERAS["Sequential.build"] == ["input_shape"]
    assert set(MERGE_FUNCTIONS) == set(KERAS["merge_functions"])
    assert all(KERAS["merge_functions"][name][0] == "inputs" for name in MERGE_FUNCTIONS)
    assert {MERGE_FUNCTIONS[name] for name in MERGE_FUNCTIONS} <= set(REGISTRY)
