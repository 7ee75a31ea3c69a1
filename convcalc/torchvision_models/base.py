"""The machinery every torchvision family builds on: a Net adds one model's containers, module calls and
hidden operations to a TorchModelBuilder under a path prefix, as torchvision's classes make and call them;
a Constructor is one of torchvision.models' functions, its keyword arguments checked as torchvision checks them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from ..errors import ArgumentError

if TYPE_CHECKING:  # the readers call this package: no import of them at run time
    from ..readers.torch_graph import TorchModelBuilder

IMAGENET_CLASSES = 1000  # what pretrained weights fix num_classes to, as torchvision's _ovewrite_named_param does


class Refused(Exception):
    """A call the builder refused (its mistake is kept there): the model stops being added."""


class Net:
    """One torchvision model being added under `path` ("" the model itself), reading the call `reads`."""

    def __init__(self, builder: TorchModelBuilder, path: str, reads: str, line: int | None):
        self.builder = builder
        self.prefix = path
        self.current = reads  # the call the next one reads, unless told otherwise
        self.line = line

    def path(self, sub: str) -> str:
        return ".".join(part for part in (self.prefix, sub) if part)

    def container(self, sub: str, type_name: str) -> None:
        self.builder.add_container(self.path(sub), type_name, self.line)

    def module(self, sub: str, kind: str, *, reads: tuple[str, ...] | None = None, **args: Any) -> str:
        """A leaf module's first call; a module called again (one ReLU of a block) is `again`."""
        return self._made(self.builder.add_module(self.path(sub), kind, args, self.line, {},
                                                  reads or (self.current,)))

    def again(self, sub: str, *, reads: tuple[str, ...] | None = None) -> str:
        return self._made(self.builder.call_again(self.path(sub), self.line, reads or (self.current,)))

    def op(self, kind: str, *, reads: tuple[str, ...] | None = None, **args: Any) -> str:
        return self._made(self.builder.add_op(kind, args, self.line, reads or (self.current,)))

    def returns(self, sub: str, call: str) -> str:
        """The container `sub`'s forward returns `call`: its row shows that output."""
        self.builder.set_container_output(self.path(sub), call)
        self.current = call
        return call

    def _made(self, call: str | None) -> str:
        if call is None:
            raise Refused
        self.current = call
        return call


Checker = Callable[[object, str], object]


class Constructor(NamedTuple):
    """A torchvision.models function: its own keyword arguments (beyond num_classes, weights and progress) with
    their defaults and checks, the class torchinfo names for the model, and what adds it."""

    type_name: str
    build: Callable[[Net, Mapping[str, Any]], str]
    kwargs: Mapping[str, tuple[object, Checker]] = {}
    fixed: Mapping[str, object] = {}  # arguments the function sets itself (resnext50_32x4d's groups=32)
    pretrained: Mapping[str, object] = {}  # and those it sets when given weights (beyond num_classes=1000)


def weights_name(value: object, name: str) -> object:
    """None, or a weights enum's name ("DEFAULT", "IMAGENET1K_V1"): its shapes are those of 1000 classes."""
    if value is not None and not (isinstance(value, str) and value):
        raise ArgumentError(name, f"`{name}` must be None or the name of pretrained weights such as \"DEFAULT\", "
                                  f"received {value!r}")
    return value


def make_divisible(value: float, divisor: int = 8) -> int:
    """torchvision's _make_divisible: the nearest multiple of `divisor`, never below 90% of `value`."""
    new = max(divisor, int(value + divisor / 2) // divisor * divisor)
    return new + divisor if new < 0.9 * value else new


def conv_norm_act(net: Net, sub: str, cin: int, cout: int, kernel: int = 3, stride: int = 1, groups: int = 1,
                  activation: str | None = "ReLU", dilation: int = 1) -> str:
    """torchvision.ops.Conv2dNormActivation (an nn.Sequential): a conv without bias, a BatchNorm2d, the activation."""
    net.container(sub, "Conv2dNormActivation")
    net.module(f"{sub}.0", "Conv2d", in_channels=cin, out_channels=cout, kernel_size=kernel, stride=stride,
               padding=(kernel - 1) // 2 * dilation, dilation=dilation, groups=groups, bias=False)
    net.module(f"{sub}.1", "BatchNorm2d", num_features=cout)
    if activation is not None:
        inplace: dict[str, Any] = {} if activation == "Sigmoid" else {"inplace": True}
        net.module(f"{sub}.2", activation, **inplace)
    return net.returns(sub, net.current)


def squeeze_excitation(net: Net, sub: str, channels: int, squeeze: int, activation: str, scale: str) -> str:
    """torchvision.ops.SqueezeExcitation: avgpool, fc1, activation, fc2, scale_activation, then scale * input."""
    net.container(sub, "SqueezeExcitation")
    given = net.current
    net.module(f"{sub}.avgpool", "AdaptiveAvgPool2d", output_size=1)
    net.module(f"{sub}.fc1", "Conv2d", in_channels=channels, out_channels=squeeze, kernel_size=1)
    net.module(f"{sub}.activation", activation)
    net.module(f"{sub}.fc2", "Conv2d", in_channels=squeeze, out_channels=channels, kernel_size=1)
    weights = net.module(f"{sub}.scale_activation", scale)
    return net.returns(sub, net.op("broadcast", reads=(weights, given), op="mul"))
