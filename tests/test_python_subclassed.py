"""keras.Model subclasses read from their code, against what Keras 3 printed for them
(tests/python_source/subclassed_fixtures, recorded by tools/python_oracle from tests/python_source/subclassed).

Keras shows `?` for the shape of a layer it cannot tell, a batch of 1 after a call on an array, and `0 (unbuilt)`
after `build`; convcalc shows every shape with the batch as None and the counts of the built model. So names and
types are compared everywhere, shapes and counts where Keras printed them.
"""

from __future__ import annotations

import json

import pytest
from conftest import ROOT, assert_totals_and_text_agree

from convcalc.engine import compute
from convcalc.errors import SpecError
from convcalc.readers import python_source

FIXTURES = sorted((ROOT / "tests" / "python_source" / "subclassed_fixtures").glob("*.json"))
MODELS = [(path, index) for path in FIXTURES
          for index in range(len(json.loads(path.read_text(encoding="utf-8"))["models"]))]


@pytest.mark.parametrize(("fixture_path", "index"), MODELS, ids=[f"{p.stem}-{i}" for p, i in MODELS])
def test_agrees_with_keras_where_keras_tells(fixture_path, index):
    fixture = json.loads(fixture_path.read_text(encoding="utf-8"))
    keras = fixture["models"][index]
    summary = compute(python_source.load(str(ROOT / fixture["file"]), keras["variables"][-1]))
    assert summary.name == keras["name"]
    rows = summary.layers if keras["class"] == "Functional" else summary.table_rows
    assert [(row.name, row.type) for row in rows] == [(layer["name"], layer["type"]) for layer in keras["layers"]]
    for row, layer in zip(rows, keras["layers"], strict=True):
        if layer["output_shape"] is not None:  # without the batch (Keras's is 1 after a call on an array)
            shapes = [list(shape) for shape in row.output_shapes or (row.output_shape,)]
            truth = layer["output_shape"] if row.output_shapes else [layer["output_shape"]]
            assert [shape[1:] for shape in shapes] == [shape[1:] for shape in truth], row.name
        if layer["params"] is not None:
            assert (row.params, row.trainable_params) == (layer["params"], layer["trainable_params"]), row.name
    if keras["total_params"]:
        assert (summary.total_params, summary.trainable_params) == (keras["total_params"], keras["trainable_params"])
    if all(layer["output_shape"] is not None and layer["params"] is not None for layer in keras["layers"]):
        assert_totals_and_text_agree(summary, keras)  # nothing Keras could not tell: the same text


def test_a_subclass_never_given_an_input_is_refused_with_the_way_out():
    code = "import keras\n\nclass Net(keras.Model):\n    def call(self, x):\n        return x\n\nnet = Net()\n"
    with pytest.raises(SpecError, match=r"never gets an input.*model\.build\(\(None, \.\.\.\)\)") as caught:
        python_source.parse(code, "lesson.py")
    assert caught.value.line == 7
