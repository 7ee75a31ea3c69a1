"""`convcalc quiz check`: right answers, wrong ones with their mistake named, the working shown.

Through click's CliRunner with exact output and exit codes.
"""

from __future__ import annotations

import pytest
from conftest import (  # pytest puts tests/ on sys.path
    PADDING_WORKING,
    STRIDE2_SAME_MODEL,
    WIDTH_63_MARKS,
    invoke,
    lines,
)


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_right_answers_exit_0(quiz_file, tmp_path):
    answers = write(tmp_path / "answers.yaml", "q1: 896\nq2: 32\nq3: 64\n")
    result = invoke("quiz", "check", quiz_file, answers)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == lines(
        "✓ q1 params of conv2d (Conv2D): 896",
        "✓ q2 depth (channels) of conv2d (Conv2D): 32",
        "✓ q3 width of conv2d (Conv2D): 64",
        "3 of 3 right")


def test_width_63_is_diagnosed_as_the_valid_formula(quiz_file, tmp_path):
    answers = write(tmp_path / "answers.yaml", "q1: 896\nq2: 32\nq3: 63\n")
    result = invoke("quiz", "check", quiz_file, answers)
    assert result.exit_code == 1
    assert result.stdout == lines(*WIDTH_63_MARKS, "2 of 3 right")


def test_each_wrong_answer_names_its_mistake(quiz_file, tmp_path):
    answers = write(tmp_path / "answers.yaml", "q1: 864\nq2: 3\nq3: 128\n")
    result = invoke("quiz", "check", quiz_file, answers)
    assert result.exit_code == 1
    assert result.stdout == lines(
        "✗ q1 params of conv2d (Conv2D): right answer 896",
        "    your answer: 864",
        "    you used 32 × (3 × 3 × 3) = 864: each filter also has a bias (+ filters): "
        "filters × (kernel × C_in) + filters (bias) = 32 × (3 × 3 × 3) + 32 = 896",
        "✗ q2 depth (channels) of conv2d (Conv2D): right answer 32",
        "    your answer: 3",
        "    you used the input's channels, C_in = 3: a Conv2D makes one output channel per filter: filters = 32",
        "✗ q3 width of conv2d (Conv2D): right answer 64",
        "    your answer: 128",
        "    you used ceil(128 / 1) = 128: strides=2 moves the kernel 2 pixels at a time: ceil(128 / 2) = 64",
        "0 of 3 right")


def test_an_answer_no_mistake_explains_gets_the_working_and_a_missing_one_counts_as_wrong(quiz_file, tmp_path):
    answers = write(tmp_path / "answers.yaml", "q1: 900\nq3: sixty-four\n")
    result = invoke("quiz", "check", quiz_file, answers)
    assert result.exit_code == 1
    assert result.stdout == lines(
        "✗ q1 params of conv2d (Conv2D): right answer 896",
        "    your answer: 900",
        "    the working:",
        "      params: filters × (kernel × C_in) + filters (bias) = 32 × (3 × 3 × 3) + 32 = 896",
        "        all 896 trainable",
        "✗ q2 depth (channels) of conv2d (Conv2D): right answer 32",
        "    no answer",
        "    the working:",
        *PADDING_WORKING,
        "✗ q3 width of conv2d (Conv2D): right answer 64",
        "    your answer: 'sixty-four' is not a number",
        "    the working:",
        *PADDING_WORKING,
        "0 of 3 right")


def test_inline_answers(quiz_file):
    result = invoke("quiz", "check", quiz_file, "q1=896", "q2=32 channels", "q3=64")
    assert (result.exit_code, result.stdout.splitlines()[-1]) == (0, "3 of 3 right")
    result = invoke("quiz", "check", quiz_file, "q1=896")
    assert (result.exit_code, result.stdout.splitlines()[-1]) == (1, "1 of 3 right")


SHAPE_QUIZ = STRIDE2_SAME_MODEL + """\
questions:
  - {id: shape, layer: conv2d, ask: output_shape}
  - {id: macs, layer: conv2d, ask: macs}
  - {id: rf, layer: conv2d, ask: receptive_field}
  - {id: total, ask: total_params}
"""


@pytest.mark.parametrize("shape", [
    "64x64x32", "64×64×32", "64 x 64 x 32", "(None, 64, 64, 32)", "(64, 64, 32)", "[64, 64, 32]",
    "[null, 64, 64, 32]", "[None, 64, 64, 32]", "None, 64, 64, 32"])
@pytest.mark.parametrize("macs", ["3538944", "3,538,944", "3 538 944", "3_538_944", "3538944 MACs", "3538944.0"])
def test_answers_are_read_leniently(tmp_path, shape, macs):
    quiz_path = write(tmp_path / "quiz.yaml", SHAPE_QUIZ)
    answers = write(tmp_path / "answers.yaml",
                    f"shape: {shape}\nmacs: {macs}\nrf: 3x3\ntotal: 1,049,480 params\n")
    result = invoke("quiz", "check", quiz_path, answers)
    assert (result.exit_code, result.stderr) == (0, ""), result.stdout
    assert result.stdout.splitlines()[-1] == "4 of 4 right"


def test_a_wrong_shape_is_diagnosed_at_its_first_wrong_axis(tmp_path):
    quiz_path = write(tmp_path / "quiz.yaml", SHAPE_QUIZ)
    result = invoke("quiz", "check", quiz_path, "shape=64x63x32", "macs=7,077,888", "rf=4", "total=1,049,472")
    assert result.exit_code == 1
    assert result.stdout == lines(
        "✗ shape output shape of conv2d (Conv2D): right answer (None, 64, 64, 32)",
        "    your answer: (None, 64, 63, 32)",
        "    width: you used ceil((128 − 3 + 1) / 2) = 63: with padding='same' the kernel does not shrink the output: "
        "ceil(128 / 2) = 64",
        "✗ macs MACs of conv2d (Conv2D): right answer 3,538,944",
        "    your answer: 7,077,888",
        "    you used 2 × 864 × 4,096 = 7,077,888: that counts FLOPs, a multiply and an add each; a MAC counts the "
        "pair once: 864 weights × 4,096 output positions = 3,538,944",
        "✗ rf receptive field of conv2d (Conv2D): right answer 3",
        "    your answer: 4",
        "    height: you used 1 + 3 × 1 = 4: neighbouring positions share a pixel: add k − 1 steps, not k: "
        "1 + (3 − 1) × 1 = 3",
        "✗ total total params of the model: right answer 1,049,480",
        "    your answer: 1,049,472",
        "    you used conv2d 896 + dense 1,048,576 = 1,049,472: dense: each unit also has a bias (+ units): "
        "conv2d 896 + dense 1,048,584 = 1,049,480",
        "0 of 4 right")


def test_a_shape_with_the_wrong_number_of_axes_or_batch(tmp_path):
    quiz_path = write(tmp_path / "quiz.yaml", SHAPE_QUIZ)
    result = invoke("quiz", "check", quiz_path, "shape=64x64")
    assert result.stdout.splitlines()[:3] == [
        "✗ shape output shape of conv2d (Conv2D): right answer (None, 64, 64, 32)",
        "    your answer: (64, 64)",
        "    the answer has 4 numbers with the batch, yours 2"]
    result = invoke("quiz", "check", quiz_path, "shape=(32, 64, 64, 32)")
    assert result.stdout.splitlines()[:3] == [
        "✗ shape output shape of conv2d (Conv2D): right answer (None, 64, 64, 32)",
        "    your answer: (32, 64, 64, 32)",
        "    the first axis is the batch: None (any batch size)"]
