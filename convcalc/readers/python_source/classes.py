"""The file's own classes, read as running the file would build their instances: `__init__` and the methods it
calls, `self.x = ...`, `super()`, properties, class constants. Framework-neutral: what a framework's base class
does (Keras's Layer.__init__ naming the layer, nn.Module.__init__) is its plug-in's (`base_method`,
`made_instance`), as is calling an instance (`call_instance`: a Keras layer's `call`, a module's `forward`).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from ...errors import SpecError
from .arguments import Arguments
from .scope import Scope
from .values import BoundMethod, Function, Instance, Model, Partial, Ref, Super, Unknown, UserClass

if TYPE_CHECKING:
    from collections.abc import Callable


class Classes:
    """Mixed into the Interpreter."""

    models: list[Model]
    frames: list[tuple[Instance, UserClass]]  # the methods being read: their `self` and the class defining them

    if TYPE_CHECKING:  # provided by the Interpreter and its plug-in
        evaluate: Callable[[ast.expr, Scope], Any]
        canonical: Callable[[str], str]
        framework_path: Callable[[str], bool]
        call_function: Callable[[Any, Arguments, Scope], Any]
        invoke: Callable[[Any, Arguments, Scope], Any]
        pure_call: Callable[[str, list[Any], dict[str, Any], ast.Call], Any]

    def _do_ClassDef(self, statement: ast.ClassDef, scope: Scope) -> None:
        """A class of the file: the library class it derives from, its first base the file defines, its
        constants."""
        bases = [self.evaluate(base, scope) for base in statement.bases]
        framework_base = next((path for path in (
            self.canonical(item.path) if isinstance(item, Ref) else item.framework_base
            if isinstance(item, UserClass) else "" for item in bases) if path and self.framework_path(path)), "")
        base = next((item for item in bases if isinstance(item, UserClass)), None)
        made = UserClass(statement, framework_base, scope, base)
        for item in statement.body:  # its constants (`patch_size = 4`), read in the class's own namespace
            if isinstance(item, ast.Assign | ast.AnnAssign) and item.value is not None:
                targets = item.targets if isinstance(item, ast.Assign) else [item.target]
                namespace = Scope(scope)
                namespace.names.update(made.attributes)
                value = self.evaluate(item.value, namespace)
                for target in targets:
                    if isinstance(target, ast.Name):
                        made.attributes[target.id] = value
        scope.names[statement.name] = made

    # --- making an instance ----------------------------------------------------------------------

    def instance(self, made: UserClass, arguments: Arguments) -> Any:
        """`Net(...)`: `__init__` read as Python runs it, then what the framework makes of the instance."""
        node = arguments.node
        instance = Instance(made, node)
        made_before = len(self.models)
        try:
            self.call_member(instance, made, "__init__", arguments, framework_init=True)
        except SpecError as error:
            return Unknown(node, error=error)
        finally:
            del self.models[made_before:]  # models inside the instance are its parts, not models of the file
        return self.made_instance(instance)

    def made_instance(self, instance: Instance) -> Any:
        """The value `Class(...)` gives once `__init__` has run: the instance itself, unless a plug-in says
        otherwise (a keras.Model subclass is a model of the file)."""
        return instance

    # --- members ---------------------------------------------------------------------------------

    def member(self, owner: Instance | UserClass, node: ast.Attribute) -> Any:
        """`self.x`: what the instance holds, else a method (bound) or property of its class, else a constant of
        the class; `Class.x` the same without an instance."""
        name = node.attr
        if isinstance(owner, Instance):
            if name in owner.attributes:
                return owner.attributes[name]
            if name == "name" and owner.name is not None:
                return owner.name
        made = owner.made if isinstance(owner, Instance) else owner
        found = find_method(made, name)
        if found is not None:
            function, defined_in = found
            decorators = {ast.unparse(item) for item in function.decorator_list}
            if "classmethod" in decorators:  # `Biased.small()`: the class comes first
                return Partial(Function(function, defined_in.scope), [(made, node)], {})
            if isinstance(owner, UserClass) or "staticmethod" in decorators:
                return Function(function, defined_in.scope)
            bound = BoundMethod(Function(function, defined_in.scope), owner, defined_in)
            if "property" in decorators:
                return self.call_bound(bound, Arguments(ast.Call(node, [], [])), defined_in.scope)
            return bound
        for cls in class_chain(made):
            if name in cls.attributes:
                return cls.attributes[name]
        return Unknown(node)

    def call_member(self, owner: Instance | Super | UserClass, made: UserClass | None, name: str,
                    arguments: Arguments, framework_init: bool = False) -> Any:
        """`self.method(...)`, `super().method(...)`: the file's method, else what the framework's base class
        does."""
        instance = owner if isinstance(owner, Instance) else owner.instance if isinstance(owner, Super) else None
        found = find_method(made, name) if made is not None else None
        if found is not None and instance is not None:
            function, defined_in = found
            bound = BoundMethod(Function(function, defined_in.scope), instance, defined_in)
            return self.call_bound(bound, arguments, defined_in.scope)
        if instance is None or not instance.made.framework_base:
            return None if name == "__init__" else Unknown(arguments.node)
        return self.base_method(instance, name, arguments, framework_init or isinstance(owner, Super))

    def base_method(self, instance: Instance, name: str, arguments: Arguments, init: bool) -> Any:
        """A method of the framework's base class the file does not define (`init`: its __init__ runs, from
        super().__init__() or from making the instance): a plug-in's."""
        return None if name == "__init__" else Unknown(arguments.node)

    def call_bound(self, bound: BoundMethod, arguments: Arguments, scope: Scope) -> Any:
        call = Arguments(arguments.node)
        call.positional = [(bound.instance, arguments.node), *arguments.positional]
        call.keywords = dict(arguments.keywords)
        self.frames.append((bound.instance, bound.defined_in))
        try:
            return self.call_function(bound.function, call, scope)
        finally:
            self.frames.pop()

    def make_super(self, node: ast.Call) -> Any:
        """`super()` inside a method: the bases after the method's class."""
        if node.args or not self.frames:
            return Unknown(node)
        instance, defined_in = self.frames[-1]
        return Super(instance, defined_in)

    def member_call(self, owner: Instance | Super | UserClass, name: str, arguments: Arguments,
                    scope: Scope) -> Any:
        """A method called on an object of the file's classes: `self.f(...)`, `self.dense(x)`, `super().f()`."""
        if isinstance(owner, Super):
            return self.call_member(owner, owner.defined_in.base, name, arguments)
        if isinstance(owner, Instance) and name not in owner.attributes and find_method(owner.made, name) is None:
            return self.call_member(owner, None, name, arguments)
        attribute = ast.Attribute(ast.Name("self", ast.Load()), name, ast.Load())
        value = self.member(owner, ast.copy_location(attribute, arguments.node))
        if isinstance(value, BoundMethod):
            return self.call_bound(value, arguments, value.defined_in.scope)
        return self.invoke(value, arguments, scope)

    def call_instance(self, instance: Instance, arguments: Arguments) -> Any:
        """`obj(...)` for an instance of the file's classes: its `__call__` (a plug-in reads a framework's own
        calls: a Keras layer's `call`, a module's `forward`)."""
        return self.call_member(instance, instance.made, "__call__", arguments)

    def is_instance(self, value: Any, classes: Any, node: ast.Call) -> Any:
        """isinstance(obj, Class): known for the file's own classes and plain values."""
        wanted = list(classes) if isinstance(classes, tuple) else [classes]
        if isinstance(value, Instance) and all(isinstance(item, UserClass | Ref) for item in wanted):
            return any(item in class_chain(value.made) for item in wanted if isinstance(item, UserClass))
        return self.pure_call("isinstance", [value, classes], {}, node) if isinstance(
            value, int | float | str | bool | list | tuple | dict) else Unknown(node)


def class_chain(made: UserClass) -> list[UserClass]:
    """The class and the bases of it the file defines, in the order Python looks names up (first bases)."""
    chain: list[UserClass] = []
    current: UserClass | None = made
    while current is not None and current not in chain:
        chain.append(current)
        current = current.base
    return chain


def find_method(made: UserClass, name: str) -> tuple[ast.FunctionDef, UserClass] | None:
    for cls in class_chain(made):
        for statement in cls.node.body:
            if isinstance(statement, ast.FunctionDef) and statement.name == name:
                return statement, cls
    return None
