"""Python's own functions and methods on known values (len, range, math.prod, "conv_{}".format(i)), computed
as Python would, with sizes bounded so that a file cannot exhaust memory (`[0] * 10 ** 12`)."""

from __future__ import annotations

import ast
import builtins
import math
import re
import string
from typing import Any

from .python_names import PURE_BUILTINS, PURE_MATH
from .scope import first_foreign
from .values import Unknown, first_unknown, located

MAX_INT_BITS = 4096
MAX_ITEMS = 1_000_000
MAX_PRODUCT_TERMS = 1000  # math.prod, sum, sorted of more items than a shape has
PURE_METHODS: dict[type, tuple[str, ...]] = {
    str: ("format", "join", "upper", "lower", "replace", "strip", "split", "startswith", "endswith"),
    dict: ("get", "items", "keys", "values"),
    list: ("index", "count"),
    tuple: ("index", "count"),
}


def check_size(source: str, node: ast.AST, op: type, left: Any, right: Any) -> None:
    """Refuse results too large to be a layer's argument before computing them."""
    too_big = False
    if op is ast.Pow and isinstance(left, int) and isinstance(right, int) and right > 0:
        too_big = abs(left) > 1 and right * max(abs(left).bit_length(), 1) > MAX_INT_BITS
    elif op is ast.Mult:
        sized, count = (left, right) if isinstance(right, int) else (right, left)
        if isinstance(sized, str | list | tuple) and isinstance(count, int):
            too_big = len(sized) * count > MAX_ITEMS
        elif isinstance(left, int) and isinstance(right, int):
            too_big = left.bit_length() + right.bit_length() > MAX_INT_BITS
    if too_big:
        raise located(source, node, f"{ast.unparse(node)} is too large to be part of a model")



def pure_method(source: str, owner: Any, name: str, args: list[Any], kwargs: dict[str, Any], node: ast.Call) -> Any:
    """A method of text, a dict or a list of known values ("conv_{}".format(i), config.get("units"))."""
    allowed = PURE_METHODS.get(type(owner), ())
    if name not in allowed or first_unknown([*args, *kwargs.values()]) or first_foreign([*args, *kwargs.values()]):
        return Unknown(node)
    if name == "format" and any(too_wide(spec or "") for _, _, spec, _ in string.Formatter().parse(owner)):
        return Unknown(node)
    grown = (sum(len(str(item)) for item in args[0]) if name == "join" and args and isinstance(args[0], list)
             else owner.count(str(args[0])) * len(str(args[1])) if name == "replace" and len(args) >= 2 else 0)
    if grown > MAX_ITEMS:
        raise located(source, node, f"{ast.unparse(node)} is too large to be part of a model")
    try:
        result = getattr(owner, name)(*args, **kwargs)
    except (LookupError, TypeError, ValueError) as error:
        raise located(source, node, f"{ast.unparse(node)} fails when run: {error}") from None
    return list(result) if name in ("items", "keys", "values") else result



def pure_call(source: str, name: str, args: list[Any], kwargs: dict[str, Any], node: ast.Call) -> Any:
    """A built-in or math function of known arguments."""
    function: Any = getattr(builtins, name) if name in PURE_BUILTINS else (
        getattr(math, name.removeprefix("math.")) if name.removeprefix("math.") in PURE_MATH else None)
    containers = ("len", "list", "tuple", "enumerate", "zip", "reversed")
    if function is None or (name not in containers and first_foreign([*args, *kwargs.values()])):
        return Unknown(node)
    sized = args[0] if name in ("math.prod", "sum", "sorted") and args else ()
    if (name == "range" and any(isinstance(a, int) and abs(a) > MAX_ITEMS for a in args)) or (
            isinstance(sized, list | tuple | range) and len(sized) > MAX_PRODUCT_TERMS):
        raise located(source, node, f"{ast.unparse(node)} is too long to read statically")
    try:
        result = function(*args, **kwargs)
    except (ArithmeticError, TypeError, ValueError) as error:
        raise located(source, node, f"{ast.unparse(node)} fails when run: {error}") from None
    if name in ("enumerate", "zip", "reversed") or isinstance(result, type({}.keys())):
        result = list(result)
        if len(result) > MAX_ITEMS:
            raise located(source, node, f"{ast.unparse(node)} is too long to read statically")
    return result




def too_wide(spec: str) -> bool:
    """A format spec asking for more than 1000 characters (f"{x:>1000000000}" would exhaust memory)."""
    return any(int(digits) > 1000 for digits in re.findall(r"\d+", spec))
