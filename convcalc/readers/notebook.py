"""Jupyter notebooks (.ipynb) read directly: the code cells, in order, read as one Python file (never run).

The notebook's JSON (nbformat 4, or 3) is read strictly; its code cells, IPython syntax made plain Python
(ipython_syntax.py), are joined into one text that python_source reads as it reads a .py file. Errors name the
cell: cells are numbered as the notebook holds them, from 1, markdown and raw cells included (the number VS Code
and JupyterLab's cell navigation show, and the one that stays put when cells are re-run), followed by the
execution count Jupyter prints beside a cell that was run: `lesson.ipynb: cell 7 (In [3]), line 2, column 5:`.
A cell that is not valid Python is left out with a warning, so that the others are still read; if the model
then cannot be read, its error comes with the cell's.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple

from ..errors import CellLines, SpecError, SpecErrors
from ..model import ModelSpec
from . import python_source
from .files import decode_text, read_bytes, source_name
from .ipython_syntax import UNKNOWN, python_of

MAX_NOTEBOOK_BYTES = 100 * 1024 * 1024  # plots saved in the outputs make notebooks far larger than their code
_LINE = re.compile(r"\bline (\d+)\b")


class Notebook(NamedTuple):
    """The Python of a notebook's code cells and what its errors need to name the cells."""

    text: str
    source: CellLines  # the notebook's name, mapping each line of `text` to its cell
    commands: dict[int, str]  # line of `text` -> the IPython command an unknown value there stands for
    broken: tuple[SpecError, ...]  # the cells left out as not valid Python, each error at its place


def load(path: str, model: str | None = None, settings: dict[str, str] | None = None) -> ModelSpec:
    """The model `model` (a variable or Keras name; default: the last one made) of a notebook, with the values
    `settings` (--set) gives to the names it assigns."""
    return model_of(read(path), model, settings)


def model_of(notebook: Notebook, model: str | None = None, settings: dict[str, str] | None = None) -> ModelSpec:
    """The model `model` (default: the last one made) of a notebook read."""
    with _located(notebook):
        spec = python_source.parse(notebook.text, notebook.source, model, settings)
    return spec._replace(warnings=_left_out(notebook) + tuple(_relocated_warning(warning, notebook)
                                                                for warning in spec.warnings))


def find_models(path: str, settings: dict[str, str] | None = None) -> list[python_source.FoundModel]:
    """Every model the notebook makes, in the order it makes them (their lines are lines of its Python text)."""
    notebook = read(path)
    with _located(notebook):
        return python_source.models_in(notebook.text, notebook.source, settings)


def listing(path: str, settings: dict[str, str] | None = None) -> str:
    """`summary --list-models`: each model, the cell that makes it, the variables holding it, the default marked,
    and why each one that cannot be read is refused."""
    notebook = read(path)
    with _located(notebook):
        models = python_source.models_in(notebook.text, notebook.source, settings)
    lines = [f"{path}:"]
    for model, name in zip(models, python_source.listed_names([model.name for model in models]), strict=True):
        held = f"  {', '.join(model.variables)}" if model.variables else ""
        default = "  (default)" if model.default else ""
        lines.append(f"  {name}  ({model.kind}, {notebook.source.where(model.line)}){held}{default}")
        if model.refused is not None:
            lines.append(f"    refused: {_relocated(model.refused, notebook)}")
    return "\n".join(lines + [f"  Warning: {warning}" for warning in _left_out(notebook)])


def read(path: str) -> Notebook:
    return parse(read_bytes(path, MAX_NOTEBOOK_BYTES), source_name(path))


def parse(data: bytes, name: str) -> Notebook:
    """The Python of a notebook's code cells; a SpecError (one line) for what is not a Python notebook."""
    text = decode_text(data, name, "notebook JSON")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise SpecError(f"not valid notebook JSON: {error.msg}", source=name, line=error.lineno,
                        column=error.colno) from None
    except RecursionError:
        raise SpecError("not a notebook: its JSON is nested too deeply", source=name) from None
    lines: list[str] = []
    places: list[tuple[str, int, int]] = []
    commands: dict[int, str] = {}
    broken: list[tuple[int, int | None, str]] = []  # (line of the text, column, message)
    for label, code in _code_cells(document, name):
        start = len(lines)
        cell = python_of(code)
        if cell is None:  # %%bash and the like: no Python, but its lines keep their place
            cell_lines, cuts = [""] * (code.count("\n") + 1), [0] * (code.count("\n") + 1)
        else:
            cell_lines, cuts = cell.lines, cell.cuts
            commands.update({start + index + 1: command for index, command in cell.commands.items()})
            problem = _syntax_problem("\n".join(cell_lines) + "\n")
            if problem is not None:
                line, column, message = problem
                broken.append((start + min(max(line, 1), len(cell_lines)), column, message))
                cell_lines = [""] * len(cell_lines)
        lines += cell_lines
        places += [(label, number, cut) for number, cut in enumerate(cuts, 1)]
    source = CellLines(name, places)
    return Notebook("\n".join(lines) + "\n", source, commands,
                    tuple(SpecError(message, source=source, line=line, column=column)
                          for line, column, message in broken))


def _code_cells(document: Any, name: str) -> Iterator[tuple[str, str]]:
    """(label, source) of each code cell in order; labels number all cells from 1, as the notebook holds them."""
    if not isinstance(document, dict) or "nbformat" not in document:
        raise SpecError("not a Jupyter notebook: its JSON has no `nbformat`", source=name)
    version = document["nbformat"]
    if version not in (3, 4) or isinstance(version, bool):
        raise SpecError(f"nbformat {version!r} is not read: convcalc reads notebooks of nbformat 4 (and 3)",
                        source=name)
    metadata = document.get("metadata")
    language = _language(metadata if isinstance(metadata, dict) else {})
    if language is not None and language.lower() != "python":
        raise SpecError(f"a notebook in {language}: convcalc reads Keras code in Python", source=name)
    if version == 4:
        cells = document.get("cells")
        source_key, count_key = "source", "execution_count"
    else:
        worksheets = document.get("worksheets")
        cells = [cell for sheet in worksheets if isinstance(sheet, dict) and isinstance(sheet.get("cells"), list)
                 for cell in sheet["cells"]] if isinstance(worksheets, list) else None
        source_key, count_key = "input", "prompt_number"
    if not isinstance(cells, list):
        raise SpecError(f"not a Jupyter notebook: nbformat {version} keeps its cells in a list "
                        f"(`{'cells' if version == 4 else 'worksheets'}`)", source=name)
    for number, cell in enumerate(cells, 1):
        if not isinstance(cell, dict) or not isinstance(cell.get("cell_type"), str):
            raise SpecError(f"cell {number} is not a notebook cell (an object with a `cell_type`)", source=name)
        if cell["cell_type"] != "code" or cell.get("language", "python") != "python":
            continue
        code, count = cell.get(source_key, ""), cell.get(count_key)
        if isinstance(code, list) and all(isinstance(part, str) for part in code):
            code = "".join(code)
        if not isinstance(code, str):
            raise SpecError(f"cell {number}: `{source_key}` must be text or a list of lines", source=name)
        shown = count if isinstance(count, int) and not isinstance(count, bool) else None
        yield f"cell {number}" + ("" if shown is None else f" (In [{shown}])"), code


def _language(metadata: dict[str, Any]) -> str | None:
    """The notebook's language where its metadata says it (language_info, else the kernelspec)."""
    for key, field in (("language_info", "name"), ("kernelspec", "language")):
        table = metadata.get(key)
        if isinstance(table, dict) and isinstance(table.get(field), str):
            return str(table[field])
    return None


def _syntax_problem(text: str) -> tuple[int, int | None, str] | None:
    """(line, column, message) of what stops a cell compiling on its own; None when it compiles (never runs)."""
    try:
        with warnings.catch_warnings():  # SyntaxWarnings (an invalid escape) are the notebook's business
            warnings.simplefilter("ignore")
            # Not the notebook's path: Python would read the line of a real file to place the column.
            compile(text, "<cell>", "exec", dont_inherit=True)
    except SyntaxError as error:
        return error.lineno or 1, error.offset, f"{error.msg}; the cell was left out"
    except ValueError as error:  # a NUL character, in some Python versions
        return 1, None, f"{error}; the cell was left out"
    except (RecursionError, MemoryError):
        return 1, None, "the Python code is nested too deeply to parse; the cell was left out"
    return None


def _left_out(notebook: Notebook) -> tuple[str, ...]:
    return tuple(str(error) for error in notebook.broken)


@contextmanager
def _located(notebook: Notebook) -> Iterator[None]:
    """The Python reader's errors, with the lines in their messages named by cell, and the left-out cells' errors
    before them when there are any (the model may need what such a cell defines)."""
    try:
        yield
    except SpecError as error:
        found = list(error.errors) if isinstance(error, SpecErrors) else [error]
        every = sorted([*notebook.broken, *(_relocated(one, notebook) for one in found)],
                       key=lambda one: (one.line is None, one.line or 0))
        if len(every) == 1:
            raise every[0] from None
        raise SpecErrors(every, error.more if isinstance(error, SpecErrors) else 0) from None


def _relocated(error: SpecError, notebook: Notebook) -> SpecError:
    """The error, its message naming cells for the lines it mentions and the command an unknown value stands for."""
    message = _LINE.sub(lambda match: notebook.source.where(int(match.group(1))), error.message).replace(
        "running the file", "running the notebook")
    command = notebook.commands.get(error.line) if error.line is not None else None
    if command is not None:
        message = message.replace(UNKNOWN, f"`{command}`")
    if message == error.message:
        return error
    return type(error)(message, source=error.source, line=error.line, layer=error.layer, kind=error.kind,
                       column=error.column)


def _relocated_warning(warning: str, notebook: Notebook) -> str:
    """A warning the Python reader wrote as `name:line: ...`, with the cell instead."""
    prefix = f"{notebook.source}:"
    if not warning.startswith(prefix):
        return warning
    line, _, rest = warning[len(prefix):].partition(": ")
    return f"{notebook.source}: {notebook.source.where(int(line))}: {rest}" if line.isdecimal() else warning
