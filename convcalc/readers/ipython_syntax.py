"""IPython's own syntax in a notebook's code cells, turned into plain Python line for line (nothing is run).

A cell is taken as IPython takes it. A cell magic whose body is not Python (`%%bash`, `%%writefile`, `%%html`,
...) leaves the cell out; `%%time`, `%%timeit`, `%%capture` and `%%prun` time or capture a Python body, which is
kept. At the start of a logical line (not inside brackets, a string or a continued line), `!shell`, `%magic` and
`name?` help become `pass`, with their backslash-continued lines; `x = !ls` and `x = %sx ls` keep the assignment,
its value one only running the notebook gives (UNKNOWN, which errors name by the command); `%time statement`
keeps the statement. Every line stays where it was, so the Python reader's line numbers are the cell's own.
"""

from __future__ import annotations

import re
from typing import NamedTuple

PYTHON_CELL_MAGICS = frozenset(("time", "timeit", "capture", "prun"))
UNKNOWN = "get_ipython()"  # what IPython itself calls for an escaped command; the Python reader cannot evaluate it
_CELL_MAGIC = re.compile(r"\s*%%(\w*)")
_ASSIGNED = re.compile(r"(\s*(?:[^\W\d][\w.]*\s*,\s*)*[^\W\d][\w.]*\s*=\s*)([!%].*)")
_HELP = re.compile(r"\s*(?:\?{1,2}[^\s#?'\"]+|[^\s#?'\"]+\?{1,2})\s*(?:#.*)?")  # model?, ??np.zeros, x[0]?
_TIMED = re.compile(r"(\s*)(%time\s+)(\S.*)")
# `from __future__ import x` is only allowed first in a file; once the cells are joined it is not (and it changes
# nothing convcalc reads).
_FUTURE = re.compile(r"\s*from\s+__future__\s+import\s+[^(\\]*")


class CellText(NamedTuple):
    """A code cell as Python: one line for each of the cell's lines."""

    lines: list[str]
    cuts: list[int]  # columns taken off the start of each line (`%time ` before the statement it keeps)
    commands: dict[int, str]  # index of a line -> the command the unknown value there stands for (`!ls`)


def python_of(source: str) -> CellText | None:
    """The cell as Python; None for a cell magic whose body is not Python."""
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    cuts = [0] * len(lines)
    commands: dict[int, str] = {}
    first = next((index for index, line in enumerate(lines) if line.strip()), None)
    if first is not None and (magic := _CELL_MAGIC.match(lines[first])):
        if magic.group(1) not in PYTHON_CELL_MAGICS:
            return None
        lines[first] = ""
    scanner = _Scanner()
    continued = False  # the line before was an escaped command ending with a backslash: this one is part of it
    for index, line in enumerate(lines):
        if continued:
            continued, lines[index] = line.rstrip().endswith("\\"), ""
            continue
        if scanner.at_start and (timed := _TIMED.fullmatch(line)):
            cuts[index] = len(timed.group(2))
            line = lines[index] = timed.group(1) + timed.group(3)
        elif scanner.at_start and (replaced := _replace(line, index, commands)) is not None:
            continued, lines[index] = line.rstrip().endswith("\\"), replaced
            continue
        scanner.feed(line)
    return CellText(lines, cuts, commands)


def _replace(line: str, index: int, commands: dict[int, str]) -> str | None:
    """The Python for an escaped command or help at the start of a logical line; None for a line of Python."""
    stripped = line.lstrip()
    indent = line[:len(line) - len(stripped)]
    if stripped.startswith(("!", "%")) or _HELP.fullmatch(line) or _FUTURE.fullmatch(line):
        return indent + "pass"
    if assigned := _ASSIGNED.fullmatch(line):
        commands[index] = assigned.group(2).rstrip(" \\")
        return assigned.group(1) + UNKNOWN
    return None


class _Scanner:
    """Follows brackets, strings and backslashes across lines, to tell where a logical line starts."""

    def __init__(self) -> None:
        self.depth = 0
        self.quote = ""  # the delimiter of the string the line ends in: ', ", ''' or \"\"\"
        self.continued = False

    @property
    def at_start(self) -> bool:
        return not (self.depth or self.quote or self.continued)

    def feed(self, line: str) -> None:
        index, end, escaped_end, comment = 0, len(line), False, False
        while index < end:
            char = line[index]
            if self.quote:
                if char == "\\":
                    escaped_end = index + 1 == end
                    index += 2
                    continue
                if line.startswith(self.quote, index):
                    index += len(self.quote)
                    self.quote = ""
                    continue
            elif char == "#":
                comment = True
                break
            elif char in "'\"":
                self.quote = char * 3 if line.startswith(char * 3, index) else char
                index += len(self.quote)
                continue
            elif char in "([{":
                self.depth += 1
            elif char in ")]}":
                self.depth = max(0, self.depth - 1)
            index += 1
        if len(self.quote) == 1 and not escaped_end:
            self.quote = ""  # a string left open at the end of its line: Python's parser will say so
        self.continued = not (self.quote or comment) and line.rstrip().endswith("\\")
