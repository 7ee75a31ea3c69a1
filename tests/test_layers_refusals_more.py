"""test_layers_refusals.py continued for the preprocessing, augmentation, recurrent, attention and text layers:
what Keras 3.15 refuses, convcalc refuses too (some earlier than Keras: `early`)."""

from __future__ import annotations

import pytest
from conftest import run

from convcalc.errors import SpecError

Refusal = tuple[str, dict[str, object], tuple[int | None, ...] | list[tuple[int | None, ...]], str]

REFUSALS: list[Refusal] = [
    # kind, args, input shape, words the error must contain
    ("CenterCrop", {"height": 4, "width": 4}, (8,), "CenterCrop expects images of rank 3 (one image) or 4"),
    ("CenterCrop", {"height": 4, "width": 4}, (2, 8, 8, 3), "rank 3 (one image) or 4 (a batch)"),
    ("RandomCrop", {"height": 4, "width": 4}, (8,), "RandomCrop needs height, width and channel axes"),
    ("Resizing", {"height": 4, "width": 4, "data_format": "channels_first"}, (8,), "needs height and width axes"),
    ("Resizing", {"height": 4, "width": 4, "crop_to_aspect_ratio": True, "pad_to_aspect_ratio": True}, (8, 8, 3),
     "only one of `crop_to_aspect_ratio` and `pad_to_aspect_ratio`"),
    ("RandomColorDegeneration", {"factor": 0.2}, (8, 8, 1), "needs images with 3 channels; received 1"),
    ("RandomColorDegeneration", {"factor": 0.2}, (8,), "expects a batch of images, rank 4"),
    ("RandomRotation", {"factor": 1.5}, (8, 8, 3), "`factor` must be a number (or a list of two numbers) in the "
                                                  "range [-1, 1], received 1.5"),
    ("RandomRotation", {"factor": [0.1, 0.2, 0.3]}, (8, 8, 3), "a list of two numbers"),
    ("RandomRotation", {"factor": 0.1, "fill_mode": "mirror"}, (8, 8, 3), "`fill_mode` must be one of 'reflect'"),
    ("RandomRotation", {"factor": 0.1, "interpolation": "bicubic"}, (8, 8, 3), "`interpolation` must be one of"),
    ("RandomRotation", {}, (8, 8, 3), "missing required argument `factor`"),
    ("RandomZoom", {"height_factor": -1.0}, (8, 8, 3), "in the range (-1, 1]"),
    ("RandomTranslation", {"height_factor": 0.1, "width_factor": [0.1, 1.5]}, (8, 8, 3), "in the range (-1, 1]"),
    ("RandomContrast", {"factor": -0.2}, (8, 8, 3), "in the range [0, 1]"),
    ("RandomContrast", {"factor": [1.2, 1.5]}, (8, 8, 3), "in the range [0, 1]"),  # the pair must overlap it
    ("RandomPosterization", {"factor": 9}, (8, 8, 3), "in the range [1, 8]"),
    ("RandomGaussianBlur", {"sigma": 2.0}, (8, 8, 3), "`sigma` must be a number"),
    ("RandomGaussianBlur", {"kernel_size": 4}, (8, 8, 3), "`kernel_size` must be an odd number"),
    ("Solarization", {"threshold_factor": [0.5, 1.5]}, (8, 8, 3), "in the range [0, 1]"),
    ("Equalization", {}, (8, 8, 3), "Keras 3.15 cannot build a model with Equalization"),
    ("Discretization", {}, (4,), "give either `bin_boundaries` or `num_bins`"),
    ("Discretization", {"bin_boundaries": [0.0], "num_bins": 3}, (4,), "give either `bin_boundaries` or `num_bins`"),
    ("Discretization", {"num_bins": 3, "output_mode": "tf_idf"}, (4,), "`output_mode` must be one of 'int'"),
    ("CategoryEncoding", {}, (4,), "missing required argument `num_tokens`"),
    ("CategoryEncoding", {"num_tokens": 4, "output_mode": "int"}, (4,), "`output_mode` must be one of 'one_hot'"),
    ("LSTM", {"units": 4}, (10,), "expected an input of rank 3 (batch, timesteps, features)"),
    ("GRU", {"units": 4}, (10, None), "features dimension"),
    ("SimpleRNN", {"units": 0}, (10, 3), "`units` must be a positive integer"),
    ("LSTM", {"units": 4}, [(10, 3), (4,)], "its cell keeps 2 states, given 1 by initial_state"),
    ("Bidirectional", {"layer": {"LSTM": {"units": 4, "return_state": True}}}, (10, 3),
     "return_state gives Bidirectional several outputs"),
    ("LSTM", {"units": 4, "stateful": True}, (10, 3), "stateful layers are not modelled"),
    ("TimeDistributed", {"layer": {"Dense": {"units": 4}}}, (10,), "TimeDistributed needs an input of rank 3"),
    ("TimeDistributed", {"layer": {"Dense": {"unit": 4}}}, (10, 3), "`layer` (Dense): unknown argument `unit`"),
    ("TimeDistributed", {"layer": {"Dense": {"units": 4}, "Flatten": {}}}, (10, 3), "must be one layer entry"),
    ("TimeDistributed", {"layer": {"Add": {}}}, (10, 3), "a layer of one input that convcalc knows"),
    ("TimeDistributed", {}, (10, 3), "missing required argument `layer`"),
    ("Bidirectional", {"layer": {"Dense": {"units": 4}}}, (10, 3), "Bidirectional wraps a recurrent layer"),
    ("Bidirectional", {"layer": {"GRU": {"units": 4}}, "merge_mode": "max"}, (10, 3), "`merge_mode` must be one of"),
    ("Bidirectional", {"layer": {"GRU": {"units": 4}}, "merge_mode": None}, (10, 3), "merge_mode null gives two"),
    ("Bidirectional", {"layer": {"GRU": {"units": 4}}, "backward_layer": {"GRU": {"units": 4}}}, (10, 3),
     "different `go_backwards` values"),
    ("Bidirectional", {"layer": {"GRU": {"units": 4}},
                       "backward_layer": {"GRU": {"units": 4, "go_backwards": True, "return_sequences": True}}},
     (10, 3), "the same `return_sequences`"),
    ("Bidirectional", {"layer": {"LSTM": {"units": 4}}}, (10,), "expected an input of rank 3"),
    ("LSTMCell", {"units": 4}, (9, 3), "a cell reads (input, states): put it in an RNN"),
    ("SimpleRNNCell", {"units": 4}, (9, 3), "put it in an RNN"),
    ("GRUCell", {"units": 4}, (9, 3), "put it in an RNN"),
    ("GRUCell", {"units": 4, "return_sequences": True}, (9, 3), "unknown argument `return_sequences`"),
    ("RNN", {"cell": {"Dense": {"units": 4}}}, (9, 3), "`cell` must be a cell (SimpleRNNCell, LSTMCell, GRUCell)"),
    ("RNN", {"cell": []}, (9, 3), "`cell` must be a cell entry or a list of them"),
    ("RNN", {"cell": {"LSTMCell": {"units": 4}}, "return_state": True}, (9, 3), "return_state gives several"),
    ("RNN", {"cell": {"LSTMCell": {"units": 4}}}, (9,), "expected an input of rank 3"),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 3}, (16, 16, 3),
     "expected an input of rank 5 (batch, time, rows, cols, channels)"),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 5}, (2, 3, 3, 1), "output size would be -1"),
    ("ConvLSTM1D", {"filters": 4, "kernel_size": 3, "return_state": True}, (2, 8, 1), "return_state gives several"),
    ("TextVectorization", {"output_mode": "count", "output_sequence_length": 5}, (), "only for output_mode 'int'"),
    ("StringLookup", {"vocabulary": "vocab.txt"}, (3,), "a file of them cannot be read"),
    ("Hashing", {}, (3,), "missing required argument `num_bins`"),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 4}, [(5, None), (7, 6)], "query's last dimension"),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 4}, [(5, 8), (7, 6), (7, 6), (7, 6)],
     "reads [query, value] or [query, value, key]; received 4 inputs"),
    ("MultiHeadAttention", {"num_heads": 0, "key_dim": 4}, [(5, 8), (7, 6)], "`num_heads` must be a positive"),
    ("MultiHeadAttention", {"num_heads": 2}, [(5, 8), (7, 6)], "missing required argument `key_dim`"),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 4, "use_gate": True}, [(5, 8), (7, 6)], "not modelled"),
    ("Attention", {"score_mode": "general"}, [(5, 8), (7, 8)], "`score_mode` must be one of 'dot', 'concat'"),
]

# Keras accepts these when it is made and fails on the first batch: convcalc refuses them early.
EARLY_REFUSALS: list[Refusal] = [
    # Keras's summary shows a None axis for a vocabulary adapt() has not given yet
    ("StringLookup", {"output_mode": "one_hot"}, (3,), "needs the vocabulary's size, known only after adapt(): "
                                                       "give `vocabulary` (a list), or `max_tokens` with"),
    ("TextVectorization", {"output_mode": "multi_hot"}, (), "known only after adapt()"),
    ("Attention", {}, [(5, 8), (7, 6)], "the query's features (8) and the key's (6) must be equal"),
    ("RandomFlip", {"mode": "diagonal"}, (8, 8, 3), "`mode` must be one of 'horizontal', 'vertical'"),
    ("Resizing", {"height": 4, "width": 4, "interpolation": "cubic"}, (8, 8, 3), "`interpolation` must be one of"),
    ("Resizing", {"height": 0, "width": 4}, (8, 8, 3), "`height` must be a positive integer"),
]


@pytest.mark.parametrize("kind, args, input_shape, message", REFUSALS + EARLY_REFUSALS,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(REFUSALS + EARLY_REFUSALS)])
def test_refusal(kind, args, input_shape, message):
    with pytest.raises(SpecError) as caught:
        run(kind, args, input_shape)
    assert message in str(caught.value)
