"""One row per formula case of each layer kind: output shape and parameters.

Shapes are written per sample (no batch axis), as in a spec's input_shape.
Every kind in the registry must appear here at least once.
"""

from __future__ import annotations

import pytest
from conftest import run
from test_layers_formulas_more import CASES as MORE_CASES

import convcalc
from convcalc.layers import REGISTRY

CASES = [
    # kind, args, input shape, output shape, params, trainable params
    ("Conv2D", {"filters": 64, "kernel_size": 3}, (28, 28, 1), (26, 26, 64), 640, 640),
    ("Conv2D", {"filters": 32, "kernel_size": 3, "strides": 2, "padding": "same"},
     (128, 128, 3), (64, 64, 32), 896, 896),
    ("Conv2D", {"filters": 16, "kernel_size": 2, "strides": 2}, (200, 200, 1), (100, 100, 16), 80, 80),
    ("Conv2D", {"filters": 8, "kernel_size": [3, 5], "strides": [1, 2]}, (10, 11, 2), (8, 4, 8), 248, 248),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "dilation_rate": 2}, (9, 9, 1), (5, 5, 4), 40, 40),
    ("Conv2D", {"filters": 6, "kernel_size": 3, "groups": 3}, (8, 8, 6), (6, 6, 6), 3 * 3 * 2 * 6 + 6, 114),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "use_bias": False}, (5, 5, 2), (3, 3, 4), 72, 72),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "data_format": "channels_first"}, (2, 5, 7), (4, 3, 5), 76, 76),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "padding": "SAME"}, (None, 7, 1), (None, 7, 4), 40, 40),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "trainable": False}, (5, 5, 1), (3, 3, 4), 40, 0),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "lora_rank": 2}, (5, 5, 1), (3, 3, 4), 40 + 18 + 8, 4 + 18 + 8),
    ("Conv1D", {"filters": 8, "kernel_size": 5, "padding": "causal"}, (100, 3), (100, 8), 128, 128),
    ("Conv1D", {"filters": 8, "kernel_size": 5, "strides": 3}, (100, 3), (32, 8), 128, 128),
    ("Conv1D", {"filters": 2, "kernel_size": 3}, (None, 4), (None, 2), 26, 26),
    ("Conv3D", {"filters": 2, "kernel_size": [1, 2, 3], "padding": "same", "strides": 2},
     (5, 6, 7, 3), (3, 3, 4, 2), 38, 38),
    ("MaxPooling2D", {}, (13, 13, 4), (6, 6, 4), 0, 0),
    ("MaxPooling2D", {"pool_size": 3, "strides": 2, "padding": "same"}, (13, 13, 4), (7, 7, 4), 0, 0),
    ("MaxPooling2D", {"pool_size": [2, 2], "strides": 1}, (4, 5, 1), (3, 4, 1), 0, 0),
    ("MaxPooling2D", {"data_format": "channels_first"}, (3, 8, 9), (3, 4, 4), 0, 0),
    ("MaxPooling1D", {}, (9, 2), (4, 2), 0, 0),
    ("MaxPooling3D", {"pool_size": [1, 2, 3]}, (4, 4, 9, 1), (4, 2, 3, 1), 0, 0),
    ("AveragePooling1D", {"pool_size": 4, "padding": "same"}, (10, 2), (3, 2), 0, 0),
    ("AveragePooling2D", {"pool_size": 2}, (None, 8, 3), (None, 4, 3), 0, 0),
    ("AveragePooling3D", {"pool_size": 2, "strides": [1, 2, 2]}, (3, 4, 4, 1), (2, 2, 2, 1), 0, 0),
    ("Flatten", {}, (5, 5, 64), (1600,), 0, 0),
    ("Flatten", {}, (None, 5), (None,), 0, 0),
    ("Dense", {"units": 128}, (1600,), (128,), 204928, 204928),
    ("Dense", {"units": 10, "use_bias": False}, (4, 6, 3), (4, 6, 10), 30, 30),
    ("Dense", {"units": 10, "lora_rank": 2}, (20,), (10,), 210 + 40 + 20, 10 + 40 + 20),
    ("Dropout", {"rate": 0.5}, (7, 3), (7, 3), 0, 0),
    ("Activation", {"activation": "relu"}, (7, 3), (7, 3), 0, 0),
    ("BatchNormalization", {}, (13, 13, 64), (13, 13, 64), 256, 128),
    ("BatchNormalization", {"axis": 1}, (3, 10, 10), (3, 10, 10), 12, 6),
    ("BatchNormalization", {"center": False, "scale": False}, (8,), (8,), 16, 0),
    ("BatchNormalization", {"renorm": True}, (8,), (8,), 56, 16),
    # Transposed convolutions: kernel (*kernel_size, filters, C_in); valid pads to max(k, s) - k by default.
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3}, (5, 5, 2), (7, 7, 4), 76, 76),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "strides": 2}, (5, 5, 2), (11, 11, 4), 76, 76),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same"},
     (5, 5, 2), (10, 10, 4), 76, 76),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 2, "strides": 3}, (4, 4, 2), (12, 12, 4), 36, 36),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "strides": [2, 1], "output_padding": [1, 0]}, (5, 5, 2),
     (12, 7, 4), 76, 76),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same", "output_padding": 1},
     (5, 5, 2), (10, 10, 4), 76, 76),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 2, "strides": 2, "padding": "same", "output_padding": 0},
     (1, 1, 2), (0, 0, 4), 36, 36),  # Keras accepts a size of 0 here
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "dilation_rate": 2}, (5, 5, 2), (9, 9, 4), 76, 76),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "data_format": "channels_first"},
     (2, 5, 6), (4, 7, 8), 76, 76),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "strides": 2, "use_bias": False}, (None, 5, 2),
     (None, 11, 4), 72, 72),
    ("Conv1DTranspose", {"filters": 8, "kernel_size": 4, "strides": 2, "padding": "same"}, (10, 3), (20, 8), 104, 104),
    ("Conv3DTranspose", {"filters": 4, "kernel_size": 2, "strides": 2}, (2, 3, 4, 1), (4, 6, 8, 4), 36, 36),
    # Depthwise: kernel (*kernel_size, C_in, depth_multiplier); strides with dilation are accepted here.
    ("DepthwiseConv2D", {"kernel_size": 3}, (9, 9, 2), (7, 7, 2), 20, 20),
    ("DepthwiseConv2D", {"kernel_size": 3, "depth_multiplier": 3}, (9, 9, 2), (7, 7, 6), 60, 60),
    ("DepthwiseConv2D", {"kernel_size": 3, "strides": 2, "dilation_rate": 2}, (9, 9, 2), (3, 3, 2), 20, 20),
    ("DepthwiseConv2D", {"kernel_size": 3, "strides": 2, "padding": "same", "use_bias": False,
                         "data_format": "channels_first"}, (2, 9, 9), (2, 5, 5), 18, 18),
    ("DepthwiseConv1D", {"kernel_size": 5, "depth_multiplier": 2}, (20, 3), (16, 6), 36, 36),
    # Separable: depthwise kernel, then pointwise (1, ..., C_in × depth_multiplier, filters), then bias.
    ("SeparableConv2D", {"filters": 5, "kernel_size": 3, "depth_multiplier": 2}, (9, 9, 2), (7, 7, 5), 61, 61),
    ("SeparableConv2D", {"filters": 5, "kernel_size": 3, "strides": 2, "dilation_rate": 2},
     (9, 9, 2), (3, 3, 5), 33, 33),
    ("SeparableConv2D", {"filters": 5, "kernel_size": 3, "use_bias": False}, (9, 9, 2), (7, 7, 5), 28, 28),
    ("SeparableConv1D", {"filters": 8, "kernel_size": 3, "padding": "same"}, (10, 4), (10, 8), 52, 52),
    ("GlobalMaxPooling2D", {}, (5, 5, 2), (2,), 0, 0),
    ("GlobalMaxPooling2D", {"keepdims": True}, (5, 5, 2), (1, 1, 2), 0, 0),
    ("GlobalAveragePooling2D", {"keepdims": True, "data_format": "channels_first"}, (3, 5, 4), (3, 1, 1), 0, 0),
    ("GlobalAveragePooling2D", {"keepdims": True}, (None, None, 3), (1, 1, 3), 0, 0),
    ("GlobalAveragePooling1D", {"data_format": "channels_first"}, (3, 5), (3,), 0, 0),
    ("GlobalMaxPooling1D", {}, (None, None), (None,), 0, 0),
    ("GlobalMaxPooling3D", {"keepdims": True}, (3, 5, 4, 2), (1, 1, 1, 2), 0, 0),
    ("GlobalAveragePooling3D", {}, (2, 3, 4, 5), (5,), 0, 0),
    ("ZeroPadding2D", {}, (5, 5, 2), (7, 7, 2), 0, 0),
    ("ZeroPadding2D", {"padding": [1, 2]}, (5, 5, 2), (7, 9, 2), 0, 0),
    ("ZeroPadding2D", {"padding": [[1, 2], [0, 3]]}, (5, 5, 2), (8, 8, 2), 0, 0),
    ("ZeroPadding2D", {"padding": 2}, (None, 5, 2), (None, 9, 2), 0, 0),
    ("ZeroPadding1D", {}, (5, 2), (7, 2), 0, 0),
    ("ZeroPadding1D", {"padding": [1, 2], "data_format": "channels_first"}, (5, 7), (5, 10), 0, 0),
    ("ZeroPadding3D", {}, (2, 3, 4, 1), (4, 5, 6, 1), 0, 0),
    ("ZeroPadding3D", {"padding": [1, [0, 2], 3]}, (2, 3, 4, 1), (4, 5, 10, 1), 0, 0),
    ("Cropping1D", {}, (5, 2), (3, 2), 0, 0),
    ("Cropping1D", {"cropping": [2, 2]}, (5, 2), (1, 2), 0, 0),
    ("Cropping2D", {}, (5, 5, 2), (5, 5, 2), 0, 0),
    ("Cropping2D", {"cropping": [2, 1]}, (5, 5, 2), (1, 3, 2), 0, 0),
    ("Cropping2D", {"cropping": [[2, 2], [0, 1]]}, (None, 5, 2), (None, 4, 2), 0, 0),
    ("Cropping3D", {}, (3, 3, 4, 1), (1, 1, 2, 1), 0, 0),
    ("Cropping3D", {"cropping": 1, "data_format": "channels_first"}, (1, 3, 3, 4), (1, 1, 1, 2), 0, 0),
    ("UpSampling1D", {"size": 3}, (5, 2), (15, 2), 0, 0),
    ("UpSampling2D", {}, (5, 5, 2), (10, 10, 2), 0, 0),
    ("UpSampling2D", {"size": [2, 3], "interpolation": "bilinear"}, (5, 5, 2), (10, 15, 2), 0, 0),
    ("UpSampling2D", {"interpolation": "BICUBIC"}, (None, 4, 1), (None, 8, 1), 0, 0),
    ("UpSampling3D", {"size": 2, "data_format": "channels_first"}, (1, 3, 3, 4), (1, 6, 6, 8), 0, 0),
    ("Reshape", {"target_shape": [-1, 4]}, (6, 2), (3, 4), 0, 0),
    ("Reshape", {"target_shape": [2, -1, 3]}, (6, 2), (2, 2, 3), 0, 0),
    ("Reshape", {"target_shape": [12]}, (6, 2), (12,), 0, 0),
    ("Reshape", {"target_shape": [-1, 4]}, (None, 2), (None, 4), 0, 0),
    ("Reshape", {"target_shape": [None, 4]}, (6, 2), (None, 4), 0, 0),
    ("Permute", {"dims": [2, 1]}, (6, 2), (2, 6), 0, 0),
    ("Permute", {"dims": [3, 1, 2]}, (6, None, 3), (3, 6, None), 0, 0),
    ("RepeatVector", {"n": 3}, (6,), (3, 6), 0, 0),
    ("Flatten", {"data_format": "channels_first"}, (6, 2, 3), (36,), 0, 0),
    ("Flatten", {}, (), (1,), 0, 0),
    # LayerNormalization: weights over the given axes in sorted order; rms_scaling keeps only gamma.
    ("LayerNormalization", {}, (5, 4), (5, 4), 8, 8),
    ("LayerNormalization", {"axis": [1, 2]}, (5, 4), (5, 4), 40, 40),
    ("LayerNormalization", {"axis": [-1, 1]}, (5, 4, 3), (5, 4, 3), 30, 30),
    ("LayerNormalization", {"axis": []}, (5, 4, 3), (5, 4, 3), 2, 2),
    ("LayerNormalization", {"center": False}, (5, 4), (5, 4), 4, 4),
    ("LayerNormalization", {"rms_scaling": True}, (5, 4), (5, 4), 4, 4),
    ("LayerNormalization", {"rms_scaling": True, "scale": False}, (5, 4), (5, 4), 4, 4),
    ("LayerNormalization", {"axis": [0, -2], "center": False, "scale": False}, (9, 6), (9, 6), 0, 0),  # no weights
    ("GroupNormalization", {"groups": 2}, (5, 4), (5, 4), 8, 8),
    ("GroupNormalization", {}, (5, 64), (5, 64), 128, 128),
    ("GroupNormalization", {"groups": -1, "axis": 1}, (5, 4), (5, 4), 10, 10),
    ("GroupNormalization", {"groups": 4, "axis": 1, "center": False}, (8, 6, 6), (8, 6, 6), 8, 8),
    ("UnitNormalization", {}, (5, 4), (5, 4), 0, 0),
    ("UnitNormalization", {"axis": [1, 2]}, (5, 4), (5, 4), 0, 0),
    # Normalization: non-trainable mean and variance over the kept axes plus a scalar count, unless given.
    ("Normalization", {}, (5, 4), (5, 4), 9, 0),
    ("Normalization", {"axis": None}, (5, 4), (5, 4), 3, 0),
    ("Normalization", {"axis": [1, 2]}, (5, 4), (5, 4), 41, 0),
    ("Normalization", {"axis": [-1, 1]}, (5, 4), (5, 4), 41, 0),
    ("Normalization", {"axis": [1, -1]}, (1,), (1,), 3, 0),  # an axis listed twice is fine at size 1
    ("Normalization", {"invert": True}, (5, 4), (5, 4), 9, 0),
    ("Normalization", {"mean": 0.5, "variance": 2.0}, (5, 4), (5, 4), 0, 0),
    ("Normalization", {"mean": [1, 2, 3, 4], "variance": [1, 1, 1, 1]}, (5, 4), (5, 4), 0, 0),
    ("Normalization", {"mean": [1], "variance": [1]}, (5, 4), (5, 4), 0, 0),
    ("Rescaling", {"scale": 0.5}, (5, 4), (5, 4), 0, 0),
    ("Rescaling", {"scale": 0.00392156862745098, "offset": -1}, (5, 4), (5, 4), 0, 0),
    ("Rescaling", {"scale": [1, 2, 3, 4]}, (5, 4), (5, 4), 0, 0),
    ("ReLU", {}, (5, 4), (5, 4), 0, 0),
    ("ReLU", {"max_value": 6, "negative_slope": 0.1, "threshold": 0.5}, (5, 4), (5, 4), 0, 0),
    ("LeakyReLU", {}, (5, 4), (5, 4), 0, 0),
    ("LeakyReLU", {"alpha": 0.2}, (5, 4), (5, 4), 0, 0),
    # PReLU: alpha has the sample's shape with shared axes set to 1 (Keras indexes axis - 1: 0 shares the last).
    ("PReLU", {}, (5, 4), (5, 4), 20, 20),
    ("PReLU", {"shared_axes": [1, 2]}, (5, 5, 4), (5, 5, 4), 4, 4),
    ("PReLU", {"shared_axes": 1}, (5, 5, 4), (5, 5, 4), 20, 20),
    ("PReLU", {"shared_axes": -1}, (5, 5, 4), (5, 5, 4), 20, 20),
    ("PReLU", {"shared_axes": 0}, (5, 5, 4), (5, 5, 4), 25, 25),
    ("PReLU", {"shared_axes": [1, 2]}, (None, None, 4), (None, None, 4), 4, 4),
    ("ELU", {}, (5, 4), (5, 4), 0, 0),
    ("ELU", {"alpha": -2}, (5, 4), (5, 4), 0, 0),
    ("Softmax", {}, (5, 4), (5, 4), 0, 0),
    ("Softmax", {"axis": [1, 2]}, (5, 4), (5, 4), 0, 0),
    ("SpatialDropout1D", {"rate": 0.5}, (5, 4), (5, 4), 0, 0),
    ("SpatialDropout2D", {"rate": 0.5, "data_format": "channels_first"}, (5, 4, 3), (5, 4, 3), 0, 0),
    ("SpatialDropout3D", {"rate": 0.1, "seed": 7}, (5, 4, 3, 2), (5, 4, 3, 2), 0, 0),
    ("GaussianNoise", {"stddev": 0.1}, (5, 4), (5, 4), 0, 0),
    ("GaussianDropout", {"rate": 0.1}, (5, 4), (5, 4), 0, 0),
    ("ActivityRegularization", {"l1": 0.1, "l2": 0.01}, (5, 4), (5, 4), 0, 0),
    # Merges: shapes without the batch axis broadcast from the right; None wins over a known size.
    # Keras's ops as saved in functional models (keras.src.ops.numpy): a constant or two tensors, full broadcasting
    ("ops.add", {"constant": 3.0}, [(4, 3)], (4, 3), 0, 0),
    ("ops.add", {}, [(4, 3), (4, 1)], (4, 3), 0, 0),
    ("ops.subtract", {"constant": [1, 2, 3]}, [(4, 1)], (4, 3), 0, 0),
    ("ops.multiply", {"constant": 0.1666}, [(None, 3)], (None, 3), 0, 0),
    ("ops.multiply", {}, [(None, 3), (4, 1)], (4, 3), 0, 0),  # Keras's ops: a known size wins over None
    ("ops.divide", {}, [(2, 3), (3,)], (2, 3), 0, 0),
    ("ops.true_divide", {"constant": 2}, [(5,)], (5,), 0, 0),
    ("ops.maximum", {"constant": 0}, [(5,)], (5,), 0, 0),
    ("ops.minimum", {}, [(1, 5), (3, 1)], (3, 5), 0, 0),
    ("ops.power", {"constant": 2}, [(5,)], (5,), 0, 0),
    # ops on one tensor (tensor_ops.py): shapes per sample here, so an axis counts from the first sample axis
    *((kind, {}, (4, 3), (4, 3), 0, 0) for kind in ("ops.relu", "ops.re_lu", "ops.sigmoid", "ops.tanh", "ops.silu",
                                                      "ops.gelu", "ops.exp", "ops.sqrt", "ops.square", "ops.negative",
                                                      "ops.zeros_like", "ops.ones_like", "ops.fft", "ops.fft2",
                                                      "ops.cast")),
    ("ops.softmax", {"axis": 1}, (4, 3), (4, 3), 0, 0),
    ("ops.mean", {"axis": 1}, (4, 3), (3,), 0, 0),
    ("ops.mean", {"axis": [1, 2]}, (4, 3), (), 0, 0),
    ("ops.sum", {"axis": -1, "keepdims": True}, (4, 3), (4, 1), 0, 0),
    ("ops.max", {"axis": 2}, (4, 3), (4,), 0, 0),
    ("ops.min", {"axis": 1}, (4, 3), (3,), 0, 0),
    ("ops.expand_dims", {"axis": -1}, (4, 3), (4, 3, 1), 0, 0),
    ("ops.expand_dims", {"axis": 1}, (4, 3), (1, 4, 3), 0, 0),
    ("ops.squeeze", {"axis": 1}, (1, 3), (3,), 0, 0),
    ("ops.reshape", {"newshape": [-1, 6, 2]}, (4, 3), (6, 2), 0, 0),  # -1 over an unknown batch: the batch, None
    ("ops.reshape", {"newshape": [None, None, 3, 2]}, (4, 6), (None, 3, 2), 0, 0),  # sizes only running knows
    ("ops.transpose", {"axes": [0, 2, 1]}, (4, 3), (3, 4), 0, 0),
    ("ops.concatenate", {"axis": -1}, [(4, 3), (4, 5)], (4, 8), 0, 0),
    ("ops.stack", {"axis": 1}, [(4, 3), (4, 3)], (2, 4, 3), 0, 0),
    ("ops.matmul", {}, [(4, 3), (3, 5)], (4, 5), 0, 0),
    # both with a batch axis here, an axis like any other: (None, 5, 16) . (None, 16, 32), Keras's sizes unchecked
    ("ops.tensordot", {"axes": 1}, [(5, 16), (16, 32)], (5, 16, 32), 0, 0),
    ("ops.tensordot", {"axes": [[2], [1]]}, [(5, 32), (32, 1)], (5, None, 1), 0, 0),
    ("ops.tensordot", {"axes": 0}, [(3,), (2,)], (3, None, 2), 0, 0),
    ("ops.cumsum", {"axis": -1}, (12,), (12,), 0, 0),
    ("ops.cumsum", {}, (4, 3), (), 0, 0),  # flattened: (None,) over the unknown batch
    *((kind, {"constant": 0}, [(12,)], (12,), 0, 0) for kind in ("ops.equal", "ops.not_equal", "ops.less",
                                                                   "ops.less_equal", "ops.greater",
                                                                   "ops.greater_equal")),
    ("ops.not_equal", {}, [(4, 3), (4, 1)], (4, 3), 0, 0),
    # recurrent layers given their first states (initial_state=): more inputs, the same shape and weights
    ("GRU", {"units": 4}, [(5, 3), (4,)], (4,), 108, 108),
    ("LSTM", {"units": 2, "return_sequences": True}, [(5, 3), (2,), (2,)], (5, 2), 48, 48),
    ("ops.get_item", {"index": [["slice", None, None, None], 0]}, (4, 3), (3,), 0, 0),
    ("ops.get_item", {"index": [["slice", None, None, None], ["slice", 1, 3, None]]}, (4, 3), (2, 3), 0, 0),
    ("ops.get_item", {"index": ["...", None]}, (4, 3), (4, 3, 1), 0, 0),
    ("ops.extract_patches", {"size": 4}, (32, 32, 3), (8, 8, 48), 0, 0),
    ("ops.tile", {"repeats": [1, 2, 3]}, (4, 3), (8, 9), 0, 0),
    ("ops.tile", {"repeats": [5]}, (4, 3), (4, 15), 0, 0),
    ("ops.slice", {"start_indices": [0, 1, 0], "shape": [None, 2, 3]}, (4, 3), (2, 3), 0, 0),
    ("ops.broadcast_to", {"shape": [None, 5, 8]}, (1, 8), (5, 8), 0, 0),
    ("ops.extract_patches", {"size": [2, 3], "strides": 1, "padding": "same"}, (5, 6, 2), (5, 6, 12), 0, 0),
    ("ops.extract_patches", {"size": 2, "data_format": "channels_first"}, (3, 4, 6), (12, 2, 3), 0, 0),
    # keras.applications' own layers
    ("LayerScale", {"init_values": 0.5, "projection_dim": 96}, (56, 56, 96), (56, 56, 96), 96, 96),
    ("CustomScaleLayer", {"scale": 0.17}, [(35, 35, 320), (35, 35, 320)], (35, 35, 320), 0, 0),
    # a layer convcalc does not know, as declared; a model used as a layer
    ("Declared", {"class_name": "MyBlock", "output_shape": [7, 7, 8], "trainable_params": 10,
                  "non_trainable_params": 2}, (14, 14, 3), (7, 7, 8), 12, 10),
    ("Sequential", {"layers": [{"Conv2D": {"filters": 8, "kernel_size": 4, "strides": 4}},
                               {"LayerNormalization": {}}]}, (32, 32, 3), (8, 8, 8), 3 * 16 * 8 + 8 + 16, 408),
    ("Functional", {"model_inputs": {"x": [1]}, "layers": [{"Dense": {"units": 2}}]}, (5,), (2,), 12, 12),
    ("Add", {}, [(4, 3), (4, 3)], (4, 3), 0, 0),
    ("Add", {}, [(4, 3), (4, 3), (4, 3)], (4, 3), 0, 0),
    ("Add", {}, [(4, 3), (1, 3)], (4, 3), 0, 0),
    ("Add", {}, [(4, 3), (3,)], (4, 3), 0, 0),
    ("Add", {}, [(3,), (4, 1)], (4, 3), 0, 0),
    ("Add", {}, [(2, 1, 3), (4, 1)], (2, 4, 3), 0, 0),
    ("Add", {}, [(), (4, 3)], (4, 3), 0, 0),
    ("Add", {}, [(None, 3), (4, 3)], (None, 3), 0, 0),
    ("Add", {}, [(1, 3), (None, 3)], (None, 3), 0, 0),
    ("Subtract", {}, [(4, 3), (4, 3)], (4, 3), 0, 0),
    ("Multiply", {}, [(4, 3), (4, 1)], (4, 3), 0, 0),
    ("Average", {}, [(4, 3), (4, 3)], (4, 3), 0, 0),
    ("Maximum", {}, [(4, 3), (4, 3)], (4, 3), 0, 0),
    ("Minimum", {}, [(4, 3), (1, 3)], (4, 3), 0, 0),
    # Concatenate: other axes must agree where known; the output takes them from the first input.
    ("Concatenate", {}, [(4, 3), (4, 5)], (4, 8), 0, 0),
    # Dot: each input loses its summed axis, the second its batch axis too; a lone batch axis gains a 1
    ("Dot", {"axes": 1}, [(3,), (3,)], (1,), 0, 0),
    ("Dot", {"axes": [2, 2]}, [(64, 3), (64, 3)], (64, 64), 0, 0),
    ("Dot", {"axes": -1}, [(5, 4), (6, 4)], (5, 6), 0, 0),
    ("Concatenate", {}, [(4, 3), (4, 5), (4, 1)], (4, 9), 0, 0),
    ("Concatenate", {"axis": 1}, [(4, 3), (5, 3)], (9, 3), 0, 0),
    ("Concatenate", {"axis": -2}, [(4, 3), (5, 3)], (9, 3), 0, 0),
    ("Concatenate", {}, [(None, 3), (4, 5)], (None, 8), 0, 0),
    ("Concatenate", {}, [(4, 5), (4, None)], (4, None), 0, 0),
    ("Concatenate", {"axis": 1}, [(4, None), (4, 5)], (8, None), 0, 0),
    ("Concatenate", {"axis": 0}, [(4, 3), (4, 3)], (4, 3), 0, 0),
    ("Concatenate", {"axis": -3}, [(4, 3), (4, 3)], (4, 3), 0, 0),
    ("Concatenate", {"axis": 2}, [(4, None), (None,), (None,)], (4, None), 0, 0),  # stops at the first None
    ("Embedding", {"input_dim": 100, "output_dim": 8}, (10,), (10, 8), 800, 800),
    ("Embedding", {"input_dim": 100, "output_dim": 8, "input_length": 10}, (10,), (10, 8), 800, 800),
    ("Embedding", {"input_dim": 100, "output_dim": 8, "mask_zero": True}, (10, 3), (10, 3, 8), 800, 800),
    ("Embedding", {"input_dim": 100, "output_dim": 8}, (), (8,), 800, 800),
    ("Embedding", {"input_dim": 100, "output_dim": 8, "lora_rank": 2}, (None,), (None, 8), 1016, 216),
]


@pytest.mark.parametrize("kind, args, input_shape, output_shape, params, trainable", CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_formula(kind, args, input_shape, output_shape, params, trainable):
    assert run(kind, args, input_shape) == (output_shape, params, trainable)


INPUT_CASES = [
    # entry, output shape (batch axis included)
    ("Input: {shape: [28, 28, 1]}", (None, 28, 28, 1)),
    ("Input: {shape: [null, 3], batch_size: 8}", (8, None, 3)),
    ("InputLayer: {batch_shape: [4, 10]}", (4, 10)),
]


@pytest.mark.parametrize("entry, output_shape", INPUT_CASES)
def test_input_layers(entry, output_shape):
    summary = convcalc.summarize(text=f"layers:\n  - {entry}\n  - Flatten\n")
    model_input = summary.tensors[0]  # keras.Sequential([keras.Input(...), ...]) lists no InputLayer row
    assert [layer.type for layer in summary.layers] == ["Flatten"]
    assert model_input.type == "InputLayer"
    assert (model_input.output_shape, model_input.params) == (output_shape, 0)


def test_a_constant_has_its_own_shape_whatever_it_reads():
    """ops.constant (ops.arange in a layer's call): no batch axis of its own, so its shape is all it says."""
    text = ("input_shape: [9, 9]\nlayers:\n  - ops.constant: {shape: [1, 64]}\n"
            "  - Embedding: {input_dim: 64, output_dim: 4}\n")
    constant, embedding = convcalc.summarize(text=text).layers
    assert (constant.output_shape, constant.params) == ((1, 64), 0)
    assert (embedding.output_shape, embedding.params) == ((1, 64, 4), 256)


@pytest.mark.parametrize(("drawn", "output_shape"), [([None, 2], (5, 2)), ([3, 1, 1, 3], (3, 1, 1, 3))])
def test_random_values_take_the_batch_they_read_where_the_call_gave_none(drawn, output_shape):
    """ops.random (keras.random.normal(shape=(batch, dim)) in a layer's call, batch = ops.shape(x)[0])."""
    text = f"layers:\n  - Input: {{shape: [9], batch_size: 5}}\n  - ops.random: {{shape: {drawn}}}\n".replace(
        "None", "null")
    (drawn_layer,) = convcalc.summarize(text=text).layers
    assert (drawn_layer.output_shape, drawn_layer.params) == (output_shape, 0)


def test_every_registered_kind_has_a_formula_case():
    kinds = {case[0] for case in CASES + MORE_CASES} | {entry.split(":")[0] for entry, _ in INPUT_CASES} | {
        "ops.constant", "ops.random"}
    # A Python file's layer classes (Custom) are made by the Python reader only: python_source/examples/
    # layer_subclasses.py checks them against Keras.
    # Keras cannot build a model with Equalization, nor with a cell outside an RNN (test_layers_refusals_more.py)
    assert kinds | {"Equalization", "SimpleRNNCell", "LSTMCell", "GRUCell", "Custom"} == set(REGISTRY)


def test_huge_sizes_are_exact_integers():
    side = 10**30
    shape, params, _ = run("Conv2D", {"filters": 2, "kernel_size": 3, "strides": 7}, (side, side, 1))
    assert shape == ((side - 3) // 7 + 1, (side - 3) // 7 + 1, 2)
    assert params == 20


def test_huge_sizes_stay_exact_through_transposes_and_upsampling():
    side = 10**30
    shape, _, _ = run("Conv2DTranspose", {"filters": 1, "kernel_size": 3, "strides": 7}, (side, side, 1))
    assert shape == (7 * side, 7 * side, 1)  # valid pads a stride-7 kernel of 3 to (n - 1)·7 + 3 + 4
    assert run("UpSampling2D", {"size": [3, 5]}, (side, side, 1))[0] == (3 * side, 5 * side, 1)
    assert run("Reshape", {"target_shape": [-1, 7]}, (7 * side, side))[0] == (side * side, 7)


def test_lora_factors_count_as_float32_whatever_the_layer_dtype():
    # Keras 3.15.1 prints 97 (278.00 B), trainable 45 (174.00 B), non-trainable 52 (104.00 B).
    lora = convcalc.summarize(text="input_shape: [5]\nlayers:\n"
                                   "  - Embedding: {input_dim: 10, output_dim: 4, lora_rank: 2, dtype: float16}\n"
                                   "  - Dense: {units: 3, lora_rank: 2, dtype: float16}\n")
    assert (lora.total_params, lora.total_bytes) == (97, 278)
    assert (lora.trainable_params, lora.trainable_bytes) == (45, 174)
    assert (lora.non_trainable_params, lora.non_trainable_bytes) == (52, 104)


def test_normalization_count_is_int32_whatever_the_layer_dtype():
    # Keras 3.15.1 (JAX) prints 9 params (20.00 B): float16 mean and variance, an int32 count.
    normalization = convcalc.summarize(text="input_shape: [5, 4]\nlayers:\n  - Normalization: {dtype: float16}\n")
    assert (normalization.total_params, normalization.total_bytes) == (9, 20)
