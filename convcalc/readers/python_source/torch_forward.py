"""A torch model's forward pass, read on symbolic tensors into a TorchModelBuilder: each call of a module the model
registers is a row of torchinfo's table, named by its path; a functional op (F.relu, x.view, +) or a module the
model does not register is a hidden call, whose output the next module reads.

Shapes are computed as the calls are made (by the builder, with the registry's rules), because the forward code
reads them (`x.view(x.size(0), -1)`); a call torch would refuse stops the pass, and the engine then says why, with its
line.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ... import engine
from ...errors import SpecError
from ...model import ModelSpec
from ...torch_modules.recurrent import TUPLE_OUTPUTS
from ..torch_graph import TorchModelBuilder
from .torch_names import module_subclass
from .torch_values import Module, ModuleDict, ModuleList, Sequential, TorchTensor, TorchvisionModel
from .values import Instance


def is_module(value: Any) -> bool:
    """Whether torch registers `value` as a submodule when a module holds it."""
    return isinstance(value, Module | ModuleList | ModuleDict | TorchvisionModel) or isinstance(value, Instance) and (
        module_subclass(value.made.framework_base))


def children(value: Any) -> Iterator[tuple[str, Any]]:
    """The submodules torch registers in a module, by name, in the order it registers them."""
    if isinstance(value, Instance):
        items: Any = value.attributes.items()
    elif isinstance(value, Sequential):
        items = zip(value.child_names(), value, strict=True)
    elif isinstance(value, ModuleList):
        items = ((str(index), item) for index, item in enumerate(value))
    elif isinstance(value, ModuleDict):
        items = value.items()
    elif isinstance(value, TorchvisionModel):  # the modules the file put in it; torchvision's own are built later
        items = value.overrides.items()
    else:
        items = ()
    return ((name, item) for name, item in items if is_module(item))


def type_name(value: Any) -> str:
    return value.made.node.name if isinstance(value, Instance) else value.kind


class ForwardPass:
    """The calls of one forward pass of `root` on an input of `size` (batch included)."""

    def __init__(self, source: str, root: Any, size: tuple[int, ...], line: int | None):
        self.builder = TorchModelBuilder(source)
        self.paths: dict[int, str] = {}
        self.called: set[str] = set()
        self._register(root, "")
        self.builder.add_input(list(size), line)
        self.builder.raise_errors()
        self.input = TorchTensor(tuple(size), self.builder.layers[-1].name)

    def _register(self, value: Any, path: str) -> None:
        if id(value) in self.paths:
            return  # one module held twice: torch names it where it was first registered
        self.paths[id(value)] = path
        if isinstance(value, Module | TorchvisionModel):  # a torchvision model adds its own containers
            return
        callable_ = not isinstance(value, ModuleList | ModuleDict) or isinstance(value, Sequential)
        self.builder.add_container(path, type_name(value), getattr(value, "line", None) or getattr(
            getattr(value, "node", None), "lineno", None), called=callable_)
        for name, child in children(value):
            self._register(child, f"{path}.{name}" if path else name)

    def path_of(self, value: Any) -> str | None:
        return self.paths.get(id(value))

    def module(self, module: Module, inputs: list[TorchTensor], line: int, trainable: bool = True) -> Any:
        """A leaf module called on tensors: its row (a hidden call if the model does not register it)."""
        path = self.path_of(module)
        reads = tuple(tensor.node for tensor in inputs)
        if path is None:
            name = self.builder.add_op(module.kind, module.given, module.line, reads, module.arg_lines)
        elif path not in self.called:
            self.called.add(path)
            name = self.builder.add_module(path, module.kind, module.given, module.line, module.arg_lines, reads,
                                           trainable)
        else:
            name = self.builder.call_again(path, line, reads)
        tensor = self.computed(name)
        if module.kind in TUPLE_OUTPUTS:  # (output, hidden state): what forward code unpacks
            return tensor, None
        return tensor

    def op(self, kind_name: str, given: Mapping[str, Any], inputs: list[TorchTensor], line: int) -> TorchTensor:
        """A functional op on tensors (F.relu, torch.flatten, x.view, +): no row, its output read on."""
        name = self.builder.add_op(kind_name, given, line, tuple(tensor.node for tensor in inputs))
        return self.computed(name)

    def enters(self, value: Any) -> None:
        """A container's forward begins: torchinfo's row for it comes here."""
        path = self.path_of(value)
        if path is not None:
            self.builder.enter_container(path)

    def returns(self, value: Any, tensor: TorchTensor) -> None:
        """What a container's forward returned: its row shows that tensor's shape."""
        path = self.path_of(value)
        if path is not None:
            self.builder.set_container_output(path, tensor.node)

    def computed(self, name: str | None) -> TorchTensor:
        """The call's output, as the builder computed it; a call torch would refuse stops the pass with the
        mistake (the engine's words for a module's, with what a Flatten before it made)."""
        shape = self.builder.shape_of(name) if name is not None else None
        if name is None or shape is None:
            self.builder.raise_errors()
            self.spec("", name)
            raise SpecError("torch would refuse this call", source=self.builder.source,
                            line=self.builder.layers[-1].line)
        return TorchTensor(tuple(size or 0 for size in shape), name)

    def spec(self, name: str, output: str | None = None) -> ModelSpec:
        """The model read so far, checked by the engine (which raises the first shape mistake, its advice then
        written as Python: `write nn.Linear(5408, 128)`)."""
        spec = self.builder.build(name, output)
        try:
            engine.compute(spec)
        except SpecError as error:
            layer = next((layer for layer in spec.layers if layer.name == error.layer), None)
            if layer is not None:
                error.message = python_advice(error.message, layer.kind, layer.given, layer.args)
            raise
        return spec


def python_advice(message: str, kind: str, given: tuple[str, ...], args: Mapping[str, Any]) -> str:
    """A module's mistake with its fix as the constructor call to write (`nn.Linear(5408, 128)`, `nn.Conv2d(1,
    32, ...)`), not the YAML argument."""
    for first, second in (("in_features", "out_features"), ("in_channels", "out_channels")):
        marker = f": write {first}: "
        if marker in message and second in args:
            head, _, value = message.rpartition(marker)
            more = ", ..." if set(given) - {first, second} else ""
            return f"{head}: write nn.{kind}({value}, {args[second]}{more})"
    return message
