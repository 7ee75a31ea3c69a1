"""`convcalc quiz` for a class: every mistake of a quiz in one run, submissions that are not YAML files,
a different quiz per student, grading each against their own, and a feedback file per student."""

from __future__ import annotations

import csv
import os
import re

import yaml
from click.testing import CliRunner
from conftest import PADDING_WORKING, SPECS, WIDTH_63_MARKS  # pytest puts tests/ on sys.path

from convcalc.cli import cli


def invoke(*args):
    return CliRunner().invoke(cli, [str(arg) for arg in args])


def lines(*text):
    return "".join(line + "\n" for line in text)


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def quiz_file(tmp_path):
    model = os.path.relpath(SPECS / "same_padding_quiz.yaml", tmp_path)
    return write(tmp_path / "quiz.yaml", f"model: {model}\nquestions:\n"
                                         "  - {id: q1, layer: conv2d, ask: params}\n"
                                         "  - {id: q2, layer: conv2d, ask: depth}\n"
                                         "  - {id: q3, layer: conv2d, ask: width}\n")


# --- every mistake of a quiz file in one run ----------------------------------------------------------------

def test_every_mistake_of_a_quiz_is_reported_in_one_run(tmp_path):
    model = os.path.relpath(SPECS / "same_padding_quiz.yaml", tmp_path)
    path = write(tmp_path / "quiz.yaml", f"model: {model}\npoints: 3\nquestions:\n"
                                         "  - {id: q1, layer: conv2, ask: params}\n"
                                         "  - {id: q2, layer: conv2d, ask: param}\n"
                                         "  - {id: q3, layer: conv2d, ask: depth}\n"
                                         "  - {id: q3, layer: conv2d, ask: length}\n")
    result = invoke("quiz", "check", path, "q1=1")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == lines(
        f"Error: {path}:2: unknown key 'points' in a quiz; expected title, model, questions",
        f"Error: {path}:4: question q1: unknown layer 'conv2' (did you mean 'conv2d'?)",
        f"Error: {path}:5: question q2: unknown ask 'param' (did you mean 'params'?); expected one of params, "
        "trainable_params, non_trainable_params, output_shape, height, width, depth, length, macs, "
        "receptive_field, total_params",
        f"Error: {path}:7: duplicate question id 'q3' (first at line 6)")
    graded = invoke("quiz", "grade", path, tmp_path)
    assert (graded.exit_code, graded.stderr) == (2, result.stderr)


def test_a_broken_model_still_has_its_questions_checked(tmp_path):
    path = write(tmp_path / "quiz.yaml", "model: nothere.yaml\nquestions:\n  - {id: q1, ask: total_params}\n"
                                         "  - {id: q2, ask: params}\n")
    result = invoke("quiz", "check", path, "q1=1")
    assert (result.exit_code, result.stderr) == (2, lines(
        f"Error: {path}:1: `model` names 'nothere.yaml', which is not a file (paths are relative to the quiz file)",
        f"Error: {path}:4: question q2: missing `layer`"))


# --- submissions that are not *.yaml ------------------------------------------------------------------------

def test_a_txt_file_of_answers_is_graded_and_any_other_file_named(tmp_path):
    quiz = quiz_file(tmp_path)
    folder = tmp_path / "class"
    folder.mkdir()
    write(folder / "ada.yaml", "q1: 896\nq2: 32\nq3: 64\n")
    write(folder / "bob.txt", "q1: 896\nq2: 3\nq3: 64\n")
    notes = write(folder / "notes.txt", "Remember: collect the papers on Friday.\n")
    photo = write(folder / "cy.jpg", "\x00\x01binary")
    write(folder / ".DS_Store", "\x00")
    twice = write(folder / "ada.txt", "q1: 1\n")
    result = invoke("quiz", "grade", quiz, folder, "--csv", tmp_path / "grades.csv")
    assert result.exit_code == 0
    skipped = "not an answers file (neither *.yaml nor *.yml, nor a mapping of question ids to answers, like `q1: 896`)"
    assert result.stderr == lines(f"Warning: {twice}: a second file for ada; skipped",
                                  f"Warning: {photo}: {skipped}; skipped",
                                  f"Warning: {notes}: {skipped}; skipped")
    assert result.stdout.splitlines()[0] == "2 submissions, 3 questions: mean score 2.5 of 3"
    with open(tmp_path / "grades.csv", newline="", encoding="utf-8") as handle:
        assert list(csv.reader(handle))[1:] == [["ada", "1", "1", "1", "3"], ["bob", "1", "0", "1", "2"]]


def test_a_folder_of_files_that_are_no_answers(tmp_path):
    quiz = quiz_file(tmp_path)
    (tmp_path / "class").mkdir()
    notes = write(tmp_path / "class" / "notes.txt", "hello\n")
    result = invoke("quiz", "grade", quiz, tmp_path / "class")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0].startswith(f"Warning: {notes}: not an answers file")
    assert result.stderr.splitlines()[1] == (
        f"Error: {tmp_path / 'class'}: no answers files (*.yaml, *.yml, or other files holding answers)")


# --- a quiz per student -------------------------------------------------------------------------------------

ROSTER = "# period 3\nAda Lovelace\nbob\n\ncy\ndee\n"


def new_class(tmp_path, *args, roster=ROSTER, folder="quizzes"):
    write(tmp_path / "roster.txt", roster)
    result = invoke("quiz", "new", "--seed", 42, "--students", tmp_path / "roster.txt", "--out", tmp_path / folder,
                    "--key", tmp_path / f"{folder}-key.yaml", *args)
    return result, tmp_path / folder, tmp_path / f"{folder}-key.yaml"


def test_a_quiz_per_student_and_one_key(tmp_path):
    result, folder, key_path = new_class(tmp_path, "--level", "medium")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert sorted(os.listdir(folder)) == ["Ada Lovelace.yaml", "bob.yaml", "cy.yaml", "dee.yaml"]
    key = yaml.safe_load(key_path.read_text(encoding="utf-8"))
    assert list(key) == ["Ada Lovelace", "bob", "cy", "dee"]
    quizzes = {name: yaml.safe_load((folder / f"{name}.yaml").read_text(encoding="utf-8")) for name in key}
    assert len({yaml.safe_dump([q["model"]["layers"], q["questions"]]) for q in quizzes.values()}) == 4
    for name, quiz in quizzes.items():
        assert quiz["title"].startswith("convcalc quiz (medium, seed ") and quiz["title"].endswith(f"): {name}")
        answers = write(tmp_path / "answers.yaml", yaml.safe_dump(key[name]))
        checked = invoke("quiz", "check", folder / f"{name}.yaml", answers)
        assert (checked.exit_code, checked.stdout.splitlines()[-1]) == (0, "8 of 8 right")
        seed = int(quiz["title"].split("seed ")[1].split(")")[0])
        alone = invoke("quiz", "new", "--seed", seed, "--level", "medium")
        assert yaml.safe_load(alone.stdout) | {"title": quiz["title"]} == quiz  # each quiz is its own seed's


def test_the_same_seed_and_roster_give_the_same_files_and_a_new_student_changes_nobody_elses(tmp_path):
    _, first, first_key = new_class(tmp_path, folder="a")
    _, again, again_key = new_class(tmp_path, folder="b")
    _, more, _ = new_class(tmp_path, roster=ROSTER + "eve\n", folder="c")
    assert first_key.read_bytes() == again_key.read_bytes()
    for name in os.listdir(first):
        assert (first / name).read_bytes() == (again / name).read_bytes() == (more / name).read_bytes()
    assert (more / "eve.yaml").exists()


def test_handouts_per_student(tmp_path):
    result, folder, _ = new_class(tmp_path, "--format", "markdown")
    assert result.exit_code == 0
    assert sorted(os.listdir(folder)) == ["Ada Lovelace.md", "bob.md", "cy.md", "dee.md"]
    assert (folder / "bob.md").read_text(encoding="utf-8").splitlines()[0].endswith("): bob")


def test_a_roster_with_mistakes_reports_them_all(tmp_path):
    roster = write(tmp_path / "roster.txt", "ada\n../eve\nAda\n.hidden\nbob\n")
    result = invoke("quiz", "new", "--seed", 1, "--students", roster, "--out", tmp_path / "q")
    assert (result.exit_code, result.stderr) == (2, lines(
        f"Error: {roster}:2: '../eve' cannot be a file name: no leading dot, no / \\ : * ? \" < > |",
        f"Error: {roster}:3: 'Ada' again (first at line 1); names must differ in more than letter case",
        f"Error: {roster}:4: '.hidden' cannot be a file name: no leading dot, no / \\ : * ? \" < > |"))
    assert not (tmp_path / "q").exists()
    result = invoke("quiz", "new", "--seed", 1, "--students", roster)
    assert (result.exit_code, result.stderr) == (
        2, "Error: --students writes a quiz per student: --out must name a folder\n")


def test_a_class_is_never_overwritten_without_force(tmp_path):
    new_class(tmp_path)
    result, folder, key_path = new_class(tmp_path)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"Error: {path}: already exists; use --force to overwrite it" for path in
                                          [folder / "Ada Lovelace.yaml", folder / "bob.yaml", folder / "cy.yaml",
                                           folder / "dee.yaml", key_path]]
    assert new_class(tmp_path, "--force")[0].exit_code == 0


# --- grading a quiz per student, with feedback ----------------------------------------------------------------

def test_each_student_is_graded_against_their_own_quiz_with_feedback(tmp_path):
    _, quizzes, key_path = new_class(tmp_path, "--level", "medium")
    key = yaml.safe_load(key_path.read_text(encoding="utf-8"))
    submissions = tmp_path / "submissions"
    submissions.mkdir()
    write(submissions / "Ada Lovelace.yaml", yaml.safe_dump(key["Ada Lovelace"]))  # all right
    write(submissions / "bob.yaml", yaml.safe_dump(key["cy"]))  # cy's answers: right only where the quizzes agree
    write(submissions / "cy.yaml", yaml.safe_dump({**key["cy"], "q1": "12345"}))
    result = invoke("quiz", "grade", quizzes, submissions, "--csv", tmp_path / "grades.csv",
                    "--feedback", tmp_path / "feedback")
    assert result.exit_code == 0
    assert result.stderr == f"Warning: {quizzes / 'dee.yaml'}: no answers from dee\n"
    assert result.stdout.splitlines()[0].startswith("3 submissions, 8 questions (a quiz each): ")
    with open(tmp_path / "grades.csv", newline="", encoding="utf-8") as handle:
        rows = {row[0]: row[1:] for row in csv.reader(handle)}
    assert rows["student"] == [f"q{i}" for i in range(1, 9)] + ["total"]
    assert rows["Ada Lovelace"][-1] == "8" and rows["cy"] == ["0"] + ["1"] * 7 + ["7"]
    assert rows.pop("dee") == [""] * 8 + ["no submission"]  # every student of the class has a row
    summary = result.stdout.splitlines()
    by_kind = [line.rsplit(": ", 1) for line in summary[summary.index("most often wrong:") + 1:]]
    assert by_kind and all(re.fullmatch(r"\d+ of \d+ answers wrong", count) for _, count in by_kind)
    assert sum(int(count.split()[0]) for _, count in by_kind) == 3 * 8 - sum(int(rows[s][-1]) for s in rows
                                                                            if s != "student")
    bob_right = sum(key["cy"][q] == key["bob"][q] for q in key["bob"])
    assert int(rows["bob"][-1]) == bob_right < 8
    assert sorted(os.listdir(tmp_path / "feedback")) == ["Ada Lovelace.txt", "bob.txt", "cy.txt"]
    feedback = (tmp_path / "feedback" / "cy.txt").read_text(encoding="utf-8").splitlines()
    cy = yaml.safe_load((quizzes / "cy.yaml").read_text(encoding="utf-8"))
    assert feedback[:2] == [cy["title"], "cy: 7 of 8 right"]
    q1 = cy["questions"][0]
    assert feedback[3].startswith("✗ q1 ") and feedback[4] == "    your answer: 12,345"
    working = feedback[feedback.index("    the working:") + 1:]
    working = working[:next((i for i, line in enumerate(working) if line[:1] in "✓✗"), len(working))]
    spec = write(tmp_path / "cy-model.yaml", yaml.safe_dump(cy["model"]))
    explained = invoke("explain", spec, *(["--layer", q1["layer"]] if "layer" in q1 else []))
    explain_lines = [line.strip() for line in explained.stdout.splitlines()]
    assert working and all(line.strip() in explain_lines for line in working)  # explain's own working


def test_feedback_names_a_classic_mistake_and_still_shows_the_working(tmp_path):
    quiz = quiz_file(tmp_path)
    (tmp_path / "class").mkdir()
    write(tmp_path / "class" / "bob.yaml", "q1: 896\nq2: 32\nq3: 63\n")
    result = invoke("quiz", "grade", quiz, tmp_path / "class", "--feedback", tmp_path / "feedback")
    assert result.exit_code == 0
    text = (tmp_path / "feedback" / "bob.txt").read_text(encoding="utf-8")
    assert text == lines(
        "same_padding_quiz",
        "bob: 2 of 3 right",
        "",
        *WIDTH_63_MARKS,
        "    the working:",
        *PADDING_WORKING)
    again = invoke("quiz", "grade", quiz, tmp_path / "class", "--feedback", tmp_path / "feedback")
    assert (again.exit_code, again.stderr) == (
        2, f"Error: {tmp_path / 'feedback' / 'bob.txt'}: already exists; use --force to overwrite it\n")


def test_a_file_that_is_no_students_is_listed_as_unmatched_and_nothing_else_is_printed(tmp_path):
    """Issue 21: zed.yaml was graded as a student `zed` with no quiz: "3 submissions, 0 questions: mean score 0.0
    of 0", "every question was answered right by everyone", a CSV row `zed,0`."""
    _, quizzes, _ = new_class(tmp_path)
    (tmp_path / "class").mkdir()
    write(tmp_path / "class" / "zed.yaml", "q1: 1\n")
    result = invoke("quiz", "grade", quizzes, tmp_path / "class", "--csv", tmp_path / "grades.csv")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[-2:] == [
        f"Error: {tmp_path / 'class' / 'zed.yaml'}: unmatched: 'zed' is no student of {quizzes}; not graded",
        f"Error: {tmp_path / 'class'}: no file is a student's; nothing graded"]
    assert not (tmp_path / "grades.csv").exists()


def test_file_names_are_matched_to_the_class_list_forgivingly(tmp_path):
    """Issue 21: grace.yaml for Grace Hopper and Bob.yml for bob were "no quiz for grace" and a phantom CSV row."""
    roster = "Grace Hopper\nbob\nJosé Núñez\nAda Lovelace\nAda Byron\ncy\n"
    _, quizzes, key_path = new_class(tmp_path, roster=roster)
    key = yaml.safe_load(key_path.read_text(encoding="utf-8"))
    (tmp_path / "class").mkdir()
    for file_name, student in [("grace.yaml", "Grace Hopper"), ("Bob.yml", "bob"), ("jose_nunez.yaml", "José Núñez"),
                               ("ADA-LOVELACE.yaml", "Ada Lovelace")]:
        write(tmp_path / "class" / file_name, yaml.safe_dump(key[student]))
    write(tmp_path / "class" / "ada.yaml", "q1: 1\n")  # two Adas: whose?
    write(tmp_path / "class" / "stranger.yaml", "q1: 1\n")
    result = invoke("quiz", "grade", quizzes, tmp_path / "class", "--csv", tmp_path / "grades.csv")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"Warning: {quizzes / 'Ada Byron.yaml'}: no answers from Ada Byron",
        f"Warning: {quizzes / 'cy.yaml'}: no answers from cy",
        f"Error: {tmp_path / 'class' / 'ada.yaml'}: unmatched: 'ada' could be Ada Byron or Ada Lovelace: name the "
        "file after one of them; not graded",
        f"Error: {tmp_path / 'class' / 'stranger.yaml'}: unmatched: 'stranger' is no student of {quizzes}; not graded"]
    assert result.stdout.splitlines()[0] == "4 submissions, 8 questions (a quiz each): mean score 8.0 of 8"
    with open(tmp_path / "grades.csv", newline="", encoding="utf-8") as handle:
        rows = {row[0]: row[-1] for row in csv.reader(handle)}
    assert rows == {"student": "total", "Ada Byron": "no submission", "Ada Lovelace": "8", "Grace Hopper": "8",
                    "José Núñez": "8", "bob": "8", "cy": "no submission"}


def test_one_quiz_for_a_class_list(tmp_path):
    """--students with one quiz for all: every student has a row, files are matched to them."""
    quiz = quiz_file(tmp_path)
    roster = write(tmp_path / "roster.txt", "Grace Hopper\nbob\n")
    (tmp_path / "class").mkdir()
    write(tmp_path / "class" / "grace_hopper.yaml", "q1: 896\nq2: 32\nq3: 64\n")
    result = invoke("quiz", "grade", quiz, tmp_path / "class", "--students", roster, "--csv", tmp_path / "grades.csv")
    assert (result.exit_code, result.stderr) == (0, f"Warning: {roster}: no answers from bob\n")
    with open(tmp_path / "grades.csv", newline="", encoding="utf-8") as handle:
        assert list(csv.reader(handle)) == [["student", "q1", "q2", "q3", "total"],
                                            ["Grace Hopper", "1", "1", "1", "3"], ["bob", "", "", "", "no submission"]]


def test_each_handout_names_the_file_to_hand_in(tmp_path):
    _, quizzes, _ = new_class(tmp_path, roster="Grace Hopper\nJosé Núñez\n")
    _, handouts, _ = new_class(tmp_path, "--format", "markdown", roster="Grace Hopper\nJosé Núñez\n", folder="md")
    assert (quizzes / "José Núñez.yaml").read_text(encoding="utf-8").startswith(
        "# Answer in a YAML file named `jose_nunez.yaml`, one line per question")
    assert "Answer in a YAML file named `grace_hopper.yaml`, one line per question" in (
        handouts / "Grace Hopper.md").read_text(encoding="utf-8")


def test_with_nothing_graded_the_summary_says_so(tmp_path):
    """A class list's student without a quiz: no "0 questions: mean score 0.0 of 0", no "every question was
    answered right by everyone"."""
    _, quizzes, _ = new_class(tmp_path)
    roster = write(tmp_path / "late.txt", "eve\n")
    (tmp_path / "class").mkdir()
    write(tmp_path / "class" / "Eve.yaml", "q1: 1\n")
    result = invoke("quiz", "grade", quizzes, tmp_path / "class", "--students", roster)
    assert (result.exit_code, result.stdout) == (2, "1 submission, none graded: no quiz for any\n")
    assert result.stderr == f"Error: {quizzes}: no quiz for eve (eve.yaml); scored 0\n"
