"""Branching models: `inputs:` and `outputs:`, Keras's row order and layout, and graph mistakes."""

from __future__ import annotations

import pytest

import convcalc
from convcalc.errors import SpecError
from convcalc.render import markdown

BRANCHES = """\
name: branches
inputs:
  image: [8, 8, 3]
layers:
  - Conv2D: {name: left, filters: 4, kernel_size: 1, inputs: image}
  - Conv2D: {name: right, filters: 4, kernel_size: 3, padding: same, inputs: image}
  - Conv2D: {name: right2, filters: 4, kernel_size: 3, padding: same}
  - Flatten: {name: flat_left, inputs: left}
  - Flatten: {name: flat_right, inputs: right2}
  - Dense: {name: head_left, units: 2, inputs: flat_left}
  - Dense: {name: head_right, units: 3, inputs: flat_right}
outputs: [head_left, head_right]
"""


def test_rows_follow_keras_order_deepest_first():
    summary = convcalc.summarize(text=BRANCHES)
    # The order Keras 3.15.1 prints for this model (checked with real Keras): by decreasing depth
    # (longest distance to an output), ties in the order a walk back from the outputs first meets them.
    assert [layer.name for layer in summary.layers] == [
        "image", "right", "left", "right2", "flat_left", "flat_right", "head_left", "head_right"]
    assert not summary.sequential_like
    assert [name for name, _ in summary.outputs] == ["head_left", "head_right"]
    assert summary.total_params == (3 * 4 + 4) + (27 * 4 + 4) + (36 * 4 + 4) + (256 * 2 + 2) + (256 * 3 + 3)


def test_connected_to_column():
    text = markdown.render(convcalc.summarize(text=BRANCHES))
    assert "| Layer (type) | Output Shape | Param # | Connected to |" in text
    assert "| image (InputLayer) | (None, 8, 8, 3) | 0 | - |" in text
    assert "| right2 (Conv2D) | (None, 8, 8, 4) | 148 | right[0][0] |" in text


def test_a_chain_written_as_a_graph_is_laid_out_like_a_sequential_model_with_its_input_row():
    summary = convcalc.summarize(text="inputs: {x: [4]}\nlayers:\n  - Dense: {units: 2}\n  - Dense: {units: 1}\n")
    assert summary.sequential_like and summary.functional
    assert [layer.type for layer in summary.layers] == ["InputLayer", "Dense", "Dense"]


def test_sequential_form_has_no_input_row_and_may_still_use_inputs_references():
    summary = convcalc.summarize(text="input_shape: [4]\nlayers:\n  - Dense: {units: 2}\n")
    assert [layer.type for layer in summary.layers] == ["Dense"]
    graph = convcalc.summarize(text="input_shape: [4]\nlayers:\n  - Dense: {units: 2, inputs: input_layer}\n")
    assert [layer.name for layer in graph.layers] == ["input_layer", "dense"]


def test_unused_layers_are_left_out_with_a_warning():
    summary = convcalc.summarize(text=BRANCHES.replace("outputs: [head_left, head_right]", "outputs: head_left"))
    assert "head_right" not in [layer.name for layer in summary.layers]
    assert summary.warnings == (
        "<spec>:6: right (Conv2D): not used by any output (head_left); Keras leaves it out of the model",
        "<spec>:7: right2 (Conv2D): not used by any output (head_left); Keras leaves it out of the model",
        "<spec>:9: flat_right (Flatten): not used by any output (head_left); Keras leaves it out of the model",
        "<spec>:11: head_right (Dense): not used by any output (head_left); Keras leaves it out of the model",
    )


GRAPH_ERRORS = [
    ("inputs: {image: [4]}\nlayers:\n  - Dense: {units: 2, inputs: imag}\n",
     "<spec>:3: dense (Dense): unknown layer or input 'imag' (did you mean 'image'?)"),
    ("inputs: {image: [4]}\nlayers:\n  - Dense: {units: 2, inputs: later}\n"
     "  - Dense: {units: 2, name: later, inputs: image}\n",
     "<spec>:3: dense (Dense): reads 'later', which is defined later (line 4); a layer can only read layers above it"),
    ("inputs: {image: [4]}\nlayers:\n  - Dense: {name: a, units: 2, inputs: b}\n"
     "  - Dense: {name: b, units: 2, inputs: a}\n",
     "<spec>:3: a (Dense): cycle: a -> b -> a"),
    ("inputs: {image: [4]}\nlayers:\n  - Dense: {name: a, units: 2, inputs: a}\n",
     "<spec>:3: a (Dense): cycle: a -> a"),
    ("inputs: {a: [4], b: [4]}\nlayers:\n  - Dense: {units: 2}\n",
     "<spec>:3: dense (Dense): the model has several inputs: say which this layer reads with `inputs:`"),
    ("inputs: {image: [4]}\nlayers:\n  - Dense: {units: 2}\noutputs: [dense, dens]\n",
     "<spec>:4: unknown output 'dens' (did you mean 'dense'?)"),
    ("input_shape: [4]\ninputs: {image: [4]}\nlayers: [Flatten]\n",
     "<spec>:2: give `input_shape` (one input) or `inputs` (named inputs), not both"),
    ("inputs: {image: [4]}\nlayers:\n  - Dense: {units: 2, inputs: [image, image]}\n",
     "<spec>:3: dense (Dense): takes 1 input, received 2"),
    ("inputs: {image: [4]}\nlayers:\n  - Dense: {units: 2, inputs: 3}\n",
     "<spec>:3: dense (Dense): `inputs` must be a layer or input name, or a list of them"),
    ("inputs: [4]\nlayers: [Flatten]\n",
     "<spec>:1: `inputs` must map input names to shapes, e.g. `inputs: {image: [32, 32, 3]}`"),
]


@pytest.mark.parametrize("text, message", GRAPH_ERRORS, ids=[m.split(": ", 2)[-1][:40] for _, m in GRAPH_ERRORS])
def test_graph_mistakes(text, message):
    with pytest.raises(SpecError) as caught:
        convcalc.summarize(text=text)
    assert str(caught.value) == message


# An Embedding with mask_zero=True gives its output a mask, which Keras computes with operations on the
# model's graph: not_equal(tokens, 0), and logical_or to join the masks of a merge. A functional model's
# summary lists those a layer reads (BatchNormalization, Softmax and GlobalAveragePooling1D take the mask
# in their call), and that layer's "Connected to" names them. Found by tools.keras_oracle
# random-catalogue (case 75); the rows below are Keras 3.15.1's.
MASKED = """\
name: masked
inputs:
  tokens: [5]
layers:
  - Embedding: {input_dim: 10, output_dim: 3, mask_zero: true}
  - Dense: {units: 3}
  - Dropout: {rate: 0.1, name: d}
  - Add: {inputs: [embedding, d]}
  - BatchNormalization
  - GlobalAveragePooling1D
"""


def test_mask_operations_a_layer_reads_are_rows_of_a_functional_summary():
    summary = convcalc.summarize(text=MASKED)
    assert [layer.name for layer in summary.layers] == [
        "tokens", "embedding", "dense", "d", "add", "batch_normalization", "global_average_pooling1d"]
    assert [(row.name, row.type) for row in summary.table_rows] == [
        ("tokens", "InputLayer"), ("embedding", "Embedding"), ("dense", "Dense"), ("d", "Dropout"),
        ("not_equal", "NotEqual"), ("add", "Add"), ("logical_or", "LogicalOr"),
        ("batch_normalization", "BatchNormalization"), ("global_average_pooling1d", "GlobalAveragePooling1D")]
    assert not summary.sequential_like
    assert summary.total_params == 30 + 12 + 12
    text = markdown.render(summary)
    assert "| not_equal (NotEqual) | (None, 5) | 0 | tokens[0][0] |" in text
    assert "| logical_or (LogicalOr) | (None, 5) | 0 | not_equal[0][0], not_equal[0][0] |" in text
    assert "| batch_normalization (BatchNormalization) | (None, 5, 3) | 12 | add[0][0], logical_or[0][0] |" in text
    # the layers themselves read what the spec says
    assert summary.layers[5].inputs == ("add",)


MASK_WITHOUT_ROWS = [
    # nothing reads the mask: no operation rows, a chain
    "inputs: {tokens: [5]}\nlayers:\n  - Embedding: {input_dim: 10, output_dim: 3, mask_zero: true}\n"
    "  - Dense: {units: 2}\n",
    # a convolution drops the mask before BatchNormalization could read it
    "inputs: {tokens: [5]}\nlayers:\n  - Embedding: {input_dim: 10, output_dim: 3, mask_zero: true}\n"
    "  - Conv1D: {filters: 2, kernel_size: 1}\n  - BatchNormalization\n",
    # a Sequential model's summary lists its layers only
    "input_shape: [5]\nlayers:\n  - Embedding: {input_dim: 10, output_dim: 3, mask_zero: true}\n"
    "  - BatchNormalization\n",
    # the layer reading the mask is not part of the model
    "inputs: {tokens: [5]}\nlayers:\n  - Embedding: {input_dim: 10, output_dim: 3, mask_zero: true}\n"
    "  - BatchNormalization\n  - Dense: {units: 2, inputs: embedding}\noutputs: dense\n",
]


@pytest.mark.parametrize("text", MASK_WITHOUT_ROWS)
def test_masks_no_layer_of_a_functional_model_reads_add_no_rows(text):
    summary = convcalc.summarize(text=text)
    assert summary.table_rows == summary.layers
    assert summary.sequential_like


def test_a_concatenate_of_masked_tensors_is_refused():
    # Keras joins the masks with expand_dims, zeros_like, logical_or, concatenate and any operations, whose
    # names also shift the names of later Concatenate layers; convcalc does not model them.
    text = ("inputs: {tokens: [5]}\nlayers:\n  - Embedding: {input_dim: 10, output_dim: 3, mask_zero: true}\n"
            "  - Dense: {units: 3}\n  - Concatenate: {inputs: [embedding, dense]}\n")
    with pytest.raises(SpecError) as caught:
        convcalc.summarize(text=text)
    assert "does not model the operations Keras adds to join the masks" in str(caught.value)


NESTED_MISTAKES = [
    # a spec with a model used as a layer, the words of its one error
    ("input_shape: [8, 8, 3]\nlayers:\n  - Sequential: {layers: [Flatten], units: 3}\n",
     "<spec>:3: unknown key 'units' of a nested Sequential"),
    ("input_shape: [8, 8, 3]\nlayers:\n  - Sequential: [Flatten]\n",
     "<spec>:3: a nested Sequential is a mapping with its `layers:` list"),
    ("input_shape: [8, 8, 3]\nlayers:\n  - Sequential: {layers: [{Conv2D: {filters: 2, kernel_size: 9}}]}\n",
     "conv2d (Conv2D): output size would be"),
    ("input_shape: [8]\nlayers:\n  - Functional: {model_inputs: {a: [8], b: [8]}, layers: [{Add: {inputs: [a, b]}}]}\n",
     "functional (Functional): the model 'functional' takes 2 inputs, received 1"),
    ("input_shape: [8]\nlayers:\n  - Sequential: {model: 3}\n", "unknown key 'model' of a nested Sequential"),
]


@pytest.mark.parametrize("text, message", NESTED_MISTAKES)
def test_nested_model_mistakes(text, message):
    with pytest.raises(SpecError) as caught:
        convcalc.summarize(text=text)
    assert message in str(caught.value)


def test_models_nest_inside_nested_models_and_explain_shows_their_layers():
    from convcalc.explain import explain

    summary = convcalc.summarize(text="input_shape: [8, 8, 3]\nlayers:\n  - Sequential:\n      name: outer\n"
                                      "      layers:\n        - Sequential: {name: inner, layers: [{Conv2D: "
                                      "{filters: 4, kernel_size: 3}}]}\n        - Flatten\n  - Dense: {units: 2}\n")
    assert [(layer.name, layer.type, layer.output_shape, layer.params) for layer in summary.layers] == [
        ("outer", "Sequential", (None, 144), 112), ("dense", "Dense", (None, 2), 290)]
    lines = explain(summary, "outer")[0].lines
    assert "  inner (Sequential)" in lines and "      conv2d (Conv2D)" in lines
