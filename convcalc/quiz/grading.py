"""A class graded: every answers file against its student's quiz (one quiz for all, or one each), a CSV of
marks, what went wrong most often, and a feedback text per student with the working of each wrong answer."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from ..errors import ConvcalcError
from .files import read_answers
from .marking import Mark, check
from .questions import ASK_NAMES, Quiz

ANSWERS_SUFFIXES = (".yaml", ".yml")  # other files are graded only when they hold answers to the quiz


class Submission(NamedTuple):
    student: str
    quiz: Quiz | None  # None: there is no quiz for this student
    marks: tuple[Mark, ...]
    errors: tuple[ConvcalcError, ...] = ()  # answers for unknown ids (the rest is graded), or why it is unreadable
    readable: bool = True  # an unreadable file is scored 0

    @property
    def score(self) -> int:
        return sum(m.right for m in self.marks)


class Graded(NamedTuple):
    submissions: list[Submission]  # by student
    warnings: list[str]  # files that are not answers files, skipped
    unmatched: list[ConvcalcError]  # answers files that are no student's of the class list, not graded


def student_of(path: str) -> str:
    """A file's student: its name without the suffix (ada.yaml: ada)."""
    return os.path.splitext(os.path.basename(path))[0]


def grade(paths: Sequence[str], quiz_of: Callable[[str], Quiz], whose: Callable[[str], str] = student_of) -> Graded:
    """Every file, one Submission per student (whose(path), which raises a ConvcalcError for a file that is no
    student's), each graded against quiz_of(student) (which raises a ConvcalcError when the student has no
    quiz). A *.yaml or *.yml file that cannot be read is scored 0; another file is graded only when it reads
    as answers to at least one of the quiz's questions, and is otherwise skipped with a warning, as is a
    second file of the same student."""
    submissions: dict[str, Submission] = {}
    warnings: list[str] = []
    unmatched: list[ConvcalcError] = []
    for path in sorted(paths, key=lambda path: (not path.endswith(ANSWERS_SUFFIXES), path)):
        answers_file = path.endswith(ANSWERS_SUFFIXES)
        try:
            student = whose(path)
        except ConvcalcError as error:
            if answers_file:
                unmatched.append(error)
            else:
                warnings.append(_not_answers(path))
            continue
        if student in submissions:
            warnings.append(f"{path}: a second file for {student}; skipped")
            continue
        try:
            quiz = quiz_of(student)
        except ConvcalcError as error:
            if answers_file:
                submissions[student] = Submission(student, None, (), (error,), readable=False)
            else:
                warnings.append(_not_answers(path))
            continue
        try:
            answers, unknown = read_answers(quiz, path)
        except ConvcalcError as error:
            if answers_file:
                submissions[student] = Submission(student, quiz, tuple(check(quiz, {})), (error,), readable=False)
            else:
                warnings.append(_not_answers(path))
            continue
        if not answers_file and not answers:
            warnings.append(_not_answers(path))
            continue
        submissions[student] = Submission(student, quiz, tuple(check(quiz, answers)), tuple(unknown))
    return Graded([submissions[student] for student in sorted(submissions)], warnings, unmatched)


def _not_answers(path: str) -> str:
    return (f"{path}: not an answers file (neither *.yaml nor *.yml, nor a mapping of question ids to answers, "
            "like `q1: 896`); skipped")


NO_SUBMISSION = "no submission"


def grade_rows(submissions: Sequence[Submission], students: Sequence[str] = ()) -> list[list[Any]]:
    """The CSV: a header, then per student a 1 or 0 per question (empty where their quiz has no such
    question) and the total; with a class list, a row for each of its `students` in its order, its total
    NO_SUBMISSION for one who handed nothing in."""
    ids = list(dict.fromkeys(q.id for s in submissions if s.quiz for q in s.quiz.questions))
    rows: list[list[Any]] = [["student", *ids, "total"]]
    handed_in = {submission.student: submission for submission in submissions}
    for student in students or list(handed_in):
        if student not in handed_in:
            rows.append([student, *[""] * len(ids), NO_SUBMISSION])
            continue
        right = {m.question.id: int(m.right) for m in handed_in[student].marks}
        rows.append([student, *(right.get(question_id, "") for question_id in ids), handed_in[student].score])
    return rows


def class_summary(submissions: Sequence[Submission]) -> list[str]:
    """The mean score and what most students got wrong: with one quiz for all, each question with its most
    common wrong answer (when one was given more than once); with a quiz each, each kind of question."""
    count = len(submissions)
    quizzes = {id(s.quiz): s.quiz for s in submissions if s.quiz}
    if not quizzes:  # no "0 questions: mean 0.0 of 0": every submission's quiz was missing
        return [f"{count} submission{'s' * (count != 1)}, none graded: no quiz for any"]
    total = max((len(quiz.questions) for quiz in quizzes.values()), default=0)
    mean = sum(s.score for s in submissions) / count if count else 0
    lines = [f"{count} submission{'s' * (count != 1)}, {total} questions"
             + (" (a quiz each)" if len(quizzes) > 1 else "")
             + f": mean score {mean:.1f} of {total}"]
    one_quiz = len(quizzes) == 1
    wrong: dict[str, list[Mark]] = {}
    asked: Counter[str] = Counter()
    for s in submissions:
        for m in s.marks:
            key = m.question.id if one_quiz else m.question.ask
            asked[key] += 1
            if not m.right:
                wrong.setdefault(key, []).append(m)
    if not wrong:
        return lines + ["every question was answered right by everyone"]
    order = list(asked)  # questions in quiz order, kinds in the order students met them
    lines.append("most often wrong:")
    for key, marks in sorted(wrong.items(), key=lambda item: (-len(item[1]), order.index(item[0]))):
        if one_quiz:
            lines.append(f"  {key} {marks[0].question.subject}: {len(marks)} of {count} wrong" + _common(marks))
        else:
            lines.append(f"  {ASK_NAMES.get(key, key)}: {len(marks)} of {asked[key]} answers wrong")
    return lines


def _common(wrong: Sequence[Mark]) -> str:
    """'; most common wrong answer 63 (2 students): its diagnosis', when a wrong answer was given twice or more."""
    answered = Counter(m.given for m in wrong if m.given)
    if not answered:
        return "; no answers given"
    given, times = answered.most_common(1)[0]
    if times < 2:
        return "; no wrong answer was given twice"
    diagnosis = next(m.diagnosis for m in wrong if m.given == given)
    return f"; most common wrong answer {given} ({times} students): " + (diagnosis or "no classic mistake gives it")


def feedback(submission: Submission) -> str:
    """A student's feedback: the score, then each answer, every wrong one with its working."""
    quiz, s = submission.quiz, submission
    title = quiz.title or quiz.model.name if quiz else "convcalc quiz"
    lines = [title, f"{s.student}: {s.score} of {len(s.marks)} right", ""]
    lines += [f"Your answers file could not be read: {error}; scored 0" if not s.readable else f"Not graded: {error}"
              for error in s.errors]
    for m in s.marks:
        lines += m.lines(working=True)
    return "\n".join(lines) + "\n"

