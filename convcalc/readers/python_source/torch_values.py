"""What a PyTorch file's names stand for while it is read: torch.nn modules as constructed, containers, symbolic
tensors in a forward pass, and the models the file makes (torch_calls.py makes them)."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

from .values import FrameworkObject, Instance, Model, SymbolicTensor


@dataclass(eq=False)
class Module(FrameworkObject):
    """A torch.nn module of the registry (nn.Conv2d(1, 32, 3)): its class and its arguments as written."""

    kind: str
    given: dict[str, Any]
    arg_lines: dict[str, int | None]
    line: int


class ModuleList(list[Any]):
    """nn.ModuleList: a list (indexed, iterated, appended to as the file does) that torch registers as a module."""

    kind = "ModuleList"

    def __init__(self, items: list[Any], line: int):
        super().__init__(items)
        self.line = line


class Sequential(ModuleList):
    """nn.Sequential: a ModuleList that is called, its modules named by position or by the OrderedDict's keys."""

    kind = "Sequential"

    def __init__(self, items: list[Any], line: int, names: list[str] | None = None):
        super().__init__(items, line)
        self.names = names

    def child_names(self) -> list[str]:
        return list(self.names) if self.names is not None and len(self.names) == len(self) else [
            str(index) for index in range(len(self))]


class ModuleDict(dict[str, Any]):
    """nn.ModuleDict: a dict of modules."""

    kind = "ModuleDict"

    def __init__(self, items: dict[str, Any], line: int):
        super().__init__(items)
        self.line = line


@dataclass(eq=False)
class TorchvisionModel(FrameworkObject):
    """torchvision.models.resnet18(num_classes=10): built by convcalc.torchvision_models when called; the file may
    replace its leaf modules (`model.fc = nn.Linear(512, 2)`: `overrides`, by path)."""

    name: str
    kwargs: dict[str, Any]
    line: int
    overrides: dict[str, Module] = field(default_factory=dict)


@dataclass(eq=False)
class TorchvisionPart(FrameworkObject):
    """A container inside a torchvision model (`model.classifier`), by its path: read or replaced in by the file."""

    model: TorchvisionModel
    path: str


@dataclass(eq=False)
class TorchTensor(SymbolicTensor):
    """A tensor of a forward pass: its shape (batch included) and the call of the model's spec that made it."""

    shape: tuple[int, ...]
    node: str


@dataclass(eq=False)
class TorchData(SymbolicTensor):
    """torch.randn(1, 3, 32, 32) and the like: a tensor of known shape and unknown values, which a model may be
    called on (its input size); arithmetic with numbers keeps its shape (`torch.randn(3, 1) * 5`)."""

    shape: tuple[int, ...]
    node: ast.AST


@dataclass(eq=False)
class TorchModel(Model):
    """A module the file makes that can be summarized: an instance of an nn.Module subclass of the file, or an
    nn.Sequential; `input_size` is what the file passes it (a summary call's input_size, a call on
    torch.randn(...)), `input_line` where."""

    root: Instance | Sequential | Module | TorchvisionModel | None = None
    input_size: tuple[int, ...] | None = None
    input_line: int | None = None

    @property
    def class_name(self) -> str:
        """The file's class it is an instance of ("" for another module), for `--model` and --list-models."""
        return self.root.made.node.name if isinstance(self.root, Instance) else ""


@dataclass(eq=False)
class Parameters:
    """`module.parameters()` (or named_parameters(), whose names only running gives): iterated, one Parameter
    standing for them all."""

    owner: Any
    named: bool


@dataclass(eq=False)
class Parameter:
    """A parameter of `owner` in a loop over its parameters: `requires_grad = False` freezes them (all of them when
    `exact`; which ones, when the loop reads their names, only running tells)."""

    owner: Any
    exact: bool
