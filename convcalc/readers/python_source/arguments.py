"""A call's arguments, evaluated: what every call the interpreter reads is given."""

from __future__ import annotations

import ast
from typing import Any


class Arguments:
    """Positional values with their nodes, keywords with theirs."""

    def __init__(self, node: ast.Call):
        self.node = node
        self.positional: list[tuple[Any, ast.AST]] = []
        self.keywords: dict[str, tuple[Any, ast.AST]] = {}

    def values(self) -> list[Any]:
        return [value for value, _ in self.positional] + [value for value, _ in self.keywords.values()]
