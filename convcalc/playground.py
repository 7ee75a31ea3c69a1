"""The browser page's one call into convcalc (web/, run by Pyodide): a file's table, its layers' lines in that
table, the working of a selected layer and the mistakes at their lines, as one JSON document.

The page's JavaScript only moves text between the editor, this module and the screen. Every figure comes from
the same readers, engine and renderers as `convcalc summary` and `convcalc explain`, so the page shows what the
command line prints for the same file; `command` in the document is that command line.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Sequence
from typing import Any, NamedTuple

from . import engine, readers
from .errors import ConvcalcError, SpecError, UnbuiltModel
from .explain import Explanation, explain, note
from .model import ModelSpec, Summary, split_call
from .readers.files import INPUT_SIZE
from .render import summary_text

# The page's views: `convcalc summary FILE` and the options each adds, per framework (Keras's columns, torchinfo's).
VIEWS: dict[str, dict[str, tuple[str, ...]]] = {
    "summary": {"keras": (), "torch": ()},
    "costs": {"keras": ("--columns", "layer,output_shape,params,macs,flops,activations", "--costs", "--width",
                        "120"),
              "torch": ("--columns", "output_size,num_params,macs,flops,activations", "--costs")},
    "field": {"keras": ("--columns", "layer,output_shape,rf,jump,rf_start", "--width", "120"),
              "torch": ("--columns", "output_size,rf,jump,rf_start")},
}
SUFFIXES = {"python": ".py", "yaml": ".yaml", "json": ".json", "notebook": ".ipynb", "zip": ".keras", "hdf5": ".h5"}
NO_HDF5 = ("the page reads no .h5 files: convcalc reads them with h5py (pip install 'convcalc[h5]'), which "
           "Pyodide's npm package does not carry; run `convcalc summary {name}`, or save the model as .keras")


class Computed(NamedTuple):
    """The last file read: the page asks again for each view and each selected layer, with the text unchanged."""

    key: str
    spec: ModelSpec | None
    summary: Summary | None
    error: ConvcalcError | None
    notes: tuple[str, ...]


_last: list[Computed] = []


def file_name(text: str, stem: str) -> str:
    """The name the editor's text is saved under: `stem` with the suffix its content tells (Python, a YAML spec,
    a Keras JSON config, a notebook), as `convcalc summary -` tells standard input."""
    return os.path.splitext(stem)[0] + SUFFIXES[readers.kind_of(text.encode())]


def show(path: str, view: str = "summary", layer: str | None = None, input_size: str = "",
         model: str | None = None) -> str:
    """The JSON document the page draws for the model file at `path` (written there by the page); `input_size`
    is a PyTorch model's, as --input-size takes it, when the file gives none; `model` picks one of a Python file's
    or notebook's models, as --model does (see models())."""
    computed = _compute(path, input_size.strip(), model)
    document: dict[str, Any] = {"file": os.path.basename(path), "framework": None, "text": "", "rows": [],
                                "errors": [], "warnings": [], "notes": list(computed.notes), "explain": [],
                                "command": ""}
    if computed.error is not None:
        document["errors"] = _errors(computed.error)
        document["explain"] = _working_until(computed)
        return json.dumps(document)
    summary = computed.summary
    assert summary is not None  # a file read without an error has its summary
    options = VIEWS[view]["torch" if summary.framework == "torch" else "keras"]
    if input_size.strip():
        options = ("--input-size", input_size.strip(), *options)
    if model:
        options = ("--model", model, *options)
    document["framework"] = summary.framework
    document["command"] = " ".join(("convcalc", "summary", os.path.basename(path), *options))
    document["warnings"] = list(summary.warnings)
    try:
        document["text"] = summary_text.render(summary, "table", _columns(options), costs="--costs" in options,
                                               width=int(options[-1]) if "--width" in options else None).rstrip("\n")
    except ConvcalcError as error:
        document["errors"] = _errors(error)
        return json.dumps(document)
    document["rows"] = table_rows(summary, document["text"])
    if layer is not None:
        document["explain"] = _working(summary, layer)
    return json.dumps(document)


def _columns(options: tuple[str, ...]) -> tuple[str, ...] | None:
    return summary_text.parse_columns(options[options.index("--columns") + 1]) if "--columns" in options else None


def models(path: str, input_size: str = "") -> str:
    """A JSON list of the models a Python file or notebook makes, when it makes more than one: each with the name
    --model takes, a label (its kind and line), whether it is the one read by default and why it is refused. The
    page asks once the table is drawn, as this reads the file again."""
    if not readers.is_code(path):
        return "[]"
    settings = {INPUT_SIZE: input_size.strip()} if input_size.strip() else None
    try:
        if path.lower().endswith(".ipynb"):
            from .readers import notebook

            found = notebook.find_models(path, settings)
            where = notebook.read(path).source.where
        else:
            from .readers import python_source

            found = python_source.find_models(path, settings)
            where = "line {}".format
    except ConvcalcError:
        return "[]"
    from .readers.python_source import listed_names

    names = listed_names([model.name for model in found])
    return json.dumps([{"name": name, "label": f"{name} ({model.kind}, {where(model.line)})", "default": model.default,
                        "refused": None if model.refused is None else str(model.refused)}
                       for name, model in zip(names, found, strict=True)] if len(found) > 1 else [])


def _compute(path: str, input_size: str, model: str | None) -> Computed:
    with open(path, "rb") as file:
        key = f"{path}:{input_size}:{model}:{hashlib.sha1(file.read()).hexdigest()}"
    if _last and _last[0].key == key:
        return _last[0]
    spec, summary, error, notes = None, None, None, []
    if sys.platform == "emscripten" and path.lower().endswith((".h5", ".hdf5")):
        error = ConvcalcError(NO_HDF5.format(name=os.path.basename(path)))
        _last[:] = [Computed(key, None, None, error, ())]
        return _last[0]
    try:
        try:
            spec = readers.load(path, model=model or None,
                                settings={INPUT_SIZE: input_size} if input_size else None)
        except UnbuiltModel as unbuilt:  # Keras's table of it all the same, as `summary` prints it
            spec = unbuilt.spec
            notes.append(str(unbuilt))
        summary = engine.compute(spec)
    except ConvcalcError as failure:
        error = failure
    _last[:] = [Computed(key, spec, summary, error, tuple(notes))]
    return _last[0]


def _errors(error: ConvcalcError) -> list[dict[str, Any]]:
    """Each mistake as one line of text, with the line (and column) of the file it is at when it has one."""
    found: Sequence[ConvcalcError] = getattr(error, "errors", None) or (error,)
    return [{"text": line, "line": item.file_line if isinstance(item, SpecError) else None,
             "column": item.column if isinstance(item, SpecError) else None}
            for item in found for line in item.lines()]


def _sections(items: Sequence[Explanation], summary: Summary | None) -> list[dict[str, Any]]:
    convention = note(summary) if summary is not None else None
    return [{"title": item.title, "lines": list(item.lines), "note": convention} for item in items]


def _working(summary: Summary, layer: str) -> list[dict[str, Any]]:
    try:
        return _sections(explain(summary, layer), summary)
    except ConvcalcError as error:
        return [{"title": layer, "lines": [str(error)], "note": None}]


def _working_until(computed: Computed) -> list[dict[str, Any]]:
    """A model refused at a layer: the working up to it, as `convcalc explain` shows it before the error."""
    from .explain_failure import until_failure

    if computed.spec is None or not isinstance(computed.error, SpecError):
        return []
    found = until_failure(computed.spec, computed.error)
    return _sections([*found[0], found[1]], None) if found else []


def table_rows(summary: Summary, text: str) -> list[list[Any]]:
    """[line, layer, type] for each row of the table that has a working: the table's line where the layer's row
    starts, the name `explain` knows it by and its type."""
    lines = text.split("\n")
    if summary.framework == "torch":
        return _torch_rows(summary, lines)
    found: list[list[Any]] = []
    at = 0
    for row in summary.table_rows:
        name = split_call(row.name)[0]
        for index in range(at, len(lines)):
            if _starts_row(_first_cell(lines[index]), name):
                found.append([index, row.name, row.type])
                at = index + 1
                break
    return found


def _first_cell(line: str) -> str:
    """The text of a table line's first cell: Keras's box table (`│ conv2d (Conv2D) │ ...`) or tf.keras 2's."""
    return (line[2:] if line.startswith(("│ ", "┃ ")) else line).split(" │")[0].split("  ")[0].strip()


def _starts_row(cell: str, name: str) -> bool:
    """Whether a first cell starts the row of the layer `name`: the name and its type, or the start of a name too
    long for its column, folded there or cut with an ellipsis (Keras's table)."""
    start = cell.removesuffix("…")
    return cell == name or cell.startswith(name + " ") or (len(start) >= 3 and name.startswith(start))


def _torch_rows(summary: Summary, lines: list[str]) -> list[list[Any]]:
    """torchinfo's table: one line per row from the fourth (below its header), leaves with a working."""
    from .render.torchinfo import DEFAULT_DEPTH
    from .render.torchinfo_rows import rows

    shown = [row for row in rows(summary) if row.depth <= DEFAULT_DEPTH]
    return [[3 + index, row.layer.name, row.type] for index, row in enumerate(shown)
            if row.leaf and row.layer is not None and 3 + index < len(lines)]
