"""One answer checked against its question: right, a classic mistake named with the layer's numbers,
or the working to compare with."""

from __future__ import annotations

from typing import Any, NamedTuple

from .answers import Unreadable, read_answer
from .parts import Number, show_number
from .questions import Question, Quiz

MISSING = object()  # no answer given


class Mark(NamedTuple):
    """One answer checked: the answer as read ('' for none), right or not, its diagnosis and the notes under it."""

    question: Question
    given: str
    right: bool
    diagnosis: str | None = None
    notes: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        q = self.question
        if self.right:
            return [f"✓ {q.id} {q.subject}: {self.given}"]
        return [f"✗ {q.id} {q.subject}: right answer {q.show(q.answer)}"] + [f"    {note}" for note in self.notes]


def mark(question: Question, raw: object = MISSING) -> Mark:
    """Check one answer: right, a classic mistake (named with its numbers), or the working to compare with."""
    working = ("the working:",) + tuple(f"  {line}" for line in question.working)
    if raw is MISSING:
        return Mark(question, "", False, notes=("no answer",) + working)
    try:
        value = read_answer(question, raw)
    except Unreadable as needed:
        return Mark(question, str(raw), False, notes=(f"your answer: {raw!r} is not {needed}",) + working)
    given = question.show(value)
    if value == question.answer:
        return Mark(question, given, True)
    notes = (f"your answer: {given}",)
    answer = question.answer
    expected: tuple[Number | None, ...] = answer if isinstance(answer, tuple) else (answer,)
    values: tuple[Number | None, ...] = value if isinstance(value, tuple) else (value,)
    if len(values) != len(expected):
        return Mark(question, given, False, notes=notes + (
            f"the answer has {len(expected)} numbers{' with the batch' if question.ask == 'output_shape' else ''}, "
            f"yours {len(values)}",) + working)
    offset = len(expected) - len(question.parts)  # the batch axis of a shape
    index = next(i for i, (mine, right) in enumerate(zip(values, expected, strict=False)) if mine != right)
    if index < offset:
        return Mark(question, given, False, notes=notes + ("the first axis is the batch: None (any batch size)",))
    part = question.parts[index - offset]
    mine = values[index]
    diagnosis = part.diagnose(mine) if mine is not None else None
    prefix = f"{part.label}: " if len(question.parts) > 1 else ""
    if diagnosis:
        return Mark(question, given, False, prefix + diagnosis, notes + (prefix + diagnosis,))
    lead = (f"{part.label} is the first to differ: {show_number(mine)}, not {show_number(part.value)}",) \
        if prefix else ()
    return Mark(question, given, False, notes=notes + lead + working)


def check(quiz: Quiz, answers: dict[str, Any]) -> list[Mark]:
    return [mark(q, answers.get(q.id, MISSING)) for q in quiz.questions]
