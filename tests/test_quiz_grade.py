"""`convcalc quiz grade`: a folder of submissions, a summary of what went wrong, a CSV of scores."""

from __future__ import annotations

import csv
import time

import yaml
from conftest import invoke, lines, new  # pytest puts tests/ on sys.path


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_grading_a_folder_with_a_broken_file(quiz_file, tmp_path):
    folder = tmp_path / "submissions"
    folder.mkdir()
    write(folder / "ada.yaml", "q1: 896\nq2: 32\nq3: 64\n")
    write(folder / "bob.yml", "q1: 864\nq2: 3\nq3: 63\n")
    write(folder / "cy.yaml", "q1: 896\nq3: '63 pixels'\nq7: 1\n")
    broken = write(folder / "dee.yaml", "q1: [896\n")
    notes = write(folder / "notes.txt", "not an answers file")
    grades = tmp_path / "grades.csv"
    result = invoke("quiz", "grade", quiz_file, folder, "--csv", grades)
    assert result.exit_code == 2
    assert result.stderr == lines(
        f"Warning: {notes}: not an answers file (neither *.yaml nor *.yml, nor a mapping of question ids to "
        "answers, like `q1: 896`); skipped",
        f"Error: {folder / 'cy.yaml'}:3: an answer for 'q7', which is not a question of {quiz_file}",
        f"Error: {broken}:2: invalid YAML: did not find expected ',' or ']' (column 1); scored 0")
    assert result.stdout == lines(
        "4 submissions, 3 questions: mean score 1.0 of 3",
        "most often wrong:",
        "  q2 depth (channels) of conv2d (Conv2D): 3 of 4 wrong; no wrong answer was given twice",
        "  q3 width of conv2d (Conv2D): 3 of 4 wrong; most common wrong answer 63 (2 students): you used "
        "ceil((128 − 3 + 1) / 2) = 63: with padding='same' the kernel does not shrink the output: ceil(128 / 2) = 64",
        "  q1 params of conv2d (Conv2D): 2 of 4 wrong; no wrong answer was given twice")
    with open(grades, newline="", encoding="utf-8") as handle:
        assert list(csv.reader(handle)) == [["student", "q1", "q2", "q3", "total"], ["ada", "1", "1", "1", "3"],
                                            ["bob", "0", "0", "0", "0"], ["cy", "1", "0", "0", "1"],
                                            ["dee", "0", "0", "0", "0"]]
    again = invoke("quiz", "grade", quiz_file, folder, "--csv", grades)
    assert (again.exit_code, again.stderr) == (2, f"Error: {grades}: already exists; use --force to overwrite it\n")
    assert invoke("quiz", "grade", quiz_file, folder, "--csv", grades, "--force").exit_code == 2  # dee is still broken


def test_grading_needs_a_folder_of_answers(quiz_file, tmp_path):
    result = invoke("quiz", "grade", quiz_file, tmp_path / "nope")
    assert (result.exit_code, result.stderr) == (2, f"Error: {tmp_path / 'nope'}: not a directory of answers files\n")
    (tmp_path / "empty").mkdir()
    result = invoke("quiz", "grade", quiz_file, tmp_path / "empty")
    assert (result.exit_code, result.stderr) == (2, f"Error: {tmp_path / 'empty'}: no answers files (*.yaml, *.yml)\n")


def test_grading_everyone_right(quiz_file, tmp_path):
    (tmp_path / "class").mkdir()
    write(tmp_path / "class" / "ada.yaml", "q1: 896\nq2: 32\nq3: 64\n")
    result = invoke("quiz", "grade", quiz_file, tmp_path / "class")
    assert (result.exit_code, result.stdout) == (0, lines("1 submission, 3 questions: mean score 3.0 of 3",
                                                          "every question was answered right by everyone"))


def test_grading_1000_generated_submissions(tmp_path):
    """Prints the time; the speed target is checked in benchmarks/, not here."""
    quiz_path, key_path = new(tmp_path, "--seed", 5, "--level", "hard")
    key = yaml.safe_load(key_path.read_text())
    folder = tmp_path / "class"
    folder.mkdir()
    for student in range(1000):
        answers = {qid: value if (student + index) % 3 else "1,234" for index, (qid, value) in enumerate(key.items())}
        (folder / f"s{student:04d}.yaml").write_text(yaml.safe_dump(answers), encoding="utf-8")
    start = time.perf_counter()
    result = invoke("quiz", "grade", quiz_path, folder, "--csv", tmp_path / "grades.csv")
    elapsed = time.perf_counter() - start
    print(f"graded 1,000 submissions in {elapsed:.2f} s")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith("1000 submissions, 8 questions: mean score 5.3 of 8\n")
    assert len((tmp_path / "grades.csv").read_text().splitlines()) == 1001
