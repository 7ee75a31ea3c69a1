"""`convcalc quiz new`: generated quizzes, their keys and handouts, reproducible from a seed."""

from __future__ import annotations

import os

import pytest
import yaml
from conftest import SPECS, invoke, lines, new  # pytest puts tests/ on sys.path

import convcalc
from convcalc.shapes import format_shape


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
        "Answer in a YAML file named after you (`firstname_lastname.yaml`), one line per question (`q1: 896`); "
        "write shapes like (None, 64, 64, 32).",
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
