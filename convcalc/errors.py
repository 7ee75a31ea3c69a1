"""Errors convcalc reports to users: one line each, never a traceback.

The engine and the layer registry raise location-free errors (they know no
files); the spec reader and `summarize` attach the file, line and layer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import ModelSpec

# Everything str.splitlines() breaks at: a name or key quoted from the spec must not split an error's line.
_LINE_BREAKS = str.maketrans({c: repr(c)[1:-1] for c in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"})


class ConvcalcError(Exception):
    """Anything wrong with what the user gave us (exit code 2 at the CLI); always one line."""

    def __str__(self) -> str:
        return super().__str__().translate(_LINE_BREAKS)

    def lines(self) -> list[str]:
        """What the command line prints, one `Error:` line each: this error, or every one it gathers."""
        return [str(self)]


class ArgumentError(ConvcalcError):
    """A layer argument has a value Keras would refuse."""

    def __init__(self, argument: str, message: str):
        super().__init__(message)
        self.argument = argument
        self.message = message


class ArgumentErrors(ArgumentError):
    """Several bad arguments of one layer; the first stands for them where one error is expected."""

    def __init__(self, errors: list[ArgumentError]):
        super().__init__(errors[0].argument, errors[0].message)
        self.errors = tuple(errors)


class ShapeError(ConvcalcError):
    """A layer cannot be applied to the shape it receives."""


class FeaturesError(ShapeError):
    """A module receives the wrong number of features (torch's Linear): `before` and `after` stand either side of
    where they came from, the input itself, or, when the engine knows it, the tensor flattened into them."""

    def __init__(self, before: str, after: str, shape: tuple[int | None, ...]):
        self.before, self.after, self.shape = before, after, shape
        super().__init__(f"{before} (input {_shape_text(shape)}){after}")

    def traced(self, flattened: tuple[int | None, ...]) -> str:
        """The message, the features shown as the product of the axes of `flattened`, the tensor Flatten read."""
        product = " × ".join(str(d) for d in flattened[1:])
        return f"{self.before} ({product} from the previous {_shape_text(flattened)}){self.after}"


def _shape_text(shape: tuple[int | None, ...]) -> str:
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


class Errors(ConvcalcError):
    """Every mistake found in one reading (a quiz, a roster, the files a command would overwrite), in line
    order; the command line prints each on its own line, as compilers do."""

    def __init__(self, errors: Sequence[ConvcalcError]):
        super().__init__(str(errors[0]))
        self.errors = tuple(errors)

    def lines(self) -> list[str]:
        return [line for error in self.errors for line in error.lines()]


def one_or_all(errors: Sequence[ConvcalcError]) -> ConvcalcError:
    """What to raise for the mistakes found: the one, or all of them."""
    return errors[0] if len(errors) == 1 else Errors(errors)


class CellLines(str):
    """A notebook's name that knows where each line of the Python text read from its code cells comes from.

    The notebook reader reads the cells as one text; readers and the engine pass this name on as the source of
    their errors, which then name the cell the learner sees (`lesson.ipynb: cell 7 (In [3]), line 2, column 5:`)
    rather than a line of a text that exists nowhere.
    """

    places: tuple[tuple[str, int, int], ...]  # per line of the text: its cell's label, its line there, columns cut

    def __new__(cls, name: str, places: Sequence[tuple[str, int, int]]) -> CellLines:
        made = super().__new__(cls, name)
        made.places = tuple(places)
        return made

    def where(self, line: int, column: int | None = None) -> str:
        """`cell 7 (In [3]), line 2` (and `, column 5`) for a line (and column) of the text."""
        if not self.places:
            return f"line {line}"
        label, cell_line, cut = self.places[min(max(line, 1), len(self.places)) - 1]
        return f"{label}, line {cell_line}" + ("" if column is None else f", column {column + cut}")


class SpecError(ConvcalcError):
    """A located error: `file:line: layer (Type): what is wrong` (`file:line:column:` when the column is known;
    `notebook: cell N, line L, column C:` in a notebook)."""

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None,
                 layer: str | None = None, kind: str | None = None, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.source = source
        self.line = line
        self.layer = layer
        self.kind = kind
        self.column = column

    @property
    def file_line(self) -> int | None:
        """The line in the file itself, where CI annotations point; None in a notebook (its body names the cell)."""
        return None if isinstance(self.source, CellLines) else self.line

    @property
    def body(self) -> str:
        """The error without its file and line, for reports that locate it themselves (CI annotations); in a
        notebook it starts with the cell, which no line of the file stands for."""
        cell = (f"{self.source.where(self.line, self.column)}: "
                if isinstance(self.source, CellLines) and self.line is not None else "")
        if self.layer is None:
            return (cell + self.message).translate(_LINE_BREAKS)
        subject = f"{self.layer} ({self.kind})" if self.kind else self.layer
        return f"{cell}{subject}: {self.message}".translate(_LINE_BREAKS)

    def __str__(self) -> str:
        if isinstance(self.source, CellLines):
            return f"{self.source}: {self.body}".translate(_LINE_BREAKS)
        where = []
        if self.source is not None:
            where.append(self.source)
        if self.line is not None:
            where.append(str(self.line))
            if self.column is not None:
                where.append(str(self.column))
        prefix = ":".join(where)
        return f"{prefix}: {self.body}".translate(_LINE_BREAKS) if prefix else self.body


class NoModel(SpecError):
    """The file makes no model at all (a Python file of helpers, a setup.py): `check` walking a directory skips it."""


class UnbuiltModel(SpecError):
    """A model Keras has not built, having never given it an input: `summary` prints it as Keras does (`?`
    shapes, `0 (unbuilt)` counts, from `spec`), with this message as a note; every other command refuses it."""

    def __init__(self, error: SpecError, spec: ModelSpec):
        super().__init__(error.message, source=error.source, line=error.line, column=error.column)
        self.spec = spec


class SpecErrors(SpecError):
    """Every mistake a reader found in one model file, in line order (at most MAX_REPORTED kept; `more` is
    how many were left out). It is the first of them wherever one error is expected."""

    MAX_REPORTED = 50

    def __init__(self, errors: list[SpecError], more: int = 0):
        first = errors[0]
        super().__init__(first.message, source=first.source, line=first.line, layer=first.layer, kind=first.kind)
        self.errors = tuple(errors)
        self.more = more

    def __str__(self) -> str:
        others = len(self.errors) - 1 + self.more
        return f"{self.errors[0]} (and {others} more error{'' if others == 1 else 's'})"

    def lines(self) -> list[str]:
        return [str(error) for error in self.errors] + ([f"... and {self.more} more"] if self.more else [])


def closest(word: object, choices: Iterable[str]) -> str | None:
    """The valid name closest to a misspelt one, or None when nothing is close."""
    import difflib  # only on a mistake: 0.8 ms of every run's start-up otherwise

    matches = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    if not matches:
        lowered = {c.lower(): c for c in choices}
        match = lowered.get(str(word).lower())
        matches = [match] if match else []
    return matches[0] if matches else None


def did_you_mean(word: object, choices: Iterable[str]) -> str:
    """' (did you mean X?)' for the closest valid name, or '' when nothing is close."""
    match = closest(word, choices)
    return f" (did you mean {match!r}?)" if match else ""
