"""What names in a Python file stand for while it is read: plain Python values, or these symbolic ones.

A value that only running the file would give is an `Unknown` that remembers the expression it came from, so that
the error, if the model needs it, points at that expression (`random.randint(8, 64)`), not at its use.
"""

from __future__ import annotations

import ast
import itertools
from dataclasses import dataclass, field
from typing import Any

from ...errors import SpecError
from ...model import call_name, output_reference

_order = itertools.count()


@dataclass(frozen=True)
class Ref:
    """A module, class or function of a library, by its canonical dotted path (keras.layers.Conv2D)."""

    path: str


@dataclass(frozen=True)
class Unknown:
    """A value only running the file gives; `node` is the expression it came from.

    Bound to a name, it remembers the assignment (`num_classes = len(class_names)`) so that a refusal names the
    variable `--set` can give; a statement that failed leaves its error in the names it assigns.
    """

    node: ast.AST
    reason: str = ""  # why, when more is known than "cannot evaluate <expression>"
    variable: str | None = None  # the name it was assigned to, which --set NAME=VALUE may give
    statement: ast.AST | None = None  # that assignment
    error: SpecError | None = None  # the mistake of the statement that should have made it


class FrameworkObject:
    """A framework's layer, module or model: true in an `if`, as Python objects are (plug-ins subclass it)."""


class SymbolicTensor:
    """A framework's tensor, whose arithmetic, indexing and comparisons its plug-in reads (tensor_binary, ...)."""


@dataclass(frozen=True)
class Array:
    """Data of a known shape (np.zeros((60000, 28, 28)), a dataset's arrays); None for an axis whose size only
    running the file gives."""

    shape: tuple[int | None, ...]


@dataclass(frozen=True)
class Dynamic:
    """A size only running knows, inside a layer's call: `ops.shape(x)[1]` of an axis of unknown length, and
    arithmetic on it. A shape made of it has that axis unknown (None), as Keras computes it."""


@dataclass(eq=False)
class Layer(FrameworkObject):
    """A Keras layer as constructed: its class, the arguments as written, and the name Keras gave it then."""

    kind: str
    given: dict[str, Any]
    arg_lines: dict[str, int | None]
    line: int
    name: str
    batch_size: int | None = None  # an InputLayer made by model.build((batch, ...)) or Input(batch_size=...)
    called: Tensor | None = None  # the tensor of its first call in a functional graph
    calls: int = 1  # how many times it has been called (a shared layer's later calls are Tensor.call 1, 2, ...)
    warnings: list[str] = field(default_factory=list)  # what Keras 3 ignores in it, for the models it is in
    body: Any = None  # a Lambda's function (lambdas.py)
    mask_name: str | None = None  # an Embedding(mask_zero=True): its NotEqual operation's name in the session

    def unknown_arguments(self) -> list[tuple[Unknown, int | None]]:
        """Arguments only running the file gives, with the line of each: a model holding the layer is refused."""
        found = []
        for key, value in self.given.items():
            unknown = first_unknown(value)
            if unknown is not None:
                found.append((unknown, self.arg_lines.get(key, self.line)))
        return found


@dataclass(eq=False)
class Tensor(SymbolicTensor):
    """A symbolic tensor: the output of `layer` called on `inputs` (a list when the call was given a list)."""

    layer: Layer
    inputs: list[Tensor] | None
    as_list: bool = False
    order: int = field(default_factory=lambda: next(_order))
    shape: tuple[int | None, ...] | None = None  # computed on first use (tensor_shapes.py)
    call: int = 0  # which call of its layer made it: 1, 2, ... for a shared layer's later calls
    output: int = 0  # which output of that call, for a layer giving several (return_state, a call's tuple)
    first: Tensor | None = None  # for output 1, 2, ...: the call's first output, which stands for the call

    @property
    def node(self) -> str:
        """How a ModelSpec reads it: the call's name (the layer's, or "<layer>/<call>" for a later call), with
        "#<output>" for a later output of a call giving several."""
        return output_reference(call_name(self.layer.name, self.call), self.output)

    def outputs(self, count: int) -> list[Tensor]:
        """This call's `count` outputs: itself first, then the others, each standing for the same call."""
        return [self, *(Tensor(self.layer, self.inputs, self.as_list, call=self.call, output=index, first=self)
                        for index in range(1, count))]


@dataclass(eq=False)
class Model(FrameworkObject):
    """A model made by the file (by a plug-in: a Keras or a PyTorch one); `tainted` is a call that may have changed
    it."""

    name: str
    line: int
    variables: list[str] = field(default_factory=list)
    tainted: ast.AST | None = None
    frozen: ast.AST | None = None  # `model.trainable = False`, where it is set
    as_layer: Layer | None = None  # the model used as a layer of another (one row, its weights inside)
    blocked: SpecError | None = None  # why reading it needs running the file, when it does
    order: int = field(default_factory=lambda: next(_order))


@dataclass(eq=False)
class SequentialModel(Model):
    layers: list[Layer] = field(default_factory=list)  # an InputLayer first once the input is known
    data_input: str | None = None  # the input layer Keras named when the model was first called on data
    built_on_data: ast.AST | None = None  # that call: the model's own summary then shows the data's shapes

    @property
    def has_input(self) -> bool:
        return bool(self.layers) and self.layers[0].kind == "InputLayer"


@dataclass(eq=False)
class FunctionalModel(Model):
    inputs: list[Tensor] = field(default_factory=list)
    outputs: list[Tensor] = field(default_factory=list)
    outputs_line: int | None = None


@dataclass(eq=False)
class SubclassedModel(Model):
    """An instance of a keras.Model subclass of the file: its rows are the layers it holds (`instance`), its
    graph what its `call` makes on its input, once it has one (a call on a Keras tensor, `build`, an array)."""

    instance: Instance | None = None
    graph: FunctionalModel | None = None


@dataclass(eq=False)
class RefusedModel(Model):
    """A statement that makes a model but cannot be read: listed with its reason, refused when chosen."""


@dataclass(eq=False)
class Function:
    """A function defined in the file: called, its body is read like the module's."""

    node: ast.FunctionDef | ast.Lambda
    scope: Any  # the Scope it was defined in
    defaults: dict[str, Any] | None = None  # parameter -> default, evaluated once where the function is defined


@dataclass(eq=False)
class UserClass:
    """A class defined in the file: its instances are read from its methods (classes.py)."""

    node: ast.ClassDef
    # the library class it derives from (directly or through the file's own classes), by its canonical path
    # ("keras.layers.Layer", "torch.nn.Module"); "" for a plain Python class
    framework_base: str = ""
    scope: Any = None  # the Scope the class was defined in, which its methods read
    base: UserClass | None = None  # its first base that the file defines
    attributes: dict[str, Any] = field(default_factory=dict)  # the constants its body assigns


@dataclass(eq=False)
class Instance:
    """An instance of a class of the file, with the attributes its methods set on `self`.

    A Keras layer subclass has the name Keras gave it and, once called on Keras tensors, its row (`layer`): the
    graph its `call` made, and the weights `add_weight` made.
    """

    made: UserClass
    node: ast.AST
    attributes: dict[str, Any] = field(default_factory=dict)
    name: str | None = None
    weights: list[tuple[str, tuple[int, ...], bool]] = field(default_factory=list)  # add_weight's
    built: bool = False
    layer: Layer | None = None


@dataclass(eq=False)
class BoundMethod:
    """`instance.method`: a function of the class (`defined_in`, for super()) with `self` given."""

    function: Function
    instance: Instance
    defined_in: UserClass


@dataclass(eq=False)
class Super:
    """`super()` in a method of `defined_in`: what the classes after it in `instance`'s bases give."""

    instance: Instance
    defined_in: UserClass


@dataclass(eq=False)
class Partial:
    """functools.partial(function, *arguments, **keywords): called, the arguments come first."""

    function: Any
    positional: list[tuple[Any, ast.AST]]
    keywords: dict[str, tuple[Any, ast.AST]]


@dataclass(eq=False)
class Variable:
    """A weight `self.add_weight(shape=...)` made: used in `call`, a constant of that shape."""

    shape: tuple[int, ...]


NESTED_KINDS = ("Sequential", "Functional")


def graph_tensors(model: FunctionalModel) -> list[Tensor]:
    """The tensors between a functional model's inputs and outputs, in the order they were made."""
    seen: dict[int, Tensor] = {}
    stack = [*model.outputs, *model.inputs]
    while stack:
        popped = stack.pop()
        tensor = popped.first or popped  # a later output of a call: the call's first stands for it
        if id(tensor) in seen:
            continue
        seen[id(tensor)] = tensor
        if tensor.inputs and not any(tensor is given for given in model.inputs):
            stack.extend(tensor.inputs)
    return sorted(seen.values(), key=lambda tensor: tensor.order)


def nested_model(value: Any) -> Model | None:
    """The model a model-as-layer row stands for (a layer of model.layers that is itself a model)."""
    if isinstance(value, Layer) and value.kind in NESTED_KINDS and isinstance(value.given.get("model"), Model):
        model: Model = value.given["model"]
        return model
    return None


class CannotEvaluate(SpecError):
    """`file:line:col: cannot evaluate X without running the file; <hint>`."""


HINT = "write a constant there (or describe the model in a YAML spec: see `convcalc convert`)"


# Calls whose value comes from files, the network or randomness: their unknowns are "known only from the data".
DATA_SOURCES = ("os.", "glob", "open(", "pd.", "pandas.", "np.load", "numpy.load",
                "json.load", "pickle.", "pathlib", "Path(", "tf.data", "tfds", "dataset", "load_data", "read_csv",
                "get_file", "listdir", "walk(", "input(", "sys.argv", "argparse", "parse_args", "imread", "load_img")


def first_unknown(value: Any) -> Unknown | None:
    """The Unknown in a value, looking inside lists, tuples and dicts."""
    if isinstance(value, Unknown):
        return value
    if isinstance(value, list | tuple):
        for item in value:
            found = first_unknown(item)
            if found:
                return found
    if isinstance(value, dict):
        return first_unknown(list(value.keys()) + list(value.values()))
    return None


def refusal(source: str, unknown: Unknown, use_line: int | None = None, tensor: bool = False) -> SpecError:
    """The error for an Unknown a model needs (at `use_line`): the assignment the user can --set, else where the
    value comes from, else the mistake of the statement that should have made it. A `tensor` the model is built
    from is named where it comes from: --set cannot give a tensor."""
    needs = f" (line {use_line} needs it)" if use_line is not None and use_line != _line_of(
        unknown.statement or unknown.node) else ""
    if tensor and unknown.error is None and not unknown.reason:
        return CannotEvaluate(f"cannot compute {source_text(unknown.node)} without running the file{needs}; convcalc "
                              "reads the layers, modules and operations docs/ lists", source=source,
                              line=_line_of(unknown.node), column=_column(unknown.node))
    if unknown.error is not None:
        error = unknown.error
        needs = "" if "needs it)" in error.message else needs
        return SpecError(error.message + needs, source=error.source, line=error.line, layer=error.layer,
                         kind=error.kind, column=error.column)
    if unknown.reason or unknown.variable is None or unknown.statement is None:  # the reason says what to do
        return cannot_evaluate(source, unknown.node, unknown.reason, use_line=use_line)
    origin = unknown.node
    text = source_text(origin)
    how = ("from the data" if any(mark in text for mark in DATA_SOURCES) else
           "by running the file (it is random)" if "random" in text else "by running the file")
    came = (f" (from {source_text(origin)}, line {_line_of(origin)})"
            if _line_of(origin) != _line_of(unknown.statement) else "")
    return CannotEvaluate(f"{source_text(unknown.statement)} is known only {how}{came}{needs}; give it with "
                          f"--set {unknown.variable}=VALUE", source=source, line=_line_of(unknown.statement),
                          column=_column(unknown.statement))


def _line_of(node: ast.AST) -> int | None:
    return getattr(node, "lineno", None)


def source_text(node: ast.AST) -> str:
    text = ast.unparse(node)
    return text if len(text) <= 80 else text[:77] + "..."


def cannot_evaluate(source: str, node: ast.AST, reason: str = "", hint: str = HINT,
                    use: ast.AST | None = None, use_line: int | None = None) -> CannotEvaluate:
    """The error for a value the model needs (at `use` or `use_line`, when elsewhere) that only running the file
    gives."""
    if reason and hint == HINT:
        hint = ""  # the reason says what to do
    message = reason or f"cannot evaluate {source_text(node)} without running the file"
    use_line = getattr(use, "lineno", None) if use is not None else use_line
    if use_line is not None and use_line != getattr(node, "lineno", None):
        message += f" (line {use_line} needs it)"
    return CannotEvaluate(f"{message}; {hint}" if hint else message, source=source,
                          line=getattr(node, "lineno", None), column=_column(node))


def located(source: str, node: ast.AST | None, message: str) -> SpecError:
    """Any other mistake, at the expression that makes it."""
    return SpecError(message, source=source, line=getattr(node, "lineno", None), column=_column(node))


def _column(node: ast.AST | None) -> int | None:
    offset = getattr(node, "col_offset", None)
    return None if offset is None else offset + 1
