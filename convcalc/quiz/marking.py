"""One answer checked against its question: right, a classic mistake named with the layer's numbers,
or the working to compare with."""

from __future__ import annotations

from typing import Any, NamedTuple

from .answers import SIGNIFICANT, Rounded, Unreadable, blank, read_answer
from .parts import Number, show_number
from .questions import Question, Quiz

MISSING = object()  # no answer given
WORKING = "the working:"


class Mark(NamedTuple):
    """One answer checked: the answer as read ('' for none), right or not, its diagnosis and the notes under it."""

    question: Question
    given: str
    right: bool
    diagnosis: str | None = None
    notes: tuple[str, ...] = ()

    def lines(self, working: bool = False) -> list[str]:
        """✓ or ✗ with the notes; `working`: a wrong answer's working even when a classic mistake is named."""
        q = self.question
        if self.right:
            return [f"✓ {q.id} {q.subject}: {self.given}"]
        notes = self.notes
        if working and WORKING not in notes:
            notes += _working(q)
        return [f"✗ {q.id} {q.subject}: right answer {q.show(q.answer)}"] + [f"    {note}" for note in notes]


def _working(question: Question) -> tuple[str, ...]:
    return (WORKING,) + tuple(f"  {line}" for line in question.working)


def mark(question: Question, raw: object = MISSING) -> Mark:
    """Check one answer: right, a classic mistake (named with its numbers), or the working to compare with."""
    working = _working(question)
    if raw is MISSING or blank(raw):
        return Mark(question, "", False, notes=("no answer",) + working)
    try:
        value = read_answer(question, raw)
    except Unreadable as needed:
        return Mark(question, str(raw), False, notes=(f"your answer: {raw!r} is not {needed}",) + working)
    if isinstance(value, Rounded):
        return _mark_rounded(question, value, working)
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


def _mark_rounded(question: Question, value: Rounded, working: tuple[str, ...]) -> Mark:
    """An abbreviated count (1.29k): right when the answer rounds to it with enough digits; else as any count."""
    part, given = question.parts[0], value.written
    if value.fits(part.value) and (value.value == part.value or value.digits >= SIGNIFICANT):
        return Mark(question, given, True)
    notes = (f"your answer: {given} ({show_number(value.value)})",)
    if value.fits(part.value):
        return Mark(question, given, False, notes=notes + (
            f"{given} keeps {value.digits} significant digit{'s' * (value.digits != 1)}: write at least "
            f"{SIGNIFICANT}, like {value.at_precision(part.value)}",))
    diagnosis = part.diagnose(value.value, value.within)
    if diagnosis:
        return Mark(question, given, False, diagnosis, notes + (diagnosis,))
    return Mark(question, given, False, notes=notes + working)


def check(quiz: Quiz, answers: dict[str, Any]) -> list[Mark]:
    return [mark(q, answers.get(q.id, MISSING)) for q in quiz.questions]
