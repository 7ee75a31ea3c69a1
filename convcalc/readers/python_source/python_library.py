"""The standard library a script builds its model with: argparse. `parser.parse_args()` is what running the file
with no command-line arguments gives: each option's `default=` (its `type` applied to a text default, as argparse
does), False for a `store_true` flag, None where no default is given; a required option is unknown."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

from .arguments import Arguments
from .values import Unknown

# argparse's actions whose default is not None
FLAG_DEFAULTS = {"store_true": False, "store_false": True, "count": None}
TYPES = {"int": int, "float": float, "str": str}


@dataclass(eq=False)
class ArgumentParser:
    """argparse.ArgumentParser(): the options added to it, by their destination."""

    defaults: dict[str, Any] = field(default_factory=dict)


@dataclass(eq=False)
class Namespace:
    """What parse_args() gives: the options' values, read as attributes."""

    values: dict[str, Any]
    node: ast.AST


def _destination(arguments: Arguments) -> str | None:
    given = arguments.keywords.get("dest", (None, None))[0]
    if isinstance(given, str):
        return given
    names = [value for value, _ in arguments.positional if isinstance(value, str)]
    long = [name for name in names if name.startswith("--")]
    chosen = long[0] if long else names[0] if names else None
    return chosen.lstrip("-").replace("-", "_") if chosen else None


def parser_method(parser: ArgumentParser, name: str, arguments: Arguments) -> Any:
    """add_argument, add_argument_group (the same parser), parse_args and parse_known_args with no arguments."""
    node = arguments.node
    if name in ("add_argument_group", "add_mutually_exclusive_group"):
        return parser
    if name == "add_argument":
        destination = _destination(arguments)
        if destination is None:
            return None
        keywords = {key: value for key, (value, _) in arguments.keywords.items()}
        if keywords.get("required") is True:
            value: Any = Unknown(node, f"--{destination} is a required command-line option of the file")
        elif "default" in keywords:
            value = keywords["default"]
            convert = keywords.get("type")
            kind = TYPES.get(getattr(convert, "path", ""))
            if isinstance(value, str) and kind is not None:
                try:
                    value = kind(value)
                except ValueError:
                    value = Unknown(node)
        else:
            value = FLAG_DEFAULTS.get(str(keywords.get("action")))
        parser.defaults[destination] = value
        return None
    if name in ("parse_args", "parse_known_args") and not arguments.positional and not arguments.keywords:
        namespace = Namespace(dict(parser.defaults), node)
        return namespace if name == "parse_args" else (namespace, [])
    if name == "set_defaults":
        parser.defaults.update({key: value for key, (value, _) in arguments.keywords.items()})
        return None
    return Unknown(node)


def namespace_attribute(namespace: Namespace, node: ast.Attribute) -> Any:
    return namespace.values.get(node.attr, Unknown(node, f"the command line gives no --{node.attr} option"))
