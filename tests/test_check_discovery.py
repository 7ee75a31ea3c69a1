"""`convcalc check` finds every model format convcalc reads, skips what holds no model, and runs as a pre-commit hook.

Each test runs in its own empty directory (conftest.project)."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, check, pyproject, write_spec

pytestmark = pytest.mark.usefixtures("project")

LESSON = ROOT / "tests" / "python_source" / "examples" / "course_fashion_mnist.py"  # 243,786 params
NOTEBOOK = ROOT / "tests" / "python_source" / "notebooks" / "week3_fashion_mnist.ipynb"  # 243,786 params
KERAS_JSON = ROOT / "tests" / "keras_files" / "random" / "random_sequential_8.json.gz"
KERAS_ARCHIVE = ROOT / "tests" / "keras_files" / "random" / "random_sequential_8.keras"


def a_repository():
    """Models of every format beside files that are not models, as a course repository has them."""
    for folder in ("models", "lessons", "tools", "web", ".ipynb_checkpoints"):
        Path(folder).mkdir()
    write_spec("models/cnn.yaml")
    Path("models/saved.json").write_bytes(gzip.decompress(KERAS_JSON.read_bytes()))
    shutil.copy(KERAS_ARCHIVE, "models/saved.keras")
    shutil.copy(LESSON, "lessons/week3.py")
    shutil.copy(NOTEBOOK, "lessons/week3.ipynb")
    shutil.copy(NOTEBOOK, ".ipynb_checkpoints/week3-checkpoint.ipynb")
    Path("setup.py").write_text("from setuptools import setup\nsetup(name='course')\n", encoding="utf-8")
    Path("tools/plots.py").write_text("import keras\n\ndef plot(history):\n    return history\n", encoding="utf-8")
    Path("web/package.json").write_text('{"name": "course-site", "version": "1.0.0"}\n', encoding="utf-8")
    Path("README.md").write_text("# Course\n", encoding="utf-8")


CHECKED = ["lessons/week3.ipynb", "lessons/week3.py", "models/cnn.yaml", "models/saved.json", "models/saved.keras"]
NOTES = ["Note: setup.py: no Keras code in it; skipped",
         "Note: tools/plots.py: no Keras model in it; skipped",
         "Note: web/package.json: not a Keras config (no class_name); skipped"]


def files(result):
    return [report["file"] for report in json.loads(result.stdout)["files"]]


def test_a_directory_gives_every_model_file_and_skips_what_holds_no_model_with_a_note():
    a_repository()
    result = check(".", "-f", "json")
    assert (result.exit_code, files(result)) == (0, CHECKED)
    assert result.stderr.splitlines() == NOTES


def test_pyproject_specs_globs_find_notebooks_and_python_files_too():
    a_repository()
    pyproject('[tool.convcalc]\nspecs = ["lessons/*", "models/", "*.py"]\n'
              '[tool.convcalc.budgets]\nmax_params = "250k"\n')
    result = check("-f", "json")
    assert files(result) == CHECKED
    assert [report["budgets"][0]["figure"] for report in json.loads(result.stdout)["files"][:2]] == [243_786] * 2
    assert result.stderr.splitlines() == [NOTES[0]]
    assert result.exit_code == 0


@pytest.mark.parametrize("name", ["setup.py", "tools/plots.py", "web/package.json"])
def test_a_file_named_that_holds_no_model_is_an_error(name):
    a_repository()
    result = check(name)
    assert result.exit_code == 2 and result.stderr.startswith(f"Error: {name}: ")


def test_a_lesson_that_cannot_be_read_in_a_directory_is_an_error_not_a_skip():
    Path("lesson.py").write_text("import random\nimport keras\nmodel = keras.Sequential([keras.Input((4,)), "
                                 "keras.layers.Dense(random.randint(1, 9))])\n", encoding="utf-8")
    result = check(".")
    assert result.exit_code == 2 and "cannot evaluate random.randint(1, 9)" in result.stderr


def test_help_lists_what_check_finds():
    help_text = " ".join(check("--help").stdout.split())
    assert "every *.yaml, *.yml, *.keras, *.json, *.py and *.ipynb file in it" in help_text
    assert "(a setup.py, a package.json) is skipped with a note; named, it is an error" in help_text
    assert "--pre-commit" in help_text


# --- pre-commit -------------------------------------------------------------------------------------------

HOOK = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]


@pytest.mark.parametrize("path", ["model.py", "lessons/week3.ipynb", "m.keras", "a/config.json", "old.h5", "s.yaml",
                                  "s.yml", "pyproject.toml", "sub/pyproject.toml"])
def test_the_hook_runs_when_a_model_or_the_budgets_change(path):
    assert re.search(HOOK["files"], path)


@pytest.mark.parametrize("path", ["README.md", "notes.txt", "my_pyproject.toml", "model.pyc", "data.csv"])
def test_the_hook_does_not_run_for_other_files(path):
    assert not re.search(HOOK["files"], path)


def test_the_hook_is_passed_the_changed_files():
    assert HOOK["entry"] == "convcalc check --pre-commit" and HOOK["pass_filenames"] is True


def changed(*paths):
    """`check` as pre-commit runs the hook: every changed file matching its `files`, some of them no model."""
    return check("--pre-commit", "-f", "json", *(path for path in paths if re.search(HOOK["files"], path)))


def test_without_specs_the_hook_checks_the_changed_files_that_hold_a_model():
    a_repository()
    Path(".github").mkdir()
    Path(".github/ci.yml").write_text("on: push\njobs: {}\n", encoding="utf-8")
    Path("weights.h5").write_bytes(b"\x89HDF\r\n\x1a\n")
    result = changed("lessons/week3.ipynb", "setup.py", "web/package.json", ".github/ci.yml", "weights.h5",
                     "pyproject.toml", "README.md", "models/cnn.yaml")
    assert (result.exit_code, files(result)) == (0, ["lessons/week3.ipynb", "models/cnn.yaml"])
    assert result.stderr.splitlines() == [
        "Note: setup.py: no Keras code in it; skipped",
        "Note: web/package.json: not a Keras config (no class_name); skipped",
        "Note: .github/ci.yml: not a convcalc spec (no `layers:`); skipped",
        "Note: weights.h5: not a model file convcalc reads; skipped",
        "Note: pyproject.toml: not a model file convcalc reads; skipped"]


def test_with_specs_the_hook_checks_them_whatever_changed():
    a_repository()
    pyproject('[tool.convcalc]\nspecs = ["models/*.yaml"]\n[tool.convcalc.budgets]\nmax_params = "50k"\n')
    result = changed("pyproject.toml")
    assert (result.exit_code, files(result)) == (1, ["models/cnn.yaml"])
    assert changed("setup.py", "lessons/week3.ipynb").stdout == result.stdout


def test_the_hook_with_nothing_to_check_passes():
    Path("setup.py").write_text("print('hi')\n", encoding="utf-8")
    result = changed("setup.py")
    assert (result.exit_code, files(result)) == (0, [])
