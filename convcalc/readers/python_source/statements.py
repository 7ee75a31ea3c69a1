"""Reading a module's statements in order, as running it would, without running anything.

Assignments, imports, `for` over known items, `if` on known conditions, `with` and `try` bodies, and calls of
functions defined in the file are followed. A loop or branch that only running the file decides (a loop over a
dataset, `if` on the data) is read once with its names unknown: when that makes or changes a model, the model is
refused with the unknown as its reason. A statement that cannot be read (a mistake, or something convcalc does
not model) leaves its names unknown and refuses only the models it was changing: reading goes on, so one
`pd.read_csv(...)` or plotting loop does not stop the other models of a lesson.
"""

from __future__ import annotations

import ast
from typing import Any

from ...errors import SpecError
from .arguments import Arguments
from .calls import Calls
from .scope import Fatal, Scope, StatementTooLong
from .values import (
    FrameworkObject,
    Function,
    Model,
    Ref,
    RefusedModel,
    Unknown,
    UserClass,
    cannot_evaluate,
    located,
    refusal,
    source_text,
)

MAX_CALL_DEPTH = 50
MODEL_METHODS = frozenset(("add", "build", "pop", "append", "extend", "insert"))


class _Return(Exception):
    def __init__(self, value: Any):
        self.value = value


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


class Interpreter(Calls):
    """Reads a module: `run` leaves the models made in `self.models` and the module's names in `self.scope`.

    Framework-neutral: a framework's plug-in (keras_interpreter.py, torch_interpreter.py) mixes in what its names,
    objects and tensors do, through the hooks of Calls and Evaluator.
    """

    def __init__(self, source: str, settings: dict[str, str] | None = None):
        Calls.__init__(self, source, settings)
        self.scope = Scope()
        self.depth = 0
        self.errors: list[SpecError] = []  # the statements that could not be read, in order
        self.may_exit = False  # a `break` or `return` under a condition only running decides was met

    def run(self, module: ast.Module) -> None:
        self.block(module.body, self.scope, module_level=True)

    def block(self, statements: list[ast.stmt], scope: Scope, module_level: bool = False) -> None:
        for statement in statements:
            if module_level:
                self.statement_steps = 0
            self.spend(statement)
            outer, self.statement = self.statement, statement
            made, touched = len(self.models), len(self.touched)
            try:
                self.read(statement, scope)
            except StatementTooLong as error:
                if not module_level:
                    raise
                self.failed(statement, error, scope, self.models[made:] + self.touched[touched:])
            except Fatal:
                raise
            except SpecError as error:
                if self.layer_calls and not module_level:
                    raise  # a statement of a layer's call convcalc cannot read: so is the layer
                self.failed(statement, error, scope, self.models[made:] + self.touched[touched:])
            finally:
                self.statement = outer

    def read(self, statement: ast.stmt, scope: Scope) -> None:
        method = getattr(self, f"_do_{type(statement).__name__}", None)
        if method is not None:
            method(statement, scope)
        elif self.may_change_models(statement, scope):
            raise cannot_evaluate(self.source, statement, f"cannot read a `{type(statement).__name__.lower()}` "
                                                          "statement that builds a model without running the file")

    def failed(self, statement: ast.stmt, error: SpecError, scope: Scope, changed: list[Model]) -> None:
        """A statement that cannot be read: its names become unknown, and the models it made or was changing (or
        would have made) are refused with its error."""
        self.errors.append(error)
        unknown = Unknown(statement, error=error)
        for node in ast.walk(statement):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                model = self.model_of(scope.lookup(node.id)[1])
                if model is not None:
                    changed.append(model)
        for model in changed:
            if model.blocked is None:
                model.blocked = error
        if not changed and self.makes_model(statement, scope):
            targets = [node.id for node in ast.walk(statement) if isinstance(node, ast.Name)
                       and isinstance(node.ctx, ast.Store)]
            self.models.append(RefusedModel(targets[0] if targets else f"line {statement.lineno}", statement.lineno,
                                            variables=targets[:1] if not self.depth else [], blocked=error))
        for node in ast.walk(statement):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                scope.names[node.id] = unknown
                if not self.depth:
                    for model in self.models:
                        if node.id in model.variables and not isinstance(model, RefusedModel):
                            model.variables.remove(node.id)

    def model_maker(self, path: str) -> bool:
        """Whether a library's function or class (canonical path) makes a model: a plug-in's."""
        return False

    def makes_model(self, node: ast.AST, scope: Scope, depth: int = 0) -> bool:
        """Whether code calls what makes a model (keras.Sequential, nn.Sequential), or a function of the file
        that does (looked at, not run)."""
        for inner in ast.walk(node):
            if not isinstance(inner, ast.Call):
                continue
            called = self.static_value(inner.func, scope)
            if isinstance(called, Ref):
                if self.model_maker(self.canonical(called.path)):
                    return True
            elif isinstance(called, Function) and depth < 3 and self.makes_model(called.node, called.scope, depth + 1):
                return True
        return False

    def uncertain(self, statement: ast.stmt, bodies: list[list[ast.stmt]], unknown: Unknown, scope: Scope) -> None:
        """A branch or loop that only running the file decides: each body is read once; the models it makes or
        changes are refused with the unknown as the reason, and the names it assigns become unknown. In a layer
        class's `call`, whose graph it would decide, it is refused."""
        if self.layer_calls:
            raise cannot_evaluate(self.source, statement, f"which way `{type(statement).__name__.lower()}` goes in "
                                                          "a layer's call is known only by running the file "
                                                          f"({source_text(unknown.node)})")
        made, touched, effects = len(self.models), len(self.touched), self.effects
        for body in bodies:
            try:
                self.block(body, scope)
            except (_Break, _Return):
                self.may_exit = True  # the enclosing loop may end here: how often it runs is unknown
            except _Continue:
                pass
        if self.effects != effects:
            error = refusal(self.source, unknown, statement.lineno)
            for model in self.models[made:] + self.touched[touched:]:
                if model.blocked is None:
                    model.blocked = error
        for node in ast.walk(statement):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                scope.names[node.id] = unknown

    # --- names -----------------------------------------------------------------------------------

    def _do_Import(self, statement: ast.Import, scope: Scope) -> None:
        for alias in statement.names:
            if alias.asname:
                scope.names[alias.asname] = Ref(self.canonical(alias.name))
            else:
                top = alias.name.split(".")[0]
                scope.names[top] = Ref(self.canonical(top))

    def _do_ImportFrom(self, statement: ast.ImportFrom, scope: Scope) -> None:
        module = "." * statement.level + (statement.module or "")
        for alias in statement.names:
            if alias.name == "*":
                scope.star_imports.append(self.canonical(module))
            else:
                scope.names[alias.asname or alias.name] = Ref(self.canonical(f"{module}.{alias.name}"))

    def _do_Assign(self, statement: ast.Assign, scope: Scope) -> None:
        value = self.evaluate(statement.value, scope)
        for target in statement.targets:
            self.bind(target, value, scope)
            self.remember_variable(target, value)

    def _do_AnnAssign(self, statement: ast.AnnAssign, scope: Scope) -> None:
        if statement.value is not None:
            value = self.evaluate(statement.value, scope)
            self.bind(statement.target, value, scope)
            self.remember_variable(statement.target, value)

    def _do_AugAssign(self, statement: ast.AugAssign, scope: Scope) -> None:
        operation = ast.BinOp(left=_as_load(statement.target), op=statement.op, right=statement.value)
        self.bind(statement.target, self.evaluate(ast.copy_location(operation, statement), scope), scope)

    def _do_Delete(self, statement: ast.Delete, scope: Scope) -> None:
        for target in statement.targets:
            if isinstance(target, ast.Name):
                scope.names.pop(target.id, None)

    def remember_variable(self, target: ast.expr, value: Any) -> None:
        """The module-level variables that hold a model when the file ends: `--model` may name one."""
        if not isinstance(target, ast.Name) or self.depth:
            return
        for model in self.models:
            if target.id in model.variables:
                model.variables.remove(target.id)
        held = self.model_of(value)
        if held is not None:
            held.variables.append(target.id)

    def _do_Expr(self, statement: ast.Expr, scope: Scope) -> None:
        self.evaluate(statement.value, scope)

    def _do_FunctionDef(self, statement: ast.FunctionDef, scope: Scope) -> None:
        scope.names[statement.name] = self.function(statement, scope)

    def function(self, node: ast.FunctionDef | ast.Lambda, scope: Scope) -> Function:
        """A function of the file; its defaults are evaluated now, once, as Python does (a default
        `activation=layers.LeakyReLU(0.2)` makes one layer, named when the function is defined)."""
        spec = node.args
        parameters = [*spec.posonlyargs, *spec.args]
        pairs = [*zip(parameters[len(parameters) - len(spec.defaults):], spec.defaults, strict=True),
                 *((parameter, default) for parameter, default in zip(spec.kwonlyargs, spec.kw_defaults, strict=True)
                   if default is not None)]
        return Function(node, scope, {parameter.arg: self.evaluate(default, scope) for parameter, default in pairs})

    def _do_Pass(self, statement: ast.Pass, scope: Scope) -> None:
        pass

    _do_Global = _do_Nonlocal = _do_Assert = _do_Pass

    # --- control flow ----------------------------------------------------------------------------

    def _do_If(self, statement: ast.If, scope: Scope) -> None:
        test = self.truth(self.evaluate(statement.test, scope), statement.test)
        if isinstance(test, Unknown):
            self.uncertain(statement, [statement.body, statement.orelse], test, scope)
            return
        self.block(statement.body if test else statement.orelse, scope)

    def _do_For(self, statement: ast.For, scope: Scope) -> None:
        items = self.iterate(self.evaluate(statement.iter, scope), statement.iter)
        if isinstance(items, Unknown):
            self.bind(statement.target, items, scope)
            self.uncertain(statement, [statement.body, statement.orelse], items, scope)
            return
        for item in items:
            self.bind(statement.target, item, scope)
            if not self._loop_pass(statement.body, scope):
                return
        self.block(statement.orelse, scope)

    def _do_While(self, statement: ast.While, scope: Scope) -> None:
        while True:
            test = self.truth(self.evaluate(statement.test, scope), statement.test)
            if isinstance(test, Unknown):
                self.uncertain(statement, [statement.body, statement.orelse], test, scope)
                return
            if not test:
                break
            if not self._loop_pass(statement.body, scope):
                return
        self.block(statement.orelse, scope)

    def _loop_pass(self, body: list[ast.stmt], scope: Scope) -> bool:
        """One pass of a loop's body: False when it breaks out of the loop (`else:` then does not run), or may
        (a `break` under a condition only running decides: the loop is then read as that pass)."""
        outer, self.may_exit = self.may_exit, False
        try:
            self.block(body, scope)
        except _Break:
            return False
        except _Continue:
            pass
        finally:
            exited, self.may_exit = self.may_exit, outer
        return not exited

    def _do_Break(self, statement: ast.Break, scope: Scope) -> None:
        raise _Break

    def _do_Continue(self, statement: ast.Continue, scope: Scope) -> None:
        raise _Continue

    def _do_Return(self, statement: ast.Return, scope: Scope) -> None:
        raise _Return(None if statement.value is None else self.evaluate(statement.value, scope))

    def _do_With(self, statement: ast.With, scope: Scope) -> None:
        for item in statement.items:  # strategy.scope(), open(...): the body runs inside; what `as` gives is unknown
            if item.optional_vars is not None:
                self.bind(item.optional_vars, Unknown(item.context_expr), scope)
        self.block(statement.body, scope)

    def _do_Try(self, statement: ast.Try, scope: Scope) -> None:
        self.block(statement.body, scope)
        self.block(statement.orelse, scope)
        self.block(statement.finalbody, scope)

    def may_change_models(self, statement: ast.stmt, scope: Scope) -> bool:
        """Whether a statement could make a layer or a model, or change one (without evaluating anything)."""
        for node in ast.walk(statement):
            if isinstance(node, ast.Call):
                if isinstance(node.func, ast.Attribute) and node.func.attr in MODEL_METHODS:
                    return True
                value = self.static_value(node.func, scope)
                if isinstance(value, Ref | Function | FrameworkObject | UserClass):
                    if not isinstance(value, Ref) or self.framework_path(self.canonical(value.path)):
                        return True
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                return True
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                if isinstance(scope.lookup(node.id)[1], FrameworkObject):
                    return True
        return False

    def static_value(self, node: ast.expr, scope: Scope) -> Any:
        """What a name or dotted name stands for, looked up without calling anything."""
        if isinstance(node, ast.Name):
            return scope.lookup(node.id)[1]
        if isinstance(node, ast.Attribute):
            owner = self.static_value(node.value, scope)
            return Ref(f"{owner.path}.{node.attr}") if isinstance(owner, Ref) else owner
        return None

    # --- the file's own functions ------------------------------------------------------------------

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
        except _Return as returned:
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


def _as_load(target: ast.expr) -> ast.expr:
    """The target of `x += 1` read as an expression."""
    copy = ast.parse(ast.unparse(target), mode="eval").body
    return ast.copy_location(copy, target)
