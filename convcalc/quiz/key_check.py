"""Answers checked against a class's answer key (`quiz new --students --key`) alone, without the quizzes.

The key holds each student's right answers and nothing of their questions, so an answer is right or wrong and
the right one is shown, with no working (the student's quiz file has it). Answers are read as `quiz check`
reads them: a shape with or without the batch's None, `1.29k` for a count at the precision it is written.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from .. import readers
from ..errors import ConvcalcError, SpecError, did_you_mean, one_or_all
from .answers import SIGNIFICANT, Rounded, Unreadable, blank, read_count, read_dims
from .names import Unmatched, student_named

WHAT = "a class's answer key: each student's name, then their answers (`q1: 896`)"
ANSWERS = "answers: a mapping of question ids to answers, like `q1: 896`"


class KeyMark(NamedTuple):
    id: str
    right_answer: str  # as the key holds it
    given: str  # '' for no answer
    right: bool

    def lines(self) -> list[str]:
        if self.right:
            return [f"✓ {self.id}: {self.given}"]
        return [f"✗ {self.id}: right answer {self.right_answer}",
                "    " + (f"your answer: {self.given}" if self.given else "no answer")]


def class_key(path: str) -> dict[str, dict[str, Any]] | None:
    """The answers of each student in a class key, or None when the file is no class key (a quiz, answers)."""
    try:
        top = readers.read_mapping(path, WHAT)
    except ConvcalcError:
        return None
    if not top or "model" in top or not all(isinstance(value, dict) and value for _, value in top.values()):
        return None  # a quiz missing its questions is still a quiz, its mistakes reported as such
    return {str(student): {str(key): value for key, (_, value) in answers.items()}
            for student, (_, answers) in top.items()}


def answers_of(key: dict[str, dict[str, Any]], student: str, key_path: str) -> tuple[str, dict[str, Any]]:
    """The student of the key that `student` names (matched as `quiz grade` matches file names), and their key."""
    try:
        name = student_named(student, list(key), key_path)
    except Unmatched as error:
        raise ConvcalcError(f"{error}; give --student NAME") from None
    return name, key[name]


def read_answers(path: str) -> dict[str, Any]:
    """A student's answers file, by question id."""
    return {str(key): value for key, (_, value) in readers.read_mapping(path, ANSWERS).items()}


def check(expected: dict[str, Any], answers: dict[str, Any], source: str) -> list[KeyMark]:
    """Each question of the key with the answer given to it; an answer to an id the key does not have is an
    error (all of them in one SpecErrors)."""
    unknown = [key for key in answers if key not in expected]
    if unknown:
        raise one_or_all([SpecError(f"an answer for {key!r}, which is not a question of the key"
                                    + did_you_mean(key, expected), source=source) for key in unknown])
    return [_mark(question, right, answers.get(question)) for question, right in expected.items()]


def _mark(question: str, right: object, raw: object) -> KeyMark:
    shown = f"{right:,}" if isinstance(right, int) and not isinstance(right, bool) else str(right)
    if blank(raw):
        return KeyMark(question, shown, "", False)
    try:
        return KeyMark(question, shown, str(raw), _same(str(right), raw))
    except Unreadable:
        return KeyMark(question, shown, str(raw), False)


def _same(right: str, raw: object) -> bool:
    """Whether `raw` says the key's answer: the same number, or the same dimensions (a shape's batch may be left
    out; a receptive field's single size stands for every axis)."""
    if right.lstrip().startswith(("(", "[")) or "x" in right:
        expected, dims = read_dims(right), read_dims(raw)
        if len(dims) == len(expected) - 1 and (expected[0] is None or right.lstrip().startswith("[")):
            dims = (expected[0], *dims)  # a torch shape ([1, 32, 26, 26]): its batch may be left out too
        elif len(dims) == 1 and "x" in right:
            dims = dims * len(expected)
        return dims == expected
    value = read_count(raw)
    exact = read_count(right)
    assert not isinstance(exact, Rounded)  # a key holds whole numbers
    if isinstance(value, Rounded):
        return value.fits(exact) and (value.value == exact or value.digits >= SIGNIFICANT)
    return value == exact
