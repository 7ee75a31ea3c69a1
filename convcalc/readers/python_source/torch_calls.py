"""PyTorch's calls as torch makes them: torch.nn modules bound by their signatures, nn.Sequential / ModuleList /
ModuleDict, the file's nn.Module subclasses, and, in a forward pass (torch_forward.py), modules called on tensors,
nn.functional and torch functions, tensor methods and arithmetic."""

from __future__ import annotations

import ast
from typing import Any

from ...errors import ConvcalcError
from ...torch_modules import REGISTRY
from ...torchvision_models import torchvision_names
from .arguments import Arguments
from .calls import NOT_HANDLED, Calls
from .scope import Scope
from .torch_forward import ForwardPass, is_module
from .torch_names import (
    DATA,
    HARMLESS,
    MODULE_DICT,
    MODULE_LIST,
    SAME_MODULE,
    SAME_TENSOR,
    SEQUENTIAL,
    SUMMARIES,
    functional,
    module_class,
    module_subclass,
)
from .torch_ops import TorchOps
from .torch_parameters import TorchParameters
from .torch_values import (
    Module,
    ModuleDict,
    ModuleList,
    Parameter,
    Sequential,
    TorchData,
    TorchModel,
    TorchTensor,
    TorchvisionModel,
    TorchvisionPart,
)
from .torch_vision import TorchVision, add_to_pass
from .values import Instance, Unknown, first_unknown, located, refusal


class TorchCalls(TorchVision, TorchParameters, TorchOps, Calls):
    """Mixed into the Interpreter by the PyTorch plug-in (torch_interpreter.py)."""

    forward: ForwardPass | None = None  # the forward pass being read, if any
    calling: list[Any]  # the containers whose forward is being read, outermost first

    # --- making modules --------------------------------------------------------------------------

    def library_call(self, path: str, arguments: Arguments) -> Any:
        kind = module_class(path)
        if kind is not None:
            return self.make_module(kind, arguments)
        if path in (SEQUENTIAL, MODULE_LIST, MODULE_DICT):
            return self.make_container(path, arguments)
        if path == "collections.OrderedDict":
            return self.ordered_dict(arguments)
        if path.startswith("torchvision.models.") and path.rpartition(".")[2] in torchvision_names():
            return self.torchvision_call(path.rpartition(".")[2], arguments)
        if path in SUMMARIES:
            return self.summary_call(path, arguments)
        module, _, name = path.rpartition(".")
        if module == "torch" and name in DATA:
            return self.data(name, arguments)
        if functional(path) is not None or module in ("torch", "torch.nn.functional"):
            made = self.tensor_function(path, arguments)
            if made is not NOT_HANDLED:
                return made
        if path in HARMLESS:
            return None
        return super().library_call(path, arguments)

    def bind_module(self, kind: str, order: tuple[str, ...], arguments: Arguments,
                    ) -> tuple[dict[str, Any], dict[str, int | None]]:
        """Keyword form of a constructor's call, positional arguments named in torch's order."""
        node = arguments.node
        if len(arguments.positional) > len(order):
            raise located(self.source, node, f"nn.{kind} takes at most {len(order)} positional arguments "
                                             f"({', '.join(order)}), received {len(arguments.positional)}")
        given: dict[str, Any] = {}
        lines: dict[str, int | None] = {}
        for key, (value, where) in [*zip(order, arguments.positional, strict=False), *arguments.keywords.items()]:
            if key in given:
                raise located(self.source, where, f"nn.{kind}() got multiple values for argument `{key}`")
            given[key] = list(value) if isinstance(value, tuple) else value  # an unknown refuses the model using it
            lines[key] = getattr(where, "lineno", None)
        return given, lines

    def make_module(self, kind: str, arguments: Arguments) -> Module:
        self.touch()
        given, lines = self.bind_module(kind, REGISTRY[kind].positional_args, arguments)
        return Module(kind, given, lines, arguments.node.lineno)

    def make_container(self, path: str, arguments: Arguments) -> Any:
        node = arguments.node
        self.touch()
        values = [value for value, _ in arguments.positional]
        for value, where in arguments.positional:
            self.require(value, where)
        if path == MODULE_DICT:
            items = values[0] if values else {}
            if not isinstance(items, dict):
                raise located(self.source, node, "nn.ModuleDict takes a dict of modules")
            return ModuleDict(dict(items), node.lineno)
        if path == MODULE_LIST:
            items = values[0] if values else []
            if not isinstance(items, list | tuple):
                raise located(self.source, node, "nn.ModuleList takes a list of modules")
            return ModuleList(list(items), node.lineno)
        if len(values) == 1 and isinstance(values[0], dict):  # nn.Sequential(OrderedDict([...]))
            made = Sequential(list(values[0].values()), node.lineno, [str(key) for key in values[0]])
        else:
            made = Sequential(values, node.lineno)
        for item, (_, where) in zip(made, arguments.positional, strict=False):
            if not is_module(item):
                raise located(self.source, where, f"nn.Sequential holds modules; {ast.unparse(where)} is not one")
        self.models.append(TorchModel("Sequential", node.lineno, root=made))
        return made

    def ordered_dict(self, arguments: Arguments) -> Any:
        """collections.OrderedDict([("conv1", ...), ...]): a dict in that order, as Python keeps every dict."""
        values = [value for value, _ in arguments.positional]
        if not values:
            return {}
        pairs = values[0]
        if isinstance(pairs, dict):
            return dict(pairs)
        if isinstance(pairs, list | tuple) and all(isinstance(pair, tuple | list) and len(pair) == 2 for pair in pairs):
            return {key: value for key, value in pairs}
        return Unknown(arguments.node)

    def data(self, name: str, arguments: Arguments) -> Any:
        """torch.randn(1, 3, 32, 32): an input of that size."""
        sizes = [value for value, _ in arguments.positional]
        if name == "randint":
            sizes = sizes[-1:]  # randint(low, high, size)
        elif name == "full":
            sizes = sizes[:1]
        if len(sizes) == 1 and isinstance(sizes[0], list | tuple):
            sizes = list(sizes[0])
        if "size" in arguments.keywords:
            given = arguments.keywords["size"][0]
            sizes = list(given) if isinstance(given, list | tuple) else [given]
        if not sizes or not all(isinstance(size, int) and not isinstance(size, bool) and size > 0 for size in sizes):
            return first_unknown(sizes) or Unknown(arguments.node)
        return TorchData(tuple(sizes), arguments.node)

    def summary_call(self, path: str, arguments: Arguments) -> Any:
        """summary(model, input_size=...): the model's input size, as the file gives it (torchsummary's without
        the batch, which its batch_size gives)."""
        given = dict(zip(("model", "input_size"), arguments.positional, strict=False)) | arguments.keywords
        model = self.model_of(given["model"][0]) if "model" in given else None
        size = given.get("input_size", (None, None))[0]
        if model is None or not isinstance(size, list | tuple) or not all(
                isinstance(item, int) and not isinstance(item, bool) for item in size):
            return None
        if path == "torchsummary.summary":
            batch = given.get("batch_size", (1, None))[0]
            size = (batch if isinstance(batch, int) and batch > 0 else 1, *size)
        if model.input_size is None:
            model.input_size, model.input_line = tuple(size), arguments.node.lineno
        return None

    # --- the file's nn.Module subclasses ------------------------------------------------------

    def made_instance(self, instance: Instance) -> Any:
        if module_subclass(instance.made.framework_base):
            self.models.append(TorchModel(instance.made.node.name, getattr(instance.node, "lineno", 0),
                                          root=instance))
            self.touch()
        return instance

    def base_method(self, instance: Instance, name: str, arguments: Arguments, init: bool) -> Any:
        """What nn.Module does for a method the file does not define."""
        if not module_subclass(instance.made.framework_base):
            return super().base_method(instance, name, arguments, init)
        if name == "__init__":
            return None
        made = self.module_parameters(instance, name, arguments)
        if made is not NOT_HANDLED:
            return made
        if name in SAME_MODULE:
            return instance
        if name == "add_module" and len(arguments.positional) == 2:
            key, value = (value for value, _ in arguments.positional)
            if isinstance(key, str):
                self.set_member(instance, key, value)
                return None
        if name == "forward" or name == "__call__":
            return Unknown(arguments.node, f"{instance.made.node.name} has no `forward` method")
        return Unknown(arguments.node)

    def call_instance(self, instance: Instance, arguments: Arguments) -> Any:
        if not module_subclass(instance.made.framework_base):
            return super().call_instance(instance, arguments)
        return self.call_module(instance, arguments)

    # --- calling modules -------------------------------------------------------------------------

    def framework_invoke(self, function: Any, arguments: Arguments, scope: Scope) -> Any:
        if isinstance(function, Module | Sequential | TorchvisionModel):
            return self.call_module(function, arguments)
        return NOT_HANDLED

    def call_module(self, module: Any, arguments: Arguments) -> Any:
        """`module(x)`: in a forward pass, its calls; outside, on torch.randn(...), the model's input size."""
        node = arguments.node
        tensors = [value for value, _ in arguments.positional if isinstance(value, TorchTensor)]
        if self.forward is None or not tensors:
            data = next((value for value, _ in arguments.positional if isinstance(value, TorchData)), None)
            model = self.model_of(module)
            if data is not None and model is not None and model.input_size is None:
                model.input_size, model.input_line = data.shape, node.lineno
            return Unknown(node)
        if isinstance(module, Module):
            unknown = first_unknown(list(module.given.values()))
            if unknown is not None:
                raise refusal(self.source, unknown, module.line)
            return self.forward.module(module, tensors, node.lineno, self.trainable.get(id(module), True))
        if isinstance(module, TorchvisionModel):
            return self.forward.computed(add_to_pass(self.forward, module, tensors[0].node, node.lineno,
                                                     self.trainable))
        if any(calling is module for calling in self.calling):
            raise located(self.source, node, "a module called inside its own call (it holds itself): torch would "
                                             "recurse without end")
        self.calling.append(module)
        try:
            return self.call_container(module, tensors, arguments)
        finally:
            self.calling.pop()

    def call_container(self, module: Any, tensors: list[TorchTensor], arguments: Arguments) -> Any:
        """A container's forward: an nn.Sequential's modules in turn, a class's `forward`."""
        assert self.forward is not None
        node = arguments.node
        self.forward.enters(module)
        if isinstance(module, Sequential):
            value: Any = tensors[0]
            for item in module:
                step = Arguments(node)
                step.positional = [(value, node)]
                value = self.invoke(item, step, Scope())
            if isinstance(value, TorchTensor):
                self.forward.returns(module, value)
            return value
        result = self.read_forward(module, arguments)
        if isinstance(result, TorchTensor):
            self.forward.returns(module, result)
        return result

    def read_forward(self, instance: Instance, arguments: Arguments) -> Any:
        """An nn.Module subclass's `forward`, read on the tensors: control flow there is decided by known values."""
        self.layer_calls.append([value for value, _ in arguments.positional])
        try:
            return self.call_member(instance, instance.made, "forward", arguments)
        finally:
            self.layer_calls.pop()

    def framework_method(self, owner: Any, name: str, arguments: Arguments, scope: Scope) -> Any:
        node = arguments.node
        if isinstance(owner, TorchTensor):
            return self.tensor_method(owner, name, arguments)
        if isinstance(owner, TorchData):
            if name == "size" and not arguments.keywords and len(arguments.positional) <= 1:
                dims = [value for value, _ in arguments.positional]
                return owner.shape if not dims else owner.shape[dims[0]] if isinstance(dims[0], int) and (
                    -len(owner.shape) <= dims[0] < len(owner.shape)) else Unknown(node)
            return owner if name in SAME_TENSOR else Unknown(node)
        if isinstance(owner, Module | ModuleList | ModuleDict | TorchvisionModel):
            made = self.module_parameters(owner, name, arguments)
            if made is not NOT_HANDLED:
                return made
            if name in SAME_MODULE:
                return owner
            if name == "forward" and isinstance(owner, Module | Sequential | TorchvisionModel):
                return self.call_module(owner, arguments)
            if name == "add_module" and isinstance(owner, Sequential) and len(arguments.positional) == 2:
                key, value = (value for value, _ in arguments.positional)
                owner.names = [*owner.child_names(), str(key)]
                owner.append(value)
                return None
            if isinstance(owner, ModuleList) and name in ("append", "extend", "insert"):
                return NOT_HANDLED  # a list's own methods
            return Unknown(node)
        return NOT_HANDLED

    def attribute(self, value: Any, node: ast.Attribute) -> Any:
        if isinstance(value, TorchTensor | TorchData) and node.attr == "shape":
            return value.shape
        if isinstance(value, TorchTensor) and node.attr in ("ndim", "data", "device", "dtype"):
            return len(value.shape) if node.attr == "ndim" else value if node.attr == "data" else Unknown(node)
        if isinstance(value, TorchTensor) and node.attr in ("is_cuda", "is_xpu", "is_mps"):
            return False  # torchinfo runs the model on the CPU unless told otherwise
        if isinstance(value, Module):  # `self.fc.in_features`: the argument, given or torch's default
            unknown = first_unknown(list(value.given.values()))
            if unknown is not None:
                return unknown
            try:
                bound = REGISTRY[value.kind].bind(value.given)
            except ConvcalcError:  # a bad argument is said when the model is read
                return Unknown(node)
            return bound.get(node.attr, Unknown(node))
        if isinstance(value, TorchvisionModel | TorchvisionPart):
            model, path = (value, "") if isinstance(value, TorchvisionModel) else (value.model, value.path)
            return self.torchvision_part(model, f"{path}.{node.attr}" if path else node.attr, node)
        if isinstance(value, Sequential) and value.names and node.attr in value.names:
            return value[value.names.index(node.attr)]
        return super().attribute(value, node)

    def assign_attribute(self, owner: Any, target: ast.Attribute, value: Any) -> None:
        if isinstance(owner, Parameter):
            self.assign_parameter(owner, target, value)
        elif isinstance(owner, TorchvisionModel):
            self.torchvision_replace(owner, target.attr, value, target)
        elif isinstance(owner, TorchvisionPart):
            self.torchvision_replace(owner.model, f"{owner.path}.{target.attr}", value, target)

    def object_index(self, node: ast.Subscript, value: Any, index: Any) -> Any:
        return self.torchvision_index(value, index, node) if isinstance(value, TorchvisionPart) else Unknown(node)

    def assign_index(self, owner: Any, index: Any, target: ast.Subscript, value: Any) -> None:
        path = self.child_path(owner, index) if isinstance(owner, TorchvisionPart) else None
        if isinstance(owner, TorchvisionPart) and path is not None:
            self.torchvision_replace(owner.model, path, value, target)

    def model_of(self, value: Any) -> TorchModel | None:
        """The model of the file whose module `value` is."""
        return next((model for model in reversed(self.models) if isinstance(model, TorchModel)
                     and model.root is value), None)
