"""Shared test helpers. `pytest --update-golden` rewrites tests/golden/ (review the diff by eye)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import convcalc
from convcalc.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
GOLDEN = ROOT / "tests" / "golden"
ORACLE = ROOT / "tests" / "oracle"


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

