"""Jupyter notebooks read directly, against what real Keras built when Jupyter ran them; errors naming the cell.

tests/python_source/notebooks/*.ipynb are lessons as learners keep them (markdown, `!pip install`, `%matplotlib
inline`, data loading, `%%bash` and `%%writefile` cells, cells re-run out of order). tools/python_oracle ran each
cell after cell with IPython's own transformer and real Keras 3.15.1 and recorded every model left in a variable
in tests/python_source/notebook_fixtures/.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import ROOT, assert_totals_and_text_agree, layer_records

import convcalc
from convcalc.cli import cli
from convcalc.engine import compute
from convcalc.errors import SpecError
from convcalc.readers import load, notebook

TESTS = ROOT / "tests" / "python_source"
NOTEBOOKS = TESTS / "notebooks"
FIXTURES = sorted((TESTS / "notebook_fixtures").glob("*.json"))
MODELS = [(path, index) for path in FIXTURES
          for index in range(len(json.loads(path.read_text(encoding="utf-8"))["models"]))]
WEEK3 = str(NOTEBOOKS / "week3_fashion_mnist.ipynb")


def test_every_notebook_has_a_fixture():
    assert {path.stem for path in NOTEBOOKS.glob("*.ipynb")} == {path.stem for path in FIXTURES}
    assert len(FIXTURES) >= 3


@pytest.mark.parametrize(("fixture_path", "index"), MODELS, ids=[f"{path.stem}-{index}" for path, index in MODELS])
def test_agrees_with_keras(fixture_path, index):
    fixture = json.loads(fixture_path.read_text(encoding="utf-8"))
    keras = fixture["models"][index]
    summary = compute(load(str(ROOT / fixture["file"]), model=keras["variables"][-1]))
    assert summary.name == keras["name"]
    assert layer_records(summary.layers) == keras["layers"]
    assert_totals_and_text_agree(summary, keras)


@pytest.mark.parametrize("fixture_path", FIXTURES, ids=[path.stem for path in FIXTURES])
def test_default_model_is_the_last_one_made(fixture_path):
    fixture = json.loads(fixture_path.read_text(encoding="utf-8"))
    assert convcalc.summarize(ROOT / fixture["file"]).name == fixture["default"]
    held = [(model.name, model.variables) for model in notebook.find_models(str(ROOT / fixture["file"]))]
    assert held == [(model["name"], tuple(model["variables"])) for model in fixture["models"]]


def test_list_models_names_the_cells():
    result = CliRunner().invoke(cli, ["summary", "--list-models", WEEK3])
    assert (result.exit_code, result.output.splitlines()[1:]) == (0, [
        "  sequential  (Sequential, cell 7 (In [5]), line 1)  model",
        "  sequential_1  (Sequential, cell 11 (In [8]), line 2)  conv_model  (default)"])


def test_every_command_that_takes_a_model_takes_a_notebook(tmp_path):
    runner = CliRunner()
    explained = runner.invoke(cli, ["explain", WEEK3, "--layer", "flatten_1"])
    assert explained.exit_code == 0 and "5 × 5 × 64 = 1600" in explained.output.replace(",", "")
    assert runner.invoke(cli, ["check", WEEK3, "--max-params", "250k"]).exit_code == 0
    assert runner.invoke(cli, ["check", WEEK3, "--max-params", "200k"]).exit_code == 1
    converted = runner.invoke(cli, ["convert", WEEK3, "--model", "model", "--to", "yaml"])
    assert converted.exit_code == 0
    spec = tmp_path / "dense.yaml"
    spec.write_text(converted.output, encoding="utf-8")
    assert convcalc.summarize(spec).total_params == compute(load(WEEK3, model="model")).total_params == 101_770
    quiz, key = tmp_path / "quiz.yaml", tmp_path / "key.yaml"
    made = runner.invoke(cli, ["quiz", "new", "--seed", "3", "--from", WEEK3, "--questions", "3", "--out", str(quiz),
                               "--key", str(key)])
    assert made.exit_code == 0
    assert runner.invoke(cli, ["quiz", "check", str(quiz), str(key)]).output.endswith("3 of 3 right\n")


def test_never_executed_nor_imported(tmp_path):
    """`!touch`, %%bash, %%writefile, %run, %time, %%capture, os.system and exec in cells: no marker appears."""
    for name in ("side_effects.ipynb", "side_effects_helper.py"):
        shutil.copy(TESTS / "never_run" / name, tmp_path / name)
    script = ("import sys; from convcalc.cli import main; sys.argv = ['convcalc', 'summary', 'side_effects.ipynb', "
              "'--format', 'json']; main()")
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True,
                            env={"PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    assert '"total_params":36' in result.stdout
    assert sorted(path.name for path in tmp_path.iterdir()) == ["side_effects.ipynb", "side_effects_helper.py"]


# --- errors name the cell ---------------------------------------------------------------------------------

IMPORTS = "import random\nimport keras\nfrom keras import layers"
MODEL = "model = keras.Sequential([keras.Input((4,)), layers.Dense({units})])"


def write_notebook(path, *cells, nbformat=4, metadata=None):
    """A notebook of ('markdown' | 'code', text[, execution count]) cells, written as Jupyter writes it."""
    made = [{"cell_type": kind, "metadata": {}, "source": text.splitlines(keepends=True),
             **({"execution_count": count[0] if count else None, "outputs": []} if kind == "code" else {})}
            for kind, text, *count in cells]
    document = {"cells": made, "metadata": metadata or {"language_info": {"name": "python"}},
                "nbformat": nbformat, "nbformat_minor": 5}
    path.write_text(json.dumps(document, indent=1), encoding="utf-8")
    return str(path)


def error_lines(path, *args):
    result = CliRunner().invoke(cli, ["summary", path, *args])
    assert result.exit_code == 2, result.output
    return [line.replace(str(path), "lesson.ipynb") for line in result.stderr.splitlines()]


def test_a_value_only_running_gives_is_refused_at_its_cell_and_the_cell_that_needs_it(tmp_path):
    path = write_notebook(tmp_path / "lesson.ipynb", ("markdown", "# Lesson"), ("code", IMPORTS, 1),
                          ("code", "%matplotlib inline\nn = random.randint(8, 64)", 2), ("markdown", "Now the model"),
                          ("code", "!nvidia-smi\n" + MODEL.format(units="n")))
    assert error_lines(path) == [
        "Error: lesson.ipynb: cell 3 (In [2]), line 2, column 1: n = random.randint(8, 64) is known only by running "
        "the notebook (it is random) (cell 5, line 2 needs it); give it with --set n=VALUE"]


def test_a_shell_capture_is_unknown_and_named_by_its_command(tmp_path):
    path = write_notebook(tmp_path / "lesson.ipynb", ("code", IMPORTS, 4),
                          ("code", "files = !ls data/train\n" + MODEL.format(units="len(files)"), 5))
    assert error_lines(path) == [
        "Error: lesson.ipynb: cell 2 (In [5]), line 1, column 1: files = `!ls data/train` is known only by running "
        "the notebook (cell 2 (In [5]), line 2 needs it); give it with --set files=VALUE"]


def test_the_engines_errors_name_the_cell_too(tmp_path):
    cell = "model = keras.Sequential([\n    keras.Input((4, 4)),\n    layers.Conv2D(3, 3),\n])"
    path = write_notebook(tmp_path / "lesson.ipynb", ("code", IMPORTS), ("code", cell))
    assert error_lines(path) == [
        "Error: lesson.ipynb: cell 2, line 3: conv2d (Conv2D): expected an input of rank 4 (batch, rows, cols, "
        "channels), received shape (None, 4, 4) of rank 3"]


def test_a_cell_that_does_not_parse_is_left_out_with_a_warning(tmp_path):
    path = write_notebook(tmp_path / "lesson.ipynb", ("code", IMPORTS, 1), ("code", "def plot(:\n    pass", 2),
                          ("code", MODEL.format(units=3), 3))
    result = CliRunner().invoke(cli, ["summary", path, "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["total_params"] == 15
    assert result.stderr == f"Warning: {path}: cell 2 (In [2]), line 1, column 10: invalid syntax; the cell was left " \
                            "out\n"


def test_a_cell_that_does_not_parse_comes_first_when_the_model_then_fails(tmp_path):
    path = write_notebook(tmp_path / "lesson.ipynb", ("code", IMPORTS), ("code", "UNITS = (3\n"),
                          ("code", MODEL.format(units="UNITS")))
    lines = error_lines(path)
    assert len(lines) == 2
    assert lines[0].startswith("Error: lesson.ipynb: cell 2, line 1, column 9: '(' was never closed")
    assert lines[1].startswith("Error: lesson.ipynb: cell 3, line 1, column 59: cannot evaluate UNITS")


BAD_NOTEBOOKS = {
    '{"nbformat": 4, "cells": [}': "lesson.ipynb:1:27: not valid notebook JSON: Expecting value",
    "[1, 2]": "lesson.ipynb: not a Jupyter notebook: its JSON has no `nbformat`",
    '{"nbformat": 5, "cells": []}': "lesson.ipynb: nbformat 5 is not read: convcalc reads notebooks of nbformat 4 "
                                    "(and 3)",
    '{"nbformat": 4}': "lesson.ipynb: not a Jupyter notebook: nbformat 4 keeps its cells in a list (`cells`)",
    '{"nbformat": 4, "cells": [{"source": "x"}]}': "lesson.ipynb: cell 1 is not a notebook cell (an object with a "
                                                   "`cell_type`)",
    '{"nbformat": 4, "cells": [{"cell_type": "code", "source": 5}]}': "lesson.ipynb: cell 1: `source` must be text "
                                                                     "or a list of lines",
    '{"nbformat": 4, "metadata": {"kernelspec": {"language": "R"}}, "cells": []}':
        "lesson.ipynb: a notebook in R: convcalc reads Keras code in Python",
    '{"nbformat": 4, "cells": []}': "lesson.ipynb: no Keras model found: convcalc reads keras.Sequential(...), "
                                    "Sequential() with model.add(...), and keras.Model(inputs, outputs)",
    '{"nbformat": 4, "cells": [{"cell_type": "code", "source": "x = 1\\u0000"}]}':
        "lesson.ipynb: cell 1, line 1: source code string cannot contain null bytes; the cell was left out",
}


@pytest.mark.parametrize("text", BAD_NOTEBOOKS, ids=list(BAD_NOTEBOOKS.values()))
def test_what_is_not_a_python_notebook_is_one_line(tmp_path, text):
    path = tmp_path / "lesson.ipynb"
    path.write_text(text, encoding="utf-8")
    assert error_lines(str(path))[0] == "Error: " + BAD_NOTEBOOKS[text]


def test_a_spec_never_picks_a_model_nor_does_a_notebook_without_it(tmp_path):
    path = write_notebook(tmp_path / "lesson.ipynb", ("code", IMPORTS), ("code", MODEL.format(units=3)))
    assert error_lines(path, "--model", "cnn") == [
        "Error: lesson.ipynb: no model named 'cnn'; the file makes sequential (model)"]


def test_ci_annotations_name_the_cell_not_a_line_of_the_json(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_notebook(tmp_path / "lesson.ipynb", ("code", IMPORTS), ("code", MODEL.format(units=0), 7))
    result = CliRunner().invoke(cli, ["check", "lesson.ipynb", "--format", "github"])
    assert result.stdout == ("::error file=lesson.ipynb::cell 2 (In [7]), line 1: dense (Dense): `units` must be a "
                             "positive integer, received 0\n")


def test_location_of_an_error_in_a_notebook():
    with pytest.raises(SpecError) as caught:
        notebook.load(str(TESTS / "never_run" / "side_effects.ipynb"), "nope")
    assert caught.value.file_line is None and "no model named 'nope'" in str(caught.value)


def test_a_notebook_on_standard_input_is_told_by_its_content():
    text = (NOTEBOOKS / "colab_residual.ipynb").read_text(encoding="utf-8")
    result = CliRunner().invoke(cli, ["summary", "-", "--format", "json"], input=text)
    assert result.exit_code == 0 and json.loads(result.stdout)["name"] == "tiny_resnet"
    broken = CliRunner().invoke(cli, ["summary", "-"], input=text.replace("layers.Dense(10)", "layers.Dense(0)"))
    assert broken.stderr.startswith("Error: <stdin>: cell 5 (In [4]), line 5: dense (Dense): `units` must be")


def test_warnings_name_the_cell(tmp_path):
    path = write_notebook(tmp_path / "lesson.ipynb", ("code", IMPORTS, 1), ("markdown", "Old Keras 2 code:"),
                          ("code", "model = keras.Sequential([\n    keras.Input((10,)),\n"
                                   "    layers.Embedding(100, 8, input_length=10),\n])", 2))
    result = CliRunner().invoke(cli, ["summary", path])
    assert result.exit_code == 0
    assert result.stderr.startswith(f"Warning: {path}: cell 3 (In [2]), line 3: embedding (Embedding): input_length "
                                    "is ignored by Keras 3")
