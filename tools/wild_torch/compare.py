"""Does convcalc print torchinfo's table for one model? Shared by the report and tests/test_wild_torch.py.

`invoke(args)` runs the convcalc command line (click's runner) and returns (exit code, stdout, stderr). The
answer is compared byte for byte with the recorded text (torchinfo's, which `print` ends with a newline).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Invoke = Callable[[list[str]], tuple[int, str, str]]


def first_line(stderr: str) -> str:
    """convcalc's one-line reason: its `Error:` line (click prints a usage line before it), else the first."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("Error:")]
    return (errors or lines or ["(no message)"])[0]


def command(path: str, spec: dict[str, Any]) -> list[str]:
    """The convcalc command line the manifest expects to print the model."""
    return ["summary", path, *spec["args"]]


def check(invoke: Invoke, path: str, spec: dict[str, Any], truth: dict[str, Any]) -> tuple[str, str]:
    """("exact" | "differs" | "refused", why) for the model `spec` of the manifest read from `path`."""
    code, out, err = invoke(command(path, spec))
    if code:
        return "refused", first_line(err)
    expected = truth["summary"] + "\n"
    if out == expected:
        return "exact", ""
    return "differs", first_difference(out, expected)


def first_difference(mine: str, truth: str) -> str:
    ours, theirs = mine.splitlines(), truth.splitlines()
    for number, (line, want) in enumerate(zip(ours, theirs, strict=False), start=1):
        if line != want:
            return f"line {number}: {line.rstrip()!r}, torchinfo {want.rstrip()!r}"
    if len(ours) != len(theirs):
        return f"{len(ours)} lines, torchinfo {len(theirs)}"
    return "the line endings differ"
