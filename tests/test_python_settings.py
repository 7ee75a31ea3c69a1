"""--set NAME=VALUE: what only running a lesson tells, given on the command line, on every command that takes a
model; and --list-models saying why each model it cannot read is refused."""

from __future__ import annotations

import json

from click.testing import CliRunner
from conftest import ROOT, SPECS

from convcalc.cli import cli

LESSON = str(ROOT / "tests" / "python_source" / "examples" / "whole_lesson_flowers.py")
FIXTURE = json.loads((ROOT / "tests" / "python_source" / "fixtures" / "whole_lesson_flowers.json").read_text())
KERAS_CNN = next(model for model in FIXTURE["models"] if model["variables"] == ["model"])


def invoke(*args):
    return CliRunner().invoke(cli, list(args))


def test_list_models_names_the_refused_model_and_its_reason():
    result = invoke("summary", "--list-models", LESSON)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    cnn = next(index for index, line in enumerate(lines) if line.startswith("  flowers_cnn "))
    assert lines[cnn + 1].startswith("    refused: ") and "num_classes = len(class_names) is known only from the data" \
        in lines[cnn + 1] and lines[cnn + 1].endswith("give it with --set num_classes=VALUE")
    assert not lines[cnn + 2].startswith("    refused")  # the feature model does not need num_classes


def test_the_refused_model_exits_2_and_the_others_print():
    refused = invoke("summary", LESSON, "--model", "model")
    assert refused.exit_code == 2 and "--set num_classes=VALUE" in refused.stderr
    other = invoke("summary", LESSON, "--model", "feature_model", "--format", "json")
    assert other.exit_code == 0 and json.loads(other.stdout)["name"] == "features"


def test_set_gives_the_value_on_every_command():
    summary = invoke("summary", LESSON, "--model", "model", "--set", "num_classes=5", "--format", "json")
    assert summary.exit_code == 0, summary.output
    assert json.loads(summary.stdout)["total_params"] == KERAS_CNN["total_params"]
    explained = invoke("explain", LESSON, "--model", "model", "--set", "num_classes=5", "--layer", "dense")
    assert explained.exit_code == 0 and "(None, 5)" in explained.output
    written = invoke("convert", LESSON, "--model", "model", "--set", "num_classes=5")
    assert written.exit_code == 0 and "units: 5" in written.output
    checked = invoke("check", LESSON, "--set", "num_classes=5", "--max-params", "1M", "--format", "json")
    assert checked.exit_code == 0, checked.output


def test_set_takes_python_expressions_read_without_running_them():
    computed = invoke("summary", LESSON, "--model", "model", "--set", "num_classes=len(['a', 'b', 'c']) + 2",
                      "--format", "json")
    assert computed.exit_code == 0 and json.loads(computed.stdout)["total_params"] == KERAS_CNN["total_params"]
    unknowable = invoke("summary", LESSON, "--model", "model", "--set", "num_classes=five()")
    assert unknowable.exit_code == 2 and "--set num_classes=five(): convcalc reads this value without running it" \
        in unknowable.stderr
    not_python = invoke("summary", LESSON, "--set", "num_classes=(5")
    assert not_python.exit_code == 2 and "VALUE must be a Python expression" in not_python.output
    no_name = invoke("summary", LESSON, "--set", "5")
    assert no_name.exit_code == 2 and "write NAME=VALUE" in no_name.output


def test_an_array_is_given_by_its_shape_even_where_the_file_has_no_numpy(tmp_path):
    lesson = tmp_path / "series.py"
    lesson.write_text("import keras\nwindows = load_windows()\n"
                      "model = keras.Sequential([keras.Input(shape=windows.shape[1:]), keras.layers.LSTM(4)])\n")
    result = invoke("summary", str(lesson), "--set", "windows=np.zeros((256, 120, 7))", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["layers"][0]["input_shapes"] == [[None, 120, 7]]


def test_a_name_the_file_never_assigns_is_a_warning():
    result = invoke("summary", LESSON, "--model", "model", "--set", "num_classes=5", "--set", "num_clases=5")
    assert result.exit_code == 0
    assert "--set num_clases: the file never assigns `num_clases`" in result.stderr


def test_set_is_for_python_code_only():
    result = invoke("summary", str(SPECS / "fashion_mnist.yaml"), "--set", "units=3")
    assert result.exit_code == 2 and "this file is not a .py file or a notebook" in result.stderr
