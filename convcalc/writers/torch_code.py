"""A torch ModelSpec written as PyTorch code that builds the same model, with torchinfo's summary call: an
nn.Sequential expression (nested ones inside it; an OrderedDict where its modules have names), and for a
container of another class an nn.Module subclass of that name, its modules made in __init__ and called in
turn in forward, with the functional operations of its forward pass that torch spells as one call on x
(F.relu, F.max_pool2d, torch.flatten, x.view, ...; others refused). Run by torch, torchinfo prints the table
`convcalc summary` prints for the model.
"""

from __future__ import annotations

from typing import Any

from ..errors import SpecError
from ..model import LayerSpec, ModelSpec
from .torch_spec import SEQUENTIAL, Container, arguments, plain, tree

INDENT = "    "
# modules used as functions in a forward pass: torch's function of the same arguments
FUNCTIONS = {"ReLU": "F.relu", "ReLU6": "F.relu6", "LeakyReLU": "F.leaky_relu", "ELU": "F.elu", "GELU": "F.gelu",
             "SiLU": "F.silu", "Mish": "F.mish", "Hardswish": "F.hardswish", "Softplus": "F.softplus",
             "Softmax": "F.softmax", "LogSoftmax": "F.log_softmax", "Sigmoid": "torch.sigmoid", "Tanh": "torch.tanh",
             "flatten": "torch.flatten",
             **{f"{kind}{rank}d": f"F.{function}{rank}d" for rank in (1, 2, 3) for kind, function in (
                 ("MaxPool", "max_pool"), ("AvgPool", "avg_pool"), ("AdaptiveAvgPool", "adaptive_avg_pool"),
                 ("AdaptiveMaxPool", "adaptive_max_pool"))}}
METHODS = ("view", "permute", "transpose", "squeeze", "unsqueeze")  # tensor methods: x.view(...)


def write(spec: ModelSpec, origin: str | None = None) -> str:
    root = tree(spec)
    classes: list[str] = []
    model = _expression(root, "", classes, spec.source)
    size = tuple(plain(spec.layers[0].args["shape"]))
    made = "".join(classes) + model
    lines = [f"# PyTorch code of {origin}, written by `convcalc convert`"] if origin else []
    lines += ["from collections import OrderedDict", ""] if "OrderedDict(" in made else []
    lines += ["import torch"] if "torch." in made else []
    lines += ["from torch import nn"] + (["from torch.nn import functional as F"] if "F." in made else [])
    lines += ["from torchinfo import summary", ""]
    for text in classes:
        lines += ["", text, ""]
    lines += [""] if classes else []
    return "\n".join(lines + [f"model = {model}", "", f"summary(model, input_size={size!r})", ""])


def _python(value: Any) -> str:
    """A value as Python writes it: lists of sizes as tuples."""
    if isinstance(value, list):
        return repr(tuple(_python_plain(item) for item in value))
    return repr(value)


def _python_plain(value: Any) -> Any:
    return tuple(_python_plain(item) for item in value) if isinstance(value, list) else value


def _call(kind: str, required: list[Any], optional: dict[str, Any]) -> str:
    parts = [_python(value) for value in required] + [
        f"{key}=torch.{value}" if key == "dtype" else f"{key}={_python(value)}" for key, value in optional.items()]
    return f"nn.{kind}({', '.join(parts)})"


def _expression(container: Container, indent: str, classes: list[str], source: str) -> str:
    """The code making `container`: nn.Sequential(...) over several lines, or an instance of its own class."""
    if container.type in ("ModuleList", "ModuleDict"):
        raise SpecError(f"{container.path} is an nn.{container.type}, which convert cannot write as code yet; "
                        "summary, explain and check read the model's own file", source=source)
    if container.type != SEQUENTIAL:
        classes.append(_class(container, classes, source))
        return f"{container.type}()"
    numbered = all(own == str(index) for index, (own, _) in enumerate(container.children))
    inner = indent + INDENT
    items = []
    for own, item in container.children:
        made = _expression(item, inner, classes, source) if isinstance(item, Container) else \
            _call(item.kind, *arguments(item))
        items.append(f"{inner}{made}," if numbered else f"{inner}({own!r}, {made}),")
    if numbered:
        return "nn.Sequential(\n" + "\n".join(items) + f"\n{indent})"
    return "nn.Sequential(OrderedDict([\n" + "\n".join(items) + f"\n{indent}]))"


def _operation(layer: LayerSpec, source: str) -> str:
    """A functional operation of a forward pass applied to x: F.relu(x), torch.flatten(x, start_dim=1), x.view(...)."""
    required, optional = arguments(layer)
    parts = [_python(value) for value in required] + [f"{key}={_python(value)}" for key, value in optional.items()]
    if layer.kind in METHODS:
        return f"x.{layer.kind}({', '.join(parts)})"
    if layer.kind in FUNCTIONS:
        return f"{FUNCTIONS[layer.kind]}({', '.join(['x', *parts])})"
    raise SpecError(f"{layer.kind} in a forward pass is an operation convert cannot write as code yet; summary, "
                    "explain and check read the model's own file", source=source, line=layer.line, layer=layer.name,
                    kind=layer.kind)


def _class(container: Container, classes: list[str], source: str) -> str:
    """class Net(nn.Module): its modules as attributes made in __init__, called in turn in forward."""
    body = [f"class {container.type}(nn.Module):", f"{INDENT}def __init__(self):", f"{INDENT * 2}super().__init__()"]
    forward = []
    for own, item in container.children:
        if isinstance(item, LayerSpec) and item.hidden:
            forward.append(f"{INDENT * 2}x = {_operation(item, source)}")
            continue
        made = _expression(item, INDENT * 2, classes, source) if isinstance(item, Container) else \
            _call(item.kind, *arguments(item))
        body.append(f"{INDENT * 2}self.{own} = {made}")
        forward.append(f"{INDENT * 2}x = self.{own}(x)")
    body += ["", f"{INDENT}def forward(self, x):", *forward, f"{INDENT * 2}return x"]
    return "\n".join(body)
