"""The printable Markdown handout: the model as Keras (or PyTorch) code and numbered questions with blanks."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..layers import REGISTRY
from ..model import LayerSpec, ModelSpec, split_output
from .questions import Quiz

_SHAPES = ("input_shape", "shape", "batch_shape", "target_shape", "dims")  # tuples that stay tuples


def _literal(key: str, value: Any) -> str:
    """A bound argument as Keras code: kernel_size (3, 3) as 3, the way it is usually written."""
    if isinstance(value, tuple) and key not in _SHAPES:
        while isinstance(value, tuple) and value and all(item == value[0] for item in value):
            value = value[0]
    return repr(value)


def _call(layer: LayerSpec, extra: Mapping[str, Any] | None = None) -> str:
    args = [f"{key}={_literal(key, layer.args[key])}" for key in layer.given] + \
        [f"{key}={_literal(key, value)}" for key, value in (extra or {}).items()]
    return f"{layer.kind}({', '.join(args)})"


def model_code(model: ModelSpec) -> list[str]:
    """The model as Keras code: Sequential with input_shape on the first layer, or functional calls."""
    layers = [layer for layer in model.layers if layer.kind != "Input"]
    if not model.functional:
        extra = {} if "input_shape" in layers[0].given else {"input_shape": model.layers[0].args["shape"]}
        lines = [f"    {_call(layer, extra if index == 0 else None)},  # {layer.name}"
                 for index, layer in enumerate(layers)]
        return ["model = keras.Sequential(["] + lines + ["])"]
    lines = []
    inputs = [layer.name for layer in model.layers if layer.kind == "Input"]
    # layers giving a list of tensors (return_state=True): each read by its index, `gru[1]`
    several = {layer.name for layer in model.layers if layer.args.get("return_state")}

    def group(names: list[str]) -> str:
        return names[0] if len(names) == 1 else f"[{', '.join(names)}]"

    def tensor(reference: str) -> str:
        node, index = split_output(reference)
        return f"{node}[{index}]" if node in several else node

    for layer in model.layers:
        if layer.kind == "Input":
            lines.append(f"{layer.name} = keras.Input(shape={layer.args['shape']!r})")
        else:
            read = [tensor(name) for name in layer.inputs]
            reads = read[0] if len(read) == 1 else f"[{', '.join(read)}]"
            if len(read) > 1 and REGISTRY[layer.kind].states is not None:  # a recurrent layer's first states
                reads = f"{read[0]}, initial_state={group(read[1:])}"
            lines.append(f"{layer.name} = {_call(layer)}({reads})")

    return lines + [f"model = keras.Model({group(inputs)}, {group([tensor(name) for name in model.outputs])})"]


def torch_code(model: ModelSpec) -> list[str]:
    """A torch model as PyTorch code: its nn.Sequential (nested ones too) and torchinfo's summary call."""
    leaves = {layer.name: layer for layer in model.layers
              if layer.kind != "Input" and layer.shares is None and not layer.hidden}  # operations are no modules
    containers = {module.name: module.type for module in model.modules if module.name and not module.unused_params}

    def children(path: str) -> list[str]:
        found = [name for name in [*containers, *leaves] if name.rpartition(".")[0] == path]
        return sorted(found, key=lambda name: int(last) if (last := name.rpartition(".")[2]).isdigit() else -1)

    def block(path: str, indent: str) -> list[str]:
        lines = []
        for name in children(path):
            if name in containers:
                lines += [f"{indent}nn.{containers[name]}(  # {name}", *block(name, indent + "    "), f"{indent}),"]
            else:
                lines.append(f"{indent}nn.{_call(leaves[name])},  # {name}")
        return lines

    size = tuple(model.layers[0].args["shape"])
    return ["model = nn.Sequential(", *block("", "    "), ")", f"summary(model, input_size={size!r})  # torchinfo"]


def hand_in(answers_file: str | None, framework: str = "keras") -> str:
    """What to hand in: a YAML file (named `answers_file` when the class is graded by name), one line a question."""
    named = f"named `{answers_file}`" if answers_file else "named after you (`firstname_lastname.yaml`)"
    example = "[1, 32, 26, 26], as torchinfo prints them" if framework == "torch" else "(None, 64, 64, 32)"
    return f"Answer in a YAML file {named}, one line per question (`q1: 896`); write shapes like {example}."


def handout(quiz: Quiz, answers_file: str | None = None) -> str:
    """A printable Markdown handout: the model as code and numbered questions with blanks, never the answers."""
    framework = quiz.model.framework
    code = torch_code(quiz.model) if framework == "torch" else model_code(quiz.model)
    lines = [f"# {quiz.title or quiz.model.name}", "", "```python", *code, "```", "",
             hand_in(answers_file, framework), ""]
    lines += [f"{index}. **{q.id}** {q.text} ____________" for index, q in enumerate(quiz.questions, 1)]
    return "\n".join(lines) + "\n"
