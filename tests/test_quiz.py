"""`convcalc quiz`: checking answers with the working shown, the mistake catalogue, generating and grading.

Through click's CliRunner with exact output and exit codes; the catalogue through convcalc.quiz directly.
"""

from __future__ import annotations

import csv
import os
import time

import pytest
import yaml
from click.testing import CliRunner
from conftest import SPECS  # pytest puts tests/ on sys.path

import convcalc
from convcalc.cli import cli
from convcalc.quiz.marking import mark
from convcalc.quiz.parts import NotAskable
from convcalc.quiz.questions import ASKS, build_question
from convcalc.shapes import format_shape

QUIZ = """\
model: {model}
questions:
  - {{id: q1, layer: conv2d, ask: params}}
  - {{id: q2, layer: conv2d, ask: depth}}
  - {{id: q3, layer: conv2d, ask: width}}
"""
PADDING_WORKING = [
    "      padding='same': the kernel does not shrink the output (the input is padded), so each size is ceil(n / s)",
    "        height: ceil(128 / 2) = 64",
    "        width: ceil(128 / 2) = 64",
    "        channels: filters = 32",
    "      output (None, 64, 64, 32)",
]


def invoke(*args):
    return CliRunner().invoke(cli, [str(arg) for arg in args])


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture
def quiz_file(tmp_path):
    """The issue's quiz: Conv2D, 32 filters, kernel 3, stride 2, 'same', on 128×128×3; model by relative path."""
    model = os.path.relpath(SPECS / "same_padding_quiz.yaml", tmp_path)
    return write(tmp_path / "quiz.yaml", QUIZ.format(model=model))


def lines(*text):
    return "".join(line + "\n" for line in text)


# --- quiz check ---------------------------------------------------------------------------------------

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
    assert result.stdout == lines(
        "✓ q1 params of conv2d (Conv2D): 896",
        "✓ q2 depth (channels) of conv2d (Conv2D): 32",
        "✗ q3 width of conv2d (Conv2D): right answer 64",
        "    your answer: 63",
        "    you used ceil((128 − 3 + 1) / 2) = 63: with padding='same' the kernel does not shrink the output: "
        "ceil(128 / 2) = 64",
        "2 of 3 right")


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


SHAPE_QUIZ = """\
model:
  input_shape: [128, 128, 3]
  layers:
    - Conv2D: {filters: 32, kernel_size: 3, strides: 2, padding: same}
    - Flatten
    - Dense: {units: 8}
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


# --- broken quizzes and answers: exit 2, one line with file and line ----------------------------------------

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


# --- the mistake catalogue -----------------------------------------------------------------------------

# (input_shape, layers, layer asked about, ask, a wrong answer, the diagnosis it gets)
MISTAKES = [
    ('[28, 28, 1]', 'Conv2D: {filters: 8, kernel_size: 3, strides: 2}', 'conv2d', 'height', 14,
     "you used ceil(28 / 2) = 14: with padding='valid' the kernel must fit inside the input: floor((28 − 3) / 2) + 1 "
     "= 13"),
    ('[28, 28, 1]', 'Conv2D: {filters: 8, kernel_size: 3}', 'conv2d', 'height', 25,
     'you used floor((28 − 3) / 1) = 25: count the first position too (+ 1): floor((28 − 3) / 1) + 1 = 26'),
    ('[27, 27, 1]', 'Conv2D: {filters: 8, kernel_size: 4, strides: 2}', 'conv2d', 'height', 13,
     'you used ceil((27 − 4) / 2) + 1 = 13: a kernel that does not fit whole is dropped: round down: floor((27 − 4) / '
     '2) + 1 = 12'),
    ('[28, 28, 1]', 'Conv2D: {filters: 8, kernel_size: 3, strides: 2}', 'conv2d', 'height', 26,
     'you used floor((28 − 3) / 1) + 1 = 26: strides=2 moves the kernel 2 pixels at a time: floor((28 − 3) / 2) + 1 = '
     '13'),
    ('[32, 32, 1]', 'Conv2D: {filters: 8, kernel_size: 3, dilation_rate: 2}', 'conv2d', 'width', 30,
     'you used floor((32 − 3) / 1) + 1 = 30: dilation_rate=2 spreads the kernel over 2·(3 − 1) + 1 = 5 pixels: '
     'floor((32 − 2·(3 − 1) − 1) / 1) + 1 = 28'),
    ('[127, 127, 3]', 'Conv2D: {filters: 8, kernel_size: 3, strides: 2, padding: same}', 'conv2d', 'width', 63,
     "you used ceil((127 − 3 + 1) / 2) = 63: with padding='same' the kernel does not shrink the output: ceil(127 / 2) "
     "= 64"),
    ('[26, 26, 8]', 'MaxPooling2D: {pool_size: 2}', 'max_pooling2d', 'height', 25,
     'you used floor((26 − 2) / 1) + 1 = 25: the strides of a pooling layer default to its pool size, 2: floor((26 − '
     '2) / 2) + 1 = 13'),
    ('[128, 128, 3]', 'Conv2D: {filters: 32, kernel_size: 3}', 'conv2d', 'params', 320,
     'you used 32 × (3 × 3) + 32 = 320: each filter spans all C_in = 3 input channels: filters × (kernel × C_in) + '
     'filters (bias) = 32 × (3 × 3 × 3) + 32 = 896'),
    ('[128, 128, 3]', 'Conv2D: {filters: 32, kernel_size: 3}', 'conv2d', 'params', 288,
     'you used 32 × (3 × 3) = 288: each filter spans all C_in = 3 input channels and has a bias: filters × (kernel × '
     'C_in) + filters (bias) = 32 × (3 × 3 × 3) + 32 = 896'),
    ('[16, 16, 4]', 'Conv2D: {filters: 8, kernel_size: 3, groups: 2}', 'conv2d', 'params', 296,
     'you used 8 × (3 × 3 × 4) + 8 = 296: with groups=2 each filter sees only C_in / groups = 4 / 2 = 2 channels: '
     'filters × (kernel × C_in / groups) + filters (bias) = 8 × (3 × 3 × 2) + 8 = 152'),
    ('[128, 128, 3]', 'Conv2D: {filters: 32, kernel_size: 3, use_bias: false}', 'conv2d', 'params', 896,
     'you used 32 × (3 × 3 × 3) + 32 = 896: use_bias=False: the filters have no bias: filters × (kernel × C_in) = 32 '
     '× (3 × 3 × 3) = 864'),
    ('[1600]', 'Dense: {units: 128}', 'dense', 'params', 204800,
     'you used 1,600 × 128 = 204,800: each unit also has a bias (+ units): D_in × units + units (bias) = 1,600 × 128 '
     '+ 128 = 204,928'),
    ('[1600]', 'Dense: {units: 128}', 'dense', 'params', 204801,
     'you used 1,600 × 128 + 1 = 204,801: each unit has its own bias, not one per layer: D_in × units + units (bias) '
     '= 1,600 × 128 + 128 = 204,928'),
    ('[8, 8, 3]', 'Dense: {units: 4}', 'dense', 'params', 772,
     'you used 192 × 4 + 4 = 772: Dense acts on the last axis only: D_in = 3, the same weights at every position: '
     'D_in × units + units (bias) = 3 × 4 + 4 = 16'),
    ('[16, 16, 32]', 'BatchNormalization', 'batch_normalization', 'params', 64,
     'you used gamma 32 + beta 32 = 64: Keras counts moving_mean and moving_variance too, though they are not '
     'trained: gamma 32 = 32; beta 32 = 32; moving_mean 32 = 32; moving_variance 32 = 32; total 128'),
    ('[16, 16, 32]', 'BatchNormalization', 'batch_normalization', 'trainable_params', 128,
     'you used gamma 32 + beta 32 + moving_mean 32 + moving_variance 32 = 128: moving_mean and moving_variance are '
     'not updated by gradient descent: gamma 32 + beta 32 = 64'),
    ('[16, 16, 32]', 'BatchNormalization', 'batch_normalization', 'non_trainable_params', 0,
     'you used none of its weights = 0: moving_mean and moving_variance are not updated by gradient descent: '
     'moving_mean 32 + moving_variance 32 = 64'),
    ('[16, 16, 32]', 'BatchNormalization', 'batch_normalization', 'non_trainable_params', 128,
     'you used gamma 32 + beta 32 + moving_mean 32 + moving_variance 32 = 128: gamma and beta are trained: '
     'moving_mean 32 + moving_variance 32 = 64'),
    ('[128, 128, 3]', 'Conv2D: {filters: 32, kernel_size: 3}', 'conv2d', 'non_trainable_params', 896,
     'you used kernel 864 + bias 32 = 896: every weight of this layer is trainable: 0 (every weight is trainable)'),
    ('[16, 16, 8]', 'DepthwiseConv2D: {kernel_size: 3, depth_multiplier: 2}', 'depthwise_conv2d', 'depth', 8,
     "you used the input's channels, C_in = 8: each input channel gives depth_multiplier = 2 channels: C_in × "
     "depth_multiplier = 8 × 2 = 16"),
    ('[16, 16, 8]', 'DepthwiseConv2D: {kernel_size: 3}', 'depthwise_conv2d', 'params', 584,
     'you used 8 × (3 × 3 × 8) + 8 = 584: a depthwise kernel sees only its own input channel: kernel 3 × 3 × 8 × 1 = '
     '72; bias 8 = 8; total 80'),
    ('[16, 16, 8]', 'SeparableConv2D: {filters: 16, kernel_size: 3}', 'separable_conv2d', 'params', 1168,
     'you used 16 × (3 × 3 × 8) + 16 = 1,168: a separable convolution is a depthwise kernel per input channel, then a '
     '1 × 1 pointwise kernel mixing them into the filters: depthwise_kernel 3 × 3 × 8 × 1 = 72; pointwise_kernel 1 × '
     '1 × 8 × 16 = 128; bias 16 = 16; total 216'),
    ('[16, 16, 8]', 'SeparableConv2D: {filters: 16, kernel_size: 3}', 'separable_conv2d', 'params', 88,
     'you used 3 × 3 × 8 × 1 + 16 = 88: the 1 × 1 pointwise kernel adds C_in × depth_multiplier × filters = 8 × 16 '
     'weights: depthwise_kernel 3 × 3 × 8 × 1 = 72; pointwise_kernel 1 × 1 × 8 × 16 = 128; bias 16 = 16; total 216'),
    ('[128, 128, 3]', 'Conv2D: {filters: 32, kernel_size: 3, strides: 2, padding: same}', 'conv2d', 'macs', 864,
     'you used 864 weights = 864: each weight is used once at every one of the 4,096 output positions: 864 weights × '
     '4,096 output positions = 3,538,944'),
    ('[128, 128, 3]', 'Conv2D: {filters: 32, kernel_size: 3, strides: 2, padding: same}', 'conv2d', 'macs', 3670016,
     'you used (864 + 32) weights × 4,096 output positions = 3,670,016: a bias is an addition, not a '
     'multiply-accumulate: 864 weights × 4,096 output positions = 3,538,944'),
    ('[128, 128, 3]', 'Conv2D: {filters: 32, kernel_size: 3, strides: 2, padding: same}', 'conv2d', 'macs', 14155776,
     'you used 864 weights × 16,384 input positions = 14,155,776: the kernel is applied once per output position: 864 '
     'weights × 4,096 output positions = 3,538,944'),
    ('[16, 16, 8]', 'Conv2DTranspose: {filters: 4, kernel_size: 3, strides: 2}', 'conv2d_transpose', 'width', 7,
     'you used floor((16 − 3) / 2) + 1 = 7: a transposed convolution grows the size by the strides; it does not '
     'shrink it: 16 · 2 + max(3 − 2, 0) = 33'),
    ('[16, 16, 8]', 'Conv2DTranspose: {filters: 4, kernel_size: 3, strides: 2}', 'conv2d_transpose', 'width', 32,
     "you used 16 · 2 = 32: with padding='valid' the kernel hangs over the edge: + max(k − s, 0): 16 · 2 + max(3 − 2, "
     "0) = 33"),
    ('[16, 16, 8]', 'Conv2DTranspose: {filters: 4, kernel_size: 3, strides: 2, padding: same}', 'conv2d_transpose',
     'width', 33,
     "you used 16 · 2 + max(3 − 2, 0) = 33: with padding='same' the output is exactly n · s: 16 · 2 = 32"),
    ('[16, 16, 8]', 'Conv2DTranspose: {filters: 4, kernel_size: 3, strides: 2}', 'conv2d_transpose', 'params', 40,
     'you used 4 × (3 × 3) + 4 = 40: each filter spans all C_in = 8 input channels: kernel 3 × 3 × 4 × 8 = 288; bias '
     '4 = 4; total 292'),
    ('[16, 16, 8]', 'Conv2DTranspose: {filters: 4, kernel_size: 3, strides: 2}', 'conv2d_transpose', 'macs', 313632,
     'you used 288 weights × 1,089 output positions = 313,632: the kernel is applied once per input position: 288 '
     'weights × 256 input positions = 73,728'),
    ('[5, 5, 64]', 'Flatten', 'flatten', 'output_shape', '(None, 25)',
     'you used 5 × 5 = 25: Flatten keeps every channel: 5 × 5 × 64 = 1,600'),
    ('[8, 8, 64]', 'GlobalAveragePooling2D', 'global_average_pooling2d', 'output_shape', '(None, 4096)',
     "you used 8 × 8 × 64 = 4,096: global pooling keeps one value per channel, over all positions: the input's "
     "channels = 64"),
    ('[28, 28, 1]', 'Conv2D: {filters: 8, kernel_size: 3, strides: 2}\n  - Conv2D: {filters: 8, kernel_size: 3}',
     'conv2d_1', 'receptive_field', 5,
     'height: you used 3 + (3 − 1) × 1 = 5: each step of this kernel spans j_in = 2 input pixels, from the strides '
     'before it: 3 + (3 − 1) × 2 = 7'),
    ('[28, 28, 1]', 'Conv2D: {filters: 8, kernel_size: 3, strides: 2}\n  - Conv2D: {filters: 8, kernel_size: 3}',
     'conv2d_1', 'receptive_field', 3,
     'height: you used this kernel alone, k = 3: it sees what the layers before it see: r_in = 3: 3 + (3 − 1) × 2 = 7'),
    ('[28, 28, 1]', 'Conv2D: {filters: 8, kernel_size: 3, dilation_rate: 2}', 'conv2d', 'receptive_field', 3,
     'height: you used 1 + (3 − 1) × 1 = 3: dilation_rate=2 makes the kernel span 2·(3 − 1) + 1 = 5 pixels: 1 + (5 − '
     '1) × 1 = 5'),
    ('[16, 16, 32]', 'BatchNormalization\n  - Flatten\n  - Dense: {units: 2}', None, 'total_params', 16450,
     'you used only the trainable params = 16,450: the total counts the non-trainable weights too: '
     'batch_normalization 128 + dense 16,386 = 16,514'),
    ('[16, 16, 32]', 'BatchNormalization\n  - Flatten\n  - Dense: {units: 2}', None, 'total_params', 16512,
     'you used batch_normalization 128 + dense 16,384 = 16,512: dense: each unit also has a bias (+ units): '
     'batch_normalization 128 + dense 16,386 = 16,514'),
]


@pytest.mark.parametrize("image, layers, name, ask, wrong, diagnosis", MISTAKES,
                         ids=[f"{m[3]}-{m[4]}-{m[1][:20]}" for m in MISTAKES])
def test_each_classic_mistake_is_named_with_the_layers_numbers(image, layers, name, ask, wrong, diagnosis):
    summary = convcalc.summarize(text=f"input_shape: {image}\nlayers:\n  - {layers}\n")
    layer = next((layer for layer in summary.tensors if layer.name == name), None)
    question = build_question("q", summary, layer, ask)
    assert mark(question, wrong).diagnosis == diagnosis
    assert mark(question, question.key_value()).right


@pytest.mark.parametrize("merge, wrong, diagnosis", [
    ("Concatenate", 16, "you used one input's channels = 16: Concatenate puts its inputs side by side along that "
                        "axis: 16 + 16 = 32"),
    ("Add", 32, "you used 16 + 16 = 32: Add combines values element by element; the channels stay: 16, as in each "
                "input"),
])
def test_merges_depth_mistakes(merge, wrong, diagnosis):
    summary = convcalc.summarize(
        text=f"inputs: {{a: [8, 8, 16], b: [8, 8, 16]}}\nlayers:\n  - {merge}: {{inputs: [a, b]}}\n")
    question = build_question("q", summary, summary.tensors[-1], "depth")
    assert mark(question, wrong).diagnosis == diagnosis


def test_no_mistake_in_the_catalogue_gives_the_right_answer():
    for path in sorted(SPECS.glob("*.yaml")):
        summary = convcalc.summarize(path)
        for layer in summary.tensors[1:]:
            for ask in ASKS[:-1]:
                try:
                    question = build_question("q", summary, layer, ask)
                except NotAskable:
                    continue
                for part in question.parts:
                    assert part.value not in [mistake.value for mistake in part.mistakes], (path, layer.name, ask)


# --- quiz new ---------------------------------------------------------------------------------------------

def new(tmp_path, *args, folder="out"):
    (tmp_path / folder).mkdir(exist_ok=True)
    quiz_path, key_path = tmp_path / folder / "quiz.yaml", tmp_path / folder / "key.yaml"
    result = invoke("quiz", "new", *args, "--out", quiz_path, "--key", key_path)
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    return quiz_path, key_path


@pytest.mark.parametrize("level", ["easy", "medium", "hard"])
def test_the_same_seed_gives_byte_identical_files(tmp_path, level):
    first = new(tmp_path, "--seed", 42, "--level", level, folder="a")
    second = new(tmp_path, "--seed", 42, "--level", level, folder="b")
    other = new(tmp_path, "--seed", 43, "--level", level, folder="c")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    assert first[0].read_bytes() != other[0].read_bytes()
    handouts = [invoke("quiz", "new", "--seed", 42, "--level", level, "--format", "markdown").stdout for _ in range(2)]
    assert handouts[0] == handouts[1] and "```python" in handouts[0]


def expected_answer(summary, question):
    """The answer computed here from the summary alone, independently of convcalc.quiz."""
    if question["ask"] == "total_params":
        return summary.total_params
    layer = next(layer for layer in summary.tensors if layer.name == question["layer"])
    ask, shape = question["ask"], layer.output_shape
    if ask == "output_shape":
        return format_shape(shape)
    if ask in ("height", "width", "depth"):
        return shape[{"height": 1, "width": 2, "depth": -1}[ask]]
    if ask == "receptive_field":
        [size] = {int(axis.size) for axis in layer.field}
        return size
    return getattr(layer, ask)


@pytest.mark.parametrize("level", ["easy", "medium", "hard"])
@pytest.mark.parametrize("seed", [0, 1, 2, 7, 42, 1234])
def test_every_answer_in_a_generated_key_is_what_summarize_computes(tmp_path, level, seed):
    quiz_path, key_path = new(tmp_path, "--seed", seed, "--level", level, "--questions", 8)
    data, key = yaml.safe_load(quiz_path.read_text()), yaml.safe_load(key_path.read_text())
    assert list(data) == ["title", "model", "questions"]
    assert all(set(q) <= {"id", "layer", "ask"} for q in data["questions"])  # the quiz never holds the answers
    assert [q["id"] for q in data["questions"]] == list(key) == [f"q{i}" for i in range(1, 9)]
    assert len({(q.get("layer"), q["ask"]) for q in data["questions"]}) == 8  # never two identical questions
    assert len({q["ask"] for q in data["questions"]}) >= 5  # spread over kinds
    summary = convcalc.summarize(text=yaml.safe_dump(data["model"]))
    assert key == {q["id"]: expected_answer(summary, q) for q in data["questions"]}
    result = invoke("quiz", "check", quiz_path, key_path)
    assert (result.exit_code, result.stdout.splitlines()[-1]) == (0, "8 of 8 right")


def test_levels_draw_their_layers(tmp_path):
    kinds: dict[str, set[str]] = {}
    for level in ("easy", "medium", "hard"):
        kinds[level] = set()
        for seed in range(20):
            quiz_path, _ = new(tmp_path, "--seed", seed, "--level", level, folder=f"{level}{seed}")
            model = yaml.safe_load(quiz_path.read_text())["model"]
            kinds[level] |= {next(iter(layer)) if isinstance(layer, dict) else layer for layer in model["layers"]}
    assert kinds["easy"] == {"Conv2D", "MaxPooling2D"}
    assert kinds["medium"] == {"Conv2D", "MaxPooling2D", "Flatten", "Dense"}
    assert {"DepthwiseConv2D", "SeparableConv2D", "Conv2DTranspose", "BatchNormalization", "Add",
            "Concatenate"} <= kinds["hard"]


def test_from_a_spec_the_quiz_names_it_relative_to_itself(tmp_path):
    quiz_path, key_path = new(tmp_path, "--seed", 3, "--from", SPECS / "fashion_mnist.yaml", "--questions", 5)
    data = yaml.safe_load(quiz_path.read_text())
    assert data["model"] == os.path.relpath(SPECS / "fashion_mnist.yaml", tmp_path / "out")
    assert len(data["questions"]) == 5
    result = invoke("quiz", "check", quiz_path, key_path)
    assert (result.exit_code, result.stdout.splitlines()[-1]) == (0, "5 of 5 right")


def test_a_small_model_gives_fewer_questions_with_a_warning():
    result = invoke("quiz", "new", "--seed", 1, "--from", SPECS / "same_padding_quiz.yaml", "--questions", 20)
    assert result.exit_code == 0
    assert result.stderr == "Warning: the model offers 7 different questions; the quiz has them all\n"
    assert len(yaml.safe_load(result.stdout)["questions"]) == 7


def test_markdown_handout_of_a_spec():
    result = invoke("quiz", "new", "--seed", 1, "--from", SPECS / "same_padding_quiz.yaml", "--questions", 3,
                    "--level", "medium", "--format", "markdown")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == lines(
        "# convcalc quiz (medium, seed 1)",
        "",
        "```python",
        "model = keras.Sequential([",
        "    Conv2D(filters=32, kernel_size=3, strides=2, padding='same', input_shape=(128, 128, 3)),  # conv2d",
        "])",
        "```",
        "",
        "Answer in a YAML file, one line per question (`q1: 896`); write shapes like (None, 64, 64, 32).",
        "",
        *result.stdout.splitlines()[10:])
    questions = result.stdout.splitlines()[10:]
    assert len(questions) == 3 and all(line.endswith("? ____________") for line in questions)
    assert questions[0].startswith("1. **q1** ")


def test_markdown_handout_of_a_branching_model_is_functional_code():
    result = invoke("quiz", "new", "--seed", 42, "--level", "hard", "--format", "markdown")
    code = result.stdout.split("```python\n")[1].split("```")[0].splitlines()
    assert code[0] == "image = keras.Input(shape=(32, 32, 3))"
    assert code[1] == "conv2d = Conv2D(filters=16, kernel_size=3, strides=2, padding='same')(image)"
    assert "add = Add()([batch_normalization, conv2d_1])" in code
    assert code[-1] == "model = keras.Model(image, dense)"


def test_never_overwrites_without_force(tmp_path):
    quiz_path, key_path = new(tmp_path, "--seed", 1)
    for existing in (quiz_path, key_path):
        before = existing.read_bytes()
        existing.write_text("mine\n")
        result = invoke("quiz", "new", "--seed", 2, "--out", quiz_path, "--key", key_path)
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr == lines(*(f"Error: {path}: already exists; use --force to overwrite it"
                                        for path in (quiz_path, key_path)))  # every file in one run
        assert existing.read_text() == "mine\n"
        existing.write_bytes(before)
    key_path.write_text("mine\n")
    result = invoke("quiz", "new", "--seed", 2, "--out", tmp_path / "fresh.yaml", "--key", key_path)
    assert (result.exit_code, result.stderr) == (2, f"Error: {key_path}: already exists; use --force to overwrite it\n")
    assert not (tmp_path / "fresh.yaml").exists()
    result = invoke("quiz", "new", "--seed", 2, "--out", quiz_path, "--key", key_path, "--force")
    assert result.exit_code == 0 and key_path.read_text() != "mine\n"


# --- quiz grade -------------------------------------------------------------------------------------------

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
