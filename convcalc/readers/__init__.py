"""Readers turn a model file into a ModelSpec; `load` picks the reader from the file.

Every reader hands its layers to graph.ModelBuilder, so every command works on every format: the YAML
spec, Keras's own files (keras_config: .keras archives and JSON configs) and Keras code (python_source), in
.py files or Jupyter notebooks (notebook: the code cells read as one Python file).
Quizzes and answer files are YAML read with lines (`read_mapping`) and written with `dump`.
"""

from __future__ import annotations

import os
import re

from ..errors import SpecError
from ..model import ModelSpec
from . import yaml_spec
from .files import HDF5_MAGIC, STDIN, ZIP_MAGIC, decode_text, default_model_name, peek, read_bytes, source_name
from .yaml_nodes import dump
from .yaml_spec import Budgets, parse, parse_mapping, read_mapping

__all__ = ["STDIN", "Budgets", "dump", "is_code", "kind_of", "listing", "load", "load_with_budgets", "parse",
           "parse_mapping", "read_mapping", "source_name"]
CODE_SUFFIXES = (".py", ".ipynb")  # Keras code, read with the Python reader


def is_code(path: str) -> bool:
    """Whether the file holds Keras code (a .py file or a notebook), which may make several models."""
    return path.lower().endswith(CODE_SUFFIXES)


def listing(path: str, settings: dict[str, str] | None = None) -> str:
    """`summary --list-models`: the models a .py file or notebook makes."""
    if path.lower().endswith(".ipynb"):
        from . import notebook

        return notebook.listing(path, settings)
    from .python_source import listing as python_listing

    return python_listing(path, settings)


def load(path: str, declare_unknown: bool = False, model: str | None = None,
         settings: dict[str, str] | None = None) -> ModelSpec:
    """The model in a file ('-' for standard input): a YAML spec, a .keras archive, a Keras JSON config or
    Keras code in a .py file or a notebook (`model` picks one of several there, `settings` gives values to names
    it assigns).

    `declare_unknown` (for convert): a Keras layer convcalc cannot compute becomes a Declared entry to fill in.
    """
    if path.lower().endswith(".ipynb"):
        from . import notebook

        return notebook.load(path, model, settings)
    if path.endswith(".py"):
        from . import python_source  # ast and the Python reader only for Python files (~9 ms)

        return python_source.load(path, model, settings)
    return load_with_budgets(path, declare_unknown, settings, model)[0]


def load_with_budgets(path: str, declare_unknown: bool = False, settings: dict[str, str] | None = None,
                      model: str | None = None) -> tuple[ModelSpec, Budgets]:
    """The model in a file and the budgets written in it (only a YAML spec holds budgets)."""
    if is_code(path):
        return load(path, model=model, settings=settings), {}
    source = source_name(path)
    data = read_bytes(path) if path == STDIN else None  # standard input is read once, then told by its content
    kind = _kind(path, data)
    if kind == "python":
        from . import python_source

        return python_source.parse(decode_text(data or b"", source, "Python text"), source, model, settings), {}
    if model is not None:
        raise SpecError(f"a spec holds one model; {model!r} can only pick one of a Python file's or notebook's",
                        source=path)
    if settings:
        raise SpecError(f"--set {next(iter(settings))}=...: --set gives values to the names Python code assigns, "
                        "and this file is not a .py file or a notebook", source=source)
    if kind == "yaml":
        if data is None:
            return yaml_spec.load_with_budgets(path)
        return yaml_spec.parse_with_budgets(decode_text(data, source), source, default_model_name(path))
    if kind == "notebook":  # only told by its content on standard input: a .ipynb file went to load()
        from . import notebook

        return notebook.model_of(notebook.parse(data or b"", source)), {}
    from . import keras_config  # zipfile and json only for Keras's files (~3 ms)

    if kind == "hdf5":
        return keras_config.from_hdf5(path, source, data, declare_unknown), {}
    if kind == "zip":
        return keras_config.from_archive(path, source, data, declare_unknown), {}
    return keras_config.from_json(data if data is not None else read_bytes(path), source,
                                  declare_unknown=declare_unknown), {}


# Python code on standard input: a line importing a module (no YAML spec has one) or assigning with `=`.
_PYTHON = re.compile(rb"^(?:import [\w.]+|from [\w.]+ import |[A-Za-z_]\w* *= *[\w(\[])", re.MULTILINE)


def kind_of(data: bytes) -> str:
    """What text or bytes hold, told by their content as standard input is: python, yaml, json (a Keras config),
    notebook, zip (a .keras archive) or hdf5."""
    return _kind(STDIN, data)


def _kind(path: str, data: bytes | None) -> str:
    """yaml, zip (a .keras archive), json (a Keras config), hdf5, or notebook and python (on standard input): by the
    suffix, else by the first bytes."""
    suffix = os.path.splitext(path)[1].lower() if path != STDIN else ""
    named = {".h5": "hdf5", ".hdf5": "hdf5", ".keras": "zip", ".json": "json"}.get(suffix)
    if named:
        return named
    head = data if data is not None else peek(path, len(HDF5_MAGIC))
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head.startswith(HDF5_MAGIC):
        return "hdf5"
    if data is not None and data.lstrip()[:1] == b"{" and b'"nbformat"' in data and b'"cells"' in data:
        return "notebook"
    if data is not None and data.lstrip()[:1] == b"{" and b'"class_name"' in data[:4096]:
        return "json"
    if data is not None and _PYTHON.search(data[:65536]):
        return "python"
    return "yaml"
