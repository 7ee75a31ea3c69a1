"""The PyTorch registry, one row per module: output shape and parameters as torch computes them.

Every row was checked against real torch (nn.<Module>(**args)(torch.rand(*input_size))); test_every_module_has_a_row
keeps the table complete.
"""

from __future__ import annotations

import pytest

import convcalc
from convcalc.torch_modules import REGISTRY

# (module, arguments, input size, output shape, parameters)
TABLE = [
    ("Conv1d", {"in_channels": 4, "out_channels": 8, "kernel_size": 3, "stride": 2, "padding": 1}, [2, 4, 15],
     [2, 8, 8], 104),
    ("Conv2d", {"in_channels": 3, "out_channels": 16, "kernel_size": 3}, [1, 3, 32, 32], [1, 16, 30, 30], 448),
    ("Conv3d", {"in_channels": 2, "out_channels": 4, "kernel_size": [1, 3, 3], "padding": "same", "bias": False},
     [1, 2, 5, 8, 8], [1, 4, 5, 8, 8], 72),
    ("ConvTranspose1d", {"in_channels": 4, "out_channels": 2, "kernel_size": 4, "stride": 2, "padding": 1},
     [1, 4, 10], [1, 2, 20], 34),
    ("ConvTranspose2d", {"in_channels": 8, "out_channels": 4, "kernel_size": 3, "stride": 2, "padding": 1,
                         "output_padding": 1}, [1, 8, 7, 7], [1, 4, 14, 14], 292),
    ("ConvTranspose3d", {"in_channels": 2, "out_channels": 2, "kernel_size": 2, "stride": 2, "groups": 2},
     [1, 2, 3, 3, 3], [1, 2, 6, 6, 6], 18),
    ("MaxPool1d", {"kernel_size": 3, "stride": 2, "ceil_mode": True}, [1, 2, 10], [1, 2, 5], 0),
    ("MaxPool2d", {"kernel_size": 2}, [1, 8, 7, 7], [1, 8, 3, 3], 0),
    ("LPPool1d", {"norm_type": 2, "kernel_size": 3, "stride": 2}, [1, 2, 10], [1, 2, 4], 0),
    ("LPPool2d", {"norm_type": 2, "kernel_size": 3, "stride": 2, "ceil_mode": True}, [1, 2, 10, 10], [1, 2, 5, 5], 0),
    ("LPPool3d", {"norm_type": 2, "kernel_size": 2}, [1, 2, 5, 5, 5], [1, 2, 2, 2, 2], 0),
    ("MaxPool3d", {"kernel_size": 2, "dilation": 2, "padding": 1}, [1, 1, 6, 6, 6], [1, 1, 3, 3, 3], 0),
    ("AvgPool1d", {"kernel_size": 2, "ceil_mode": True}, [1, 2, 5], [1, 2, 3], 0),
    ("AvgPool2d", {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True}, [1, 1, 6, 6], [1, 1, 4, 4], 0),
    # ceil_mode's last-window rule: a 4th window would start in the right padding, so it is dropped
    ("AvgPool2d", {"kernel_size": 2, "stride": 2, "padding": 1, "ceil_mode": True}, [1, 1, 5, 5], [1, 1, 3, 3], 0),
    ("AvgPool3d", {"kernel_size": [1, 2, 2]}, [1, 1, 3, 4, 4], [1, 1, 3, 2, 2], 0),
    ("AdaptiveAvgPool1d", {"output_size": 5}, [1, 3, 17], [1, 3, 5], 0),
    ("AdaptiveAvgPool2d", {"output_size": [1, None]}, [1, 3, 7, 9], [1, 3, 1, 9], 0),
    ("AdaptiveAvgPool3d", {"output_size": 2}, [1, 3, 4, 5, 6], [1, 3, 2, 2, 2], 0),
    ("AdaptiveMaxPool1d", {"output_size": 2}, [1, 3, 9], [1, 3, 2], 0),
    ("AdaptiveMaxPool2d", {"output_size": 3}, [1, 3, 7, 9], [1, 3, 3, 3], 0),
    ("AdaptiveMaxPool3d", {"output_size": 1}, [1, 3, 4, 5, 6], [1, 3, 1, 1, 1], 0),
    ("BatchNorm1d", {"num_features": 10}, [4, 10], [4, 10], 20),
    ("BatchNorm2d", {"num_features": 16}, [1, 16, 5, 5], [1, 16, 5, 5], 32),
    ("BatchNorm3d", {"num_features": 4, "affine": False}, [1, 4, 2, 2, 2], [1, 4, 2, 2, 2], 0),
    ("InstanceNorm1d", {"num_features": 3, "affine": True}, [1, 3, 8], [1, 3, 8], 6),
    ("InstanceNorm2d", {"num_features": 3}, [1, 3, 8, 8], [1, 3, 8, 8], 0),
    ("InstanceNorm3d", {"num_features": 3, "affine": True}, [1, 3, 2, 2, 2], [1, 3, 2, 2, 2], 6),
    ("GroupNorm", {"num_groups": 2, "num_channels": 8}, [1, 8, 4, 4], [1, 8, 4, 4], 16),
    ("LayerNorm", {"normalized_shape": [4, 4]}, [1, 8, 4, 4], [1, 8, 4, 4], 32),
    ("Linear", {"in_features": 1568, "out_features": 10}, [64, 1568], [64, 10], 15690),
    ("Identity", {}, [1, 5], [1, 5], 0),
    ("Embedding", {"num_embeddings": 100, "embedding_dim": 16}, [2, 7], [2, 7, 16], 1600),
    ("Dropout", {"p": 0.2}, [1, 5], [1, 5], 0),
    ("Dropout1d", {}, [1, 3, 5], [1, 3, 5], 0),
    ("Dropout2d", {}, [1, 3, 5, 5], [1, 3, 5, 5], 0),
    ("Dropout3d", {}, [1, 3, 2, 5, 5], [1, 3, 2, 5, 5], 0),
    ("AlphaDropout", {}, [1, 5], [1, 5], 0),
    ("StochasticDepth", {"p": 0.2, "mode": "row"}, [2, 3, 4, 4], [2, 3, 4, 4], 0),
    ("FeatureAlphaDropout", {}, [1, 3, 5], [1, 3, 5], 0),
    ("Flatten", {}, [1, 32, 7, 7], [1, 1568], 0),
    ("Unflatten", {"dim": 1, "unflattened_size": [32, -1]}, [1, 1568], [1, 32, 49], 0),
    ("Upsample", {"scale_factor": 1.5}, [1, 3, 5, 7], [1, 3, 7, 10], 0),
    ("PixelShuffle", {"upscale_factor": 2}, [1, 8, 3, 3], [1, 2, 6, 6], 0),
    ("PixelUnshuffle", {"downscale_factor": 2}, [1, 2, 6, 6], [1, 8, 3, 3], 0),
    ("ZeroPad1d", {"padding": [1, 2]}, [1, 2, 5], [1, 2, 8], 0),
    ("ZeroPad2d", {"padding": [1, 2, 0, 3]}, [1, 2, 5, 5], [1, 2, 8, 8], 0),
    ("ZeroPad3d", {"padding": 1}, [1, 1, 2, 2, 2], [1, 1, 4, 4, 4], 0),
    ("ConstantPad1d", {"padding": 2, "value": 0.5}, [1, 2, 5], [1, 2, 9], 0),
    ("ConstantPad2d", {"padding": [1, 1, 2, 2], "value": 1}, [1, 2, 5, 5], [1, 2, 9, 7], 0),
    ("ConstantPad3d", {"padding": 1, "value": 0}, [1, 1, 2, 2, 2], [1, 1, 4, 4, 4], 0),
    ("ReflectionPad1d", {"padding": 2}, [1, 2, 5], [1, 2, 9], 0),
    ("ReflectionPad2d", {"padding": 1}, [1, 2, 5, 5], [1, 2, 7, 7], 0),
    ("ReflectionPad3d", {"padding": 1}, [1, 1, 3, 3, 3], [1, 1, 5, 5, 5], 0),
    ("ReplicationPad1d", {"padding": [0, 3]}, [1, 2, 5], [1, 2, 8], 0),
    ("ReplicationPad2d", {"padding": 2}, [1, 2, 5, 5], [1, 2, 9, 9], 0),
    ("ReplicationPad3d", {"padding": 1}, [1, 1, 3, 3, 3], [1, 1, 5, 5, 5], 0),
    ("ReLU", {}, [1, 5], [1, 5], 0),
    ("ReLU6", {"inplace": True}, [1, 5], [1, 5], 0),
    ("LeakyReLU", {"negative_slope": 0.2}, [1, 5], [1, 5], 0),
    ("PReLU", {"num_parameters": 3}, [1, 3, 4, 4], [1, 3, 4, 4], 3),
    ("GELU", {"approximate": "tanh"}, [1, 5], [1, 5], 0),
    ("SiLU", {}, [1, 5], [1, 5], 0),
    ("Mish", {}, [1, 5], [1, 5], 0),
    ("Sigmoid", {}, [1, 5], [1, 5], 0),
    ("Tanh", {}, [1, 5], [1, 5], 0),
    ("Tanhshrink", {}, [1, 5], [1, 5], 0),
    ("Softsign", {}, [1, 5], [1, 5], 0),
    ("LogSigmoid", {}, [1, 5], [1, 5], 0),
    ("ELU", {"alpha": 0.5}, [1, 5], [1, 5], 0),
    ("CELU", {}, [1, 5], [1, 5], 0),
    ("SELU", {}, [1, 5], [1, 5], 0),
    ("Hardswish", {}, [1, 5], [1, 5], 0),
    ("Hardsigmoid", {}, [1, 5], [1, 5], 0),
    ("Hardtanh", {"min_val": -2.0, "max_val": 2.0}, [1, 5], [1, 5], 0),
    ("Threshold", {"threshold": 0.1, "value": 20.0}, [1, 5], [1, 5], 0),
    ("Softplus", {"beta": 2.0}, [1, 5], [1, 5], 0),
    ("Softmax", {"dim": 1}, [1, 5], [1, 5], 0),
    ("LogSoftmax", {"dim": -1}, [1, 5], [1, 5], 0),
    ("Softmin", {"dim": 1}, [1, 5], [1, 5], 0),
    ("RNN", {"input_size": 10, "hidden_size": 20}, [5, 3, 10], [5, 3, 20], 640),
    ("LSTM", {"input_size": 10, "hidden_size": 20, "num_layers": 2, "bidirectional": True, "batch_first": True},
     [3, 5, 10], [3, 5, 40], 15040),
    ("LSTM", {"input_size": 10, "hidden_size": 20, "proj_size": 5}, [5, 3, 10], [5, 3, 5], 1460),
    ("GRU", {"input_size": 8, "hidden_size": 4}, [7, 8], [7, 4], 168),
    # lazy modules: the argument inferred from the input, the row the module they become
    ("LazyConv1d", {"out_channels": 8, "kernel_size": 3}, [2, 4, 15], [2, 8, 13], 104),
    ("LazyConv2d", {"out_channels": 16, "kernel_size": 3}, [1, 3, 32, 32], [1, 16, 30, 30], 448),
    ("LazyConv3d", {"out_channels": 4, "kernel_size": 1}, [1, 2, 3, 3, 3], [1, 4, 3, 3, 3], 12),
    ("LazyConvTranspose1d", {"out_channels": 2, "kernel_size": 4, "stride": 2}, [1, 4, 10], [1, 2, 22], 34),
    ("LazyConvTranspose2d", {"out_channels": 4, "kernel_size": 2, "stride": 2}, [1, 8, 7, 7], [1, 4, 14, 14], 132),
    ("LazyConvTranspose3d", {"out_channels": 2, "kernel_size": 2}, [1, 2, 3, 3, 3], [1, 2, 4, 4, 4], 34),
    ("LazyLinear", {"out_features": 10}, [64, 1568], [64, 10], 15690),
    ("LazyBatchNorm1d", {}, [4, 10], [4, 10], 20),
    ("LazyBatchNorm2d", {}, [1, 16, 5, 5], [1, 16, 5, 5], 32),
    ("LazyBatchNorm3d", {"affine": False}, [1, 4, 2, 2, 2], [1, 4, 2, 2, 2], 0),
    ("LazyInstanceNorm1d", {"affine": True}, [1, 3, 8], [1, 3, 8], 6),
    ("LazyInstanceNorm2d", {}, [1, 3, 8, 8], [1, 3, 8, 8], 6),  # torch's lazy InstanceNorm is affine by default
    ("LazyInstanceNorm3d", {"affine": True}, [1, 3, 2, 2, 2], [1, 3, 2, 2, 2], 6),
]


def spec(kind, args, input_size):
    arguments = ", ".join(f"{key}: {value!r}".replace("'", '"').replace("None", "null").replace("True", "true")
                          .replace("False", "false") for key, value in args.items())
    return f"framework: torch\ninput_size: {input_size}\nlayers:\n  - {kind}: {{{arguments}}}\n"


@pytest.mark.parametrize(("kind", "args", "input_size", "output_shape", "params"), TABLE, ids=[row[0] for row in TABLE])
def test_module(kind, args, input_size, output_shape, params):
    layer = convcalc.summarize(text=spec(kind, args, input_size)).layers[-1]
    assert (layer.type, list(layer.output_shape), layer.params) == (kind.removeprefix("Lazy"), output_shape, params)


TWO_INPUTS = {"Bilinear"}  # read from a forward pass: a YAML Sequential gives a module one tensor


def test_every_module_has_a_row():
    assert {row[0] for row in TABLE} == set(REGISTRY) - {"Input"} - TWO_INPUTS


def test_bilinear_reads_two_tensors(tmp_path):
    """Real torch: nn.Bilinear(4, 6, 3) on (2, 5, 4) and (2, 5, 6) gives (2, 5, 3), 75 parameters; its first input
    with 5 features is refused."""
    code = """\
import torch.nn as nn


class Pair(nn.Module):
    def __init__(self):
        super().__init__()
        self.left = nn.Linear(6, {width})
        self.right = nn.Linear(6, 6)
        self.mix = nn.Bilinear(4, 6, 3)

    def forward(self, x):
        return self.mix(self.left(x), self.right(x))
"""
    path = tmp_path / "pair.py"
    path.write_text(code.format(width=4), encoding="utf-8")
    summary = convcalc.summarize(str(path), input_size=(2, 5, 6))
    mix = next(layer for layer in summary.layers if layer.type == "Bilinear")
    assert (list(mix.output_shape), mix.params) == ([2, 5, 3], 75)
    path.write_text(code.format(width=5), encoding="utf-8")
    with pytest.raises(convcalc.ConvcalcError, match="input 1 has 5 features"):
        convcalc.summarize(str(path), input_size=(2, 5, 6))
