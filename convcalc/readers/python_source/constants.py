"""Constant evaluation: literals, names, arithmetic, tuples, subscripts, comprehensions and f-strings.

Only what Python defines without running anything outside the expression; anything else is an Unknown (see
values.py). Sizes are bounded so that `10 ** 10 ** 9` or `[0] * 10 ** 12` in a file cannot exhaust memory.
"""

from __future__ import annotations

import ast
import dataclasses
import math
import operator
from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

from ...errors import SpecError
from .pure_python import MAX_ITEMS, check_size, pure_call, pure_method, too_wide
from .python_names import PURE_BUILTINS
from .scope import PLAIN, Fatal, Scope, StatementTooLong
from .values import (
    Array,
    Dynamic,
    FrameworkObject,
    Function,
    Ref,
    SymbolicTensor,
    Unknown,
    UserClass,
    first_unknown,
    located,
    refusal,
)

MAX_STEPS = 2_000_000  # the whole file
MAX_STATEMENT_STEPS = 200_000  # one statement of the module (a training loop over known epochs), then it is unknown

BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
          ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod, ast.Pow: operator.pow}
COMPARE = {ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
           ast.Gt: operator.gt, ast.GtE: operator.ge, ast.In: lambda a, b: a in b,
           ast.NotIn: lambda a, b: a not in b, ast.Is: operator.is_, ast.IsNot: operator.is_not}

class Evaluator:
    """Evaluates expressions in a Scope; calls are left to `call` (calls.py), a framework's tensors to its plug-in.

    `settings` are the values `--set NAME=VALUE` gives: they replace whatever the file assigns to NAME.
    """

    def __init__(self, source: str, settings: dict[str, str] | None = None):
        self.source = source
        self.steps = 0
        self.settings = dict(settings or {})  # NAME -> the expression --set gives it
        self.settings_used: set[str] = set()
        self.statement: ast.stmt | None = None  # the statement being read, which an unknown bound here came from
        self.statement_steps = 0  # spent on the module's current statement

    def call(self, node: ast.Call, scope: Scope) -> Any:
        raise NotImplementedError

    if TYPE_CHECKING:  # operations on a framework's tensors and arrays, by its plug-in; hooks of calls.py
        FRAMEWORK: str
        def tensor_binary(self, node: ast.BinOp, left: Any, right: Any) -> Any: ...
        def tensor_negative(self, node: ast.UnaryOp, tensor: Any) -> Any: ...
        def tensor_index(self, node: ast.Subscript, tensor: Any, index: Any) -> Any: ...
        def tensor_compare(self, node: ast.Compare, op: ast.cmpop, left: Any, right: Any) -> Any: ...
        def unpacked_tensor(self, target: ast.expr, tensor: Any) -> Unknown: ...
        def star_import(self, module: str, name: str) -> bool: ...
        def class_names(self, value: Any) -> Any: ...
        def array_binary(self, node: ast.BinOp, left: Any, right: Any) -> Any: ...
        def attribute(self, value: Any, node: ast.Attribute) -> Any: ...
        def assign_item(self, target: ast.expr, value: Any, scope: Scope) -> None: ...
        def object_index(self, node: ast.Subscript, value: Any, index: Any) -> Any: ...
        def array_index(self, node: ast.Subscript, array: Array, index: Any) -> Any: ...

    def require(self, value: Any, use: ast.AST | None = None, tensor: bool = False) -> Any:
        """The value, which the model needs (at `use`; a `tensor` it is built from): refuse it if only running the
        file gives it."""
        unknown = first_unknown(value)
        if unknown is not None:
            raise refusal(self.source, unknown, getattr(use, "lineno", None), tensor)
        return value

    def spend(self, node: ast.AST) -> None:
        self.steps += 1
        self.statement_steps += 1
        if self.statement_steps > MAX_STATEMENT_STEPS:
            self.statement_steps = -1_000_000_000  # raised once; the module's next statement starts again
            raise StatementTooLong(f"reading this statement statically takes more than {MAX_STATEMENT_STEPS:,} "
                                   "steps (a loop over much data?)", source=self.source,
                                   line=getattr(node, "lineno", None))
        if self.steps > MAX_STEPS:
            raise Fatal(f"reading the file statically takes more than {MAX_STEPS:,} steps; write the loops that "
                        "build the model with fewer iterations", source=self.source, line=getattr(node, "lineno", None))

    def evaluate(self, node: ast.expr, scope: Scope) -> Any:
        self.spend(node)
        method = getattr(self, f"_eval_{type(node).__name__}", None)
        return method(node, scope) if method else Unknown(node)

    def _eval_Constant(self, node: ast.Constant, scope: Scope) -> Any:
        return node.value

    def _eval_Name(self, node: ast.Name, scope: Scope) -> Any:
        found, value = scope.lookup(node.id)
        if found:
            return value
        if node.id == "__name__":
            return "__main__"
        if node.id in PURE_BUILTINS or node.id in ("print", "display", "super", "type"):
            return Ref(node.id)
        star: Scope | None = scope
        while star is not None:
            for module in star.star_imports:
                if self.star_import(module, node.id):
                    return Ref(f"{module}.{node.id}")
            star = star.parent
        return Unknown(node)

    def _eval_Attribute(self, node: ast.Attribute, scope: Scope) -> Any:
        value = self.evaluate(node.value, scope)
        if isinstance(value, Ref):
            if value.path == "math" and node.attr in ("pi", "e"):
                return getattr(math, node.attr)
            return Ref(f"{value.path}.{node.attr}")
        if isinstance(value, Unknown):
            return value
        return self.attribute(value, node)

    def _sequence(self, nodes: list[ast.expr], scope: Scope) -> list[Any]:
        items: list[Any] = []
        for item in nodes:
            if isinstance(item, ast.Starred):
                value = self.evaluate(item.value, scope)
                if not isinstance(value, list | tuple | range | str):
                    return [value if isinstance(value, Unknown) else Unknown(item)]
                items.extend(value)
            else:
                items.append(self.evaluate(item, scope))
        return items

    def _eval_Tuple(self, node: ast.Tuple, scope: Scope) -> Any:
        return tuple(self._sequence(node.elts, scope))

    def _eval_List(self, node: ast.List, scope: Scope) -> Any:
        return self._sequence(node.elts, scope)

    def _eval_Dict(self, node: ast.Dict, scope: Scope) -> Any:
        result: dict[Any, Any] = {}
        for key_node, value_node in zip(node.keys, node.values, strict=True):
            value = self.evaluate(value_node, scope)
            if key_node is None:
                if not isinstance(value, dict):
                    return Unknown(value_node)
                result.update(value)
                continue
            key = self.evaluate(key_node, scope)
            if not isinstance(key, int | float | str | bool | tuple | type(None)):
                return Unknown(key_node)
            result[key] = value
        return result

    def _eval_BinOp(self, node: ast.BinOp, scope: Scope) -> Any:
        left, right = self.evaluate(node.left, scope), self.evaluate(node.right, scope)
        for side in (left, right, *(right if isinstance(left, str) and isinstance(right, tuple) else ())):
            if isinstance(side, Unknown):  # "%s/%d" % (path, epoch): an unknown formatted is unknown
                return side
        function = BINARY.get(type(node.op))
        if isinstance(left, Dynamic) or isinstance(right, Dynamic):  # `height * self.block_size` in a call
            sizes = all(isinstance(side, Dynamic) or isinstance(side, int) and not isinstance(side, bool)
                        for side in (left, right))
            return Dynamic() if sizes and function is not None else Unknown(node)
        if isinstance(left, SymbolicTensor) or isinstance(right, SymbolicTensor):
            return self.tensor_binary(node, left, right)
        if isinstance(left, Array) or isinstance(right, Array):
            return self.array_binary(node, left, right)
        if function is None or not isinstance(left, PLAIN) or not isinstance(right, PLAIN):
            return Unknown(node)
        check_size(self.source, node, type(node.op), left, right)
        try:
            return function(left, right)
        except (ArithmeticError, TypeError, ValueError) as error:
            raise located(self.source, node, f"{ast.unparse(node)} fails when run: {error}") from None

    def _eval_UnaryOp(self, node: ast.UnaryOp, scope: Scope) -> Any:
        value = self.evaluate(node.operand, scope)
        if isinstance(value, Unknown):
            return value
        if isinstance(value, SymbolicTensor) and isinstance(node.op, ast.USub):
            return self.tensor_negative(node, value)
        if isinstance(node.op, ast.Not):
            truth = self.truth(value, node)
            return truth if isinstance(truth, Unknown) else not truth
        if not isinstance(value, int | float):
            return Unknown(node)
        if isinstance(node.op, ast.USub):
            return -value
        return +value if isinstance(node.op, ast.UAdd) else ~value if isinstance(value, int) else Unknown(node)

    def setting(self, name: str, scope: Scope) -> Any:
        """The value --set gives NAME: its expression read where the file assigns NAME, with the file's names (so
        `np.zeros((100, 28, 28))` reads as the file's numpy would); refused if only running could tell it."""
        text = self.settings[name]
        try:
            node = ast.parse(text, mode="eval").body
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            raise SpecError(f"--set {name}={text}: not a Python expression", source=self.source) from None
        given = Scope(scope)  # an array's shape may be given as np.zeros((...)) though the file has no numpy
        given.names.update({alias: Ref("numpy") for alias in ("np", "numpy") if not scope.lookup(alias)[0]})
        value = self.evaluate(node, given)
        if first_unknown(value) is not None:
            raise SpecError(f"--set {name}={text}: convcalc reads this value without running it and cannot evaluate "
                            "it; write a literal (10, (180, 180), ['cat', 'dog']) or arithmetic on literals",
                            source=self.source, line=getattr(self.statement, "lineno", None))
        return value

    def truth(self, value: Any, node: ast.AST) -> bool | Unknown:
        """`if value:`: plain values as Python says; layers, models, functions and modules are true, as Python
        objects are; a tensor's truth only running the file gives."""
        if isinstance(value, Unknown):
            return value
        if isinstance(value, PLAIN):
            return bool(value)
        if isinstance(value, FrameworkObject | Function | UserClass | Ref):
            return True
        return Unknown(node)

    def _eval_BoolOp(self, node: ast.BoolOp, scope: Scope) -> Any:
        value: Any = None
        for item in node.values:
            value = self.evaluate(item, scope)
            truth = self.truth(value, node)
            if isinstance(truth, Unknown):
                return truth
            if truth == isinstance(node.op, ast.Or):
                return value
        return value

    def _eval_Compare(self, node: ast.Compare, scope: Scope) -> Any:
        left = self.evaluate(node.left, scope)
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = self.evaluate(right_node, scope)
            for side in (left, right):
                if isinstance(side, Unknown):
                    return side
            identity = isinstance(op, ast.Is | ast.IsNot)  # `self.projection is None`: objects are what they are
            if isinstance(op, ast.Eq | ast.NotEq | ast.In | ast.NotIn):  # `type(layer) in [layers.Conv2D, ...]`
                left, right = self.class_names(left), self.class_names(right)
            if not identity and (not isinstance(left, PLAIN) or not isinstance(right, PLAIN)):
                tensors = isinstance(left, SymbolicTensor) or isinstance(right, SymbolicTensor)
                if tensors and len(node.ops) == 1:  # `source != 0`: an operation giving a mask
                    return self.tensor_compare(node, op, left, right)
                return Unknown(node, f"{ast.unparse(node)} compares a {self.FRAMEWORK} tensor, an operation convcalc "
                                     "does not model" if tensors else "")
            try:
                if not COMPARE[type(op)](left, right):
                    return False
            except TypeError:
                return Unknown(node)
            left = right
        return True

    def _eval_IfExp(self, node: ast.IfExp, scope: Scope) -> Any:
        test = self.evaluate(node.test, scope)
        truth = self.truth(test, node.test)
        if isinstance(truth, Unknown):
            return truth
        return self.evaluate(node.body if truth else node.orelse, scope)

    def _eval_Subscript(self, node: ast.Subscript, scope: Scope) -> Any:
        value = self.evaluate(node.value, scope)
        index = self.evaluate(node.slice, scope)
        if isinstance(value, Array):
            return self.array_index(node, value, index)
        for part in (value, index):
            if isinstance(part, Unknown):
                return part
        if isinstance(value, SymbolicTensor):
            return self.tensor_index(node, value, index)
        if isinstance(value, FrameworkObject):  # `model.classifier[6]`
            return self.object_index(node, value, index)
        if not isinstance(value, list | tuple | str | dict | range):
            return Unknown(node)
        try:
            return value[index]
        except (LookupError, TypeError) as error:
            raise located(self.source, node, f"{ast.unparse(node)} fails when run: {error!r}") from None

    def _eval_Slice(self, node: ast.Slice, scope: Scope) -> Any:
        parts = [None if part is None else self.evaluate(part, scope) for part in (node.lower, node.upper, node.step)]
        for part in parts:
            if isinstance(part, Unknown) or not (part is None or isinstance(part, int)):
                return part if isinstance(part, Unknown) else Unknown(node)
        return slice(*parts)

    def _eval_JoinedStr(self, node: ast.JoinedStr, scope: Scope) -> Any:
        text = []
        for part in node.values:
            if isinstance(part, ast.Constant):
                text.append(str(part.value))
                continue
            assert isinstance(part, ast.FormattedValue)
            value = self.evaluate(part.value, scope)
            if isinstance(value, Unknown) or not isinstance(value, int | float | str):
                return value if isinstance(value, Unknown) else Unknown(part.value)
            spec = self.evaluate(part.format_spec, scope) if part.format_spec else ""
            if isinstance(spec, Unknown) or not isinstance(spec, str) or too_wide(spec):
                return spec if isinstance(spec, Unknown) else Unknown(part)
            try:
                text.append(format(value, spec))
            except ValueError as error:
                raise located(self.source, part, f"{ast.unparse(node)} fails when run: {error}") from None
        return "".join(text)

    def iterate(self, value: Any, node: ast.AST) -> list[Any] | Unknown:
        """The items a `for` or a comprehension goes through, when known."""
        if isinstance(value, Unknown):
            return value
        if isinstance(value, list | tuple | range | str | dict):
            if len(value) > MAX_ITEMS:
                raise located(self.source, node, f"a loop over {len(value):,} items is too long to read statically")
            return list(value)
        return Unknown(node)

    def _comprehension(self, node: ast.ListComp | ast.GeneratorExp | ast.SetComp, scope: Scope) -> Any:
        results: list[Any] = []
        unknown = self._generate(node.generators, 0, scope, lambda inner: results.append(
            self.evaluate(node.elt, inner)))
        return unknown or results

    def _generate(self, generators: list[ast.comprehension], index: int, scope: Scope, emit: Any) -> Unknown | None:
        if index == len(generators):
            emit(scope)
            return None
        generator = generators[index]
        items = self.iterate(self.evaluate(generator.iter, scope), generator.iter)
        if isinstance(items, Unknown):
            return items
        for item in items:
            inner = Scope(scope)
            self.bind(generator.target, item, inner)
            tests = [self.evaluate(test, inner) for test in generator.ifs]
            for test in tests:
                if isinstance(test, Unknown):
                    return test
            if all(tests):
                unknown = self._generate(generators, index + 1, inner, emit)
                if unknown:
                    return unknown
        return None

    _eval_ListComp = _comprehension
    _eval_GeneratorExp = _comprehension

    def _eval_DictComp(self, node: ast.DictComp, scope: Scope) -> Any:
        results: dict[Any, Any] = {}

        def emit(inner: Scope) -> None:
            key = self.evaluate(node.key, inner)
            results[key if isinstance(key, Hashable) else Unknown(node.key)] = self.evaluate(node.value, inner)
        return self._generate(node.generators, 0, scope, emit) or results

    def _eval_Call(self, node: ast.Call, scope: Scope) -> Any:
        return self.call(node, scope)

    def bind(self, target: ast.expr, value: Any, scope: Scope, parameter: bool = False) -> None:
        """Assign to a name or unpack into a tuple of names (an Unknown unpacks into Unknowns). A name --set
        gives takes that value; an unknown remembers the name and the statement, which a refusal then names (a
        function's parameter keeps the assignment its argument came from)."""
        if isinstance(target, ast.Name):
            if target.id in self.settings:
                self.settings_used.add(target.id)
                value = self.setting(target.id, scope)
            elif isinstance(value, Unknown) and self.statement is not None and not (parameter and value.variable):
                value = dataclasses.replace(value, variable=target.id, statement=self.statement)
            scope.names[target.id] = value
        elif isinstance(target, ast.Tuple | ast.List):
            names = target.elts
            if isinstance(value, list | tuple) and len(value) == len(names) and not any(
                    isinstance(n, ast.Starred) for n in names):
                for name, item in zip(names, value, strict=True):
                    self.bind(name, item, scope)
            else:
                unpacked = value if isinstance(value, Unknown) else self.unpacked_tensor(target, value) if (
                    isinstance(value, SymbolicTensor)) else Unknown(target)
                for name in names:
                    self.bind(name.value if isinstance(name, ast.Starred) else name, unpacked, scope)
        elif isinstance(target, ast.Starred):
            self.bind(target.value, value, scope)
        else:
            self.assign_item(target, value, scope)

    def pure_method(self, owner: Any, name: str, args: list[Any], kwargs: dict[str, Any], node: ast.Call) -> Any:
        return pure_method(self.source, owner, name, args, kwargs, node)

    def pure_call(self, name: str, args: list[Any], kwargs: dict[str, Any], node: ast.Call) -> Any:
        return pure_call(self.source, name, args, kwargs, node)

