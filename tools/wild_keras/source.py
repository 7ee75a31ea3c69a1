"""The corpus files as convcalc and Keras read them: a notebook flattened to one script, line ranges, digests.

A notebook's script is its code cells in order, each followed by one empty line; a line that is an IPython
magic or shell command (`%...`, `!...`) becomes a comment, and a `%%` cell magic comments out its whole cell,
so that the script parses as Python and the manifest's line numbers stay fixed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def script(path: Path) -> str:
    """The file's Python text: the file itself, or a notebook's code cells flattened (see the docstring)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".ipynb":
        return text
    lines: list[str] = []
    for cell in json.loads(text)["cells"]:
        if cell.get("cell_type") != "code":
            continue
        source = cell["source"]
        cell_lines = ("".join(source) if isinstance(source, list) else source).splitlines()
        magic_cell = bool(cell_lines) and cell_lines[0].lstrip().startswith("%%")
        for line in cell_lines:
            stripped = line.lstrip()
            if magic_cell or stripped.startswith(("%", "!")):
                line = line[: len(line) - len(stripped)] + "# " + stripped
            lines.append(line)
        lines.append("")
    return "\n".join(lines) + "\n"


def parse_ranges(text: str) -> list[int]:
    """"1-3,7" -> [1, 2, 3, 7]."""
    numbers: list[int] = []
    for part in filter(None, text.split(",")):
        first, _, last = part.partition("-")
        numbers.extend(range(int(first), int(last or first) + 1))
    return numbers


def format_ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 7] -> "1-3,7"."""
    parts: list[list[int]] = []
    ordered = sorted(set(numbers))
    for number in ordered:
        if parts and number == parts[-1][1] + 1:
            parts[-1][1] = number
        else:
            parts.append([number, number])
    return ",".join(str(a) if a == b else f"{a}-{b}" for a, b in parts)


def cut(path: Path, recipe: dict[str, object]) -> str:
    """The model-only cut: the recipe's constants, then the kept lines of the file's script, in order."""
    lines = script(path).splitlines()
    kept = [lines[number - 1] for number in parse_ranges(str(recipe.get("keep", "")))]
    constants = [str(line) for line in recipe.get("constants", []) or []]  # type: ignore[attr-defined]
    header = ["# convcalc wild_keras cut: constants standing for the data, then the model-building lines"]
    return "\n".join(header + constants + kept) + "\n"
