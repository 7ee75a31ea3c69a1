"""`convcalc quiz`: generate quizzes, check answers with the working, grade a class."""

from __future__ import annotations

import os
import sys

import click

from ..errors import ConvcalcError
from .app import EXIT_FAILED, EXIT_INVALID, fail, fail_all


@click.group()
def quiz() -> None:
    """Shape and parameter quizzes: generate them, check answers with the working shown, grade a class."""


@quiz.command("check")
@click.argument("quiz_path", metavar="QUIZ")
@click.argument("answers", nargs=-1, required=True, metavar="ANSWERS...")
@click.option("--student", metavar="NAME",
              help="With a class's answer key (`quiz new --students --key`) instead of QUIZ: whose answers to check "
                   "against (default: the answers file's name, matched as `quiz grade` matches them).")
def quiz_check(quiz_path: str, answers: tuple[str, ...], student: str | None) -> None:
    """Check ANSWERS (an answers file, or id=answer pairs) against QUIZ, with the working behind each wrong one.

    QUIZ may also be a class's answer key, given before or after a student's answers file: each answer is then
    right or wrong, with the right one but no working (the key holds none; the student's quiz file has it).

    \b
    Example:
      convcalc quiz check quiz.yaml answers.yaml
      convcalc quiz check quiz.yaml q1=896 q2=32 "q3=(None, 64, 64, 32)"
      convcalc quiz check grace.yaml key.yaml
      convcalc quiz check key.yaml q1=28 q2=940800 --student "Grace Hopper"

    Exit codes: 0 every answer right, 1 an answer wrong or missing, 2 a broken quiz or answers file.
    """
    from ..quiz import files, key_check, marking

    if len(answers) == 1 and os.path.isfile(answers[0]) and key_check.class_key(answers[0]) is not None:
        _check_against_key(answers[0], (quiz_path,), student)
    if os.path.isfile(quiz_path) and key_check.class_key(quiz_path) is not None:
        _check_against_key(quiz_path, answers, student)
    if student is not None:
        fail(f"--student is for a class's answer key; {quiz_path} is a quiz")
        sys.exit(EXIT_INVALID)
    try:
        loaded = files.load(quiz_path)
        if len(answers) == 1 and ("=" not in answers[0] or os.path.isfile(answers[0])):
            given, unknown = files.read_answers(loaded, answers[0])
        else:
            given, unknown = files.inline_answers(loaded, answers)
    except ConvcalcError as error:
        fail_all(error)
        sys.exit(EXIT_INVALID)
    for mistake in unknown:
        fail(str(mistake))
    if unknown:
        sys.exit(EXIT_INVALID)
    marks = marking.check(loaded, given)
    for mark in marks:
        click.echo("\n".join(mark.lines()))
    right = sum(mark.right for mark in marks)
    click.echo(f"{right} of {len(marks)} right")
    sys.exit(0 if right == len(marks) else EXIT_FAILED)


def _check_against_key(key_path: str, answers: tuple[str, ...], student: str | None) -> None:
    """`quiz check` with a class's key: the student named, or whose file the answers are; exits."""
    from ..quiz import key_check
    from ..quiz.grading import student_of

    key = key_check.class_key(key_path)
    assert key is not None
    inline = not (len(answers) == 1 and ("=" not in answers[0] or os.path.isfile(answers[0])))
    try:
        if inline:
            pairs = [answer.partition("=") for answer in answers]
            if not all(equals for _, equals, _ in pairs):
                raise ConvcalcError(f"expected an answers file or answers like q1=896, received {answers!r}")
            given, source = {name.strip(): value for name, _, value in pairs}, "<command line>"
        else:
            given, source = key_check.read_answers(answers[0]), answers[0]
        if student is None and inline:
            raise ConvcalcError(f"{key_path} holds the answers of {len(key)} students: give --student NAME")
        name, expected = key_check.answers_of(key, student or student_of(answers[0]), key_path)
        marks = key_check.check(expected, given, source)
    except ConvcalcError as error:
        fail_all(error)
        sys.exit(EXIT_INVALID)
    click.echo(f"{name}'s answers in {key_path} (no working: the key holds none, {name}'s quiz file has it)")
    for mark in marks:
        click.echo("\n".join(mark.lines()))
    right = sum(mark.right for mark in marks)
    click.echo(f"{right} of {len(marks)} right")
    sys.exit(0 if right == len(marks) else EXIT_FAILED)


@quiz.command("new")
@click.option("--seed", type=int, required=True, help="The same seed gives the same quiz, byte for byte.")
@click.option("--questions", "count", type=click.IntRange(min=1), default=8, show_default=True,
              help="How many questions (fewer if the model offers fewer different ones).")
@click.option("--level", type=click.Choice(["easy", "medium", "hard"]), default="easy", show_default=True,
              help="easy: one or two Conv2D/pooling layers; medium: strides, 'same' padding, a Dense head; hard: "
                   "dilation, depthwise, separable and transposed convolutions, BatchNormalization, a branch.")
@click.option("--from", "from_path", metavar="SPEC", help="Ask about this spec's layers instead of a random model.")
@click.option("--students", "roster", metavar="FILE",
              help="A class list, one name a line: a different quiz per student (a seed each, from --seed and the "
                   "name), written to the folder --out as NAME.yaml (NAME.md with markdown); --key holds them all.")
@click.option("--out", metavar="FILE",
              help="Write the quiz here (default: standard output); with --students, a folder.")
@click.option("--key", metavar="FILE", help="Write the answer key here (same ids; with --students, by student).")
@click.option("--format", "fmt", type=click.Choice(["yaml", "markdown"]), default="yaml", show_default=True,
              help="yaml: the quiz file that check and grade read; markdown: a printable handout.")
@click.option("--force", is_flag=True, help="Overwrite --out and --key if they exist.")
def quiz_new(seed: int, count: int, level: str, from_path: str | None, roster: str | None, out: str | None,
             key: str | None, fmt: str, force: bool) -> None:
    """Generate a quiz (never containing its answers) and its answer key, or a different quiz per student.

    \b
    Example:
      convcalc quiz new --seed 42 --level medium --out quiz.yaml --key key.yaml
      convcalc quiz new --seed 42 --level medium --format markdown --out handout.md
      convcalc quiz new --seed 7 --from specs/fashion_mnist.yaml --questions 5 --out quiz.yaml --key key.yaml
      convcalc quiz new --seed 42 --students roster.txt --out quizzes/ --key key.yaml
    """
    from ..quiz import classroom

    try:
        written = classroom.new(seed, count, level, from_path, roster, out, key, fmt == "markdown", force)
    except ConvcalcError as error:
        fail_all(error)
        sys.exit(EXIT_INVALID)
    for warning in written.warnings:
        click.echo(f"Warning: {warning}", err=True)
    if written.text is not None:
        click.echo(written.text, nl=False)


@quiz.command("grade")
@click.argument("quiz_path", metavar="QUIZ")
@click.argument("folder", metavar="FOLDER")
@click.option("--csv", "csv_path", metavar="FILE", help="Write one row per student: 1 or 0 per question, the total.")
@click.option("--feedback", "feedback_dir", metavar="DIR",
              help="Write DIR/STUDENT.txt for each student: their answers, each wrong one with its working.")
@click.option("--students", "roster", metavar="FILE",
              help="The class list (one name a line), when QUIZ is one quiz for all: every student gets a row of the "
                   "CSV, and each file is matched to a student by its name.")
@click.option("--force", is_flag=True, help="Overwrite the CSV and feedback files if they exist.")
def quiz_grade(quiz_path: str, folder: str, csv_path: str | None, feedback_dir: str | None, roster: str | None,
               force: bool) -> None:
    """Grade every answers file in FOLDER, one student per file, and summarise what went wrong.

    QUIZ is the class's quiz, or the folder of quizzes `quiz new --students` wrote: each student is then graded
    against the quiz of their name. A file is a student's when its name is theirs however written (case, spaces,
    underscores, hyphens, accents: grace_hopper.yaml for Grace Hopper), or their first name when no one else has
    it; one that is no student's is reported and not graded. FOLDER's *.yaml and *.yml files are answers; another
    file (answers.txt) is graded when it holds answers to the quiz, else skipped with a warning. A file that
    cannot be read is reported and scored 0, and grading goes on (exit code 2 at the end).

    \b
    Example:
      convcalc quiz grade quiz.yaml submissions/ --csv grades.csv
      convcalc quiz grade quizzes/ submissions/ --csv grades.csv --feedback feedback/
    """
    from ..quiz import classroom

    try:
        report = classroom.grade_class(quiz_path, folder, csv_path, feedback_dir, force, roster)
    except ConvcalcError as error:
        fail_all(error)
        sys.exit(EXIT_INVALID)
    for warning in report.warnings:
        click.echo(f"Warning: {warning}", err=True)
    submissions, unmatched = report.graded.submissions, report.graded.unmatched
    for stray in unmatched:
        fail_all(stray)
    for submission in submissions:
        for mistake in submission.errors:
            fail_all(mistake, "" if submission.readable else "; scored 0")
    if not submissions:
        fail(f"{folder}: no file is a student's; nothing graded" if unmatched else
             f"{folder}: no answers files (*.yaml, *.yml, or other files holding answers)")
        sys.exit(EXIT_INVALID)
    click.echo("\n".join(report.summary))
    sys.exit(EXIT_INVALID if unmatched or any(submission.errors for submission in submissions) else 0)


