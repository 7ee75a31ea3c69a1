"""convcalc.playground, the browser page's one call, without a browser: its table is the command line's, every row
of it can be selected, and mistakes come with their lines (test_browser_page.py checks the page itself)."""

from __future__ import annotations

import json
import shlex
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import ROOT, SPECS, TWO_MODELS

from convcalc import playground, readers
from convcalc.cli import cli

TORCH_EXAMPLES = ROOT / "tests" / "python_source" / "torch_examples"
SEEDS = ROOT / "web" / "seeds"
MODELS = [*sorted(SPECS.glob("*.yaml")), *sorted(SEEDS.glob("*.py")), TORCH_EXAMPLES / "resnet_blocks.py",
          ROOT / "tests" / "keras_files" / "shared" / "siamese.keras"]


def _show(folder: Path, name: str, **options: Any) -> dict[str, Any]:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        return dict(json.loads(playground.show(name, **options)))


def _cli(folder: Path, command: str) -> str:
    words = shlex.split(command)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        result = CliRunner().invoke(cli, words[1:], env={"COLUMNS": None})
    assert result.exit_code == 0, result.output
    return result.output.rstrip("\n")


@pytest.mark.parametrize("view", playground.VIEWS)
@pytest.mark.parametrize("model", MODELS, ids=[path.name for path in MODELS])
def test_each_view_is_the_command_lines_and_each_row_is_selectable(model, view, tmp_path):
    shutil.copy(model, tmp_path / model.name)
    input_size = "2,3,32,32" if model.parent == TORCH_EXAMPLES else ""
    shown = _show(tmp_path, model.name, view=view, input_size=input_size)
    assert shown["errors"] == []
    assert shown["text"] == _cli(tmp_path, shown["command"])
    lines = shown["text"].split("\n")
    assert shown["rows"], "no row found"
    for line, layer, kind in shown["rows"]:  # the row's line names its layer (its start) or, in torchinfo's, type
        assert (kind if shown["framework"] == "torch" else layer.split("/")[0][:6]) in lines[line]
    assert [row[0] for row in shown["rows"]] == sorted({row[0] for row in shown["rows"]})
    if shown["framework"] == "keras":  # Keras: a row for every row of the table, which a rule ├───┼ separates
        assert len(shown["rows"]) == sum(1 for line in lines if line.startswith("├")) + 1


def test_a_selected_layer_brings_explains_working(tmp_path):
    shutil.copy(SPECS / "fashion_mnist.yaml", tmp_path)
    shown = _show(tmp_path, "fashion_mnist.yaml", layer="conv2d_1")
    (section,) = shown["explain"]
    assert section["title"] == "conv2d_1 (Conv2D)"
    assert any(line.startswith("params: ") for line in section["lines"])
    missing = _show(tmp_path, "fashion_mnist.yaml", layer="conv9")
    assert "no layer named 'conv9'" in missing["explain"][0]["lines"][0]


def test_every_mistake_comes_with_its_line_and_the_working_up_to_a_failing_layer(tmp_path):
    lesson = (SEEDS / "mnist_lesson.py").read_text().replace("kernel_size=(3, 3), activation=\"relu\"),\n        "
                                                             "layers.MaxPooling2D(pool_size=(2, 2)),\n        "
                                                             "layers.Flatten()",
                                                             "kernel_size=(30, 3), activation=\"relu\"),\n        "
                                                             "layers.MaxPooling2D(pool_size=(2, 2)),\n        "
                                                             "layers.Flatten()")
    (tmp_path / "lesson.py").write_text(lesson)
    shown = _show(tmp_path, "lesson.py")
    (error,) = shown["errors"]
    assert error["line"] == 18 and error["text"].startswith("lesson.py:18: conv2d_1 (Conv2D): ")
    assert shown["text"] == "" and shown["rows"] == [] and shown["command"] == ""
    assert [section["title"] for section in shown["explain"]][-1] == "conv2d_1 (Conv2D)"
    spec = "layers:\n  - Conv2D: {filters: 0, kernel_size: 3}\n  - Dense: {units: -1}\ninput_shape: [28, 28, 1]\n"
    (tmp_path / "two.yaml").write_text(spec)
    assert [error["line"] for error in _show(tmp_path, "two.yaml")["errors"]] == [2, 3]


def test_a_notebooks_mistake_names_its_cell_and_no_line_of_the_editor(tmp_path):
    cells: list[dict[str, Any]] = [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
              "source": ["import keras\n", "model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(0)])\n"]}]
    notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "lesson.ipynb").write_text(json.dumps(notebook))
    (error,) = _show(tmp_path, "lesson.ipynb")["errors"]
    assert error["line"] is None and "cell 1" in error["text"]


@pytest.mark.parametrize(("text", "name"), [
    ("import keras\nmodel = keras.Sequential()\n", "lesson.py"),
    ("input_shape: [28, 28, 1]\nlayers:\n  - Flatten: {}\n", "lesson.yaml"),
    ('{"class_name": "Sequential", "config": {}}', "lesson.json"),
    ('{"cells": [], "nbformat": 4}', "lesson.ipynb"),
])
def test_the_editors_text_is_named_by_its_content(text, name):
    assert playground.file_name(text, "lesson.py") == name


def test_an_h5_file_in_the_browser_says_what_to_do_instead(tmp_path, monkeypatch):
    (tmp_path / "old.h5").write_bytes(b"\x89HDF\r\n\x1a\n" + bytes(64))
    monkeypatch.setattr(sys, "platform", "emscripten")
    (error,) = _show(tmp_path, "old.h5")["errors"]
    assert "convcalc summary old.h5" in error["text"] and ".keras" in error["text"]


def test_the_same_file_is_read_once_for_each_view_and_layer(tmp_path, monkeypatch):
    shutil.copy(SPECS / "fashion_mnist.yaml", tmp_path)
    calls = []
    load = readers.load

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return load(*args, **kwargs)

    monkeypatch.setattr(readers, "load", counted)
    for view in playground.VIEWS:
        _show(tmp_path, "fashion_mnist.yaml", view=view, layer="dense")
    assert len(calls) == 1
    (tmp_path / "fashion_mnist.yaml").write_text((SPECS / "fashion_mnist.yaml").read_text() + "\n")
    _show(tmp_path, "fashion_mnist.yaml")
    assert len(calls) == 2



def test_a_file_of_several_models_lists_them_and_reads_the_one_picked(tmp_path):
    (tmp_path / "two.py").write_text(TWO_MODELS)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        found = json.loads(playground.models("two.py"))
    assert [(model["name"], model["default"]) for model in found] == [("sequential", False), ("sequential_1", True)]
    assert found[0]["label"] == "sequential (Sequential, line 4)"
    shown = _show(tmp_path, "two.py", model="sequential")
    assert shown["command"] == "convcalc summary two.py --model sequential"
    assert shown["text"] == _cli(tmp_path, shown["command"])
    assert "conv2d" not in shown["text"] and "conv2d" in _show(tmp_path, "two.py")["text"]
    (tmp_path / "one.py").write_text(TWO_MODELS.replace("small = ", "# small = "))
    (tmp_path / "spec.yaml").write_text((SPECS / "fashion_mnist.yaml").read_text())
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        assert playground.models("one.py") == "[]" and playground.models("spec.yaml") == "[]"
