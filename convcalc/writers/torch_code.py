"""A torch ModelSpec written as PyTorch code that builds the same model, with torchinfo's summary call: an
nn.Sequential expression (nested ones inside it; an OrderedDict where its modules have names), and for a
container of another class an nn.Module subclass of that name, its modules made in __init__ and called in
turn in forward. Run by torch, torchinfo prints the table `convcalc summary` prints for the model.
"""

from __future__ import annotations

from typing import Any

from ..model import ModelSpec
from .torch_spec import SEQUENTIAL, Container, arguments, plain, tree

INDENT = "    "


def write(spec: ModelSpec, origin: str | None = None) -> str:
    root = tree(spec)
    classes: list[str] = []
    model = _expression(root, "", classes)
    size = tuple(plain(spec.layers[0].args["shape"]))
    made = "".join(classes) + model
    lines = [f"# PyTorch code of {origin}, written by `convcalc convert`"] if origin else []
    lines += ["from collections import OrderedDict", ""] if "OrderedDict(" in made else []
    lines += ["import torch"] if "torch." in made else []
    lines += ["from torch import nn", "from torchinfo import summary", ""]
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


def _expression(container: Container, indent: str, classes: list[str]) -> str:
    """The code making `container`: nn.Sequential(...) over several lines, or an instance of its own class."""
    if container.type != SEQUENTIAL:
        classes.append(_class(container, classes))
        return f"{container.type}()"
    numbered = all(own == str(index) for index, (own, _) in enumerate(container.children))
    inner = indent + INDENT
    items = []
    for own, item in container.children:
        made = _expression(item, inner, classes) if isinstance(item, Container) else _call(item.kind, *arguments(item))
        items.append(f"{inner}{made}," if numbered else f"{inner}({own!r}, {made}),")
    if numbered:
        return "nn.Sequential(\n" + "\n".join(items) + f"\n{indent})"
    return "nn.Sequential(OrderedDict([\n" + "\n".join(items) + f"\n{indent}]))"


def _class(container: Container, classes: list[str]) -> str:
    """class Net(nn.Module): its modules as attributes made in __init__, called in turn in forward."""
    body = [f"class {container.type}(nn.Module):", f"{INDENT}def __init__(self):", f"{INDENT * 2}super().__init__()"]
    for own, item in container.children:
        made = _expression(item, INDENT * 2, classes) if isinstance(item, Container) else \
            _call(item.kind, *arguments(item))
        body.append(f"{INDENT * 2}self.{own} = {made}")
    body += ["", f"{INDENT}def forward(self, x):"]
    body += [f"{INDENT * 2}x = self.{own}(x)" for own, _ in container.children] + [f"{INDENT * 2}return x"]
    return "\n".join(body)
