"""Calls, framework-neutral: a call's arguments evaluated, then what is called decides: the file's functions and
classes, Python's pure built-ins, functools.partial. What a framework's names and objects do is its plug-in's: it
overrides `library_call` (a library function by its canonical path), `framework_invoke` (calling one of its
objects: a layer, a module) and `framework_method` (a method of one), and falls back on these.
"""

from __future__ import annotations

import ast
from typing import Any

from .arguments import Arguments
from .classes import Classes
from .constants import Evaluator
from .python_library import ArgumentParser, Namespace, namespace_attribute, parser_method
from .python_names import LIBRARIES
from .scope import Scope
from .values import (
    BoundMethod,
    FrameworkObject,
    Function,
    Instance,
    Model,
    Partial,
    Ref,
    Super,
    Unknown,
    UserClass,
    first_unknown,
    located,
)

LIST_METHODS = frozenset(("append", "extend", "insert", "pop"))
NOT_HANDLED = object()  # what a plug-in's hook returns for a value or name that is not its framework's


class Calls(Classes, Evaluator):
    """Evaluates calls; the file's own functions are read by the Interpreter (statements.py)."""

    FRAMEWORK = "Python"  # how messages call the framework's tensors ("a Keras tensor")

    def __init__(self, source: str, settings: dict[str, str] | None = None):
        Evaluator.__init__(self, source, settings)
        self.models: list[Model] = []
        self.effects = 0  # layers and models made or changed so far: a branch that only running decides may not
        self.touched: list[Model] = []  # the models changed after they were made (add, pop, build, trainable)
        self.frames: list[tuple[Instance, UserClass]] = []
        self.layer_calls: list[list[Any]] = []  # the inputs of the framework classes' calls being read (a Keras
        # layer's `call`, a module's `forward`), innermost last: control flow there that only running decides
        # refuses the class

    # --- hooks of a framework's plug-in ------------------------------------------------------------

    def canonical(self, path: str) -> str:
        """One spelling per library object (tensorflow.keras.layers.Conv2D -> keras.layers.Conv2D)."""
        return path

    def framework_path(self, path: str) -> bool:
        """Whether a canonical path is the framework's (its classes may be subclassed, its calls make layers)."""
        return False

    def star_import(self, module: str, name: str) -> bool:
        """Whether `from <module> import *` (module canonical) binds `name`: a plug-in knows its framework's."""
        return False

    def class_names(self, value: Any) -> Any:
        """A library class (or a list of them) as the name of the one class it is, for `==` and `in`: a plug-in
        knows its framework's aliases."""
        return value

    def framework_items(self, value: Any) -> list[Any] | None:
        """What a loop over a framework's object goes through (`model.parameters()`), None if not iterable."""
        return None

    def iterate(self, value: Any, node: ast.AST) -> list[Any] | Unknown:
        items = self.framework_items(value)
        return items if items is not None else super().iterate(value, node)

    def framework_invoke(self, function: Any, arguments: Arguments, scope: Scope) -> Any:
        """Calling one of the framework's objects (a layer, a model, a module): NOT_HANDLED for other values."""
        return NOT_HANDLED

    def framework_method(self, owner: Any, name: str, arguments: Arguments, scope: Scope) -> Any:
        """A method of a framework's object (a layer, a module, a tensor): NOT_HANDLED for other values."""
        return NOT_HANDLED

    def model_of(self, value: Any) -> Model | None:
        """The model of the file a value is (a plug-in may keep its models beside the values: a module)."""
        return value if isinstance(value, Model) else None

    def attribute(self, value: Any, node: ast.Attribute) -> Any:
        """`obj.x` of the file's own objects; a plug-in reads its framework's (model.layers, x.shape)."""
        found = self.python_attribute(value, node)
        return Unknown(node) if found is NOT_HANDLED else found

    def python_attribute(self, value: Any, node: ast.Attribute) -> Any:
        """`obj.x` of the file's own objects and of argparse's namespace; NOT_HANDLED for other values."""
        if isinstance(value, Instance | UserClass):
            return self.member(value, node)
        if isinstance(value, Namespace):
            return namespace_attribute(value, node)
        return NOT_HANDLED

    def assign_item(self, target: ast.expr, value: Any, scope: Scope) -> None:
        """`x[i] = value` in a list or dict, `obj.x = value` on an object of the file's classes, else the
        framework's (assign_attribute)."""
        if isinstance(target, ast.Subscript):
            owner, index = self.evaluate(target.value, scope), self.evaluate(target.slice, scope)
            if isinstance(owner, list | dict) and not isinstance(index, Unknown):
                try:
                    owner[index] = value
                except (LookupError, TypeError) as error:
                    raise located(self.source, target, f"{ast.unparse(target)} fails when run: {error!r}") from None
            elif isinstance(owner, FrameworkObject):
                self.assign_index(owner, index, target, value)
            return
        if not isinstance(target, ast.Attribute):
            return
        owner = self.evaluate(target.value, scope)
        if isinstance(owner, Instance):
            self.set_member(owner, target.attr, value)
        elif isinstance(owner, Namespace):  # `args.cuda = not args.no_cuda and ...`
            owner.values[target.attr] = value
        else:
            self.assign_attribute(owner, target, value)

    def set_member(self, owner: Instance, name: str, value: Any) -> None:
        """`self.x = value`: a plug-in may also note it (torch registers a module's submodules in this order)."""
        owner.attributes[name] = value

    def assign_attribute(self, owner: Any, target: ast.Attribute, value: Any) -> None:
        """`obj.x = value` on a framework's object: a plug-in's."""

    def object_index(self, node: ast.Subscript, value: Any, index: Any) -> Any:
        """`obj[i]` of a framework's object (a layer, a module): unknown unless the plug-in reads it."""
        return Unknown(node)

    def assign_index(self, owner: Any, index: Any, target: ast.Subscript, value: Any) -> None:
        """`obj[i] = value` on a framework's object: a plug-in's."""

    # --- calls -----------------------------------------------------------------------------------

    def touch(self, model: Model | None = None) -> None:
        """Something was made or changed (model, when a model was)."""
        self.effects += 1
        if model is not None:
            self.touched.append(model)

    def taint_models(self, arguments: Arguments, node: ast.Call) -> None:
        """A model handed to a function convcalc cannot read (a course's helper module) may have been changed."""
        for value in arguments.values():
            if isinstance(value, Model) and value.tainted is None:
                value.tainted = node

    def arguments(self, node: ast.Call, scope: Scope) -> Arguments | Unknown:
        arguments = Arguments(node)
        for item in node.args:
            if isinstance(item, ast.Starred):
                values = self.iterate(self.evaluate(item.value, scope), item)
                if isinstance(values, Unknown):
                    return values
                arguments.positional.extend((value, item) for value in values)
            else:
                arguments.positional.append((self.evaluate(item, scope), item))
        for keyword in node.keywords:
            value = self.evaluate(keyword.value, scope)
            if keyword.arg is not None:
                arguments.keywords[keyword.arg] = (value, keyword)
            elif isinstance(value, dict) and all(isinstance(key, str) for key in value):
                arguments.keywords.update((key, (item, keyword)) for key, item in value.items())
            else:
                return value if isinstance(value, Unknown) else Unknown(keyword.value)
        return arguments

    def call(self, node: ast.Call, scope: Scope) -> Any:
        if isinstance(node.func, ast.Attribute):
            owner = self.evaluate(node.func.value, scope)
            if not isinstance(owner, Ref | Unknown):
                return self.method(owner, node.func.attr, node, scope)
            function: Any = Ref(f"{owner.path}.{node.func.attr}") if isinstance(owner, Ref) else owner
        else:
            function = self.evaluate(node.func, scope)
        arguments = self.arguments(node, scope)
        if isinstance(arguments, Unknown):
            return arguments
        return self.invoke(function, arguments, scope)

    def invoke(self, function: Any, arguments: Arguments, scope: Scope) -> Any:
        """What calling `function` (a value of the file) with `arguments` gives."""
        node = arguments.node
        if isinstance(function, Ref):
            return self.library_call(self.canonical(function.path), arguments)
        made = self.framework_invoke(function, arguments, scope)
        if made is not NOT_HANDLED:
            return made
        if isinstance(function, UserClass):
            return self.instance(function, arguments)
        if isinstance(function, Instance):
            return self.call_instance(function, arguments)
        if isinstance(function, Partial):
            given = Arguments(node)
            given.positional = [*function.positional, *arguments.positional]
            given.keywords = {**function.keywords, **arguments.keywords}
            return self.invoke(function.function, given, scope)
        if isinstance(function, BoundMethod):
            return self.call_bound(function, arguments, function.defined_in.scope)
        if isinstance(function, Function):
            return self.call_function(function, arguments, scope)
        self.taint_models(arguments, node)
        if isinstance(function, Unknown) and (function.reason or not isinstance(function.node, ast.Name)):
            return function  # what the function came from is the value only running the file gives
        return Unknown(node)

    def library_call(self, path: str, arguments: Arguments) -> Any:
        """A library's function or class, by its canonical path: Python's own here, a framework's in a plug-in."""
        node = arguments.node
        if path == "super":
            return self.make_super(node)
        if path == "argparse.ArgumentParser":
            return ArgumentParser()
        if path == "functools.partial" and arguments.positional:
            return Partial(arguments.positional[0][0], arguments.positional[1:], arguments.keywords)
        if path == "isinstance" and len(arguments.positional) == 2:
            return self.is_instance(arguments.positional[0][0], arguments.positional[1][0], node)
        if "." not in path or path.startswith("math."):  # Python's built-ins and math: known from known values
            unknown = first_unknown(arguments.values())
            if unknown is not None:
                return unknown
            return self.pure_call(path, [value for value, _ in arguments.positional],
                                  {key: value for key, (value, _) in arguments.keywords.items()}, node)
        if path.split(".")[0] not in LIBRARIES:
            self.taint_models(arguments, node)
        return Unknown(node)

    def method(self, owner: Any, name: str, node: ast.Call, scope: Scope) -> Any:
        arguments = self.arguments(node, scope)
        if isinstance(arguments, Unknown):
            return arguments
        if isinstance(owner, Instance | Super | UserClass):
            return self.member_call(owner, name, arguments, scope)
        if isinstance(owner, ArgumentParser):
            return parser_method(owner, name, arguments)
        made = self.framework_method(owner, name, arguments, scope)
        if made is not NOT_HANDLED:
            return made
        if isinstance(owner, list) and name in LIST_METHODS:
            return _list_method(self.source, owner, name, arguments, node)
        if isinstance(owner, str | dict | tuple | list):
            return self.pure_method(owner, name, [value for value, _ in arguments.positional],
                                    {key: value for key, (value, _) in arguments.keywords.items()}, node)
        return Unknown(node)


def _list_method(source: str, owner: list[Any], name: str, arguments: Arguments, node: ast.Call) -> Any:
    """append, extend, insert and pop on a list the file holds."""
    values = [value for value, _ in arguments.positional]
    if name == "append" and len(values) == 1:
        owner.append(values[0])
    elif name == "extend" and len(values) == 1 and isinstance(values[0], list | tuple):
        owner.extend(values[0])
    elif name == "insert" and len(values) == 2 and isinstance(values[0], int):
        owner.insert(values[0], values[1])
    elif name == "pop" and len(values) <= 1 and all(isinstance(v, int) for v in values):
        if not owner:
            raise located(source, node, f"{ast.unparse(node)} fails when run: the list is empty")
        return owner.pop(*values)
    else:
        return Unknown(node)
    return None
