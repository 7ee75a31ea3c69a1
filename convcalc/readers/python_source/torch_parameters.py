"""Which parameters train: `for param in model.parameters(): param.requires_grad = False` and
`module.requires_grad_(False)` freeze the modules a model holds then (a module assigned later trains), as torchinfo
then counts them (non-trainable, its Param # in parentheses)."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from ...errors import SpecError
from .arguments import Arguments
from .calls import NOT_HANDLED
from .torch_forward import children
from .torch_values import Module, Parameter, Parameters, TorchModel, TorchvisionModel
from .values import Model, Unknown

if TYPE_CHECKING:
    from collections.abc import Iterator


class TorchParameters:
    """Mixed into TorchCalls."""

    source: str
    models: list[Model]
    trainable: dict[int, bool]  # a leaf module (by id) -> whether its parameters train, where the file says

    def module_parameters(self, owner: Any, name: str, arguments: Arguments) -> Any:
        """parameters(), named_parameters() and requires_grad_() of a module; NOT_HANDLED for other methods."""
        if name in ("parameters", "named_parameters") and not arguments.positional:
            return Parameters(owner, named=name == "named_parameters")
        if name == "requires_grad_":
            flag = arguments.positional[0][0] if arguments.positional else arguments.keywords.get(
                "requires_grad", (True, None))[0]
            if not isinstance(flag, bool):
                return Unknown(arguments.node)
            self.set_trainable(owner, flag)
            return owner
        return NOT_HANDLED

    def framework_items(self, value: Any) -> list[Any] | None:
        if isinstance(value, Parameters):  # named: the names only running gives
            return [(Unknown(ast.Constant("name")), Parameter(value.owner, exact=False))] if value.named else [
                Parameter(value.owner, exact=True)]
        return None

    def assign_parameter(self, parameter: Parameter, target: ast.Attribute, value: Any) -> None:
        """`param.requires_grad = flag` in a loop over a module's parameters."""
        if target.attr != "requires_grad":
            return
        if isinstance(value, bool) and parameter.exact:
            self.set_trainable(parameter.owner, value)
            return
        error = SpecError("which parameters `requires_grad` freezes is known only by running the file (a loop over "
                          "named_parameters() choosing by name); freeze whole modules (`module.requires_grad_(False)` "
                          "or a loop over `module.parameters()`)", source=self.source, line=target.lineno)
        for model in self.models:
            if isinstance(model, TorchModel) and model.blocked is None and any(
                    held is parameter.owner for held in _modules(model.root)):
                model.blocked = error

    def set_trainable(self, owner: Any, flag: bool) -> None:
        for module in _modules(owner):
            if isinstance(module, Module | TorchvisionModel):
                self.trainable[id(module)] = flag


def _modules(value: Any) -> Iterator[Any]:
    """A module and every module it holds now."""
    yield value
    for _, child in children(value):
        yield from _modules(child)
