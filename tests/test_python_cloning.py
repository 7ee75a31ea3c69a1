"""keras.models.clone_model in Python code: what convcalc refuses, each with its reason and line, and the copy
listed as a model of the file (tests/python_source/examples/clone_model.py checks copies against Keras)."""

from __future__ import annotations

import pytest

import convcalc
from convcalc.engine import compute
from convcalc.readers import python_source

SEQUENTIAL = """\
import keras
from keras import layers
student = keras.Sequential([keras.Input((8,)), layers.Dense(4), layers.Dense(2)], name="student")
"""


def read(tmp_path, code, model=None):
    path = tmp_path / "lesson.py"
    path.write_text(code, encoding="utf-8")
    return compute(python_source.load(str(path), model))


def test_the_copy_is_listed_under_its_variable_with_the_original_name(tmp_path):
    path = tmp_path / "lesson.py"
    path.write_text(SEQUENTIAL + "scratch = keras.models.clone_model(student)\n", encoding="utf-8")
    found = python_source.find_models(str(path))
    assert [(model.name, model.variables, model.refused) for model in found] == [
        ("student", ("student",), None), ("student", ("scratch",), None)]
    original, copy = read(tmp_path, path.read_text(), "student"), read(tmp_path, path.read_text(), "scratch")
    assert [(row.name, row.params) for row in copy.layers] == [(row.name, row.params) for row in original.layers]


@pytest.mark.parametrize(("code", "message"), [
    (SEQUENTIAL + "copy = keras.models.clone_model(student, clone_function=lambda layer: layer)\n",
     "clone_model with clone_function= makes the copy's layers by running that function"),
    (SEQUENTIAL + "copy = keras.models.clone_model(student, recursive=True)\n",
     "clone_model(recursive=True) is not read by convcalc"),
    ("import keras\ninputs = keras.Input((8,))\nmodel = keras.Model(inputs, keras.layers.Dense(2)(inputs))\n"
     "copy = keras.models.clone_model(model)\n",
     "clone_model names the copy of input 'input_layer' after Keras's count of every tensor made so far "
     "(keras_tensor_N)"),
    ("import keras\nmodel = keras.Sequential([keras.Input((8,)), keras.layers.Lambda(lambda t: t * 2)])\n"
     "copy = keras.models.clone_model(model)\n",
     "clone_model rebuilds Lambda 'lambda' from its config"),
    (SEQUENTIAL + "copy = keras.models.clone_model(student, input_tensors=[keras.Input((8,)), keras.Input((8,))])\n",
     "input_tensors of a Sequential model's clone must be one Keras tensor"),
    (SEQUENTIAL + "copy = keras.models.clone_model(student, seed=1)\n", "clone_model has no argument `seed`"),
])
def test_what_is_refused_names_why(tmp_path, code, message):
    with pytest.raises(convcalc.SpecError) as error:
        read(tmp_path, code, "copy")
    assert message in str(error.value)
    assert error.value.line == code.count("\n")


def test_a_layer_class_of_the_file_is_not_cloned(tmp_path):
    code = """\
import keras

class Twice(keras.layers.Layer):
    def call(self, x):
        return x * 2

model = keras.Sequential([keras.Input((8,)), Twice()])
copy = keras.models.clone_model(model)
"""
    with pytest.raises(convcalc.SpecError, match="clone_model rebuilds layer 'twice' from its config, which convcalc "
                                                 "reads for Keras's own layers only"):
        read(tmp_path, code, "copy")


def test_a_clone_on_data_stays_unknown(tmp_path):
    summary = read(tmp_path, SEQUENTIAL + "import numpy as np\nloaded = keras.models.load_model('m.keras')\n"
                                          "copy = keras.models.clone_model(loaded)\n")
    assert summary.name == "student"
