"""Python files read statically against what real Keras built when running them.

tests/python_source/examples/*.py are lessons and keras.io examples; tools/python_oracle ran each with real
Keras 3.15.1 (data loading and training stubbed) and recorded every model the file leaves in a variable in
tests/python_source/fixtures/. convcalc reads the same files without running them and must agree on names,
types, shapes, parameters, the trainable split, the exact summary text, and which model is the default.
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import ROOT, assert_totals_and_text_agree, layer_records

from convcalc.engine import compute
from convcalc.errors import SpecError, UnbuiltModel
from convcalc.readers import python_source

TESTS = ROOT / "tests" / "python_source"
FIXTURES = sorted((TESTS / "fixtures").glob("*.json"))
MODELS = [(path, index) for path in FIXTURES
          for index in range(len(json.loads(path.read_text(encoding="utf-8"))["models"]))]


# Models a lesson first calls on data (a preview of augmented images): Keras shows the data's batch size in their
# own summaries, which convcalc refuses to guess.
BUILT_ON_DATA = {("whole_lesson_flowers", "noise")}


def settings(example: str) -> dict[str, str]:
    """The --set NAME=VALUE an example's docstring says it is read with (what only its data would tell)."""
    text = (ROOT / example).read_text(encoding="utf-8")
    return dict(re.findall(r"--set (\w+)=(\S+)", text))


def test_every_example_has_a_fixture():
    examples = {path.stem for path in (TESTS / "examples").glob("*.py")}
    assert examples == {path.stem for path in FIXTURES}
    assert len(examples) >= 11


@pytest.mark.parametrize(("fixture_path", "index"), MODELS,
                         ids=[f"{path.stem}-{index}" for path, index in MODELS])
def test_agrees_with_keras(fixture_path, index):
    fixture = json.loads(fixture_path.read_text(encoding="utf-8"))
    keras = fixture["models"][index]
    if (fixture_path.stem, keras["name"]) in BUILT_ON_DATA:
        with pytest.raises(SpecError, match="is first called on data"):
            python_source.load(str(ROOT / fixture["file"]), keras["variables"][-1], settings(fixture["file"]))
        return
    try:
        spec = python_source.load(str(ROOT / fixture["file"]), keras["variables"][-1], settings(fixture["file"]))
    except UnbuiltModel as unbuilt:  # Keras has not built it: `summary` shows it all the same
        assert all(layer["output_shape"] is None for layer in keras["layers"])
        spec = unbuilt.spec
    summary = compute(spec)
    assert summary.name == keras["name"]
    assert layer_records(summary.table_rows) == keras["layers"]
    assert_totals_and_text_agree(summary, keras)


@pytest.mark.parametrize("fixture_path", FIXTURES, ids=[path.stem for path in FIXTURES])
def test_default_model_is_the_last_one_made(fixture_path):
    fixture = json.loads(fixture_path.read_text(encoding="utf-8"))
    assert compute(python_source.load(str(ROOT / fixture["file"]), settings=settings(fixture["file"]))).name == (
        fixture["default"])
    found = python_source.find_models(str(ROOT / fixture["file"]), settings(fixture["file"]))
    held = [(model.name, model.variables) for model in found if model.variables]
    assert held == [(model["name"], tuple(model["variables"])) for model in fixture["models"]]


def test_every_command_that_takes_a_model_takes_a_python_file(tmp_path):
    from click.testing import CliRunner

    from convcalc.cli import cli

    lesson = str(TESTS / "examples" / "course_fashion_mnist.py")
    runner = CliRunner()
    explained = runner.invoke(cli, ["explain", lesson, "--layer", "flatten_1"])
    assert explained.exit_code == 0 and "5 × 5 × 64 = 1600" in explained.output.replace(",", "")
    checked = runner.invoke(cli, ["check", lesson, "--max-params", "250k"])
    assert checked.exit_code == 0 and "243,786" in checked.output
    over = runner.invoke(cli, ["check", lesson, "--max-params", "200k"])
    assert over.exit_code == 1
    quiz, key = tmp_path / "quiz.yaml", tmp_path / "key.yaml"
    made = runner.invoke(cli, ["quiz", "new", "--seed", "3", "--from", lesson, "--questions", "3", "--out", str(quiz),
                               "--key", str(key)])
    assert made.exit_code == 0
    assert runner.invoke(cli, ["quiz", "check", str(quiz), str(key)]).output.endswith("3 of 3 right\n")


def test_a_model_keras_has_not_built_prints_as_keras_prints_it_and_other_commands_refuse_it(tmp_path):
    """summary shows it (exit 0) with a note on how to give it an input; commands that need its shapes refuse."""
    from click.testing import CliRunner

    from convcalc.cli import cli

    lesson = str(TESTS / "examples" / "unbuilt_models.py")
    runner = CliRunner()
    shown = runner.invoke(cli, ["summary", lesson, "--model", "regressor", "--format", "json"])
    assert shown.exit_code == 0
    layers = json.loads(shown.stdout)["layers"]
    assert [(layer["output_shape"], layer["built"]) for layer in layers[:2]] == [(None, False), (None, True)]
    assert "Note: " in shown.stderr and "start it with keras.Input(shape=(...))" in shown.stderr
    listed = runner.invoke(cli, ["summary", lesson, "--list-models"])
    assert "    unbuilt (summary shows it as Keras does): " in listed.output
    unbuilt_only = tmp_path / "unbuilt.py"
    unbuilt_only.write_text("import keras\nmodel = keras.Sequential([keras.layers.Dense(4)])\n")
    for command in (["explain", lesson, "--model", "tagger"], ["check", str(unbuilt_only), "--max-params", "1M"],
                    ["convert", lesson, "--model", "regressor"]):
        refused = runner.invoke(cli, command)
        assert refused.exit_code == 2 and "has not built it" in refused.output + refused.stderr, command
