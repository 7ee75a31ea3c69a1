"""What Keras refuses for a layer kind, convcalc refuses too (some earlier than Keras); merges of known batch sizes."""

from __future__ import annotations

import pytest
from conftest import run

import convcalc
from convcalc.errors import SpecError

InputShape = tuple[int | None, ...] | list[tuple[int | None, ...]]  # one input, or a merge's several
Refusal = tuple[str, dict[str, object], InputShape, str]

REFUSALS: list[Refusal] = [
    # kind, args, input shape, words the error must contain
    ("ops.add", {}, [(4, 3), (5, 3)], "cannot broadcast"),
    ("ops.add", {}, [(4, 3)], "takes two operands"),
    ("ops.not_equal", {}, [(4, 3), (5, 3)], "cannot broadcast"),
    ("ops.tensordot", {"axes": [[1], [1]]}, [(4,), (3, 2)], "Shape mismatch on `x1[axes[0]]` and `x2[axes[1]]`, "
                                                            "received [4] and [3]"),
    ("ops.tensordot", {"axes": [[1], [0, 1]]}, [(4,), (4, 2)], "two lists of axes of one length"),
    ("ops.tensordot", {"axes": 1}, [(4,)], "contracts two tensors"),
    ("ops.cumsum", {"axis": 3}, (4, 3), "axis=3 is out of range"),
    ("GRU", {"units": 4}, [(5, 3), (7,)], "an initial state must have the shape (None, 4), received (None, 7)"),
    ("LSTM", {"units": 4}, [(5, 3), (4,)], "its cell keeps 2 states, given 1 by initial_state"),
    ("Declared", {"class_name": "My Block", "output_shape": [7]}, (3,), "Python class name"),
    ("Conv2D", {"filters": 4, "kernel_size": 5}, (3, 3, 1), "output size would be -1 (zero or negative)"),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "strides": 2, "dilation_rate": 2}, (9, 9, 1),
     "strides > 1 cannot be combined with dilation_rate > 1"),
    ("Conv2D", {"filters": 6, "kernel_size": 3, "groups": 4}, (8, 8, 8), "filters=6 is not divisible by groups=4"),
    ("Conv2D", {"filters": 6, "kernel_size": 3, "groups": 2},
     (8, 8, 3), "input channels 3 are not divisible by groups=2"),
    ("Conv2D", {"filters": 4, "kernel_size": 3}, (28, 28), "expected an input of rank 4 (batch, rows, cols, channels)"),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "padding": "causal"},
     (8, 8, 1), "`padding` must be one of 'valid', 'same'"),
    ("Conv2D", {"filters": 0, "kernel_size": 3}, (8, 8, 1), "`filters` must be a positive integer, received 0"),
    ("Conv2D", {"filters": True, "kernel_size": 3}, (8, 8, 1), "received True (a boolean"),
    ("Conv2D", {"filters": 4, "kernel_size": [3, 3, 3]},
     (8, 8, 1), "`kernel_size` must be an integer or a list of 2 integers"),
    ("Conv2D", {"filters": 4, "kernel_size": 2.5},
     (8, 8, 1), "`kernel_size` must be an integer or a list of 2 integers"),
    ("Conv2D", {"filters": 4, "kernel_size": 3}, (8, 8, None), "channel dimension"),
    ("Conv1D", {"filters": 4, "kernel_size": 3, "padding": "full"},
     (8, 1), "`padding` must be one of 'valid', 'same', 'causal'"),
    ("Conv3D", {"filters": 4, "kernel_size": 3}, (8, 8, 1), "expected an input of rank 5"),
    ("MaxPooling2D", {"pool_size": 3}, (2, 2, 1), "output size would be 0 (zero or negative)"),
    ("MaxPooling2D", {"padding": "SAME"}, (4, 4, 1), "`padding` must be one of 'valid', 'same'"),
    ("MaxPooling1D", {}, (8, 8, 1), "expected an input of rank 3"),
    ("AveragePooling2D", {}, (4, 4, 1), "missing required argument `pool_size`"),
    ("Dense", {"units": 10}, (None,), "last dimension"),
    ("Dense", {"units": -1}, (4,), "`units` must be a positive integer"),
    ("Dropout", {"rate": 1.5}, (4,), "`rate` must be a number between 0 and 1"),
    ("Activation", {"activation": "rleu"}, (4,), "did you mean 'relu'?"),
    ("BatchNormalization", {"axis": 3}, (4, 4), "axis=3 is out of range"),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "strides": 2, "output_padding": 2}, (4, 4, 2),
     "output_padding must be less than strides on every axis"),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "strides": 2, "dilation_rate": 2}, (4, 4, 2),
     "strides > 1 cannot be combined with dilation_rate > 1"),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3}, (4, 2), "expected an input of rank 4"),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3}, (4, 4, 4, 2), "expected an input of rank 4"),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3}, (4, 4, None), "channel dimension"),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "padding": "causal"}, (4, 4, 2),
     "`padding` must be one of 'valid', 'same'"),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "lora_rank": 2}, (4, 4, 2), "unknown argument `lora_rank`"),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "groups": 2}, (4, 4, 2), "unknown argument `groups`"),
    ("Conv2DTranspose", {"filters": 0, "kernel_size": 3}, (5, 5, 2), "`filters` must be a positive integer"),
    ("Conv1DTranspose", {"filters": 4, "kernel_size": 3, "padding": "causal"}, (4, 2), "`padding` must be one of"),
    ("DepthwiseConv2D", {"kernel_size": 11}, (9, 9, 2), "output size would be -1 (zero or negative)"),
    ("DepthwiseConv2D", {"kernel_size": 3}, (9, 9, 2, 1), "expected an input of rank 4"),
    ("DepthwiseConv2D", {"kernel_size": 3, "lora_rank": 2}, (9, 9, 2), "unknown argument `lora_rank`"),
    ("DepthwiseConv1D", {"kernel_size": 3, "padding": "causal"}, (9, 2), "`padding` must be one of 'valid', 'same'"),
    ("SeparableConv1D", {"filters": 5, "kernel_size": 3, "depth_multiplier": 0}, (9, 2),
     "`depth_multiplier` must be a positive integer"),
    ("SeparableConv2D", {"filters": 5, "kernel_size": 3, "padding": "causal"}, (9, 9, 2), "`padding` must be one of"),
    ("GlobalAveragePooling3D", {}, (3, 5, 4), "expected an input of rank 5"),
    ("GlobalMaxPooling1D", {}, (3, 5, 4), "expected an input of rank 3"),
    ("ZeroPadding2D", {"padding": [1, 2, 3]}, (5, 5, 2), "`padding` must be an integer, a list of 2 integers"),
    ("ZeroPadding2D", {"padding": [[1, -1], 0]}, (5, 5, 2), "`padding` values must be >= 0"),
    ("ZeroPadding2D", {}, (5, 5), "expected an input of rank 4"),
    ("ZeroPadding1D", {"padding": [1, 2, 3]}, (5, 2), "`padding` must be an integer or a list [before, after]"),
    ("Cropping1D", {"cropping": [2, 3]}, (5, 2), "leaves 0 steps of input (None, 5, 2)"),
    ("Cropping1D", {"data_format": "channels_first"}, (5, 2), "unknown argument `data_format`"),
    ("Cropping2D", {"cropping": -1}, (5, 5, 2), "`cropping` values must be >= 0"),
    ("Cropping2D", {"cropping": [[2, 3], [0, 1]]}, (5, 5, 2), "leaves 0 rows"),
    ("Cropping3D", {}, (2, 3, 3, 1), "leaves 0 depth"),
    ("UpSampling1D", {"size": [3]}, (5, 2), "`size` must be a positive integer"),
    ("UpSampling2D", {}, (5, 5), "expected an input of rank 4"),
    ("Reshape", {"target_shape": [-1, 5]}, (6, 2), "12 is not a multiple of 5"),
    ("Reshape", {"target_shape": [3, 5]}, (6, 2), "cannot reshape (6, 2) (12 values) to (3, 5) (15 values)"),
    ("Reshape", {"target_shape": [0, -1]}, (6, 2), "its other dimensions multiply to 0"),
    ("Reshape", {"target_shape": [-1, -1]}, (6, 2), "at most one -1"),
    ("Reshape", {"target_shape": [-2, 12]}, (6, 2), "at most one -1"),
    ("Reshape", {"target_shape": 12}, (6, 2), "`target_shape` must be a list of integers"),
    ("Permute", {"dims": [2, 1]}, (6, 2, 3), "expected an input of rank 3"),
    ("Permute", {"dims": [0, 1]}, (6, 2), "`dims` must list each of the axes 1..n exactly once"),
    ("RepeatVector", {"n": 3}, (6, 2), "expected an input of rank 2"),
    ("RepeatVector", {"n": 0}, (6,), "`n` must be a positive integer"),
    ("LayerNormalization", {"axis": 3}, (5, 4), "axis=3 is out of range"),
    ("LayerNormalization", {"axis": [1, -4]}, (5, 4), "axis=-4 is out of range"),
    ("LayerNormalization", {"axis": 0}, (5, 4), "must be known to create weights"),
    ("LayerNormalization", {}, (5, None), "must be known to create weights"),
    ("LayerNormalization", {"axis": 1.5}, (5, 4), "`axis` must be an integer or a list of integers"),
    ("GroupNormalization", {}, (5, 4), "groups=32 is more than the 4 channels"),
    ("GroupNormalization", {"groups": 3}, (5, 4), "are not divisible by groups=3"),
    ("GroupNormalization", {"groups": 0}, (5, 4), "`groups` must be a positive integer or -1"),
    ("GroupNormalization", {"groups": 2, "axis": 3}, (5, 4), "axis=3 is out of range"),
    ("GroupNormalization", {"groups": 2, "axis": [1]}, (5, 4), "`axis` must be an integer"),
    ("GroupNormalization", {"groups": 2}, (5, None), "must be known to create weights"),
    ("UnitNormalization", {"axis": 3}, (5, 4), "axis=3 is out of range"),
    ("Normalization", {"mean": [1, 2, 3], "variance": [1, 1, 1]}, (5, 4), "do not broadcast to input (None, 5, 4)"),
    ("Normalization", {"mean": [1, 2], "variance": [1, 1, 1]}, (5, 4), "must have the same shape"),
    ("Normalization", {"mean": [1, 2]}, (5, 4), "give both `mean` and `variance`, or neither"),
    ("Normalization", {"mean": [[1, 2]], "variance": [[1, 1]]},
     (5, 2), "has more dimensions (2) than there are axes kept (1, axis=-1)"),
    ("Normalization", {}, (5, None), "must be known"),
    ("Normalization", {"axis": 3}, (5, 4), "axis=3 is out of range"),
    ("Normalization", {"axis": [-1, -1]}, (7, 7), "axis=(-1, -1) lists an axis of (None, 7, 7) twice"),
    ("Normalization", {"axis": [1, 1], "mean": [[1, 2]], "variance": [[1, 2]]},
     (2,), "cannot be placed on axis=(1, 1)"),
    ("ReLU", {"max_value": -1}, (5, 4), "`max_value` must be a number >= 0"),
    ("ReLU", {"negative_slope": -0.1}, (5, 4), "`negative_slope` must be a number >= 0"),
    ("ReLU", {"threshold": None}, (5, 4), "`threshold` must be a number >= 0, received None"),
    ("LeakyReLU", {"alpha": -0.2}, (5, 4), "`alpha` must be a number >= 0"),
    ("LeakyReLU", {"negative_slope": None}, (5, 4), "`negative_slope` must be a number >= 0"),
    ("PReLU", {"shared_axes": 4}, (5, 5, 4), "shared_axes=4: axis 4 is out of range"),
    ("PReLU", {}, (None, 4), "that are not in shared_axes must be known"),
    ("SpatialDropout1D", {"rate": 0.5}, (5, 4, 3), "expected an input of rank 3"),
    ("SpatialDropout1D", {"rate": 0.5, "trainable": False}, (5, 4), "unknown argument `trainable`"),
    ("SpatialDropout1D", {"rate": 0.5, "data_format": "channels_last"}, (5, 4), "unknown argument `data_format`"),
    ("SpatialDropout2D", {"rate": 1.5}, (5, 4, 3), "`rate` must be a number between 0 and 1"),
    ("SpatialDropout3D", {"rate": 0.1}, (5, 4, 3), "expected an input of rank 5"),
    ("SpatialDropout3D", {"rate": 0.1, "noise_shape": [1, 1, 1, 1, 1]}, (5, 4, 3, 2), "unknown argument `noise_shape`"),
    ("GaussianNoise", {"stddev": 1.5}, (5, 4), "`stddev` must be a number between 0 and 1"),
    ("GaussianDropout", {"rate": -0.1}, (5, 4), "`rate` must be a number between 0 and 1"),
    ("ActivityRegularization", {"l1": -0.1}, (5, 4), "`l1` must be a finite number >= 0"),
    ("ActivityRegularization", {"activity_regularizer": "l2"}, (5, 4), "unknown argument `activity_regularizer`"),
    ("Add", {}, [(4, 3), (4,)], "inputs have incompatible shapes (4, 3) and (4): 3 and 4 differ"),
    ("Add", {}, [(4, 3), (5, 3)], "4 and 5 differ and neither is 1"),
    ("Add", {}, [(4, 3)], "merges several inputs, received 1"),
    ("Multiply", {}, [(4, 3), (4, 3), (2, 3)], "4 and 2 differ"),
    ("Subtract", {}, [(4, 3), (4, 3), (4, 3)], "Subtract takes exactly 2 inputs, received 3"),
    ("Subtract", {}, [(4, 3)], "Subtract takes exactly 2 inputs, received 1"),
    ("Concatenate", {}, [(4, 3)], "merges several inputs, received 1"),
    ("Concatenate", {"axis": 1}, [(4, 3), (5, 4)], "inputs must have the same shape except along axis 1"),
    ("Concatenate", {"axis": 0}, [(4, 3), (5, 3)], "inputs must have the same shape except along axis 0"),
    ("Concatenate", {}, [(4, 3), (5,)], "inputs must have the same shape except along axis -1"),
    ("Concatenate", {}, [(4, 3), (4, 3, 1)], "inputs must have the same shape except along axis -1"),
    ("Concatenate", {}, [(4, 1), (5, 2)], "inputs must have the same shape except along axis -1"),
    ("Concatenate", {"axis": 3}, [(4, 3), (4, 3)], "axis=3 is out of range for input (None, 4, 3)"),
    ("Concatenate", {"axis": -4}, [(4, 3), (4, 3)], "axis=-4 is out of range"),
    ("Concatenate", {"axis": 2}, [(4, 3), (None,)], "axis=2 is out of range for input (None, None) (rank 2)"),
    ("Concatenate", {"axis": 1.5}, [(4, 3), (4, 3)], "`axis` must be an integer"),
    ("Embedding", {"input_dim": 0, "output_dim": 8}, (10,), "`input_dim` must be a positive integer"),
    ("Embedding", {"input_dim": 10, "output_dim": 8, "lora_rank": 2, "embeddings_constraint": "non_neg"}, (10,),
     "LoRA cannot be combined with an embeddings_constraint"),
    ("Embedding", {"input_dim": 2, "output_dim": 3, "weights": [[1, 2, 3], [4, 5, 6]]}, (10,),
     "initial `weights` need arrays"),
]

# Keras's model.summary() accepts these, but the model fails on its first batch: convcalc refuses them early.
RUNTIME_REFUSALS: list[Refusal] = [
    ("ZeroPadding2D", {"padding": -1}, (5, 5, 2), "`padding` values must be >= 0"),
    ("UpSampling2D", {"interpolation": "area"}, (5, 5, 2), "`interpolation` must be one of 'bicubic', 'bilinear'"),
    ("Softmax", {"axis": 3}, (5, 4), "axis=3 is out of range"),
    ("Softmax", {"axis": [1, 5]}, (5, 4), "axis=5 is out of range"),
]


@pytest.mark.parametrize("kind, args, input_shape, message", REFUSALS + RUNTIME_REFUSALS,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(REFUSALS + RUNTIME_REFUSALS)])
def test_refusal(kind, args, input_shape, message):
    with pytest.raises(SpecError) as caught:
        run(kind, args, input_shape)
    assert message in str(caught.value)


MERGE_BATCHES = [
    # kind, args, batch sizes of inputs a and b, output shape or the error (Keras 3.15 agrees)
    ("Add", {}, 8, None, (8, 3)),
    ("Add", {}, 8, 4, "cannot merge inputs with different batch sizes: (8, 3), (4, 3)"),
    ("Concatenate", {}, None, 8, (None, 6)),
    ("Concatenate", {}, 8, 4, "inputs must have the same shape except along axis -1"),
    ("Concatenate", {"axis": 0}, 8, 8, (16, 3)),
    ("Concatenate", {"axis": 0}, 8, None, (None, 3)),
]


@pytest.mark.parametrize("kind, args, batch_a, batch_b, expected", MERGE_BATCHES)
def test_merges_check_known_batch_sizes(kind, args, batch_a, batch_b, expected):
    arg_text = "".join(f", {k}: {v}" for k, v in args.items())
    text = (f"layers:\n  - Input: {{name: a, shape: [3], batch_size: {batch_a}}}\n"
            f"  - Input: {{name: b, shape: [3], batch_size: {batch_b}}}\n"
            f"  - {kind}: {{inputs: [a, b]{arg_text}}}\n").replace("None", "null")
    if isinstance(expected, str):
        with pytest.raises(SpecError) as caught:
            convcalc.summarize(text=text)
        assert expected in str(caught.value)
    else:
        assert convcalc.summarize(text=text).layers[-1].output_shape == expected
