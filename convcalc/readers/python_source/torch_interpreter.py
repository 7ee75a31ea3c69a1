"""The PyTorch plug-in of the interpreter: torch's calls, modules and tensors (torch_calls.py and its mixins) mixed
into the framework-neutral Interpreter (statements.py). A model's spec is its forward pass read on an input of
the size the file gives (or `--input-size`), as torchinfo's summary(model, input_size=...) runs it."""

from __future__ import annotations

import ast
from typing import Any

from ...errors import SpecError
from ...model import ModelSpec
from .arguments import Arguments
from .statements import Interpreter
from .torch_calls import TorchCalls
from .torch_forward import ForwardPass
from .torch_names import SEQUENTIAL, canonical, module_subclass
from .torch_values import Module, TorchModel, TorchTensor
from .values import Instance, Unknown, UserClass, refusal


def input_size(text: str) -> tuple[int, ...]:
    """`--input-size 1,3,32,32`: torchinfo's input_size, batch included."""
    try:
        sizes = tuple(int(part) for part in text.replace("(", "").replace(")", "").split(",") if part.strip())
    except ValueError:
        sizes = ()
    if not sizes or min(sizes) < 1:
        raise SpecError(f"--input-size {text}: write the input's sizes as torchinfo takes them, batch included, "
                        "e.g. --input-size 1,3,32,32")
    return sizes


class TorchInterpreter(TorchCalls, Interpreter):
    """Reads a file's PyTorch models."""

    FRAMEWORK = "PyTorch"

    def __init__(self, source: str, settings: dict[str, str] | None = None):
        super().__init__(source, settings)
        self.trainable: dict[int, bool] = {}
        self.calling = []

    def canonical(self, path: str) -> str:
        return canonical(path)

    def framework_path(self, path: str) -> bool:
        return path.split(".")[0] in ("torch", "torchvision")

    def model_maker(self, path: str) -> bool:
        return path == SEQUENTIAL or path.startswith("torchvision.models.")

    def remember_variable(self, target: ast.expr, value: Any) -> None:
        """A module-level variable holding a torch.nn module of its own (`model = nn.Linear(1, 1)`) makes it a
        model of the file."""
        if isinstance(target, ast.Name) and not self.depth and isinstance(value, Module) and (
                self.model_of(value) is None):
            self.models.append(TorchModel(value.kind, value.line, root=value))
        super().remember_variable(target, value)

    def add_buildable_classes(self) -> None:
        """The file's nn.Module subclasses no model of the file is an instance of, made with their defaults
        (`Net()`), as models a user may ask for by class name; those that need arguments are left out."""
        made = {model.class_name for model in self.models if isinstance(model, TorchModel)}
        for value in list(self.scope.names.values()):
            if isinstance(value, UserClass) and module_subclass(value.framework_base) and value.node.name not in made \
                    and not _needs_arguments(value):
                node = ast.copy_location(ast.Call(ast.Name(value.node.name, ast.Load()), [], []), value.node)
                before = len(self.models)
                try:
                    instance = self.instance(value, Arguments(node))
                except SpecError:
                    instance = None
                model = self.model_of(instance) if isinstance(instance, Instance) else None
                del self.models[before:]
                if model is not None:
                    self.models.append(model)

    def torch_spec(self, model: TorchModel, given_size: str | None) -> ModelSpec:
        """The model's forward pass on an input of the size --input-size gives, else the file."""
        if model.blocked is not None:
            raise model.blocked
        size: tuple[int, ...] | None
        if given_size is not None:
            size, line = input_size(given_size), None
        else:  # the file's input for it, else the one it gives another instance of its class (a lesson remakes it)
            given = next((other for other in [model, *reversed(self.models)] if isinstance(other, TorchModel)
                          and other.input_size is not None and (other is model or model.class_name and
                                                                other.class_name == model.class_name)), model)
            size, line = given.input_size, given.input_line
        if size is None:
            raise SpecError(f"the file never gives {model.name} an input, so its shapes are unknown: give its input "
                            "size as torchinfo takes it, batch included, e.g. --input-size 1,3,32,32",
                            source=self.source, line=model.line)
        forward = ForwardPass(self.source, model.root, size, line)
        arguments = Arguments(ast.copy_location(ast.Call(ast.Name("model", ast.Load()), [], []),
                                                ast.Pass(lineno=line or model.line, col_offset=0)))
        arguments.positional = [(forward.input, arguments.node)]
        outer, self.forward = self.forward, forward
        try:
            output = self.call_module(model.root, arguments)
        finally:
            self.forward = outer
        while isinstance(output, tuple | list) and output:
            output = output[0]  # (reconstruction, mu, logvar), (output, hidden state): torchinfo shows the first
        if not isinstance(output, TorchTensor):
            unknown = output if isinstance(output, Unknown) else Unknown(arguments.node, (
                f"{model.name}'s forward returns {type(output).__name__}, not a tensor"))
            raise refusal(self.source, unknown, model.line, tensor=True)
        return forward.spec(model.name, output.node)


def _needs_arguments(made: UserClass) -> bool:
    """Whether the class's __init__ (its own or its first base's of the file) has a parameter without default."""
    current: UserClass | None = made
    while current is not None:
        init = next((item for item in current.node.body if isinstance(item, ast.FunctionDef)
                     and item.name == "__init__"), None)
        if init is not None:
            spec = init.args
            positional = [*spec.posonlyargs, *spec.args][1:]
            return len(positional) > len(spec.defaults) or any(
                default is None for default in spec.kw_defaults)
        current = current.base
    return False
