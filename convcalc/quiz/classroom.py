"""A class's files: the quiz (or a quiz per student) and key that `quiz new` writes, and for `quiz grade` the
submissions folder, the quizzes (one for all, or a folder with one per student), the CSV and the feedback.
Nothing is overwritten without `force`; every problem is an error (Errors when several) or a warning."""

from __future__ import annotations

import csv
import os
from collections.abc import Sequence
from typing import Any, NamedTuple

from .. import readers
from ..errors import ConvcalcError
from ..writers.files import refuse_existing, write
from .files import load, read_roster
from .generating import generate, variants
from .grading import ANSWERS_SUFFIXES, Graded, class_summary, feedback, grade, grade_rows, student_of
from .handout import hand_in, handout
from .names import Unmatched, answers_stem, student_named
from .questions import Quiz


class Written(NamedTuple):
    warnings: list[str]
    text: str | None = None  # the quiz, when there is no --out to write it to


def new(seed: int, count: int, level: str, from_path: str | None, roster: str | None, out: str | None,
        key: str | None, markdown: bool, force: bool) -> Written:
    """One quiz (to `out`, else returned) and its key; with a roster, a quiz per student in the folder `out`
    and one key holding every student's answers."""
    if roster:
        return _per_student(seed, count, level, from_path, roster, out, key, markdown, force)
    if out and key and os.path.abspath(out) == os.path.abspath(key):
        raise ConvcalcError("--out and --key name the same file")
    refuse_existing([path for path in (out, key) if path], force)
    quiz, data, answers = generate(seed, level, count, from_path,
                                   os.path.dirname(os.path.abspath(out)) if out else os.getcwd())
    warnings = [] if len(quiz.questions) == count else [
        f"the model offers {len(quiz.questions)} different questions; the quiz has them all"]
    text = handout(quiz) if markdown else readers.dump(data)
    _write_all([(out, text)] if out else [], key, answers, force)
    return Written(warnings, None if out else text)


def _per_student(seed: int, count: int, level: str, from_path: str | None, roster: str, out: str | None,
                 key: str | None, markdown: bool, force: bool) -> Written:
    if not out or os.path.isfile(out):
        raise ConvcalcError("--students writes a quiz per student: --out must name a folder")
    students = read_roster(roster)
    paths = [os.path.join(out, student + (".md" if markdown else ".yaml")) for student in students]
    if key and os.path.abspath(key) in map(os.path.abspath, paths):
        raise ConvcalcError(f"--key {key} is also a student's quiz")
    refuse_existing(paths + ([key] if key else []), force)
    made = variants(seed, students, level, count, from_path, os.path.abspath(out))
    fewest = min(len(variant.quiz.questions) for variant in made)
    warnings = [] if fewest == count else [
        f"the model offers {fewest} different questions; the quizzes have them all"]
    warnings += [f"{v.student} has the same quiz as {v.same_as}: the model offers too few different ones"
                 for v in made if v.same_as]
    try:
        os.makedirs(out, exist_ok=True)
    except OSError as error:
        raise ConvcalcError(f"{out}: cannot make the folder: {error.strerror}") from None
    named = [answers_stem(v.student, students) + ANSWERS_SUFFIXES[0] for v in made]
    texts = [handout(v.quiz, name) if markdown
             else f"# {hand_in(name, v.quiz.model.framework)}\n" + readers.dump(v.data)
             for v, name in zip(made, named, strict=True)]
    _write_all(list(zip(paths, texts, strict=True)), key, {v.student: v.key for v in made}, force)
    return Written(warnings)


def _write_all(files: Sequence[tuple[str, str]], key: str | None, answers: dict[str, Any], force: bool) -> None:
    for path, text in files:
        write(path, text, force)
    if key:
        write(key, readers.dump(answers, inline=False), force)


class Quizzes:
    """The quiz of each student: one quiz file for the whole class, or a folder of quiz files named after the
    students (`quiz new --students`), each read once, when its student's answers are graded."""

    def __init__(self, path: str):
        self.path = path
        self.loaded: dict[str, Quiz] = {}
        self.single: Quiz | None = None if os.path.isdir(path) else load(path)
        self.files: dict[str, str] = {} if self.single else {
            student_of(entry.path): entry.path for entry in sorted(os.scandir(path), key=lambda entry: entry.name)
            if entry.is_file() and entry.name.endswith(ANSWERS_SUFFIXES)}
        if self.single is None and not self.files:
            raise ConvcalcError(f"{path}: no quiz files (*.yaml, *.yml)")

    def __call__(self, student: str) -> Quiz:
        if self.single is not None:
            return self.single
        if student not in self.files:  # a class list's name, the quiz file perhaps spelt otherwise
            try:
                student = student_named(student, list(self.files), self.path)
            except Unmatched:
                raise ConvcalcError(f"{self.path}: no quiz for {student} ({student}{ANSWERS_SUFFIXES[0]})") from None
        if student not in self.loaded:
            self.loaded[student] = load(self.files[student])
        return self.loaded[student]


class Report(NamedTuple):
    graded: Graded
    warnings: list[str]  # files skipped, students who handed nothing in
    summary: list[str]  # the class summary's lines


def grade_class(quiz_path: str, folder: str, csv_path: str | None, feedback_dir: str | None,
                force: bool, roster: str | None = None) -> Report:
    """Grade every file in `folder` (hidden ones aside) against its student's quiz; write the CSV and a
    feedback file per student (DIR/STUDENT.txt). The class list is `roster`, else the quizzes' names when
    there is one per student: each file is then matched to a student forgivingly (names.student_named), a
    file that is no student's is not graded, and every student of the list has a row of the CSV."""
    refuse_existing([csv_path] if csv_path else [], force)
    if not os.path.isdir(folder):
        raise ConvcalcError(f"{folder}: not a directory of answers files")
    paths = sorted(entry.path for entry in os.scandir(folder) if entry.is_file() and not entry.name.startswith("."))
    if not paths:
        raise ConvcalcError(f"{folder}: no answers files (*.yaml, *.yml)")
    quizzes = Quizzes(quiz_path)
    students = read_roster(roster) if roster else list(quizzes.files)
    where = roster or quiz_path

    def whose(path: str) -> str:
        try:
            return student_named(student_of(path), students, where)
        except Unmatched as error:
            raise Unmatched(f"{path}: unmatched: {error}; not graded") from None

    graded = grade(paths, quizzes, whose if students else student_of)
    handed_in = {s.student for s in graded.submissions}
    warnings = graded.warnings + [f"{quizzes.files.get(student, where)}: no answers from {student}"
                                  for student in students if student not in handed_in]
    if not graded.submissions:
        return Report(graded, warnings, [])
    texts = [(os.path.join(feedback_dir, s.student + ".txt"), feedback(s)) for s in graded.submissions] \
        if feedback_dir else []
    refuse_existing([path for path, _ in texts], force)
    if csv_path:
        rows = grade_rows(graded.submissions, students)
        try:
            with open(csv_path, "w" if force else "x", newline="", encoding="utf-8") as handle:
                csv.writer(handle).writerows(rows)
        except OSError as error:
            raise ConvcalcError(f"{csv_path}: cannot write: {error.strerror}") from None
    if feedback_dir:
        try:
            os.makedirs(feedback_dir, exist_ok=True)
        except OSError as error:
            raise ConvcalcError(f"{feedback_dir}: cannot make the folder: {error.strerror}") from None
    for path, text in texts:
        write(path, text, force)
    return Report(graded, warnings, class_summary(graded.submissions))
