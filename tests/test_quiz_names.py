"""Issue 21: a class's files matched to its students as people name files, and `quiz check` with a class's key."""

from __future__ import annotations

import pytest
import yaml
from click.testing import CliRunner

from convcalc.cli import cli
from convcalc.quiz.names import Unmatched, answers_stem, student_named

CLASS = ["Grace Hopper", "bob", "José Núñez", "Ada Lovelace", "Ada Byron", "Anna Lee"]


@pytest.mark.parametrize("stem, student", [
    ("bob", "bob"), ("Bob", "bob"), ("BOB", "bob"),
    ("grace", "Grace Hopper"), ("grace_hopper", "Grace Hopper"), ("Grace-Hopper", "Grace Hopper"),
    ("GRACE HOPPER", "Grace Hopper"), ("gracehopper", "Grace Hopper"), ("grace.hopper", "Grace Hopper"),
    ("jose_nunez", "José Núñez"), ("José", "José Núñez"), ("JOSE-NUNEZ", "José Núñez"),
    ("ada_lovelace", "Ada Lovelace"), ("anna_lee", "Anna Lee"),
])
def test_a_file_name_is_its_students_however_written(stem, student):
    assert student_named(stem, CLASS, "roster.txt") == student


@pytest.mark.parametrize("stem, message", [
    ("ada", "'ada' could be Ada Lovelace or Ada Byron: name the file after one of them"),
    ("stranger", "'stranger' is no student of roster.txt"),
    ("hopper", "'hopper' is no student of roster.txt (did you mean 'Grace Hopper'?)"),  # a surname: only a hint
    ("grace_hoper", "'grace_hoper' is no student of roster.txt (did you mean 'Grace Hopper'?)"),
])
def test_a_file_name_that_is_no_one_or_two_students(stem, message):
    with pytest.raises(Unmatched) as caught:
        student_named(stem, CLASS, "roster.txt")
    assert str(caught.value) == message


def test_the_file_name_a_handout_asks_for_matches_back():
    stems = [answers_stem(student, CLASS) for student in CLASS]
    assert stems == ["grace_hopper", "bob", "jose_nunez", "ada_lovelace", "ada_byron", "anna_lee"]
    assert [student_named(stem, CLASS, "") for stem in stems] == CLASS
    assert answers_stem("Ann Lee", ["Ann Lee", "ann_lee"]) == "Ann Lee"  # ann_lee is someone else's name


KEY = {"Grace Hopper": {"q1": 28, "q2": 940800, "q3": "(None, 14, 14, 32)", "q4": "7x5"},
       "bob": {"q1": 62, "q2": 16}}


def invoke(*args):
    return CliRunner().invoke(cli, [str(arg) for arg in args])


@pytest.fixture
def key(tmp_path):
    path = tmp_path / "key.yaml"
    path.write_text(yaml.safe_dump(KEY, sort_keys=False), encoding="utf-8")
    return path


def test_a_submission_is_checked_against_the_class_key_in_either_order(tmp_path, key):
    grace = tmp_path / "grace.yaml"
    grace.write_text("q1: 28\nq2: 941k\nq3: 14x14x32\n", encoding="utf-8")
    expected = (f"Grace Hopper's answers in {key} (no working: the key holds none, Grace Hopper's quiz file has it)\n"
                "✓ q1: 28\n✓ q2: 941k\n✓ q3: 14x14x32\n✗ q4: right answer 7x5\n    no answer\n3 of 4 right\n")
    for args in ((grace, key), (key, grace)):
        result = invoke("quiz", "check", *args)
        assert (result.exit_code, result.stdout, result.stderr) == (1, expected, "")


def test_answers_on_the_command_line_against_the_class_key_name_their_student(key):
    result = invoke("quiz", "check", key, "q1=62", "q2=15", "--student", "Bob")
    assert (result.exit_code, result.stdout.splitlines()[1:]) == (
        1, ["✓ q1: 62", "✗ q2: right answer 16", "    your answer: 15", "1 of 2 right"])
    assert invoke("quiz", "check", key, "q1=62", "q2=16", "--student", "bob").exit_code == 0
    unnamed = invoke("quiz", "check", key, "q1=62")
    assert (unnamed.exit_code, unnamed.stderr) == (2, f"Error: {key} holds the answers of 2 students: give --student "
                                                      "NAME\n")


def test_mistakes_against_the_class_key_are_one_line_and_exit_2(tmp_path, key):
    stranger = tmp_path / "zed.yaml"
    stranger.write_text("q1: 1\n", encoding="utf-8")
    result = invoke("quiz", "check", stranger, key)
    assert (result.exit_code, result.stderr) == (2, f"Error: 'zed' is no student of {key}; give --student NAME\n")
    result = invoke("quiz", "check", key, "q9=1", "--student", "bob")
    assert (result.exit_code, result.stderr) == (
        2, "Error: <command line>: an answer for 'q9', which is not a question of the key\n")


def test_student_is_refused_with_a_quiz(tmp_path):
    quiz = tmp_path / "quiz.yaml"
    quiz.write_text("model: {input_shape: [8, 8, 1], layers: [{Conv2D: {filters: 2, kernel_size: 3}}]}\n"
                    "questions:\n  - {id: q1, layer: conv2d, ask: params}\n", encoding="utf-8")
    result = invoke("quiz", "check", quiz, "q1=20", "--student", "bob")
    assert (result.exit_code, result.stderr) == (2, f"Error: --student is for a class's answer key; {quiz} is a quiz\n")
    assert invoke("quiz", "check", quiz, "q1=20").exit_code == 0


def test_a_quiz_without_questions_is_no_class_key(tmp_path):
    quiz = tmp_path / "quiz.yaml"
    quiz.write_text("model: {input_shape: [8, 8, 1], layers: [Flatten]}\n", encoding="utf-8")
    result = invoke("quiz", "check", quiz, "q1=64")
    assert (result.exit_code, result.stderr) == (2, f"Error: {quiz}:1: missing `questions` in the quiz\n")
