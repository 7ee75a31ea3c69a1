"""The names a file binds while it is read (Scope), what counts as plain Python data, and the limits that end a
reading."""

from __future__ import annotations

from typing import Any

from ...errors import SpecError

PLAIN = (int, float, str, bool, type(None), tuple, list, dict, range)


class Scope:
    """Names bound in the module or in one call of a function defined in the file."""

    def __init__(self, parent: Scope | None = None):
        self.names: dict[str, Any] = {}
        self.parent = parent
        self.star_imports: list[str] = []  # canonical modules of `from keras.layers import *`

    def lookup(self, name: str) -> tuple[bool, Any]:
        scope: Scope | None = self
        while scope is not None:
            if name in scope.names:
                return True, scope.names[name]
            scope = scope.parent
        return False, None


def first_foreign(values: list[Any]) -> bool:
    """Whether a value is something other than plain Python data (a layer, a model, a module)."""
    return any(not isinstance(v, PLAIN) or (isinstance(v, list | tuple) and first_foreign(list(v)))
               for v in values)


class Fatal(SpecError):
    """A limit of static reading (steps, call depth): it ends the reading instead of leaving one value unknown."""


class StatementTooLong(Fatal):
    """One statement of the module takes too many steps: it is left unknown, and the next one is read."""
