"""convcalc on third-party PyTorch code (issue 20's "40 models"): the wild_torch corpus of pytorch/examples,
yunjey/pytorch-tutorial and course notebooks.

The files are not in the repository (third-party code): tools/wild_torch/corpus.json names them and
tests/wild_torch/fixtures/ holds what torchinfo 1.8.0 printed for each model of each file's model-only cut. The
models the manifest marks `expected_exact` must be read exactly from the original file when the corpus folder
exists ($CONVCALC_TORCH_CORPUS, default /work/corpus/torch; see tools/wild_torch/__init__.py to rebuild it).
"""

from __future__ import annotations

import re
import sys

import pytest
from click.testing import CliRunner
from conftest import ROOT

from convcalc.cli import cli

if str(ROOT) not in sys.path:  # `pytest` run without `python -m` from the repository root
    sys.path.insert(0, str(ROOT))

from tools.wild_keras import source  # noqa: E402
from tools.wild_torch import compare, manifest  # noqa: E402

ENTRIES = manifest.entries()
EXPECTED = [(item, name) for item in ENTRIES for name in item["expected_exact"]]
RECORDED = [(item["id"], model) for item in ENTRIES for model in manifest.fixture(item["id"])["models"]]


def test_manifest_and_fixtures_agree():
    ids = [item["id"] for item in ENTRIES]
    assert len(ids) == len(set(ids)) >= 25
    assert sum(len(item["models"]) for item in ENTRIES) >= 40
    assert {path.stem for path in manifest.FIXTURES.glob("*.json")} == set(ids)
    assert not [path for path in manifest.FIXTURES.parent.rglob("*") if path.suffix in (".py", ".ipynb")]
    for item in ENTRIES:
        assert re.fullmatch(r"[a-z0-9_]+", item["id"]), item["id"]
        assert re.fullmatch(r"[0-9a-f]{64}", item["sha256"]), item["id"]
        assert re.fullmatch(r"[0-9a-f]{40}", item["commit"]), item["id"]
        assert re.fullmatch(r"[\w.-]+/[\w.-]+", item["repo"]) and item["path"].endswith((".py", ".ipynb"))
        assert source.parse_ranges(item["cut"]["keep"]), f"{item['id']}: an empty cut"
        assert all(re.fullmatch(r"[A-Za-z_]\w*", name) for name in item["set"]), item["id"]
        # The cut's constants are our one-line stand-ins for data and arguments, never the authors' code.
        assert all(len(line) < 200 and not re.match(r"\s*(def|class) ", line) for line in item["cut"]["constants"])
        truth = manifest.fixture(item["id"])
        assert (truth["torch_version"], truth["torchinfo_version"]) == ("2.14.1", manifest.TORCHINFO_VERSION)
        assert truth["error"] is None, f"{item['id']}: torch refused the cut"
        names = [spec["model"] for spec in item["models"]]
        assert names == [model["model"] for model in truth["models"]], item["id"]
        assert len(names) == len(set(names)) and set(item["expected_exact"]) <= set(names), item["id"]
        for spec, model in zip(item["models"], truth["models"], strict=True):
            _the_command_line_names_the_model(item, spec)
            assert spec["input_size"] == model["input_size"] and spec["input_note"], f"{item['id']} {spec['model']}"


def _the_command_line_names_the_model(item, spec):
    """`--model NAME`, the input size unless the note says the file gives it, and the file's `--set`s."""
    args = spec["args"]
    assert args[:2] == ["--model", spec["model"]], item["id"]
    size = ",".join(map(str, spec["input_size"]))
    if "--input-size" in args:
        assert args[args.index("--input-size") + 1] == size, item["id"]
    else:
        assert re.search(r"the (file|notebook)'s .*(summary|torch\.randn)", spec["input_note"]), item["id"]
    assert [arg for arg in args if arg.startswith("--set=")] == [f"--set={k}={v}" for k, v in item["set"].items()]


@pytest.mark.parametrize(("file_id", "model"), RECORDED, ids=[f"{i}-{m['model']}" for i, m in RECORDED])
def test_the_rows_add_up_to_the_totals_torchinfo_printed(file_id, model):
    """torchinfo's own sum: leaf rows' parameters, plus what a container holds itself, each module once."""
    rows = [row for row in model["rows"] if not row["recursive"]]
    assert sum(row["params"] if row["leaf"] else row["leftover_params"] for row in rows) == model["total_params"]
    assert f"Total params: {model['total_params']:,}\n" in model["summary"]
    assert f"Trainable params: {model['trainable_params']:,}\n" in model["summary"]
    assert "Units." not in model["summary"] and "Total mult-adds (" in model["summary"]
    rules = [number for number, line in enumerate(model["summary"].splitlines()) if set(line) == {"="}]
    shown = [row for row in model["rows"] if row["depth"] <= 3]  # torchinfo's default depth
    assert rules[2] - rules[1] - 1 == len(shown) and model["rows"][0]["depth"] == 0


def _invoke(args):
    result = CliRunner().invoke(cli, args, env={"COLUMNS": "200", "NO_COLOR": "1"})
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.skipif(not manifest.DEFAULT_CORPUS.is_dir(),
                    reason=f"no corpus folder {manifest.DEFAULT_CORPUS} (set CONVCALC_TORCH_CORPUS; "
                           "tools/wild_torch/__init__.py says how to rebuild it)")
@pytest.mark.parametrize(("item", "name"), EXPECTED, ids=[f"{item['id']}-{name}" for item, name in EXPECTED])
def test_read_exactly_from_the_original_file(item, name):
    path = manifest.local(item, manifest.DEFAULT_CORPUS)
    assert source.digest(path) == item["sha256"], f"{path} is not the file the manifest names"
    spec = next(spec for spec in item["models"] if spec["model"] == name)
    truth = next(model for model in manifest.fixture(item["id"])["models"] if model["model"] == name)
    assert compare.check(_invoke, str(path), spec, truth) == ("exact", "")


def test_the_comparison_finds_a_changed_line_and_reports_a_refusal():
    file_id, truth = RECORDED[0]
    spec = manifest.entry(file_id)["models"][0]
    seen = []

    def answer(text):
        def invoke(args):
            seen.append(args)
            return 0, text, ""
        return invoke

    assert compare.check(answer(truth["summary"] + "\n"), "lesson.py", spec, truth) == ("exact", "")
    assert seen == [["summary", "lesson.py", *spec["args"]]]
    lines = truth["summary"].splitlines()
    wrong = "\n".join([*lines[:3], lines[3] + "0", *lines[4:]]) + "\n"
    status, why = compare.check(answer(wrong), "lesson.py", spec, truth)
    assert status == "differs" and why.startswith("line 4: ") and "torchinfo" in why
    assert compare.check(answer(truth["summary"]), "lesson.py", spec, truth)[0] == "differs"  # no final newline
    usage = "Usage: convcalc summary [OPTIONS] SPEC...\nTry 'convcalc summary -h' for help.\n\nError: No such option\n"
    assert compare.check(lambda args: (2, "", usage), "lesson.py", spec, truth) == ("refused", "Error: No such option")


@pytest.mark.skipif(not manifest.DEFAULT_CORPUS.is_dir(), reason=f"no corpus folder {manifest.DEFAULT_CORPUS}")
def test_the_report_reads_a_file_and_counts_what_convcalc_answered():
    from tools.wild_torch import report

    done = report.run(["ex_mnist", "mb_02_classification"], manifest.DEFAULT_CORPUS)
    models = [m for f in done["files"] for m in f["models"]]
    assert [f["id"] for f in done["files"]] == ["ex_mnist", "mb_02_classification"] and len(models) == 7
    assert all(m["status"] in ("exact", "differs", "refused") and m["command"].startswith("summary /") for m in models)
    assert all(m["why"] for m in models if m["status"] != "exact")  # a refusal or a difference says why
    totals = done["totals"]
    assert totals["exact"] + totals["differs"] + totals["refused"] == totals["models"] == 7
    assert sum(number for _, number in totals["blockers"]) == totals["refused"]


def test_mark_exact_adds_the_exact_models_and_keeps_the_marked_ones(monkeypatch):
    from tools.wild_torch import report

    items = [{"id": "a", "expected_exact": ["Old"]}, {"id": "b", "expected_exact": []}]
    saved: list[list[dict[str, object]]] = []
    monkeypatch.setattr(manifest, "entries", lambda: [dict(item) for item in items])
    monkeypatch.setattr(manifest, "save", saved.append)
    report._mark_exact({"files": [{"id": "a", "models": [{"model": "Net", "status": "exact"},
                                                         {"model": "G", "status": "refused"}]},
                                  {"id": "b", "models": [{"model": "D", "status": "differs"}]}]})
    assert [item["expected_exact"] for item in saved[0]] == [["Net", "Old"], []]
