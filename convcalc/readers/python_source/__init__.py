"""Keras and PyTorch models read from Python source, statically: the file is parsed with `ast`, never imported or
run.

Statements are followed in order as running the file would, by a framework-neutral interpreter (statements.py,
calls.py, classes.py, constants.py) with a plug-in for the file's framework: a file that imports torch and not
Keras is read as PyTorch (torch_interpreter.py), every other as Keras (keras_interpreter.py). Keras's calls are
evaluated as Keras 3.15 makes them (keras_calls.py, models.py), names follow Keras's per-session counters across
every model of the file, and each model is handed to the ModelBuilder like a YAML spec's (model_specs.py); a
PyTorch model's forward pass is read on its input into a TorchModelBuilder (torch_forward.py). A value only
running the file could tell (data, files, randomness) is unknown and reading goes on; a model is refused only
when it needs one, naming where it comes from (values.py), unless `--set NAME=VALUE` gives it.
"""

from __future__ import annotations

import ast
import warnings
from typing import TYPE_CHECKING, NamedTuple

from ...errors import NoModel, SpecError, UnbuiltModel
from ...model import ModelSpec
from ..files import INPUT_SIZE, read_text, source_name
from ..graph import KerasNames
from .torch_values import Module, TorchModel, TorchvisionModel
from .values import FunctionalModel, Model, SubclassedModel

if TYPE_CHECKING:  # each plug-in is imported only for a file of its framework
    from .statements import Interpreter

__all__ = ["INPUT_SIZE", "FoundModel", "find_models", "listed_names", "listing", "load", "models_in", "parse"]


class FoundModel(NamedTuple):
    """A model the file makes: Keras's name, the module-level variables holding it, where it is made, and why it
    cannot be read (None when it can)."""

    name: str
    variables: tuple[str, ...]
    line: int
    functional: bool
    default: bool
    refused: SpecError | None = None
    subclass: str | None = None  # the class of a keras.Model or nn.Module subclass
    framework: str = "keras"

    @property
    def kind(self) -> str:
        if self.framework == "torch":  # subclass: the file's class, else what makes it (torchvision.models.resnet18)
            return f"{self.subclass}, an nn.Module subclass" if self.subclass and "." not in self.subclass else (
                self.subclass or "nn.Sequential")
        return f"{self.subclass}, a keras.Model subclass" if self.subclass else (
            "functional" if self.functional else "Sequential")


def listed_names(names: list[str]) -> list[str]:
    """What `--model` picks each model of a file by: its name, numbered (`NAME#2`) where names repeat."""
    return [f"{name}#{names[:index + 1].count(name)}" if names.count(name) > 1 else name
            for index, name in enumerate(names)]


def _framework(module: ast.Module) -> str:
    """"torch" for a file that imports torch and not Keras (nor TensorFlow), else "keras"."""
    imported = {alias.name.split(".")[0] for node in ast.walk(module) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(module) if isinstance(node, ast.ImportFrom)
                 and node.module and not node.level}
    return "torch" if "torch" in imported and not imported & {"keras", "tensorflow", "tf_keras"} else "keras"


def _read(text: str, source: str, settings: dict[str, str] | None = None) -> Interpreter:
    try:
        with warnings.catch_warnings():  # SyntaxWarnings (an invalid escape) are the file's business, not ours
            warnings.simplefilter("ignore")
            module = ast.parse(text, filename=source)
            # Compiled, never run: Python's compiler finds what its parser lets through (`return` outside a def).
            compile(module, source, "exec", dont_inherit=True)
    except SyntaxError as error:
        raise SpecError(error.msg, source=source, line=error.lineno, column=error.offset) from None
    except (RecursionError, MemoryError):
        raise SpecError("the Python code is nested too deeply to parse", source=source) from None
    code_settings = {name: value for name, value in (settings or {}).items() if name != INPUT_SIZE}
    interpreter: Interpreter
    if _framework(module) == "torch":
        from .torch_interpreter import TorchInterpreter

        torch_interpreter = TorchInterpreter(source, code_settings)
        interpreter = torch_interpreter
    else:
        from .keras_interpreter import KerasInterpreter

        torch_interpreter = None
        interpreter = KerasInterpreter(source, KerasNames(), code_settings)
    try:
        interpreter.run(module)
        if torch_interpreter is not None:
            torch_interpreter.add_buildable_classes()
    except RecursionError:
        raise SpecError("the Python code is nested too deeply to read", source=source) from None
    if not interpreter.models and interpreter.errors:
        raise interpreter.errors[0]
    if not interpreter.models:
        if interpreter.FRAMEWORK == "PyTorch":
            raise NoModel("no PyTorch model found: convcalc reads nn.Sequential(...) and the file's nn.Module "
                          "subclasses", source=source)
        raise NoModel("no Keras model found: convcalc reads keras.Sequential(...), Sequential() with "
                        "model.add(...), and keras.Model(inputs, outputs)", source=source)
    return interpreter


def _spec(interpreter: Interpreter, model: Model, source: str, settings: dict[str, str] | None) -> ModelSpec:
    if isinstance(model, TorchModel):
        from .torch_interpreter import TorchInterpreter

        assert isinstance(interpreter, TorchInterpreter)
        try:
            return interpreter.torch_spec(model, (settings or {}).get(INPUT_SIZE))
        except RecursionError:
            raise SpecError("the model's forward pass is nested too deeply to read", source=source,
                            line=model.line) from None
    from .model_specs import own_model_spec

    return own_model_spec(model, source)


def _default(models: list[Model]) -> Model:
    """The last model made that a module-level variable holds (what running the file leaves), else the last."""
    held = [model for model in models if model.variables]
    return (held or models)[-1]


def _chosen(models: list[Model], wanted: str, source: str) -> Model:
    """The model `--model` names: by a variable holding it, else by Keras's name, the last made of that name
    unless `NAME#N` asks for the N-th (`--list-models` shows the numbers where names repeat)."""
    name, _, ordinal = wanted.rpartition("#")
    if name and ordinal.isdigit():
        same = [m for m in models if m.name == name]
        if 1 <= int(ordinal) <= len(same):
            return same[int(ordinal) - 1]
        raise SpecError(f"no model {wanted!r}: the file makes {len(same)} model(s) named {name!r}", source=source)
    matches = [m for m in models if wanted in m.variables] or [m for m in models if m.name == wanted] or [
        m for m in models if isinstance(m, TorchModel) and m.class_name == wanted]
    if not matches:
        found = ", ".join(f"{m.name} ({', '.join(m.variables)})" if m.variables else m.name for m in models)
        raise SpecError(f"no model named {wanted!r}; the file makes {found}", source=source)
    return matches[-1]


def parse(text: str, source: str = "<python>", model: str | None = None,
          settings: dict[str, str] | None = None) -> ModelSpec:
    """The model `model` (a variable or Keras name; default: the last one made) of Python source text, with the
    values `settings` gives to the names the file assigns."""
    interpreter = _read(text, source, settings)
    chosen = _default(interpreter.models)
    if model is not None:
        chosen = _chosen(interpreter.models, model, source)
    spec = _spec(interpreter, chosen, source, settings)
    unused = tuple(f"{source}: --set {name}: the file never assigns `{name}`, so it changes nothing"
                   for name in interpreter.settings if name not in interpreter.settings_used)
    if settings and INPUT_SIZE in settings and interpreter.FRAMEWORK != "PyTorch":
        unused += (f"{source}: --input-size is the input of a PyTorch model; a Keras model's comes from its "
                   "code",)
    return spec._replace(warnings=spec.warnings + unused)


def load(path: str, model: str | None = None, settings: dict[str, str] | None = None) -> ModelSpec:
    return parse(read_text(path, "Python text"), source_name(path), model, settings)


def listing(path: str, settings: dict[str, str] | None = None) -> str:
    """`summary --list-models`: each model the file makes, the variables holding it, the default marked, and the
    reason of each one that cannot be read."""
    lines = [f"{path}:"]
    found = find_models(path, settings)
    for model, name in zip(found, listed_names([model.name for model in found]), strict=True):
        held = f"  {', '.join(model.variables)}" if model.variables else ""
        lines.append(f"  {name}  ({model.kind}, line {model.line}){held}{'  (default)' if model.default else ''}")
        if model.refused is not None:
            label = "unbuilt (summary shows it as Keras does)" if isinstance(model.refused, UnbuiltModel) else "refused"
            lines.append(f"    {label}: {model.refused}")
    return "\n".join(lines)


def find_models(path: str, settings: dict[str, str] | None = None) -> list[FoundModel]:
    """Every model the file makes, in the order it makes them, each with the reason it cannot be read, if any."""
    return models_in(read_text(path, "Python text"), source_name(path), settings)


def models_in(text: str, source: str = "<python>", settings: dict[str, str] | None = None) -> list[FoundModel]:
    """Every model Python source text makes, in the order it makes them, each with the reason it cannot be read."""
    interpreter = _read(text, source, settings)
    default = _default(interpreter.models)
    found = []
    for model in interpreter.models:
        try:
            _spec(interpreter, model, source, settings)
            refused = None
        except SpecError as error:
            refused = error
        subclass = model.instance.made.node.name if isinstance(model, SubclassedModel) and model.instance else (
            torch_maker(model)) if isinstance(model, TorchModel) else None
        found.append(FoundModel(model.name, tuple(model.variables), model.line, isinstance(model, FunctionalModel),
                                model is default, refused, subclass,
                                "torch" if isinstance(model, TorchModel) else "keras"))
    return found


def torch_maker(model: TorchModel) -> str | None:
    """What --list-models says made a PyTorch model: the file's class, torchvision's constructor, a module's class
    (None: an nn.Sequential)."""
    if isinstance(model.root, TorchvisionModel):
        return f"torchvision.models.{model.root.name}"
    if isinstance(model.root, Module):
        return f"nn.{model.root.kind}"
    return model.class_name or None
