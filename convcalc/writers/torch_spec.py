"""A torch ModelSpec written back: its modules as a tree (what `convert` writes, as a `framework: torch` YAML spec
here and as PyTorch code in torch_code.py), each module's arguments as people write them.

Written: the arguments that differ from torch's defaults, required ones first in torch's positional order; a size
as written (an int for `kernel_size: 3`, a list otherwise; torch keeps a pool's kernel_size so). Refused, in one
line: a module called twice, a module reading anything but the one before it (a spec and a forward pass written
back are chains), and for YAML a container other than nn.Sequential and a functional operation of a forward pass
(torch.flatten, F.relu: torch_code writes some of those).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from ..args import REQUIRED
from ..errors import SpecError
from ..model import LayerSpec, ModelSpec
from ..torch_modules import REGISTRY
from ..torch_modules.base import Sizes
from ..torch_modules.functional import FUNCTIONAL
from .yaml_spec import flow

SEQUENTIAL = "Sequential"


class Container(NamedTuple):
    """A container module: its class and what it holds, in order, by the name its parent gives it."""

    path: str
    type: str
    children: list[tuple[str, LayerSpec | Container]]


def _refuse(spec: ModelSpec, layer: LayerSpec, why: str) -> SpecError:
    return SpecError(f"{why}, which convert cannot write yet; summary, explain and check read the model's own file",
                     source=spec.source, line=layer.line, layer=layer.name, kind=layer.kind)


def tree(spec: ModelSpec) -> Container:
    """The model's modules as containers holding leaves, in the order of the forward pass (a chain)."""
    containers = {module.name: Container(module.name, module.type, []) for module in spec.modules}
    previous = spec.layers[0].name  # the input
    for layer in spec.layers[1:]:
        if layer.shares is not None:
            raise _refuse(spec, layer, f"module {layer.shares!r} is called more than once")
        if layer.inputs != (previous,):
            raise _refuse(spec, layer, f"module {layer.name!r} reads {', '.join(layer.inputs)}, not the module "
                                       "before it (a branch)")
        previous = layer.name
        parent, _, own = layer.name.rpartition(".")
        item: LayerSpec | Container = layer
        while True:  # hang it, and the containers above it not yet placed, under their parents
            holder = containers[parent]
            if not holder.children or holder.children[-1][1] is not item:
                holder.children.append((own, item))
            if parent == "":
                break
            item = holder
            parent, _, own = parent.rpartition(".")
    return containers[""]


def arguments(layer: LayerSpec) -> tuple[list[Any], dict[str, Any]]:
    """(required arguments in torch's order, the others that differ from torch's defaults), as plain values."""
    kind = FUNCTIONAL[layer.kind] if layer.hidden and layer.kind in FUNCTIONAL else REGISTRY[layer.kind]
    required, optional = [], {}
    for key, arg in kind.args.items():
        value = layer.args[key]
        if arg.default is REQUIRED:
            required.append(plain(value))
        elif value != (arg.check(arg.default, key) if arg.check else arg.default):
            optional[key] = plain(value)
    return required, optional


def plain(value: Any) -> Any:
    """An int for a size written as one, lists for tuples, all the way down."""
    if isinstance(value, Sizes) and value.scalar:
        return value[0]
    if isinstance(value, tuple | list):
        return [plain(item) for item in value]
    return value


def write(spec: ModelSpec, origin: str | None = None) -> str:
    """The `framework: torch` spec of a model that is an nn.Sequential (nested ones included)."""
    root = tree(spec)
    lines = [f"# convcalc spec of {origin}, written by `convcalc convert`"] if origin else []
    lines += ["framework: torch", f"name: {flow(spec.name)}",
              f"input_size: {flow(plain(spec.layers[0].args['shape']))}", "layers:"]
    return "\n".join(lines + _entries(spec, root, "  ")) + "\n"


def _entries(spec: ModelSpec, container: Container, indent: str) -> list[str]:
    lines = []
    for index, (own, item) in enumerate(container.children):
        if container.type != SEQUENTIAL or own != str(index):
            what = item.children[0][1] if isinstance(item, Container) else item
            while isinstance(what, Container):
                what = what.children[0][1]
            raise _refuse(spec, what, f"{container.path or 'the model'} is a {container.type}, not an nn.Sequential "
                                      "of numbered modules (convert it --to python)")
        if isinstance(item, Container):
            lines += [f"{indent}- Sequential:", *_entries(spec, item, indent + "    ")]
            continue
        if item.hidden:
            raise _refuse(spec, item, f"{item.name!r} is a functional operation of a forward pass ({item.kind}; "
                                      "convert it --to python)")
        required, optional = arguments(item)
        names = [key for key, arg in REGISTRY[item.kind].args.items() if arg.default is REQUIRED]
        given = {**dict(zip(names, required, strict=True)), **optional}
        lines.append(f"{indent}- {flow({item.kind: given})}" if given else f"{indent}- {item.kind}")
    return lines
