"""Shared test helpers. `pytest --update-golden` rewrites tests/golden/ (review the diff by eye)."""

from __future__ import annotations

from pathlib import Path

import pytest

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
