"""Layers giving several tensors in a YAML spec: a recurrent layer's return_state, read as `gru#1`
(the Python reader's cases, with Keras's own tables, are tests/python_source/examples/several_outputs.py)."""

from __future__ import annotations

import json

import pytest

from convcalc import readers
from convcalc.engine import compute
from convcalc.errors import SpecError
from convcalc.readers import python_source
from convcalc.render import json as json_render
from convcalc.render import table
from convcalc.writers import python_code

SPEC = """name: states
inputs:
  tokens: [10, 4]
  first: [8]
layers:
  - GRU: {name: gru, units: 8, return_sequences: true, return_state: true, inputs: [tokens, first]}
  - LSTM: {name: lstm, units: 6, return_state: true, inputs: gru}
  - Concatenate: {name: joined, inputs: [lstm#1, lstm#2, gru#1]}
  - Dense: {name: out, units: 2}
outputs: [out, gru#1]
"""


def test_each_output_is_shown_and_read_as_keras_draws_it():
    summary = compute(readers.parse(SPEC, "<spec>"))
    rows = {row.name: row for row in summary.layers}
    assert rows["gru"].output_shapes == ((None, 10, 8), (None, 8))
    assert rows["lstm"].output_shapes == ((None, 6),) * 3
    assert rows["joined"].output_shape == (None, 20)
    assert rows["lstm"].activations == 18  # every output's values
    assert summary.outputs == (("out", (None, 2)), ("gru#1", (None, 8)))
    text = table.render(summary, width=200)
    assert "[(None, 6), (None, 6), (None, 6)]" in text
    assert "lstm[0][1], lstm[0][2], gru[0][1]" in text
    document = json.loads(json_render.render(summary))
    assert next(layer for layer in document["layers"] if layer["name"] == "gru")["output_shape"] == [
        [None, 10, 8], [None, 8]]


def test_python_code_unpacks_the_outputs_and_reads_back_the_same():
    spec = readers.parse(SPEC, "<spec>")
    code = python_code.write(spec)
    assert "lstm, lstm_1, lstm_2 = layers.LSTM(6, return_state=True)(gru)" in code
    again = compute(python_source.parse(code, "<written>"))
    assert [(row.name, row.output_shapes or row.output_shape) for row in again.layers] == [
        (row.name, row.output_shapes or row.output_shape) for row in compute(spec).layers]


@pytest.mark.parametrize(("text", "message"), [
    (SPEC.replace("lstm#2", "lstm#3"), "'lstm' gives 3 outputs; there is no output 3"),
    (SPEC.replace("gru#1]\n", "gru#2]\n"), "'gru' gives 2 outputs; there is no output 2"),
    ("input_shape: [10, 4]\nlayers:\n  - LSTM: {units: 6, return_state: true}\n  - Dense: {units: 2}\n",
     "reads the 3 tensors 'lstm' gives, as a list, which a Keras layer in a Sequential model cannot take"),
    ("input_shape: [10, 4]\nlayers:\n  - Bidirectional: {layer: {GRU: {units: 3, return_state: true}}}\n",
     "return_state gives Bidirectional several outputs"),
    ("input_shape: [10, 4]\nlayers:\n  - ConvLSTM1D: {filters: 2, kernel_size: 3, return_state: true}\n",
     "which convcalc does not model for this layer"),
])
def test_what_cannot_be_read_says_why(text, message):
    with pytest.raises(SpecError) as caught:
        compute(readers.parse(text, "<spec>"))
    assert message in str(caught.value)


def test_explain_names_every_output():
    from convcalc.explain import explain

    lstm = next(item for item in explain(compute(readers.parse(SPEC, "<spec>"))) if item.title.startswith("lstm"))
    assert "outputs (then its last states): (None, 6), (None, 6), (None, 6)" in lstm.lines


def test_a_layer_class_giving_several_tensors_is_not_declared_in_a_spec():
    from convcalc.writers import yaml_spec

    code = ("import keras\nfrom keras import layers\n\nclass Split(layers.Layer):\n    def call(self, x):\n"
            "        return x[:, :4], x[:, 4:]\n\ninputs = keras.Input((8,))\na, b = Split()(inputs)\n"
            "model = keras.Model(inputs, layers.Add()([layers.Dense(4)(a), b]))\n")
    model = python_source.parse(code, "lesson.py")
    assert compute(model).layers[1].output_shapes == ((None, 4), (None, 4))
    with pytest.raises(SpecError, match="Split gives 2 tensors, which a Declared entry cannot say yet"):
        yaml_spec.write(model, "lesson.py")


def test_a_quiz_handout_reads_each_output_by_its_index():
    from convcalc.quiz.handout import model_code

    code = model_code(readers.parse(SPEC, "<spec>"))
    assert "gru = GRU(name='gru', units=8, return_sequences=True, return_state=True)(tokens, initial_state=first)" in (
        code)
    assert "joined = Concatenate(name='joined')([lstm[1], lstm[2], gru[1]])" in code
    assert code[-1] == "model = keras.Model([tokens, first], [out, gru[1]])"
