"""What a quiz can ask, one question with its answer in parts and the working it quotes, and a quiz."""

from __future__ import annotations

from typing import NamedTuple

from ..explain import sections
from ..model import LayerSummary, ModelSpec, Summary
from ..shapes import format_shape
from . import torch_parts
from .count_mistakes import field_parts, macs_part, non_trainable_part, params_part, total_part, trainable_part
from .parts import NotAskable, Number, Part, show_number
from .shape_mistakes import shape_parts

ASKS = ("params", "trainable_params", "non_trainable_params", "output_shape", "height", "width", "depth", "length",
        "macs", "receptive_field", "total_params")
COUNT_ASKS = ("params", "trainable_params", "non_trainable_params", "macs", "total_params")  # 1.29k is read for these
ASK_NAMES = {"params": "params", "trainable_params": "trainable params", "non_trainable_params": "non-trainable params",
             "output_shape": "output shape", "depth": "depth (channels)", "macs": "MACs",
             "receptive_field": "receptive field", "total_params": "total params"}
QUESTION_TEXT = {
    "params": "How many parameters does {layer} have?",
    "trainable_params": "How many of the parameters of {layer} are trainable?",
    "non_trainable_params": "How many of the parameters of {layer} are non-trainable?",
    "output_shape": "What is the output shape of {layer}?",
    "height": "What is the height of the output of {layer}?",
    "width": "What is the width of the output of {layer}?",
    "length": "What is the length of the output of {layer}?",
    "depth": "What is the depth (the number of channels) of the output of {layer}?",
    "macs": "How many multiply-accumulates (MACs) does {layer} perform for one sample?",
    "receptive_field": "How many input pixels across is the receptive field of one output of {layer}?",
    "total_params": "How many parameters does the model have in total?",
}
SECTION = {"params": "params", "trainable_params": "params", "non_trainable_params": "params", "macs": "macs",
           "receptive_field": "field"}  # the part of explain's working a question quotes; "shape" otherwise

Answer = Number | tuple[Number | None, ...]  # a count or size; a shape (batch None first) or a field per axis
KeyValue = Number | str  # as an answer key holds it


class Question(NamedTuple):
    """One question with its answer in parts, the working to quote and where the quiz asks it."""

    id: str
    ask: str
    layer: LayerSummary | None  # None: a question about the whole model
    parts: tuple[Part, ...]
    working: tuple[str, ...]
    line: int | None = None
    framework: str = "keras"  # a torch model's: its modules named as such, shapes written as torchinfo writes them

    @property
    def subject(self) -> str:
        what = ASK_NAMES.get(self.ask, self.ask)
        return f"{what} of the model" if self.layer is None else f"{what} of {self.layer.name} ({self.layer.type})"

    @property
    def text(self) -> str:
        """The question as a quiz words it: a torch model's layer is a module, named by its path and class."""
        if self.layer is None:
            return QUESTION_TEXT[self.ask].format(layer="")
        name = f"`{self.layer.name}`"
        return QUESTION_TEXT[self.ask].format(layer=f"module {name} ({self.layer.type})" if self.framework == "torch"
                                              else name)

    @property
    def answer(self) -> Answer:
        values = tuple(part.value for part in self.parts)
        if self.ask == "output_shape" and self.layer is not None:
            return self.layer.output_shape[:1] + values
        return values if self.ask == "receptive_field" else values[0]

    def show(self, value: Answer) -> str:
        if not isinstance(value, tuple):
            return show_number(value)
        if self.ask == "output_shape":
            return _shape_text(value, self.framework)
        return show_number(value[0]) if len(set(value)) == 1 else "×".join(show_number(v) for v in value)

    def key_value(self) -> KeyValue:
        """The answer as an answer key holds it: a number, a shape as Keras prints it, a field like 7 or 7x5."""
        answer = self.answer
        if not isinstance(answer, tuple):
            return answer
        if self.ask == "output_shape":
            return _shape_text(answer, self.framework)
        first = answer[0]
        return first if len(set(answer)) == 1 and first is not None else "x".join(map(str, answer))


def _shape_text(dims: tuple[Number | None, ...], framework: str = "keras") -> str:
    """A shape as Keras prints it (format_shape), or torchinfo ([1, 32, 26, 26]), its sizes possibly as read from
    an answer."""
    inside = ", ".join("None" if d is None else str(d) for d in dims)
    return f"[{inside}]" if framework == "torch" else f"({inside})"


def build_question(question_id: str, summary: Summary, layer: LayerSummary | None, ask: str,
                   line: int | None = None) -> Question:
    """The question `ask` about `layer` (None for total_params); NotAskable when it does not apply."""
    if ask == "total_params":
        total = total_part(summary, torch_parts.params_part) if summary.framework == "torch" else total_part(summary)
        return Question(question_id, ask, None, (total,), (f"total params: {total.right}",), line, summary.framework)
    if layer is None:
        raise NotAskable(f"{ask} is asked of a layer")
    parts: tuple[Part, ...]
    torch = summary.framework == "torch"
    axes = torch_parts.shape_parts if torch else shape_parts
    if ask == "output_shape":
        parts = tuple(part for _, part in sorted(axes(layer).items()))
    elif ask in ("height", "width", "length", "depth"):
        wanted = "channels" if ask == "depth" else ask
        found = [part for axis, part in axes(layer).items() if part.label == wanted]
        if not found or (ask == "depth" and len(layer.output_shape) < 3):
            raise NotAskable(f"its output {format_shape(layer.output_shape)} has no {ask} axis; ask output_shape")
        parts = tuple(found)
    elif ask == "receptive_field":
        parts = field_parts(layer)
    elif torch and ask in ("params", "macs"):
        parts = ({"params": torch_parts.params_part, "macs": torch_parts.macs_part}[ask](layer),)
    else:
        parts = ({"params": params_part, "trainable_params": trainable_part, "non_trainable_params": non_trainable_part,
                  "macs": macs_part}[ask](layer),)
    return Question(question_id, ask, layer, parts,
                    tuple(sections(layer, summary.framework)[SECTION.get(ask, "shape")]), line, summary.framework)


class Quiz(NamedTuple):
    """A quiz read or generated: its model computed once, its questions checked against it."""

    source: str
    title: str | None
    model: ModelSpec
    summary: Summary
    questions: tuple[Question, ...]

    @property
    def ids(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}
