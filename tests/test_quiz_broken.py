"""`convcalc quiz check` on broken quizzes and answers files: exit 2, one line with file and line."""

from __future__ import annotations

import os

import pytest
from conftest import SPECS, invoke  # pytest puts tests/ on sys.path


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return str(path)


BROKEN_QUIZZES = [
    ("  - {id: q1, layer: conv2, ask: params}\n", "3: question q1: unknown layer 'conv2' (did you mean 'conv2d'?)"),
    ("  - {id: q1, layer: conv2d, ask: param}\n",
     "3: question q1: unknown ask 'param' (did you mean 'params'?); expected one of params, trainable_params, "
     "non_trainable_params, output_shape, height, width, depth, length, macs, receptive_field, total_params"),
    ("  - {id: q1, layer: conv2d, ask: params}\n  - {id: q1, layer: conv2d, ask: depth}\n",
     "4: duplicate question id 'q1' (first at line 3)"),
    ("  - {id: q1, layer: conv2d, ask: params, points: 2}\n",
     "3: unknown key 'points' in a question; expected id, layer, ask"),
    ("  - {id: q1, ask: params}\n", "3: question q1: missing `layer`"),
    ("  - {id: q1, layer: conv2d, ask: total_params}\n",
     "3: question q1: total_params is about the whole model; leave out `layer`"),
    ("  - {layer: conv2d, ask: params}\n", "3: each question needs an `id`, a name or a number like q1"),
    ("  - {id: q1, layer: conv2d, ask: length}\n",
     "3: question q1: cannot ask the length of conv2d (Conv2D): its output (None, 64, 64, 32) has no length axis; "
     "ask output_shape"),
    ("  - just a string\n", "2: a question must be a mapping like `{id: q1, layer: conv2d, ask: params}`"),
]


@pytest.mark.parametrize("questions, error", BROKEN_QUIZZES, ids=[e[1][:40] for e in BROKEN_QUIZZES])
def test_a_broken_quiz_exits_2_naming_file_and_line(tmp_path, questions, error):
    model = os.path.relpath(SPECS / "same_padding_quiz.yaml", tmp_path)
    path = write(tmp_path / "quiz.yaml", f"model: {model}\nquestions:\n{questions}")
    result = invoke("quiz", "check", path, "q1=1")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"Error: {path}:{error}\n")


@pytest.mark.parametrize("text, error", [
    ("model: nothere.yaml\nquestions: [{id: q1, ask: total_params}]\n",
     "1: `model` names 'nothere.yaml', which is not a file (paths are relative to the quiz file)"),
    ("modle: x\nmodel: {input_shape: [4], layers: [Flatten]}\nquestions: [{id: q1, ask: total_params}]\n",
     "1: unknown key 'modle' in a quiz (did you mean 'model'?); expected title, model, questions"),
    ("model:\n  input_shape: [4]\n  layers:\n    - Dence: {units: 3}\nquestions: [{id: q1, ask: total_params}]\n",
     "4: unknown layer type 'Dence' (did you mean 'Dense'?)"),
    ("model:\n  input_shape: [4]\n  layers:\n    - Dense: {units: 3}\n"
     "questions:\n  - {id: q1, layer: dense, ask: height}\n",
     "6: question q1: cannot ask the height of dense (Dense): its output (None, 3) has no height axis; ask "
     "output_shape"),
    ("model: {input_shape: [4], layers: [Flatten]}\nquestions: []\n",
     "2: `questions` must be a non-empty list like `- {id: q1, layer: conv2d, ask: params}`"),
    ("- model\n", "1: expected a quiz: a mapping with `model` and `questions`, not a list"),
])
def test_a_broken_quiz_file_exits_2(tmp_path, text, error):
    path = write(tmp_path / "quiz.yaml", text)
    result = invoke("quiz", "check", path, "q1=1")
    assert (result.exit_code, result.stderr) == (2, f"Error: {path}:{error}\n")


def test_a_broken_answers_file_exits_2(quiz_file, tmp_path):
    cases = [("q1: 896\nq9: 2\nq3x: 1\n", ["2: an answer for 'q9', which is not a question of {quiz}",
                                            "3: an answer for 'q3x', which is not a question of {quiz} "
                                            "(did you mean 'q3'?)"]),
             ("q1: 896\nq1: 2\n", ["2: duplicate key 'q1' (first at line 1)"]),
             ("- 896\n", ["1: expected answers: a mapping of question ids to answers, like `q1: 896`, not a list"]),
             ("q1: [unclosed\n", ["2: invalid YAML: did not find expected ',' or ']' (column 1)"])]
    for text, errors in cases:
        answers = write(tmp_path / "answers.yaml", text)
        result = invoke("quiz", "check", quiz_file, answers)
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr == "".join(f"Error: {answers}:{e.format(quiz=quiz_file)}\n" for e in errors)
    empty = write(tmp_path / "empty.yaml", "")
    result = invoke("quiz", "check", quiz_file, empty)
    assert (result.exit_code, result.stderr) == (
        2, f"Error: {empty}: the file is empty; expected answers: a mapping of question ids to answers, "
           "like `q1: 896`\n")
    result = invoke("quiz", "check", quiz_file, "q1=896", "q9=1")
    assert (result.exit_code, result.stderr) == (
        2, f"Error: <command line>: an answer for 'q9', which is not a question of {quiz_file}\n")
    result = invoke("quiz", "check", quiz_file, str(tmp_path / "nope.yaml"))
    assert (result.exit_code, result.stderr) == (2, f"Error: {tmp_path / 'nope.yaml'}: no such file\n")
