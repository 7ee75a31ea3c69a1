"""What a command prints fits the width it was given (--width) or found (COLUMNS, the terminal; 80 in a pipe)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import SPECS

from convcalc.cli import cli

FASHION = str(SPECS / "fashion_mnist.yaml")
VGG16 = str(SPECS / "vgg16.yaml")


def run(*args, columns=None):
    return CliRunner().invoke(cli, list(args), env={"COLUMNS": str(columns)} if columns else {})


def widest(text: str) -> int:
    return max(len(line) for line in text.splitlines())


def test_costs_fold_under_the_table_at_the_terminal_width():
    result = run("summary", FASHION, "--columns", "layer,params,macs", "--costs", columns=60)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-16:] == [
        "└────────────────────────────────┴─────────┴───────────┘",
        " Total params: 243,786 (952.29 KB)",
        " Trainable params: 243,786 (952.29 KB)",
        " Non-trainable params: 0 (0.00 B)",
        " Total MACs: 5,056,000 (5.06 M)",
        " Total FLOPs: 10,251,540 (10.25 M) = 2 × MACs + 139,540",
        "   element-wise",
        " Parameter memory: 952.29 KB (as declared)",
        " Activation memory: 257.60 KB per sample, 8.05 MB per batch",
        "   of 32",
        " Training memory (estimate): 11.77 MB at batch 32:",
        "   activations kept for the backward pass + weights +",
        "   gradients + Adam's two moments",
        " MACs count multiply-accumulates with weights; FLOPs = 2 ×",
        " MACs + element-wise operations (bias, activation, pooling,",
        " normalisation, merges). Per sample, at inference.",
    ]


@pytest.mark.parametrize("columns", [50, 60, 100])
@pytest.mark.parametrize("args", [
    ("summary", VGG16, "--columns", "layer,output_shape,params,macs,rf", "--costs"),
    ("summary", VGG16, "--costs"),
    ("summary", str(SPECS / "resnet_block.yaml"), "--show-trainable"),
    ("explain", str(SPECS / "same_padding_quiz.yaml")),
])
def test_every_line_fits_the_terminal(args, columns):
    result = run(*args, columns=columns)
    assert result.exit_code == 0
    assert widest(result.stdout) <= columns


@pytest.mark.parametrize("width", [50, 70, 120])
def test_every_line_fits_width(width):
    result = run("summary", VGG16, "--columns", "layer,output_shape,kernel_shape,params,macs,flops", "--costs",
                 "--width", str(width), columns=200)
    assert widest(result.stdout) <= width


def test_chosen_columns_are_as_wide_as_they_need_when_that_fits():
    wide = run("summary", FASHION, "--columns", "layer,params", columns=200)
    assert wide.stdout.splitlines()[1] == "┏" + "━" * 32 + "┳" + "━" * 9 + "┓"


def test_explain_folds_long_lines_under_their_indent():
    result = run("explain", str(SPECS / "same_padding_quiz.yaml"), "--layer", "conv2d", columns=60)
    assert result.stdout.splitlines()[2:4] == [
        "  padding='same': the kernel does not shrink the output (the",
        "      input is padded), so each size is ceil(n / s)",
    ]


def test_check_report_folds_paths_and_names_to_fit():
    args = ("check", FASHION, "--max-activation-bytes", "1GB", "--output-shape", "10")
    wide, narrow = run(*args, columns=200), run(*args, columns=70)
    assert (wide.exit_code, narrow.exit_code) == (0, 0)
    assert widest(wide.stdout) > 70 >= widest(narrow.stdout)
    assert narrow.stdout.splitlines()[-2:] == ["1 spec: 0 within budget, 1 near a limit, 0 over budget, 0 cannot be",
                                               "  checked"]



CHECKED = [f"specs/{name}" for name in ("clothing_3class.yaml", "fashion_mnist.yaml", "resnet_block.yaml",
                                        "unet_small.yaml")]  # relative to the checkout, as CI logs show them
BUDGET_ARGS = ("--max-activation-bytes", "1GB", "--max-trainable-params", "1M", "--min-receptive-field", "3")


@pytest.mark.parametrize("columns", range(60, 121, 4))
def test_check_report_never_splits_a_file_or_budget_name(columns, monkeypatch):
    """Issue 21: at 80 columns the report printed `specs/clot` / `hing_3clas` / `s.yaml` and `output_sha` / `pe`."""
    monkeypatch.chdir(SPECS.parent)
    result = run("check", *CHECKED, *BUDGET_ARGS, columns=columns)
    assert result.exit_code == 0, result.output
    words = {word for line in result.stdout.splitlines() for word in line.split()}
    assert set(CHECKED) <= words and "\ue000" not in result.stdout  # each file's marker row became its name
    assert {"max_params", "max_activation_bytes", "max_trainable_params", "output_shape",
            "min_receptive_field"} <= words
    assert widest(result.stdout) <= columns


def test_check_report_puts_each_file_name_on_its_own_line_when_the_file_column_does_not_fit(monkeypatch):
    monkeypatch.chdir(SPECS.parent)
    wide, narrow = (run("check", "specs/fashion_mnist.yaml", "--max-params", "250k", columns=columns)
                    for columns in (200, 60))
    assert wide.stdout.splitlines()[2:4] == [
        "specs/fashion_mnist.yaml   max_params        243,786      250,000    97.5%   warn",
        "                           output_shape   (None, 10)   (None, 10)            pass"]
    assert narrow.stdout.splitlines()[:5] == [
        "Budget             Figure        Limit   Margin   Status",
        "─" * 58,  # under the indented rows too
        "specs/fashion_mnist.yaml",
        "  max_params        243,786      250,000    97.5%   warn",
        "  output_shape   (None, 10)   (None, 10)            pass",
    ]


def _whole(words: set[str], text: str) -> set[str]:
    """The words of `words` that appear whole in `text` (at a word boundary on both sides)."""
    import re

    return {word for word in words if re.search(rf"(?<![\w(]){re.escape(word)}(?![\w)])", text)}


@pytest.mark.parametrize("columns", range(60, 81, 5))
@pytest.mark.parametrize("spec", ["fashion_mnist.yaml", "resnet_block.yaml", "unet_small.yaml"])
def test_chosen_columns_keep_names_whole_where_a_word_break_fits(spec, columns):
    """Issue 21: rich narrowed `Layer (type)` below `(MaxPooling2D)` and printed `(MaxPooling2D` / `)`."""
    args = ("summary", str(SPECS / spec), "--columns", "layer,output_shape,params,macs")
    result = run(*args, columns=columns)
    document = json.loads(run("summary", str(SPECS / spec), "--format", "json").stdout)
    names = {layer["name"] for layer in document["layers"]} | {f"({layer['type']})" for layer in document["layers"]}
    assert result.exit_code == 0
    assert widest(result.stdout) <= columns
    assert _whole(names, result.stdout) == names


@pytest.mark.parametrize("columns", range(60, 81, 5))
@pytest.mark.parametrize("spec", ["resnet_block.yaml", "inception_v3.yaml", "unet_small.yaml"])
def test_explain_breaks_lines_between_words(spec, columns):
    """Every word of the working at 200 columns is whole at 60 to 80."""
    wide, narrow = run("explain", str(SPECS / spec), columns=200), run("explain", str(SPECS / spec), columns=columns)
    assert narrow.stdout.split() == wide.stdout.split()
    assert widest(narrow.stdout) <= columns
