"""Shared test helpers. `pytest --update-golden` rewrites tests/golden/ (review the diff by eye)."""

from __future__ import annotations

from pathlib import Path

import pytest

import convcalc

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

