"""Readers turn a model file into a ModelSpec; `load` picks the reader from the file.

Every reader hands its layers to graph.ModelBuilder, so every command works on every format. Quizzes and
answer files are YAML read with lines (`read_mapping`) and written with `dump`.
"""

from __future__ import annotations

from ..errors import SpecError
from ..model import ModelSpec
from . import yaml_spec
from .files import STDIN, source_name
from .yaml_nodes import dump
from .yaml_spec import Budgets, parse, parse_mapping, read_mapping

__all__ = ["STDIN", "Budgets", "dump", "load", "load_with_budgets", "parse", "parse_mapping", "read_mapping",
           "source_name"]


def load(path: str, model: str | None = None) -> ModelSpec:
    """The model in a file ('-' for standard input); `model` picks one of several in a Python file."""
    if path.endswith(".py"):
        from . import python_source  # ast and the Python reader only for Python files (~9 ms)

        return python_source.load(path, model)
    if model is not None:
        raise SpecError(f"a spec holds one model; {model!r} can only pick one of a Python file's", source=path)
    return yaml_spec.load(path)


def load_with_budgets(path: str) -> tuple[ModelSpec, Budgets]:
    """The model in a file and the budgets written in it (only a YAML spec holds budgets)."""
    if path.endswith(".py"):
        return load(path), {}
    return yaml_spec.load_with_budgets(path)
