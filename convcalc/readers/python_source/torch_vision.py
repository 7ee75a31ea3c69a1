"""torchvision.models in a file: `models.resnet18(weights=...)` is built by convcalc.torchvision_models when the
model is called (weights are never loaded); a fine-tuning lesson's reads and replacements of its layers
(`num_ftrs = model.fc.in_features`, `model.fc = nn.Linear(num_ftrs, 2)`, `model.classifier[6] = ...`) are read
against the layers torchvision would make."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from ...errors import SpecError
from ...model import LayerSpec
from ..torch_graph import TorchModelBuilder
from .arguments import Arguments
from .torch_values import Module, TorchModel, TorchvisionModel, TorchvisionPart
from .values import Model, Ref, Unknown, first_unknown, located

if TYPE_CHECKING:
    from .torch_forward import ForwardPass

LEGACY = {True: "DEFAULT", False: None}  # pretrained=True, as torchvision's legacy interface maps it
PROBE_SIZE = {"inception_v3": 299}  # the input a model is probed with for its layers' arguments (224 otherwise)


class TorchVision:
    """Mixed into TorchCalls."""

    source: str
    models: list[Model]
    trainable: dict[int, bool]

    if TYPE_CHECKING:
        def touch(self, model: Model | None = None) -> None: ...

    def torchvision_call(self, name: str, arguments: Arguments) -> Any:
        """torchvision.models.<name>(...): keyword arguments only, as torchvision's constructors take them."""
        node = arguments.node
        if arguments.positional:
            raise located(self.source, node, f"torchvision.models.{name}() takes keyword arguments only")
        kwargs: dict[str, Any] = {}
        for key, (value, _) in arguments.keywords.items():
            if key == "pretrained" and isinstance(value, bool):
                key, value = "weights", LEGACY[value]
            elif isinstance(value, Ref):  # ResNet18_Weights.DEFAULT: the weights' name
                value = value.path.rpartition(".")[2]
            kwargs[key] = value
        model = TorchvisionModel(name, kwargs, node.lineno)
        self.models.append(TorchModel(name, node.lineno, root=model))
        self.touch()
        return model

    def torchvision_layers(self, model: TorchvisionModel) -> dict[str, LayerSpec]:
        """The leaf modules torchvision would make, by path (probed on one image, without the file's changes)."""
        builder = TorchModelBuilder(self.source)
        size = PROBE_SIZE.get(model.name, 224)
        builder.add_input([1, 3, size, size], model.line)
        from ...torchvision_models import add_torchvision

        unknown = first_unknown(list(model.kwargs.values()))
        if unknown is not None or add_torchvision(builder, model.name, model.kwargs, "", "input", model.line) is None:
            return {}
        return {layer.name: layer for layer in builder.layers if not layer.hidden and not layer.shares}

    def torchvision_part(self, model: TorchvisionModel, path: str, node: ast.AST) -> Any:
        """`model.fc`: the module torchvision makes there (or the file put there), or a container of them."""
        if path in model.overrides:
            return model.overrides[path]
        layers = self.torchvision_layers(model)
        if path in layers:
            layer = layers[path]
            given = {key: value for key, value in layer.args.items() if key != "trainable"}
            return Module(layer.kind, given, {}, model.line)
        if any(name.startswith(path + ".") for name in layers):
            return TorchvisionPart(model, path)
        return Unknown(node, f"torchvision's {model.name} has no module {path!r}")

    def child_path(self, part: TorchvisionPart, index: Any) -> str | None:
        """The path of `part[index]` (`classifier[-1]` is its last child), None if there is none."""
        prefix = part.path + "."
        names = sorted({int(head) for head in (name[len(prefix):].split(".")[0] for name in
                                              self.torchvision_layers(part.model) if name.startswith(prefix))
                        if head.isdigit()})
        if not isinstance(index, int) or isinstance(index, bool) or not names or not -len(names) <= index <= names[-1]:
            return None
        return f"{part.path}.{names[index] if index < 0 else index}"

    def torchvision_index(self, part: TorchvisionPart, index: Any, node: ast.AST) -> Any:
        """`model.classifier[6]`, `model.classifier[-1]`: a child by its position."""
        path = self.child_path(part, index)
        return Unknown(node) if path is None else self.torchvision_part(part.model, path, node)

    def torchvision_replace(self, model: TorchvisionModel, path: str, value: Any, node: ast.AST) -> None:
        """`model.fc = nn.Linear(num_ftrs, 2)`: the module there is another; a container put there is refused."""
        if isinstance(value, Module):
            model.overrides[path] = value
            return
        error = SpecError(f"torchvision's `{path}` replaced by {ast.unparse(node)}: convcalc reads a torchvision "
                          "model's modules replaced by modules (nn.Linear(...), nn.Identity()), not by containers",
                          source=self.source, line=getattr(node, "lineno", None))
        for held in self.models:
            if isinstance(held, TorchModel) and held.root is model and held.blocked is None:
                held.blocked = error


def add_to_pass(forward: ForwardPass, model: TorchvisionModel, reads: str, line: int,
                trainable: dict[int, bool]) -> str | None:
    """The model's calls added to a forward pass under its path, then the file's replacements; frozen modules
    (`requires_grad = False` over its parameters) do not train."""
    from ...torchvision_models import add_torchvision

    builder = forward.builder
    path = forward.path_of(model) or ""
    before = len(builder.layers)
    output = add_torchvision(builder, model.name, model.kwargs, path, reads, line)
    if output is None:
        return None
    if not trainable.get(id(model), True):
        for index in range(before, len(builder.layers)):
            layer = builder.layers[index]
            if not layer.hidden:
                builder.layers[index] = layer._replace(args={**layer.args, "trainable": False})
    for sub, module in model.overrides.items():
        full = f"{path}.{sub}" if path else sub
        if not builder.replace_module(full, module.kind, module.given, module.line, module.arg_lines,
                                      trainable.get(id(module), True)):
            builder.error(f"torchvision's {model.name} has no module {sub!r} to replace", module.line, full)
    return output
