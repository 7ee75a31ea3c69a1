"""test_layers_formulas.py's table continued: preprocessing, augmentation, recurrent, attention and text layers.

Shapes are written per sample (no batch axis), as in a spec's input_shape; test_layers_formulas.py checks
that every registered kind has a row in one of the two tables.
"""

from __future__ import annotations

import pytest
from conftest import run

import convcalc
from convcalc.explain import explain

CASES = [
    # kind, args, input shape, output shape, params, trainable params
    ("Resizing", {"height": 16, "width": 8}, (32, 32, 3), (16, 8, 3), 0, 0),
    ("Resizing", {"height": 16, "width": 8, "data_format": "channels_first"}, (3, 32, 32), (3, 16, 8), 0, 0),
    ("Resizing", {"height": 16, "width": 8, "interpolation": "nearest"}, (None, None, 3), (16, 8, 3), 0, 0),
    ("CenterCrop", {"height": 20, "width": 10}, (32, 32, 1), (20, 10, 1), 0, 0),
    ("CenterCrop", {"height": 40, "width": 10}, (32, 32, 1), (40, 10, 1), 0, 0),  # padded when larger
    ("RandomCrop", {"height": 20, "width": 10}, (32, 32, 3), (20, 10, 3), 0, 0),
    ("RandomCrop", {"height": 20, "width": 10}, (4, 32, 32, 3), (4, 20, 10, 3), 0, 0),  # from the end
    ("RandomCrop", {"height": 5, "width": 6, "data_format": "channels_first"}, (3, 32, 32), (3, 5, 6), 0, 0),
    ("RandomFlip", {"mode": "horizontal"}, (32, 32, 3), (32, 32, 3), 0, 0),
    ("RandomFlip", {}, (10,), (10,), 0, 0),  # Keras checks images only when data flows
    ("RandomRotation", {"factor": [-0.2, 0.3], "fill_mode": "constant"}, (32, 32, 3), (32, 32, 3), 0, 0),
    ("RandomZoom", {"height_factor": 0.2, "width_factor": [-0.1, 0.3]}, (32, 32, 3), (32, 32, 3), 0, 0),
    ("RandomTranslation", {"height_factor": 0.1, "width_factor": 0.2}, (32, 32, 3), (32, 32, 3), 0, 0),
    ("RandomContrast", {"factor": 0.5}, (32, 32, 3), (32, 32, 3), 0, 0),
    ("RandomBrightness", {"factor": -0.5, "value_range": [0, 1]}, (32, 32, 3), (32, 32, 3), 0, 0),
    ("RandomColorDegeneration", {"factor": 0.5}, (32, 32, 3), (32, 32, 3), 0, 0),
    ("RandomColorJitter", {"brightness_factor": 0.2, "hue_factor": 0.1}, (32, 32, 3), (32, 32, 3), 0, 0),
    ("RandomGrayscale", {}, (32, 32, 3), (32, 32, 3), 0, 0),
    ("RandomHue", {"factor": 0.5}, (32, 32, 3), (32, 32, 3), 0, 0),
    ("RandomSaturation", {"factor": [0.1, 0.9]}, (32, 32, 3), (32, 32, 3), 0, 0),
    ("RandomSharpness", {"factor": 0.5}, (32, 32, 3), (32, 32, 3), 0, 0),
    ("RandomPosterization", {"factor": 4}, (32, 32, 3), (32, 32, 3), 0, 0),
    ("RandomShear", {"x_factor": 0.3}, (32, 32, 3), (32, 32, 3), 0, 0),
    ("RandomErasing", {"factor": 0.5}, (32, 32, 3), (32, 32, 3), 0, 0),
    ("RandomGaussianBlur", {"kernel_size": [3, 5], "sigma": 0.5}, (32, 32, 3), (32, 32, 3), 0, 0),
    ("RandomInvert", {}, (32, 32, 3), (32, 32, 3), 0, 0),
    ("RandomPerspective", {"scale": 0.5}, (32, 32, 3), (32, 32, 3), 0, 0),
    ("RandomElasticTransform", {"factor": 0.5}, (32, 32, 3), (32, 32, 3), 0, 0),
    ("Solarization", {"addition_factor": 0.2, "threshold_factor": [0.1, 0.4]}, (32, 32, 3), (32, 32, 3), 0, 0),
    ("AutoContrast", {}, (32, 32, 3), (32, 32, 3), 0, 0),
    ("ContrastLimitedAdaptiveHistogramEqualization", {"tile_grid_size": [4, 4]}, (32, 32, 3), (32, 32, 3), 0, 0),
    ("MixUp", {"alpha": 0.4}, (32, 32, 3), (32, 32, 3), 0, 0),
    ("CutMix", {}, (32, 32, 3), (32, 32, 3), 0, 0),
    ("AugMix", {"num_chains": 2}, (32, 32, 3), (32, 32, 3), 0, 0),
    ("RandAugment", {"num_ops": 3}, (32, 32, 3), (32, 32, 3), 0, 0),
    # Discretization: the index of a bin; encodings of len(bin_boundaries) + 1 (or num_bins) bins
    ("Discretization", {"bin_boundaries": [0.0, 1.0]}, (4,), (4,), 0, 0),
    ("Discretization", {"num_bins": 5, "output_mode": "one_hot"}, (4,), (4, 5), 0, 0),
    ("Discretization", {"bin_boundaries": [0.0], "output_mode": "one_hot"}, (1,), (2,), 0, 0),
    ("Discretization", {"bin_boundaries": [0.0, 1.0], "output_mode": "multi_hot"}, (3, 4), (4, 3), 0, 0),
    ("CategoryEncoding", {"num_tokens": 10}, (4,), (10,), 0, 0),
    ("CategoryEncoding", {"num_tokens": 10, "output_mode": "count"}, (3, 4), (3, 10), 0, 0),
    ("CategoryEncoding", {"num_tokens": 10, "output_mode": "one_hot"}, (4,), (4, 10), 0, 0),
    ("CategoryEncoding", {"num_tokens": 10, "output_mode": "one_hot"}, (1,), (10,), 0, 0),
    ("CategoryEncoding", {"num_tokens": 10, "output_mode": "binary"}, (4,), (10,), 0, 0),
    # Recurrent: kernel (D_in, g·u), recurrent kernel (u, g·u), bias (g·u): g = 1, 4, 3 gates
    ("SimpleRNN", {"units": 8}, (10, 3), (8,), 3 * 8 + 8 * 8 + 8, 96),
    ("SimpleRNN", {"units": 8, "return_sequences": True, "use_bias": False}, (None, 3), (None, 8), 88, 88),
    ("LSTM", {"units": 64}, (20, 16), (64,), 4 * (16 * 64 + 64 * 64 + 64), 20736),
    ("LSTM", {"units": 4, "return_sequences": True, "trainable": False}, (20, 2), (20, 4), 112, 0),
    ("GRU", {"units": 6}, (10, 3), (6,), 3 * (3 * 6 + 6 * 6 + 2 * 6), 198),  # reset_after: two biases
    ("GRU", {"units": 6, "reset_after": False}, (10, 3), (6,), 3 * (3 * 6 + 6 * 6 + 6), 180),
    # RNN: its cells' weights (an LSTMCell's are an LSTM's); stacked cells read the units before them
    ("RNN", {"cell": {"LSTMCell": {"units": 8}}}, (9, 3), (8,), 4 * (3 * 8 + 8 * 8 + 8), 384),
    ("RNN", {"cell": [{"GRUCell": {"units": 4}}, {"SimpleRNNCell": {"units": 3}}], "return_sequences": True},
     (9, 3), (9, 3), 3 * (3 * 4 + 4 * 4 + 2 * 4) + (4 * 3 + 3 * 3 + 3), 132),
    # ConvLSTM: kernel (*k, C, 4f), recurrent kernel (*k, f, 4f), bias 4f; the input convolution as Conv*D's
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 3}, (6, 16, 16, 3), (14, 14, 4), 9 * 3 * 16 + 9 * 4 * 16 + 16,
     1024),
    ("ConvLSTM2D", {"filters": 2, "kernel_size": 3, "strides": 2, "padding": "same", "return_sequences": True},
     (None, 9, 9, 1), (None, 5, 5, 2), 9 * 8 + 9 * 2 * 8 + 8, 224),
    ("ConvLSTM1D", {"filters": 3, "kernel_size": 3, "use_bias": False}, (5, 20, 2), (18, 3), 3 * 2 * 12 + 3 * 3 * 12,
     180),
    ("ConvLSTM3D", {"filters": 1, "kernel_size": 2, "data_format": "channels_first"}, (4, 2, 3, 3, 3), (1, 2, 2, 2),
     8 * 2 * 4 + 8 * 4 + 4, 100),
    # Text and lookups: no weights; encodings over the vocabulary's size (list + OOV indices, + mask in int mode)
    ("TextVectorization", {"max_tokens": 100, "output_sequence_length": 12}, (1,), (12,), 0, 0),
    ("TextVectorization", {"max_tokens": 100}, (), (None,), 0, 0),
    ("TextVectorization", {"vocabulary": ["a", "b"], "output_mode": "multi_hot"}, (), (3,), 0, 0),
    ("TextVectorization", {"max_tokens": 10, "pad_to_max_tokens": True, "output_mode": "count"}, (), (10,), 0, 0),
    ("StringLookup", {"vocabulary": ["a", "b", "c"]}, (3,), (3,), 0, 0),
    ("StringLookup", {"vocabulary": ["a", "b", "c"], "output_mode": "one_hot"}, (3,), (3, 4), 0, 0),
    ("StringLookup", {"vocabulary": ["a", "b"], "num_oov_indices": 2, "output_mode": "multi_hot"}, (3,), (4,), 0, 0),
    ("IntegerLookup", {"vocabulary": [3, 7], "output_mode": "one_hot"}, (1,), (3,), 0, 0),
    ("IntegerLookup", {"max_tokens": 20, "pad_to_max_tokens": True, "output_mode": "count"}, (5,), (20,), 0, 0),
    ("Hashing", {"num_bins": 8}, (3,), (3,), 0, 0),
    ("Hashing", {"num_bins": 8, "output_mode": "one_hot"}, (3,), (8,), 0, 0),  # Keras 3.15: the last axis replaced
    # Wrappers: the wrapped layer as an entry; its weights are the wrapper's
    ("Bidirectional", {"layer": {"LSTM": {"units": 8}}}, (5, 4), (16,), 2 * 4 * (4 * 8 + 8 * 8 + 8), 832),
    ("Bidirectional", {"layer": {"GRU": {"units": 4, "return_sequences": True}}, "merge_mode": "sum"}, (5, 3),
     (5, 4), 2 * 3 * (3 * 4 + 4 * 4 + 2 * 4), 216),
    # concat doubles the forward layer's units, even beside a backward layer of other units (Keras 3.15)
    ("Bidirectional", {"layer": {"GRU": {"units": 4}}, "backward_layer": {"LSTM": {"units": 6, "go_backwards": True}}},
     (5, 3), (8,), 3 * (3 * 4 + 4 * 4 + 2 * 4) + 4 * (3 * 6 + 6 * 6 + 6), 348),
    ("TimeDistributed", {"layer": {"Dense": {"units": 3}}}, (5, 16), (5, 3), 51, 51),
    ("TimeDistributed", {"layer": {"Conv2D": {"filters": 2, "kernel_size": 3}}}, (5, 8, 8, 3), (5, 6, 6, 2), 56, 56),
    ("TimeDistributed", {"layer": "Flatten"}, (5, 4, 4, 3), (5, 48), 0, 0),
    # Attention: inputs [query, value(, key)]; per projection a kernel (D, heads, dim) and a bias (heads, dim)
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 4}, [(5, 8), (7, 6)], (5, 8),
     8 * 8 + 8 + 6 * 8 + 8 + 6 * 8 + 8 + 8 * 8 + 8, 256),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 4}, [(5, 8), (7, 6), (7, 3)], (5, 8), 232, 232),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 4, "value_dim": 3, "use_bias": False}, [(5, 8), (7, 6)],
     (5, 8), 64 + 48 + 36 + 48, 196),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 4, "output_shape": [2, 5]}, [(5, 8), (7, 6)], (5, 2, 5),
     274, 274),
    ("MultiHeadAttention", {"num_heads": 1, "key_dim": 2}, [(8,), (6,)], (8,), 16 + 2 + 12 + 2 + 12 + 2 + 16 + 8, 70),
    ("Attention", {}, [(5, 8), (7, 6), (7, 8)], (5, 6), 0, 0),
    ("Attention", {"use_scale": True, "score_mode": "concat"}, [(5, 8), (7, 8)], (5, 8), 2, 2),
    ("AdditiveAttention", {}, [(5, 8), (7, 8)], (5, 8), 8, 8),
    ("AdditiveAttention", {"use_scale": False}, [(5, 8), (7, 6), (7, 8)], (5, 6), 0, 0),
    # tf.keras 2's TFOpLambda / SlicingOpLambda (convcalc/layers/tf_ops.py), computed as keras.ops's
    ("tf.__operators__.add", {"constant": 2.0}, (4, 3), (4, 3), 0, 0),
    ("tf.math.add", {"constant": 2.0}, (4, 3), (4, 3), 0, 0),
    ("tf.math.subtract", {"constant": 2.0}, (4, 3), (4, 3), 0, 0),
    ("tf.math.multiply", {"constant": 2.0}, (4, 3), (4, 3), 0, 0),
    ("tf.math.truediv", {"constant": 2.0}, (4, 3), (4, 3), 0, 0),
    ("tf.math.divide", {"constant": 2.0}, (4, 3), (4, 3), 0, 0),
    ("tf.math.maximum", {"constant": 2.0}, (4, 3), (4, 3), 0, 0),
    ("tf.math.minimum", {"constant": 2.0}, (4, 3), (4, 3), 0, 0),
    ("tf.math.pow", {"constant": 2.0}, (4, 3), (4, 3), 0, 0),
    ("tf.math.equal", {"constant": 2.0}, (4, 3), (4, 3), 0, 0),
    ("tf.math.not_equal", {"constant": 2.0}, (4, 3), (4, 3), 0, 0),
    ("tf.math.less", {"constant": 2.0}, (4, 3), (4, 3), 0, 0),
    ("tf.math.less_equal", {"constant": 2.0}, (4, 3), (4, 3), 0, 0),
    ("tf.math.greater", {"constant": 2.0}, (4, 3), (4, 3), 0, 0),
    ("tf.math.greater_equal", {"constant": 2.0}, (4, 3), (4, 3), 0, 0),
    ("tf.nn.relu", {}, (4, 3), (4, 3), 0, 0),
    ("tf.nn.relu6", {}, (4, 3), (4, 3), 0, 0),
    ("tf.math.sigmoid", {}, (4, 3), (4, 3), 0, 0),
    ("tf.math.tanh", {}, (4, 3), (4, 3), 0, 0),
    ("tf.nn.silu", {}, (4, 3), (4, 3), 0, 0),
    ("tf.nn.swish", {}, (4, 3), (4, 3), 0, 0),
    ("tf.nn.gelu", {}, (4, 3), (4, 3), 0, 0),
    ("tf.math.exp", {}, (4, 3), (4, 3), 0, 0),
    ("tf.math.sqrt", {}, (4, 3), (4, 3), 0, 0),
    ("tf.math.square", {}, (4, 3), (4, 3), 0, 0),
    ("tf.math.negative", {}, (4, 3), (4, 3), 0, 0),
    ("tf.zeros_like", {}, (4, 3), (4, 3), 0, 0),
    ("tf.ones_like", {}, (4, 3), (4, 3), 0, 0),
    ("tf.cast", {}, (4, 3), (4, 3), 0, 0),
    ("tf.nn.softmax", {"axis": -1}, (4, 3), (4, 3), 0, 0),
    ("tf.math.reduce_mean", {"axis": 1, "keepdims": True}, (4, 3), (1, 3), 0, 0),
    ("tf.math.reduce_sum", {"axis": 1, "keepdims": True}, (4, 3), (1, 3), 0, 0),
    ("tf.math.reduce_max", {"axis": 1, "keepdims": True}, (4, 3), (1, 3), 0, 0),
    ("tf.math.reduce_min", {"axis": 1, "keepdims": True}, (4, 3), (1, 3), 0, 0),
    ("tf.expand_dims", {"axis": -1}, (4, 3), (4, 3, 1), 0, 0),
    ("tf.compat.v1.squeeze", {"axis": 2}, (4, 1), (4,), 0, 0),
    ("tf.squeeze", {"axis": 2}, (4, 1), (4,), 0, 0),
    ("tf.reshape", {"newshape": [-1, 2, 6]}, (4, 3), (2, 6), 0, 0),
    ("tf.compat.v1.transpose", {"axes": [0, 2, 1]}, (4, 3), (3, 4), 0, 0),
    ("tf.transpose", {"axes": [0, 2, 1]}, (4, 3), (3, 4), 0, 0),
    ("tf.concat", {"axis": -1}, [(4, 3), (4, 5)], (4, 8), 0, 0),
    ("tf.stack", {"axis": 1}, [(4, 3), (4, 3)], (2, 4, 3), 0, 0),
    ("tf.linalg.matmul", {}, [(4, 3), (3, 5)], (4, 5), 0, 0),
    ("tf.__operators__.getitem", {"index": [["slice", None, None, None], ["slice", 1, None, None]]}, (4, 3), (3, 3),
     0, 0),
]


@pytest.mark.parametrize("kind, args, input_shape, output_shape, params, trainable", CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_formula(kind, args, input_shape, output_shape, params, trainable):
    assert run(kind, args, input_shape) == (output_shape, params, trainable)


EXPLAINED = """\
input_shape: [20, 16]
layers:
  - Bidirectional: {layer: {GRU: {units: 8, return_sequences: true}}, merge_mode: sum}
  - TimeDistributed: {layer: {Dense: {units: 4}}}
  - LSTM: {units: 64}
  - Reshape: {target_shape: [8, 8, 1]}
  - Resizing: {height: 16, width: 12}
"""


def test_explain_works_out_the_new_layers():
    lines = {e.name: e.lines for e in explain(convcalc.summarize(text=EXPLAINED))}
    assert "params: 4 × (D_in + units + 1) × units = 4 × (4 + 64 + 1) × 64 = 17,664" in lines["lstm"]
    assert "MACs: 17,408 kernel and recurrent-kernel weights × 20 time steps = 348,160" in lines["lstm"]
    assert any("only the last step's output: units = 64" in line for line in lines["lstm"])
    assert any("sum adds them" in line for line in lines["bidirectional"])
    assert any("each of the 20 time steps" in line for line in lines["time_distributed"])
    assert "Resizing makes each image height × width = 16 × 12" in lines["resizing"]


def test_attention_macs_count_projections_scores_and_sums():
    summary = convcalc.summarize(text="inputs: {q: [5, 8], v: [7, 6]}\nlayers:\n"
                                      "  - MultiHeadAttention: {num_heads: 2, key_dim: 4, inputs: [q, v]}\n")
    projections = 5 * 8 * 2 * 4 + 7 * 6 * 2 * 4 + 7 * 6 * 2 * 4 + 5 * 2 * 4 * 8  # query, key, value, output
    scores_and_sums = 2 * 5 * 7 * 4 + 2 * 5 * 7 * 4  # heads × query × key positions × key_dim, × value_dim
    assert summary.layers[-1].macs == projections + scores_and_sums
