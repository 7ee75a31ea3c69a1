"""convcalc on third-party Keras code (issue 18): the wild_keras corpus of keras.io examples and course notebooks.

The files are not in the repository (third-party code): tools/wild_keras/corpus.json names them and
tests/wild_keras/fixtures/ holds what real Keras built from each file's model-only cut. The models the manifest
marks `expected_exact` must be read exactly from the original file when the corpus folder exists
($CONVCALC_KERAS_CORPUS, default /work/corpus/keras; see tools/wild_keras/__init__.py to rebuild it).
"""

from __future__ import annotations

import json
import re
import sys

import pytest
from click.testing import CliRunner
from conftest import ROOT

from convcalc.cli import cli

if str(ROOT) not in sys.path:  # `pytest` run without `python -m` from the repository root
    sys.path.insert(0, str(ROOT))

from tools.wild_keras import compare, manifest, slicing, source  # noqa: E402

ENTRIES = manifest.entries()
EXPECTED = [(item, name) for item in ENTRIES for name in item["expected_exact"]]


def test_manifest_and_fixtures_agree():
    ids = [item["id"] for item in ENTRIES]
    assert len(ids) == len(set(ids)) >= 60
    assert {path.stem for path in manifest.FIXTURES.glob("*.json")} == set(ids)
    assert not [path for path in manifest.FIXTURES.parent.rglob("*") if path.suffix in (".py", ".ipynb")]
    for item in ENTRIES:
        assert re.fullmatch(r"[a-z0-9_]+", item["id"]), item["id"]
        assert re.fullmatch(r"[0-9a-f]{64}", item["sha256"]), item["id"]
        assert re.fullmatch(r"[0-9a-f]{40}", item["commit"]), item["id"]
        assert re.fullmatch(r"[\w.-]+/[\w.-]+", item["repo"]) and item["path"].endswith((".py", ".ipynb"))
        assert source.parse_ranges(item["cut"]["keep"]), f"{item['id']}: an empty cut"
        truth = manifest.fixture(item["id"])
        assert truth["keras_version"] == "3.15.1"
        made = set(compare.choices(truth["models"]))  # NAME, or NAME#N where the file makes several
        assert set(item["expected_exact"]) <= made, item["id"]
        assert all(re.fullmatch(r"[A-Za-z_]\w*", name) for name in item["set"]), item["id"]


def test_the_ranges_of_a_recipe_read_back():
    assert source.parse_ranges("1-3,7,9-10") == [1, 2, 3, 7, 9, 10]
    assert source.format_ranges([10, 9, 7, 3, 2, 1]) == "1-3,7,9-10"
    assert source.format_ranges([]) == ""


LESSON = """\
import keras
import matplotlib.pyplot as plt
data = load_images("cats")
num_classes = len(data.class_names)
size = 64
def block(x, filters):
    return keras.layers.Conv2D(filters, 3)(x)
inputs = keras.Input((size, size, 3))
x = block(inputs, 8)
model = keras.Model(inputs, keras.layers.Dense(num_classes)(x))
model.compile(loss="mse")
history = model.fit(data, epochs=3)
plt.plot(history.history["loss"])
model.layers[1].trainable = False
"""


def test_the_cut_keeps_what_builds_the_model_and_drops_data_training_and_plots():
    kept = slicing.propose(LESSON, set())
    assert kept == [1, 3, 4, 5, 6, 7, 8, 9, 10, 14]  # the data too: num_classes needs it
    assert slicing.propose(LESSON, slicing.bound_names("num_classes = 2")) == [1, 5, 6, 7, 8, 9, 10, 14]


def test_a_notebook_is_its_code_cells_with_magics_commented(tmp_path):
    cells = [{"cell_type": "markdown", "source": ["# Title"]},
             {"cell_type": "code", "source": ["!pip install keras\n", "import keras\n", "%matplotlib inline"]},
             {"cell_type": "code", "source": "%%time\nx = 1"}]
    path = tmp_path / "lesson.ipynb"
    path.write_text(json.dumps({"cells": cells}), encoding="utf-8")
    assert source.script(path) == "# !pip install keras\nimport keras\n# %matplotlib inline\n\n# %%time\n# x = 1\n\n"
    cut = source.cut(path, {"constants": ["n = 3"], "keep": "2"})
    assert cut.splitlines()[1:] == ["n = 3", "import keras"]


def _invoke(args):
    result = CliRunner().invoke(cli, args, env={"COLUMNS": "200", "NO_COLOR": "1"})
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.skipif(not manifest.DEFAULT_CORPUS.is_dir(),
                    reason=f"no corpus folder {manifest.DEFAULT_CORPUS} (set CONVCALC_KERAS_CORPUS; "
                           "tools/wild_keras/__init__.py says how to rebuild it)")
@pytest.mark.parametrize(("item", "name"), EXPECTED, ids=[f"{item['id']}-{name}" for item, name in EXPECTED])
def test_read_exactly_from_the_original_file(item, name):
    path = manifest.local(item, manifest.DEFAULT_CORPUS)
    assert source.digest(path) == item["sha256"], f"{path} is not the file the manifest names"
    models = manifest.fixture(item["id"])["models"]
    keras, chosen = next((model, chosen) for model, chosen in zip(models, compare.choices(models), strict=True)
                         if chosen == name)
    settings = [f"--set={key}={value}" for key, value in item["set"].items()]
    if settings and "--set" not in _invoke(["summary", "--help"])[1]:
        pytest.fail(f"{item['id']} needs --set, which this convcalc lacks")
    assert compare.check(_invoke, str(path), keras, settings, chosen) == ("exact", "")


def test_the_comparison_finds_a_wrong_count_and_reports_a_refusal():
    keras = next(model for item in ENTRIES for model in manifest.fixture(item["id"])["models"]
                 if "summary" in model and model["layers"] and model["line_length"])
    answer = {"name": keras["name"], "layers": keras["layers"],
              **{key: keras[key] for key in ("total_params", "trainable_params", "non_trainable_params")}}

    def invoke(args):
        if "--format" in args:
            return 0, json.dumps(answer), ""
        return 0, keras["summary_show_trainable" if "--show-trainable" in args else "summary"], ""

    assert compare.check(invoke, "lesson.py", keras, []) == ("exact", "")
    answer["layers"] = [{**keras["layers"][0], "params": -1}, *keras["layers"][1:]]
    status, why = compare.check(invoke, "lesson.py", keras, [])
    assert status == "differs" and why.startswith(f"row 1 ({keras['layers'][0]['name']}): params -1")
    refused = compare.check(lambda args: (2, "", "Error: lesson.py:3:1: no model\nmore\n"), "lesson.py", keras, [])
    assert refused == ("refused", "Error: lesson.py:3:1: no model")
