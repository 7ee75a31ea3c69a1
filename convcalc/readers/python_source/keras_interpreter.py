"""The Keras plug-in of the interpreter: Keras's calls, objects and tensors (keras_calls.py and its mixins) mixed
into the framework-neutral Interpreter (statements.py), with how Keras is spelt (keras_names.py)."""

from __future__ import annotations

from typing import Any

from ..graph import KerasNames
from .keras_calls import KerasCalls
from .keras_names import MODEL, SEQUENTIAL, canonical, class_names, star_import
from .statements import Interpreter


class KerasInterpreter(KerasCalls, Interpreter):
    """Reads a file's Keras models, with Keras's per-session names (`names`) across them."""

    FRAMEWORK = "Keras"

    def __init__(self, source: str, names: KerasNames, settings: dict[str, str] | None = None):
        Interpreter.__init__(self, source, settings)
        KerasCalls.__init__(self, names)

    def canonical(self, path: str) -> str:
        return canonical(path)

    def framework_path(self, path: str) -> bool:
        return path.startswith("keras.")

    def model_maker(self, path: str) -> bool:
        return path in SEQUENTIAL | MODEL or path.startswith("keras.applications.")

    def star_import(self, module: str, name: str) -> bool:
        return star_import(module, name)

    def class_names(self, value: Any) -> Any:
        return class_names(value)
