"""The file's own functions and lambdas: defined with their defaults evaluated once, as Python does; called, their
body read like the module's, in a scope of their own."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from .arguments import Arguments
from .scope import Fatal, Scope
from .values import Function, Unknown, located

if TYPE_CHECKING:
    from collections.abc import Callable

MAX_CALL_DEPTH = 50


class Return(Exception):
    """`return value` leaving a function being read."""

    def __init__(self, value: Any):
        self.value = value


class Functions:
    """Mixed into the Interpreter."""

    source: str
    depth: int

    if TYPE_CHECKING:  # provided by the Interpreter
        evaluate: Callable[[ast.expr, Scope], Any]
        block: Callable[[list[ast.stmt], Scope], None]
        bind: Callable[..., None]

    def function(self, node: ast.FunctionDef | ast.Lambda, scope: Scope) -> Function:
        """A function of the file; its defaults are evaluated now, once, as Python does (a default
        `activation=layers.LeakyReLU(0.2)` makes one layer, named when the function is defined)."""
        spec = node.args
        parameters = [*spec.posonlyargs, *spec.args]
        pairs = [*zip(parameters[len(parameters) - len(spec.defaults):], spec.defaults, strict=True),
                 *((parameter, default) for parameter, default in zip(spec.kwonlyargs, spec.kw_defaults, strict=True)
                   if default is not None)]
        return Function(node, scope, {parameter.arg: self.evaluate(default, scope) for parameter, default in pairs})

    def call_function(self, function: Any, arguments: Arguments, scope: Scope) -> Any:
        if not isinstance(function, Function):
            return Unknown(arguments.node)
        if self.depth >= MAX_CALL_DEPTH:
            raise Fatal(f"calls nested more than {MAX_CALL_DEPTH} deep cannot be read statically",
                        source=self.source, line=getattr(arguments.node, "lineno", None))
        local = Scope(function.scope)
        self.bind_parameters(function, arguments, local)
        self.depth += 1
        try:
            if isinstance(function.node, ast.Lambda):
                return self.evaluate(function.node.body, local)
            self.block(function.node.body, local)
        except Return as returned:
            return returned.value
        finally:
            self.depth -= 1
        return None

    def bind_parameters(self, function: Function, arguments: Arguments, local: Scope) -> None:
        spec = function.node.args
        parameters = [*spec.posonlyargs, *spec.args]
        defaults = [None] * (len(parameters) - len(spec.defaults)) + list(spec.defaults)
        positional = [value for value, _ in arguments.positional]
        keywords = {key: value for key, (value, _) in arguments.keywords.items()}
        name = getattr(function.node, "name", "lambda")
        for index, (parameter, default) in enumerate(zip(parameters, defaults, strict=True)):
            target = ast.Name(parameter.arg, ast.Store())
            if index < len(positional):
                self.bind(target, positional[index], local, parameter=True)
            elif parameter.arg in keywords:
                self.bind(target, keywords.pop(parameter.arg), local, parameter=True)
            elif default is not None:
                self.bind(target, self.default(function, parameter.arg, default), local, parameter=True)
            else:
                raise located(self.source, arguments.node, f"{name}() is called without its argument "
                                                           f"`{parameter.arg}`; Python refuses the call")
        if spec.vararg:
            local.names[spec.vararg.arg] = tuple(positional[len(parameters):])
        elif len(positional) > len(parameters):
            raise located(self.source, arguments.node, f"{name}() takes {len(parameters)} positional arguments, "
                                                       f"received {len(positional)}")
        for parameter, default_node in zip(spec.kwonlyargs, spec.kw_defaults, strict=True):
            target = ast.Name(parameter.arg, ast.Store())
            if parameter.arg in keywords:
                self.bind(target, keywords.pop(parameter.arg), local, parameter=True)
            elif default_node is not None:
                self.bind(target, self.default(function, parameter.arg, default_node), local, parameter=True)
        if spec.kwarg:
            local.names[spec.kwarg.arg] = keywords
        elif keywords:
            raise located(self.source, arguments.node, f"{name}() got an unexpected keyword argument "
                                                       f"`{next(iter(keywords))}`")

    def default(self, function: Function, name: str, node: ast.expr) -> Any:
        """A parameter's default: as evaluated where the function was defined (a method's, now)."""
        if function.defaults is not None and name in function.defaults:
            return function.defaults[name]
        return self.evaluate(node, function.scope)

    def _eval_Lambda(self, node: ast.Lambda, scope: Scope) -> Any:
        return self.function(node, scope)
