"""How `convcalc quiz` reads answers: blanks, malformed shapes, counts abbreviated like budgets (1.29k)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import STRIDE2_SAME_MODEL  # pytest puts tests/ on sys.path

import convcalc
from convcalc.cli import cli
from convcalc.quiz.marking import mark
from convcalc.quiz.questions import build_question

QUIZ = STRIDE2_SAME_MODEL + """\
questions:
  - {id: shape, layer: conv2d, ask: output_shape}
  - {id: macs, layer: conv2d, ask: macs}
  - {id: width, layer: conv2d, ask: width}
  - {id: total, ask: total_params}
"""


def invoke(*args):
    return CliRunner().invoke(cli, [str(arg) for arg in args])


@pytest.fixture
def quiz_path(tmp_path):
    path = tmp_path / "quiz.yaml"
    path.write_text(QUIZ, encoding="utf-8")
    return path


def marks_of(stdout):
    """{question id: the lines of its mark}."""
    marks, current = {}, None
    for line in stdout.splitlines():
        if line[:1] in "✓✗":
            current = line.split()[1]
            marks[current] = [line]
        elif current and line.startswith("    "):
            marks[current].append(line)
    return marks


def test_a_blank_answer_is_no_answer_not_the_answer_none(quiz_path, tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text("shape:\nmacs: ''\nwidth: '  '\ntotal: 1049480\n", encoding="utf-8")
    for result in (invoke("quiz", "check", quiz_path, answers),
                   invoke("quiz", "check", quiz_path, "shape=", "macs=", "width= ", "total=1049480")):
        assert result.exit_code == 1
        marks = marks_of(result.stdout)
        for question in ("shape", "macs", "width"):
            assert marks[question][1] == "    no answer", marks[question]
        assert not any("your answer" in line for question in ("shape", "macs", "width") for line in marks[question])
        assert result.stdout.splitlines()[-1] == "1 of 4 right"


@pytest.mark.parametrize("shape", ["(None, 64, 64, 32", "None, 64, 64, 32)", "[64, 64, 32)", "((64, 64, 32))",
                                   "(64, 64, 32]"])
def test_a_shape_with_unbalanced_brackets_is_never_right(quiz_path, shape):
    result = invoke("quiz", "check", quiz_path, f"shape={shape}")
    assert marks_of(result.stdout)["shape"][:2] == [
        "✗ shape output shape of conv2d (Conv2D): right answer (None, 64, 64, 32)",
        f"    your answer: {shape!r} is not a shape: its brackets are unbalanced or nested"]


@pytest.mark.parametrize("shape", ["64,,64,32", "64, , 64, 32", "64xx64x32"])
def test_a_shape_with_a_missing_size_is_never_right(quiz_path, shape):
    result = invoke("quiz", "check", quiz_path, f"shape={shape}")
    assert marks_of(result.stdout)["shape"][1] == \
        f"    your answer: {shape!r} is not a shape: a size is missing between two separators"


@pytest.mark.parametrize("shape", ["(None, 64, 64, 32)", "[64, 64, 32]", "64x64x32", "(64, 64, 32,)",
                                   " ( 64 x 64 x 32 ) "])
def test_well_formed_shapes_stay_right(quiz_path, shape):
    result = invoke("quiz", "check", quiz_path, f"shape={shape}")
    assert marks_of(result.stdout)["shape"] == ["✓ shape output shape of conv2d (Conv2D): (None, 64, 64, 32)"]


# MACs 3,538,944 and total 1,049,480: right when the count rounds to the answer at the precision written,
# with at least three significant digits
@pytest.mark.parametrize("answer, shown", [("3.54M", "3.54M"), ("3.539M", "3.539M"), ("3.5389M", "3.5389M"),
                                           ("3,538.944k", "3538.944k"), ("3538.944 k", "3538.944k"),
                                           ("3.54M MACs", "3.54M"), ("0.00354G", "0.00354G"), ("3538944", "3,538,944")])
def test_counts_abbreviated_like_budgets_are_right_when_they_round_right(quiz_path, answer, shown):
    result = invoke("quiz", "check", quiz_path, f"macs={answer}", "total=1.05M")
    marks = marks_of(result.stdout)
    assert marks["macs"] == [f"✓ macs MACs of conv2d (Conv2D): {shown}"]
    assert marks["total"] == ["✓ total total params of the model: 1.05M"]


def test_an_abbreviated_count_with_too_few_digits_says_so(quiz_path):
    result = invoke("quiz", "check", quiz_path, "macs=3.5M", "total=1M")
    marks = marks_of(result.stdout)
    assert marks["macs"] == ["✗ macs MACs of conv2d (Conv2D): right answer 3,538,944",
                             "    your answer: 3.5M (3,500,000)",
                             "    3.5M keeps 2 significant digits: write at least 3, like 3.54M"]
    assert marks["total"][2] == "    1M keeps 1 significant digit: write at least 3, like 1.05M"


def test_an_abbreviated_count_that_rounds_elsewhere_is_wrong_and_diagnosed(quiz_path):
    result = invoke("quiz", "check", quiz_path, "macs=3.53M", "total=7.08M")
    marks = marks_of(result.stdout)
    assert marks["macs"][:3] == ["✗ macs MACs of conv2d (Conv2D): right answer 3,538,944",
                                 "    your answer: 3.53M (3,530,000)", "    the working:"]
    result = invoke("quiz", "check", quiz_path, "macs=7.08M")
    assert marks_of(result.stdout)["macs"][2] == (
        "    you used 2 × 864 × 4,096 = 7,077,888: that counts FLOPs, a multiply and an add each; a MAC counts the "
        "pair once: 864 weights × 4,096 output positions = 3,538,944")


@pytest.mark.parametrize("answer, right", [("1.29k", True), ("1.28k", True), ("1.27k", False), ("1.3k", False),
                                           ("1.285k", True), ("1.286k", False), ("1285", True),
                                           ("1.29 k params", True)])
def test_rounding_at_the_precision_written(answer, right):
    """Dense(257) on 4 values: 4 × 257 + 257 = 1,285 params, which rounds to 1.29k (half up) or 1.28k (half
    to even): an answer exactly half a unit away is accepted."""
    summary = convcalc.summarize(text="input_shape: [4]\nlayers:\n  - Dense: {units: 257}\n")
    question = build_question("q", summary, summary.tensors[-1], "params")
    assert question.answer == 1285
    assert mark(question, answer).right is right


@pytest.mark.parametrize("answer, needed", [("64k", "a number: k, M, G and T are for counts"),
                                            ("0.0001k", "a count like 896, 1.29k or 3.54M")])
def test_units_only_for_counts_and_at_least_one(quiz_path, answer, needed):
    ask = "width" if answer == "64k" else "macs"
    result = invoke("quiz", "check", quiz_path, f"{ask}={answer}")
    assert marks_of(result.stdout)[ask][1] == f"    your answer: {answer!r} is not {needed}"
