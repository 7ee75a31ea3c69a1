"""TorchModelBuilder: how every reader of PyTorch models (the YAML spec now, nn.Module code later) makes a torch
ModelSpec, with torch's naming and checks, and every mistake gathered with its line.

A torch ModelSpec (framework "torch") holds:
- `layers`: the model's input (kind "Input", named "input", its shape the batch included), then each call of a
  leaf module in the order the forward pass makes it, named by the module's path as torch names it ("0",
  "features.3"); a later call of a module already called is named call_name(path, n) ("fc/1") and `shares`
  the first (torchinfo's "(recursive)" row); `inputs` name the calls whose outputs it reads;
- `modules`: the container modules ("" the model itself, then "features", "features.1", ...), each with the
  class torchinfo shows; which leaves a container holds is told by their paths (model.inside);
- `outputs`: the call whose output is the model's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import ArgumentError, ArgumentErrors, SpecError, SpecErrors, did_you_mean
from ..model import LayerSpec, ModelSpec, ModuleSpec, call_name
from ..torch_modules import REGISTRY, lookup
from ..torch_modules.recurrent import TUPLE_OUTPUTS

INPUT = "input"  # the name of the model's input among the layers


class TorchModelBuilder:
    def __init__(self, source: str):
        self.source = source
        self.layers: list[LayerSpec] = []
        self.modules: list[ModuleSpec] = []
        self.errors: list[SpecError] = []
        self._calls: dict[str, int] = {}

    def error(self, message: str, line: int | None, layer: str | None = None, kind: str | None = None) -> None:
        """Keep a mistake; build() raises them all, in line order."""
        self.errors.append(SpecError(message, source=self.source, line=line, layer=layer, kind=kind))

    def add_input(self, size: Any, line: int | None, what: str = "input_size") -> None:
        """The model's input: `size` the batch included, as torchinfo's summary(model, input_size=...) takes it."""
        try:
            args = REGISTRY["Input"].bind({"shape": size})
        except ArgumentError as error:
            self.error(error.message.replace("`shape`", f"`{what}`"), line)
            return
        self.layers.append(LayerSpec(kind="Input", name=INPUT, args=args, inputs=(), line=line))

    def add_container(self, path: str, type_name: str, line: int | None) -> None:
        """A module holding others ("" the model itself), shown by torchinfo as a row above them."""
        self.modules.append(ModuleSpec(path, type_name, line))

    def add_module(self, path: str, kind_name: str, given: Mapping[str, Any], line: int | None,
                   arg_lines: Mapping[str, int | None], reads: tuple[str, ...] | None = None) -> str | None:
        """The first call of a leaf module: its class, its arguments as given (bound here to torch's defaults and
        checks) and the calls it reads (None: the call before it). Returns its call's name, None if refused."""
        kind = lookup(kind_name)
        if kind is None or kind.name == "Input":
            modules = [name for name in REGISTRY if name != "Input"]
            self.error(f"unknown torch.nn module {kind_name!r}" + did_you_mean(kind_name, modules), line, path)
            return None
        try:
            bound = kind.bind(given)
        except ArgumentError as error:
            for one in error.errors if isinstance(error, ArgumentErrors) else (error,):
                self.error(one.message, arg_lines.get(one.argument, line), path, kind_name)
            return None
        return self._call(LayerSpec(kind=kind.name, name=path, args=bound, inputs=(), given=tuple(given), line=line,
                                    arg_lines=dict(arg_lines)), reads)

    def call_again(self, path: str, line: int | None, reads: tuple[str, ...] | None = None) -> str | None:
        """A later call of a module already called: its own row, torchinfo's "(recursive)"."""
        first = next(layer for layer in self.layers if layer.name == path)
        self._calls[path] = self._calls.get(path, 0) + 1
        return self._call(first._replace(name=call_name(path, self._calls[path]), line=line, shares=path), reads)

    def _call(self, layer: LayerSpec, reads: tuple[str, ...] | None) -> str | None:
        if not self.layers:
            return None  # no input: already said
        reads = reads if reads is not None else (self.layers[-1].name,)
        for name in reads:
            source = next((known for known in self.layers if known.name == name), None)
            if source is not None and source.kind in TUPLE_OUTPUTS:
                self.error(f"{source.kind} returns a tuple (output, hidden state), which no module of an "
                           f"nn.Sequential can read: put {layer.kind} after it in a module's forward, on its output",
                           layer.line, layer.name, layer.kind)
                return None
        self.layers.append(layer._replace(inputs=reads))
        return layer.name

    def raise_errors(self) -> None:
        if self.errors:
            errors = sorted(self.errors, key=lambda error: (error.line is None, error.line or 0))
            if len(errors) == 1:
                raise errors[0]
            raise SpecErrors(errors[:SpecErrors.MAX_REPORTED], max(0, len(errors) - SpecErrors.MAX_REPORTED))

    def build(self, name: str, output: str | None = None) -> ModelSpec:
        """The model, its output the last call unless `output` names another; raises every mistake kept."""
        self.raise_errors()
        return ModelSpec(name=name, layers=tuple(self.layers), outputs=(output or self.layers[-1].name,),
                         source=self.source, framework="torch", modules=tuple(self.modules))
