"""Shared test helpers. `pytest --update-golden` rewrites tests/golden/ (review the diff by eye)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import convcalc
from convcalc.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
GOLDEN = ROOT / "tests" / "golden"
ORACLE = ROOT / "tests" / "oracle"
# A lesson that makes two models: the last one is read unless --model (or the page's picker) names the other.
TWO_MODELS = """import keras
from keras import layers

small = keras.Sequential([keras.Input((28, 28, 1)), layers.Flatten(), layers.Dense(10)])
model = keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(8, 3), layers.Flatten(), layers.Dense(10)])
"""


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite the golden files in tests/golden/")


@pytest.fixture
def golden(request):
    """Compare text with a golden file, or rewrite it under --update-golden."""
    update = request.config.getoption("--update-golden")

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update:
            path.write_text(text, encoding="utf-8")
        assert path.exists(), f"missing golden file {path}; run pytest --update-golden and review it"
        assert text == path.read_text(encoding="utf-8")

    return check


def run(kind, args, input_shape):
    """Summarize a one-layer model; returns (output shape without batch, params, trainable params).

    A list of shapes feeds a merge layer one named input each (a single one as a bare name, as
    Keras's `Add()(x)`); otherwise the layer reads one input of that shape.
    """
    arg_text = ", ".join(f"{k}: {v}" for k, v in args.items())
    if isinstance(input_shape, list):
        names = [f"in{i}" for i in range(len(input_shape))]
        inputs = "".join(f"  {name}: {list(shape)}\n" for name, shape in zip(names, input_shape, strict=False))
        reads = names[0] if len(names) == 1 else f"[{', '.join(names)}]"
        text = f"inputs:\n{inputs}layers:\n  - {kind}: {{inputs: {reads}, {arg_text}}}\n"
    else:
        text = f"input_shape: {list(input_shape)}\nlayers:\n  - {kind}: {{{arg_text}}}\n"
    layer = convcalc.summarize(text=text.replace("None", "null")).layers[-1]
    assert layer.output_shape[0] is None
    return layer.output_shape[1:], layer.params, layer.trainable_params


# --- convcalc check (test_check_*.py) -------------------------------------------------------------------

# 54,170 params (all trainable), 102,752 MACs, 210,922 FLOPs, 216,680 param bytes, 46,440 activation
# bytes per sample, 3 layers, output (None, 10), receptive field 3.
CHECK_MODEL = """\
input_shape: [28, 28, 1]
layers:
  - Conv2D: {filters: 8, kernel_size: 3}
  - Flatten
  - Dense: {units: 10}
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    """An empty directory holding a pyproject.toml without [tool.convcalc], so the repository's own
    configuration never leaks into a `convcalc check` test (test_check_*.py use it for every test)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "models"\n', encoding="utf-8")
    return tmp_path


def check(*args):
    """On a wide terminal: test_widths.py checks how the report folds to fit a narrow one."""
    return CliRunner().invoke(cli, ["check", *args], env={"COLUMNS": "200"})


def write_spec(name, text=CHECK_MODEL, budgets=""):
    """A spec file in the current directory; `budgets` lines are indented under a `budgets:` block (line 6 on)."""
    path = Path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + ("budgets:\n" + "".join(f"  {line}\n" for line in budgets.splitlines())
                            if budgets else ""), encoding="utf-8")
    return name


def pyproject(text):
    Path("pyproject.toml").write_text(text, encoding="utf-8")


def statuses(result):
    return [(b["budget"], b["status"]) for f in json.loads(result.stdout)["files"] for b in f["budgets"]]


# --- convcalc quiz (test_quiz_*.py) ---------------------------------------------------------------------

QUIZ = """\
model: {model}
questions:
  - {{id: q1, layer: conv2d, ask: params}}
  - {{id: q2, layer: conv2d, ask: depth}}
  - {{id: q3, layer: conv2d, ask: width}}
"""
# How quiz check marks QUIZ answered q1: 896, q2: 32, q3: 63 (the valid formula where the padding is 'same').
WIDTH_63_MARKS = [
    "✓ q1 params of conv2d (Conv2D): 896",
    "✓ q2 depth (channels) of conv2d (Conv2D): 32",
    "✗ q3 width of conv2d (Conv2D): right answer 64",
    "    your answer: 63",
    "    you used ceil((128 − 3 + 1) / 2) = 63: with padding='same' the kernel does not shrink the output: "
    "ceil(128 / 2) = 64",
]
PADDING_WORKING = [
    "      padding='same': the kernel does not shrink the output (the input is padded), so each size is ceil(n / s)",
    "        height: ceil(128 / 2) = 64",
    "        width: ceil(128 / 2) = 64",
    "        channels: filters = 32",
    "      output (None, 64, 64, 32)",
]
# The model of specs/same_padding_quiz.yaml written inline, with a Dense after it: a quiz file's `model:` block.
STRIDE2_SAME_MODEL = """\
model:
  input_shape: [128, 128, 3]
  layers:
    - Conv2D: {filters: 32, kernel_size: 3, strides: 2, padding: same}
    - Flatten
    - Dense: {units: 8}
"""


def invoke(*args):
    return CliRunner().invoke(cli, [str(arg) for arg in args])


def lines(*text):
    return "".join(line + "\n" for line in text)


@pytest.fixture
def quiz_file(tmp_path):
    """The issue's quiz: Conv2D, 32 filters, kernel 3, stride 2, 'same', on 128×128×3; model by relative path."""
    model = os.path.relpath(SPECS / "same_padding_quiz.yaml", tmp_path)
    path = tmp_path / "quiz.yaml"
    path.write_text(QUIZ.format(model=model), encoding="utf-8")
    return str(path)


def new(tmp_path, *args, folder="out"):
    """`convcalc quiz new` into tmp_path/folder; returns the quiz and key paths."""
    (tmp_path / folder).mkdir(exist_ok=True)
    quiz_path, key_path = tmp_path / folder / "quiz.yaml", tmp_path / folder / "key.yaml"
    result = invoke("quiz", "new", *args, "--out", quiz_path, "--key", key_path)
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    return quiz_path, key_path


def layer_records(layers):
    """Rows as the Keras fixtures record them, to compare with their "layers"."""
    return [{"name": layer.name, "type": layer.type,
             "output_shape": layer.to_dict()["output_shape"],  # each output's shape for a layer giving several
             "params": layer.params if layer.built else None, "trainable_params": layer.trainable_params,
             "non_trainable_params": layer.non_trainable_params} for layer in layers]


def assert_totals_and_text_agree(summary, keras):
    """The totals and the summary text, at both widths Keras printed, as a Keras fixture records them."""
    from convcalc.render import table

    assert (summary.total_params, summary.trainable_params, summary.non_trainable_params) == (
        keras["total_params"], keras["trainable_params"], keras["non_trainable_params"])
    assert table.render(summary, width=keras["line_length"]) == keras["summary"]
    assert table.render(summary, width=keras["line_length_show_trainable"], show_trainable=True) == (
        keras["summary_show_trainable"])


def recorded_torch_summary(recorded):
    """The summary of a torch model tools/torch_oracle/shared.py recorded as steps: a module made (path, type,
    arguments), or one called again (path)."""
    from convcalc.engine import compute
    from convcalc.readers.torch_graph import TorchModelBuilder

    builder = TorchModelBuilder("model.py")
    builder.add_container("", "Sequential", 1)
    builder.add_input(recorded["input_size"], 1)
    for line, step in enumerate(recorded["steps"], start=2):
        if len(step) == 1:
            builder.call_again(step[0], line)
        else:
            builder.add_module(step[0], step[1], step[2], line, {})
    return compute(builder.build("net"))
