"""A class graded: every answers file against the quiz, a CSV of marks and what went wrong most often."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from typing import Any, NamedTuple

from ..errors import ConvcalcError
from .files import read_answers
from .marking import Mark, check
from .questions import Question, Quiz


class Submission(NamedTuple):
    student: str
    marks: tuple[Mark, ...]
    errors: tuple[ConvcalcError, ...] = ()  # answers for unknown ids (the rest is graded), or why it is unreadable
    readable: bool = True  # an unreadable file is scored 0

    @property
    def score(self) -> int:
        return sum(m.right for m in self.marks)


def grade(quiz: Quiz, paths: Sequence[str]) -> list[Submission]:
    """Every answers file, one Submission each, in the order given; the model was computed once, in the Quiz."""
    submissions = []
    for path in paths:
        student = os.path.splitext(os.path.basename(path))[0]
        try:
            answers, unknown = read_answers(quiz, path)
        except ConvcalcError as error:
            submissions.append(Submission(student, tuple(check(quiz, {})), (error,), readable=False))
            continue
        submissions.append(Submission(student, tuple(check(quiz, answers)), tuple(unknown)))
    return submissions


def grade_rows(quiz: Quiz, submissions: Sequence[Submission]) -> list[list[Any]]:
    """The CSV: a header, then per student a 1 or 0 per question and the total."""
    return [["student", *quiz.ids, "total"]] + [
        [s.student, *(int(m.right) for m in s.marks), s.score] for s in submissions]


def class_summary(quiz: Quiz, submissions: Sequence[Submission]) -> list[str]:
    """The mean score and the questions most students got wrong, each with its most common wrong answer."""
    count, total = len(submissions), len(quiz.questions)
    mean = sum(s.score for s in submissions) / count if count else 0
    lines = [f"{count} submission{'s' * (count != 1)}, {total} questions: mean score {mean:.1f} of {total}"]
    missed: list[tuple[int, int, Question, list[Mark]]] = []
    for index, q in enumerate(quiz.questions):
        wrong = [s.marks[index] for s in submissions if not s.marks[index].right]
        if wrong:
            missed.append((-len(wrong), index, q, wrong))
    if not missed:
        return lines + ["every question was answered right by everyone"]
    lines.append("most often wrong:")
    for minus_wrong, _, q, wrong in sorted(missed, key=lambda item: item[:2]):
        answered = Counter(m.given for m in wrong if m.given)
        line = f"  {q.id} {q.subject}: {-minus_wrong} of {count} wrong"
        if answered:
            given, times = answered.most_common(1)[0]
            diagnosis = next(m.diagnosis for m in wrong if m.given == given)
            line += (f"; most common wrong answer {given} ({times} student{'s' * (times != 1)}): "
                     + (diagnosis or "no classic mistake gives it"))
        else:
            line += "; no answers given"
        lines.append(line)
    return lines
