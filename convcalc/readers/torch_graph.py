"""TorchModelBuilder: how every reader of PyTorch models (the YAML spec now, nn.Module code later) makes a torch
ModelSpec, with torch's naming and checks, and every mistake gathered with its line.

A torch ModelSpec (framework "torch") holds:
- `layers`: the model's input (kind "Input", named "input", its shape the batch included), then each call of a
  leaf module in the order the forward pass makes it, named by the module's path as torch names it ("0",
  "features.3"); a later call of a module already called is named call_name(path, n) ("fc/1") and `shares`
  the first (torchinfo's "(recursive)" row); `inputs` name the calls whose outputs it reads;
- `modules`: the container modules ("" the model itself, then "features", "features.1", ...), each with the
  class torchinfo shows (its `output` the call its forward returns, set_container_output); which leaves a
  container holds is told by their paths (model.inside); and the leaf modules the forward never calls
  (add_unused), which only count their parameters;
- `outputs`: the call whose output is the model's.

A functional operation of the forward pass (torch.flatten, `a + b`, F.relu: add_op) is a hidden layer, named
"<label>@<n>" (no module path holds an "@"): the next call reads it, torchinfo shows and counts nothing of it.
The builder follows every call's shape as it is added (shape_of), so that a reader can answer x.shape and an
operation torch would refuse is reported at once, in torch's words; a module's own mistakes the engine reports.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import ArgumentError, ArgumentErrors, ShapeError, SpecError, SpecErrors, did_you_mean
from ..layers.base import ONE_INPUT
from ..model import LayerSpec, ModelSpec, ModuleSpec, call_name
from ..shapes import Shape
from ..torch_modules import FUNCTIONAL, KINDS, REGISTRY, lookup
from ..torch_modules.recurrent import TUPLE_OUTPUTS

INPUT = "input"  # the name of the model's input among the layers
HIDDEN_MARK = "@"  # in an operation's name, "add@3": never in a module's path nor in an output reference ("gru#1")


class TorchModelBuilder:
    def __init__(self, source: str):
        self.source = source
        self.layers: list[LayerSpec] = []
        self.modules: list[ModuleSpec] = []
        self.errors: list[SpecError] = []
        self._calls: dict[str, int] = {}
        self._shapes: dict[str, Shape | None] = {}  # each call's output, None where it could not be computed
        self._ops = 0
        self._entered = 0

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
        self._shapes[INPUT] = tuple(args["shape"])

    def shape_of(self, call: str) -> Shape | None:
        """The output shape of a call added (the batch included), None where a mistake left it unknown."""
        return self._shapes.get(call)

    def add_container(self, path: str, type_name: str, line: int | None, called: bool = True) -> None:
        """A module holding others ("" the model itself), shown by torchinfo as a row above them; one torch never
        calls (an nn.ModuleList) shows no output."""
        self.modules.append(ModuleSpec(path, type_name, line, called=called))

    def enter_container(self, path: str) -> None:
        """A forward pass calls container `path` now: torchinfo's row for it comes before what it calls next (an
        empty nn.Sequential's row too)."""
        self._entered += 1
        self.modules = [module._replace(entered=(len(self.layers), self._entered))
                        if module.name == path and module.entered is None else module for module in self.modules]

    def set_container_output(self, path: str, call: str) -> None:
        """The call (an operation, perhaps) whose output the forward of container `path` returns: torchinfo's row
        for the container shows its shape."""
        self.modules = [module._replace(output=call) if module.name == path else module for module in self.modules]

    def add_op(self, kind_name: str, given: Mapping[str, Any], line: int | None, reads: tuple[str, ...] | None = None,
               arg_lines: Mapping[str, int | None] | None = None) -> str | None:
        """A functional operation of the forward pass: a kind of FUNCTIONAL ("view", "cat", "broadcast", ...) or a
        module's used as a function (F.max_pool2d(x, 2): "MaxPool2d", {"kernel_size": 2}). It reads `reads` (None:
        the call before it). Returns its name, None if refused (a mistake torch would raise is kept, in its words)."""
        arg_lines = arg_lines or {}
        kind = FUNCTIONAL.get(kind_name) or lookup(kind_name)
        if kind is None or kind.name == "Input":
            known = [name for name in KINDS if name != "Input"]
            self.error(f"unknown torch operation {kind_name!r}" + did_you_mean(kind_name, known), line)
            return None
        try:
            bound = kind.bind(given)
        except ArgumentError as error:
            for one in error.errors if isinstance(error, ArgumentErrors) else (error,):
                self.error(one.message, arg_lines.get(one.argument, line), _label(kind.name, given))
            return None
        self._ops += 1
        name = f"{_label(kind.name, bound)}{HIDDEN_MARK}{self._ops}"
        return self._call(LayerSpec(kind=kind.name, name=name, args=bound, inputs=(), given=tuple(given), line=line,
                                    arg_lines=dict(arg_lines), hidden=True), reads)

    def add_module(self, path: str, kind_name: str, given: Mapping[str, Any], line: int | None,
                   arg_lines: Mapping[str, int | None], reads: tuple[str, ...] | None = None,
                   trainable: bool = True) -> str | None:
        """The first call of a leaf module: its class, its arguments as given (bound here to torch's defaults and
        checks) and the calls it reads (None: the call before it). Returns its call's name, None if refused."""
        kind = lookup(kind_name)
        if kind is None or kind.name == "Input":
            modules = [name for name in REGISTRY if name != "Input"]
            cased = [name for name in modules if name.lower() == kind_name.lower()]  # flatten: Flatten
            hint = f" (did you mean {cased[0]!r}?)" if cased else did_you_mean(kind_name, modules)
            self.error(f"unknown torch.nn module {kind_name!r}" + hint, line, path)
            return None
        try:
            bound = kind.bind(given)
        except ArgumentError as error:
            for one in error.errors if isinstance(error, ArgumentErrors) else (error,):
                self.error(one.message, arg_lines.get(one.argument, line), path, kind_name)
            return None
        if not trainable:  # its parameters' requires_grad set to False
            bound["trainable"] = False
        return self._call(LayerSpec(kind=kind.name, name=path, args=bound, inputs=(), given=tuple(given), line=line,
                                    arg_lines=dict(arg_lines)), reads)

    def add_unused(self, path: str, kind_name: str, given: Mapping[str, Any], line: int | None) -> None:
        """A leaf module the model holds but its forward never calls: torchinfo shows no row for it, but counts its
        parameters in its containers' and the total."""
        kind = lookup(kind_name)
        if kind is None or kind.name == "Input" or kind.name.startswith("Lazy"):
            self.error(f"cannot count the parameters of an unused {kind_name!r}", line, path)
            return
        try:
            bound = kind.bind(given)
            weights = kind.weights(bound, ())  # a non-lazy module's parameters depend on its arguments only
        except ArgumentError as error:
            self.error(error.message, line, path, kind_name)
            return
        self.modules.append(ModuleSpec(path, kind.name, line, unused_params=sum(w.size for w in weights)))

    def call_again(self, path: str, line: int | None, reads: tuple[str, ...] | None = None) -> str | None:
        """A later call of a module already called: its own row, torchinfo's "(recursive)"."""
        first = next(layer for layer in self.layers if layer.name == path)
        self._calls[path] = self._calls.get(path, 0) + 1
        return self._call(first._replace(name=call_name(path, self._calls[path]), line=line, shares=path), reads)

    def replace_module(self, path: str, kind_name: str, given: Mapping[str, Any], line: int | None,
                       arg_lines: Mapping[str, int | None], trainable: bool = True) -> bool:
        """The module at `path` (and its later calls) made another (`model.fc = nn.Linear(512, 10)` on a
        torchvision model): its arguments bound, every shape from it on computed again. False if none is there."""
        at = next((index for index, layer in enumerate(self.layers) if layer.name == path), None)
        kind = lookup(kind_name)
        if at is None or kind is None:
            return False
        try:
            bound = kind.bind(given)
        except ArgumentError as error:
            for one in error.errors if isinstance(error, ArgumentErrors) else (error,):
                self.error(one.message, arg_lines.get(one.argument, line), path, kind_name)
            return True
        if not trainable:
            bound["trainable"] = False
        for index in range(at, len(self.layers)):
            layer = self.layers[index]
            if layer.name == path or layer.shares == path:
                layer = self.layers[index] = layer._replace(kind=kind.name, args=bound, given=tuple(given), line=line,
                                                             arg_lines=dict(arg_lines))
            self._shapes[layer.name] = self._output_shape(layer)
        return True

    def _call(self, layer: LayerSpec, reads: tuple[str, ...] | None) -> str | None:
        if not self.layers:
            return None  # no input: already said
        if reads is not None:  # a forward pass reads what it unpacked of a tuple (an LSTM's output)
            return self._append(layer._replace(inputs=reads))
        reads = (self.layers[-1].name,)
        for name in reads:
            source = next((known for known in self.layers if known.name == name), None)
            if source is not None and source.kind in TUPLE_OUTPUTS:
                self.error(f"{source.kind} returns a tuple (output, hidden state), which no module of an "
                           f"nn.Sequential can read: put {layer.kind} after it in a module's forward, on its output",
                           layer.line, layer.name, layer.kind)
                return None
        return self._append(layer._replace(inputs=reads))

    def _append(self, layer: LayerSpec) -> str | None:
        reads = layer.inputs
        shape = self._output_shape(layer)
        if layer.hidden and shape is None and all(self._shapes.get(name) is not None for name in reads):
            return None  # refused: the mistake is kept
        self.layers.append(layer)
        self._shapes[layer.name] = shape
        return layer.name

    def _output_shape(self, layer: LayerSpec) -> Shape | None:
        """The call's output, if what it reads is known; an operation's mistake is kept here (a module's is the
        engine's to report, with what it knows of the features a Flatten made)."""
        found = [self._shapes.get(name) for name in layer.inputs]
        received = [shape for shape in found if shape is not None]
        if len(received) != len(found):
            return None
        kind = KINDS[layer.kind]
        try:
            if kind.arity == ONE_INPUT and len(received) != 1:
                raise ShapeError(f"takes 1 tensor, received {len(received)}")
            if kind.arity == ONE_INPUT:
                return kind.output_shape(layer.args, received[0])
            shapes: tuple[Shape, ...] = tuple(received)
            return kind.output_shape(layer.args, shapes)
        except ShapeError as error:
            if layer.hidden:
                self.error(str(error), layer.line, _label(layer.kind, layer.args))
            return None

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


def _label(kind: str, args: Mapping[str, Any]) -> str:
    """How an operation is named in its errors and its name: "add" for a broadcast add, "relu" for F.relu."""
    return str(args.get("op") or kind).lower() if kind in ("broadcast", "reduce") else kind.lower()
