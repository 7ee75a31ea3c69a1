"""Shape mistakes in PyTorch models, caught without torch: refused with exit 2 in one line naming the module, its
line, what it receives and the fix. tests/torch_oracle/mistakes.json holds the error real torch raised for each
(tools.torch_oracle --mistakes); convcalc must refuse the same module."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import ROOT

import convcalc
from convcalc.cli import cli
from convcalc.errors import SpecError

MISTAKES = json.loads((ROOT / "tests" / "torch_oracle" / "mistakes.json").read_text(encoding="utf-8"))


def entry_line(spec: str, module: str) -> int:
    """The line of top-level entry number `module` of a spec written one entry a line."""
    lines = spec.splitlines()
    first = lines.index("layers:") + 2
    return first + int(module)


@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_refuses_the_module_torch_refuses(name):
    mistake = MISTAKES[name]
    with pytest.raises(SpecError) as caught:
        convcalc.summarize(text=mistake["spec"])
    assert caught.value.layer == mistake["module"], (mistake["torch_error"], str(caught.value))
    assert caught.value.line == entry_line(mistake["spec"], mistake["module"])


@pytest.mark.parametrize(("name", "words"), [
    ("linear_in_features", "Linear(1050, 10) receives 1568 features (32 × 7 × 7 from the previous (1, 32, 7, 7)): "
                           "write in_features: 1568"),
    ("linear_without_flatten", "Linear(1568, 10) receives 7 features (input (1, 32, 7, 7)): write in_features: 7"),
    ("rgb_into_grayscale_conv", "Conv2d with in_channels=1 receives 3 channels (input (1, 3, 28, 28)): "
                                "write in_channels: 3"),
    ("conv_in_channels_chain", "Conv2d with in_channels=32 receives 16 channels (input (1, 16, 14, 14)): "
                               "write in_channels: 16"),
    ("kernel_larger_than_input", "kernel (5, 5) (dilation (1, 1)) is larger than its padded input (1, 8, 3, 3)"),
    ("batchnorm_features", "BatchNorm2d with num_features=32 receives 16 channels (input (1, 16, 30, 30)): "
                           "write num_features: 16"),
    ("same_padding_strided", "padding='same' is not supported for strided convolutions"),
])
def test_the_command_says_what_to_write(tmp_path, name, words):
    path = tmp_path / "model.yaml"
    path.write_text(MISTAKES[name]["spec"], encoding="utf-8")
    result = CliRunner().invoke(cli, ["summary", str(path)])
    assert result.exit_code == 2
    line = entry_line(MISTAKES[name]["spec"], MISTAKES[name]["module"])
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"Error: {path}:{line}: ")
    assert words in result.stderr


@pytest.mark.parametrize(("text", "words"), [
    ("framework: torch\ninput_shape: [3, 32, 32]\nlayers: [ReLU]\n", "a torch spec gives `input_size`"),
    ("framework: torch\ninput_size: [1, 3]\nlayers: [Conv2D: {filters: 3}]\n", "unknown torch.nn module 'Conv2D'"),
    ("framework: torch\ninput_size: [1, 3]\nlayers: [Linear: {in_feature: 3, out_features: 2}]\n",
     "unknown argument `in_feature` for Linear (did you mean 'in_features'?)"),
    ("framework: torch\ninput_size: [1, 0]\nlayers: [ReLU]\n", "`input_size` must be a list of positive integers"),
    ("framework: pytorch\ninput_size: [1, 3]\nlayers: [ReLU]\n", "`framework` must be one of keras, torch"),
    ("framework: torch\ninput_size: [1, 3]\nlayers: [Sequential: []]\n", "a nested Sequential is a non-empty list"),
    ("framework: torch\ninput_size: [5, 1, 3]\nlayers: [LSTM: {input_size: 3, hidden_size: 4}, "
     "Linear: {in_features: 4, out_features: 2}]\n",
     "1 (Linear): LSTM returns a tuple (output, hidden state), which no module of an nn.Sequential"),
    ("framework: torch\ninput_size: [1, 3, 4, 4]\nlayers: [Upsample: {scale_factor: .nan}]\n",
     "`scale_factor` must be a finite number > 0, received nan"),
    ("framework: torch\ninput_size: [1, 3, 4, 4]\nlayers: [Upsample: {scale_factor: -2}]\n",
     "`scale_factor` must be a finite number > 0, received -2"),
    ("framework: torch\ninput_size: [1, 3]\nlayers: [Input: {shape: [1]}]\n", "0: unknown torch.nn module 'Input'\n"),
    ("framework: torch\ninput_size: [1, 3]\nlayers: [[ReLU]]\n", "(`Conv2d: {in_channels: 3, out_channels: 16, "),
    ("framework: torch\ninput_size: [1, 3]\nlayers:\n" + "".join("  " * i + "  - Sequential:\n" for i in range(20))
     + "  " * 21 + "- ReLU\n", "Sequential modules nested more than 16 deep"),
])
def test_spec_mistakes(text, words):
    with pytest.raises(SpecError) as caught:
        convcalc.summarize(text=text)
    assert words in str(caught.value) + "\n"
