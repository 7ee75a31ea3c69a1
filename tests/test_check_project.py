"""`convcalc check` (issue 5): pyproject.toml, precedence of budgets, which files a run checks.

Each test runs in its own empty directory holding a pyproject.toml without [tool.convcalc], so the
repository's own configuration never leaks in.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CHECK_MODEL as MODEL
from conftest import ROOT, SPECS, check, pyproject
from conftest import write_spec as write

from convcalc.cli import cli

pytestmark = pytest.mark.usefixtures("project")  # each test in its own empty directory (see conftest.project)


def test_the_repository_checks_its_own_specs(monkeypatch):
    """pyproject.toml's [tool.convcalc] names specs/*.yaml; resnet_block and unet_small carry their own budgets
    (their golden summaries in tests/golden are those of the specs without them)."""
    monkeypatch.chdir(ROOT)
    result = check("--format", "json")
    assert result.exit_code == 0
    files = {entry["file"]: entry for entry in json.loads(result.stdout)["files"]}
    assert sorted(files) == [f"specs/{path.name}" for path in sorted(SPECS.glob("*.yaml"))]
    assert {b["budget"]: b["origin"] for b in files["specs/resnet_block.yaml"]["budgets"]}["max_params"] == "spec"
    assert [(b["budget"], b["status"]) for b in files["specs/fashion_mnist.yaml"]["budgets"]] == [
        ("max_params", "warn"), ("output_shape", "pass")]


def test_pyproject_names_the_specs_and_their_budgets():
    write("specs/small.yaml")
    write("specs/mobile_net.yaml", budgets="max_params: 55k")
    write("other/skipped.yaml", "not: a spec\n")
    pyproject('[tool.convcalc]\nspecs = ["specs/*.yaml"]\n\n[tool.convcalc.budgets]\nmax_params = "300k"\n'
              'max_macs = "100k"\n\n[[tool.convcalc.overrides]]\nfiles = ["specs/mobile_*.yaml"]\n'
              'budgets = {max_macs = "600M"}\n')
    result = check("--format", "github")
    assert result.stdout == (
        "::warning file=specs/mobile_net.yaml,line=7::params 54,170 / 55,000 (98.4%25): 90%25 or more of max_params\n"
        "pyproject.toml:10: specs/mobile_net.yaml: MACs 102,752 / 600,000,000 (0.0%)\n"
        "pyproject.toml:5: specs/small.yaml: params 54,170 / 300,000 (18.0%)\n"
        "::error file=pyproject.toml,line=6::specs/small.yaml: MACs 102,752 exceed max_macs 100,000\n")
    assert result.exit_code == 1


def test_pyproject_is_found_above_the_current_directory(monkeypatch, project):
    write("specs/small.yaml")
    pyproject('[tool.convcalc]\nspecs = "specs"\n[tool.convcalc.budgets]\nmax_layers = 2\n')
    (project / "deep" / "er").mkdir(parents=True)
    monkeypatch.chdir(project / "deep" / "er")
    result = check("--format", "github")
    assert (result.stdout, result.exit_code) == (
        "::error file=../../pyproject.toml,line=4::../../specs/small.yaml: layers 3 exceed max_layers 2\n", 1)


def test_later_overrides_win():
    write("specs/mobile_a.yaml")
    pyproject('[tool.convcalc]\nspecs = ["specs"]\n[[tool.convcalc.overrides]]\nfiles = "specs/*.yaml"\n'
              'budgets = {max_params = "10k", max_layers = 5}\n[[tool.convcalc.overrides]]\n'
              'files = ["specs/**/mobile_*.yaml"]\nbudgets = {max_params = "1M"}\n')
    assert check("--format", "json").stdout.count('"status": "pass"') == 3


def test_precedence_command_line_then_spec_then_overrides_then_pyproject_budgets():
    write("specs/m.yaml", budgets="max_macs: 2M\nmax_flops: 3M")
    pyproject('[tool.convcalc]\nspecs = ["specs/*.yaml"]\n[tool.convcalc.budgets]\nmax_params = "1M"\n'
              'max_macs = "1M"\nmax_flops = "1M"\nmax_layers = 10\n'
              '[[tool.convcalc.overrides]]\nfiles = ["specs/m.yaml"]\nbudgets = {max_params = "2M", max_macs = "4M", '
              'max_flops = "4M"}\n')
    result = check("--format", "json", "--max-flops", "5M")
    budgets = json.loads(result.stdout)["files"][0]["budgets"]
    limits = [(b["budget"], b["limit"], b["origin"], b["set_in"], b["line"]) for b in budgets]
    assert limits == [
        ("max_params", 2_000_000, "pyproject", "pyproject.toml", 10),  # the override beats [tool.convcalc.budgets]
        ("max_macs", 2_000_000, "spec", None, 7),  # the spec beats the override
        ("max_flops", 5_000_000, "command line", None, None),  # the command line beats the spec
        ("max_layers", 10, "pyproject", "pyproject.toml", 7),
    ]


PYPROJECT_ERRORS = [
    ('[tool.convcalc]\nspecs = ["*.yaml"]\n\n[tool.convcalc.budgets]\nmax_param = "1M"\n',
     "pyproject.toml:5: unknown budget 'max_param' (did you mean 'max_params'?); expected one of max_params, "
     "max_trainable_params, max_macs, max_flops, max_param_bytes, max_activation_bytes, max_layers, output_shape, "
     "min_receptive_field, batch_size"),
    ('[tool.convcalc]\nspecs = ["*.yaml"]\nbudget = {max_params = "1M"}\n',
     "pyproject.toml:3: unknown key 'budget' in [tool.convcalc] (did you mean 'budgets'?); "
     "expected one of specs, budgets, overrides"),
    ('[tool.convcalc]\n[[tool.convcalc.overrides]]\nfiles = ["*.yaml"]\nbudgets = {max_params = true}\n',
     "pyproject.toml:4: `max_params` must be a count like 250k, 1.5M, 2G or 250_000, received True "
     "(a boolean; YAML reads yes/no/on/off as booleans)"),
    ('[tool.convcalc]\n[[tool.convcalc.overrides]]\nfile = ["*.yaml"]\n',
     "pyproject.toml:2: an override needs `files`: the specs (globs) its budgets apply to\n"
     "Error: pyproject.toml:3: unknown key 'file' in [[tool.convcalc.overrides]] (did you mean 'files'?); "
     "expected one of files, budgets"),
    ('[tool.convcalc]\n[[tool.convcalc.overrides]]\nbudgets = {max_params = "1M"}\n',
     "pyproject.toml:2: an override needs `files`: the specs (globs) its budgets apply to"),
    ('[tool.convcalc]\nspecs = 5\n', "pyproject.toml:2: `specs` must be a path or glob, or a list of them, received 5"),
    ('[tool.convcalc]\nbudgets = "1M"\n',
     "pyproject.toml:2: `budgets` must be a table of budget names to limits, received '1M'"),
    ("[tool.convcalc\n", "pyproject.toml:1:15: invalid TOML: Expected ']' at the end of a table declaration"),
    ("[project]\n", "no spec to check: name spec files, directories or globs, or list them as `specs` under "
                    "[tool.convcalc] in pyproject.toml"),
]


@pytest.mark.parametrize("text, message", PYPROJECT_ERRORS, ids=[m[1][:50] for m in PYPROJECT_ERRORS])
def test_pyproject_mistakes(text, message):
    pyproject(text)
    result = check()
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"Error: {message}\n")


def test_a_dozen_specs_in_one_call():
    for index in range(12):
        write(f"specs/m{index:02}.yaml", MODEL.replace("units: 10", f"units: {10 + index}"))
    result = check("specs", "--max-params", "100k", "-f", "json")
    files = json.loads(result.stdout)["files"]
    assert [f["file"] for f in files] == [f"specs/m{index:02}.yaml" for index in range(12)]
    assert [f["budgets"][0]["figure"] for f in files] == [54_170 + 5_409 * index for index in range(12)]
    assert [f["status"] for f in files] == ["pass"] * 7 + ["warn"] * 2 + ["fail"] * 3
    assert json.loads(result.stdout)["counts"] == {"pass": 7, "warn": 2, "fail": 3, "error": 0}
    assert result.exit_code == 1


def test_a_spec_that_cannot_be_computed_does_not_stop_the_others_and_2_wins_over_1():
    write("a_over.yaml", budgets="max_params: 1k")
    write("b_broken.yaml", MODEL.replace("units: 10", "units: -1"))
    write("c_fine.yaml", budgets="max_params: 1M")
    result = check(".", "-f", "github")
    assert result.stdout == (
        "::error file=a_over.yaml,line=7::params 54,170 exceed max_params 1,000\n"
        "::error file=b_broken.yaml,line=5::dense (Dense): `units` must be a positive integer, received -1\n"
        "c_fine.yaml:7: params 54,170 / 1,000,000 (5.4%)\n")
    assert result.stderr == "Error: b_broken.yaml:5: dense (Dense): `units` must be a positive integer, received -1\n"
    assert result.exit_code == 2


def test_an_unknown_figure_is_an_error_for_that_budget():
    write("model.yaml", MODEL.replace("[28, 28, 1]", "[null, null, 1]").replace("- Flatten", "- GlobalMaxPooling2D"),
          budgets="max_params: 1M\nmax_flops: 1M\nmax_activation_bytes: 1MB")
    result = check("model.yaml", "-f", "github")
    assert result.stdout == (
        "model.yaml:7: params 170 / 1,000,000 (0.0%)\n"
        "::error file=model.yaml,line=8::FLOPs depend on a dimension that is null (unknown until run time); "
        "max_flops cannot be checked\n"
        "::error file=model.yaml,line=9::activation bytes at batch 32 depend on a dimension that is null "
        "(unknown until run time); max_activation_bytes cannot be checked\n")
    assert result.stderr == (
        "Error: model.yaml:8: FLOPs depend on a dimension that is null (unknown until run time); "
        "max_flops cannot be checked\n"
        "Error: model.yaml:9: activation bytes at batch 32 depend on a dimension that is null (unknown until run "
        "time); max_activation_bytes cannot be checked\n")
    assert result.exit_code == 2


def test_receptive_field_of_a_model_without_spatial_layers():
    write("dense.yaml", "input_shape: [16]\nlayers:\n  - Dense: {units: 4}\n", budgets="min_receptive_field: 3")
    result = check("dense.yaml", "-f", "github")
    assert result.stdout == ("::error file=dense.yaml,line=5::receptive field cannot be measured: the model has no "
                             "spatial layer; min_receptive_field cannot be checked\n")
    assert result.exit_code == 2


def test_paths_missing_globs_matching_nothing_and_empty_directories(project):
    write("model.yaml", budgets="max_params: 1M")
    (project / "empty").mkdir()
    result = check("model.yaml", "nope.yaml", "nothing/*.yaml", "specs/[", "empty", "-f", "github")
    assert result.stderr == ("Error: nope.yaml: no such file or directory\n"
                             "Error: nothing/*.yaml: no file matches this glob\n"
                             "Error: specs/[: no file matches this glob\n"
                             "Error: empty: no *.yaml, *.yml, *.keras, *.json, *.py or *.ipynb file in this "
                             "directory\n")
    assert result.stdout.startswith("model.yaml:7: params 54,170 / 1,000,000 (5.4%)\n::error file=nope.yaml::no such")
    assert result.exit_code == 2


def test_directories_are_walked_sorted_skipping_hidden_ones_and_files_named_twice_are_checked_once():
    for name in ("zoo/b.yml", "zoo/a/z.yaml", "zoo/c.yaml", "zoo/.github/ci.yaml", "zoo/.hidden.yaml", "zoo/x.txt"):
        write(name)
    result = check("zoo", "zoo/c.yaml", "zoo/*.y*ml", "-f", "json")
    assert [f["file"] for f in json.loads(result.stdout)["files"]] == ["zoo/a/z.yaml", "zoo/b.yml", "zoo/c.yaml"]
    assert result.exit_code == 0


def test_a_file_without_budgets_is_checked_for_computing():
    write("model.yaml")
    result = check("model.yaml")
    assert result.stdout == ("File         Budget         Figure   Limit   Margin   Status\n"
                             "────────────────────────────────────────────────────────────\n"
                             "model.yaml   (no budgets)                             pass\n"
                             "1 spec: 1 within budget, 0 near a limit, 0 over budget, 0 cannot be checked\n")
    assert result.exit_code == 0


def test_dash_reads_a_spec_from_standard_input():
    result = CliRunner().invoke(cli, ["check", "-", "--max-params", "50k"], input=MODEL)
    assert result.exit_code == 1
    assert result.stdout == (
        "File      Budget       Figure    Limit   Margin   Status\n"
        + "─" * 56 + "\n"
        "<stdin>   max_params   54,170   50,000   108.3%   fail\n"
        "1 spec: 0 within budget, 0 near a limit, 1 over budget, 0 cannot be checked\n")
    broken = CliRunner().invoke(cli, ["check", "-"], input="input_shape: [4]\nlayers: [Dense: {unit: 3}]\n")
    assert broken.exit_code == 2
    assert broken.stderr == ("Error: <stdin>:2: dense (Dense): unknown argument `unit` for Dense "
                             "(did you mean 'units'?)\n")


# --- a broken pyproject.toml in CI's formats (issue 21, friction 8) ------------------------------------------

BROKEN = '[tool.convcalc]\nspecs = ["specs/*.yaml"\n'


def test_a_broken_pyproject_is_a_json_document_carrying_the_error():
    pyproject(BROKEN)
    result = check("--format", "json")
    document = json.loads(result.stdout)
    assert result.exit_code == 2 and document["exit_code"] == 2 and document["counts"]["error"] == 1
    assert [(f["file"], f["status"], f["error"]) for f in document["files"]] == [
        ("pyproject.toml", "error", "pyproject.toml:2: invalid TOML: Unclosed array")]


def test_a_broken_pyproject_is_a_junit_error():
    import xml.etree.ElementTree as ElementTree

    pyproject(BROKEN)
    result = check("--format", "junit")
    root = ElementTree.fromstring(result.stdout.split("\n", 1)[1])
    assert result.exit_code == 2 and root.get("errors") == "1"
    case = root.find("testsuite/testcase")
    assert case is not None and (case.get("file"), case.get("line")) == ("pyproject.toml", "2")
    error = case.find("error")
    assert error is not None and error.get("message") == "pyproject.toml:2: invalid TOML: Unclosed array"


def test_a_broken_pyproject_is_a_github_annotation_per_mistake():
    pyproject('[tool.convcalc]\nspec = ["specs"]\nspecs = 5\n[tool.convcalc.budgets]\nmax_param = "1M"\n'
              'max_macs = "lots"\nmax_layers = 3\n')
    result = check("--format", "github")
    assert result.exit_code == 2
    assert [line.split("::")[1] for line in result.stdout.splitlines()] == [
        f"error file=pyproject.toml,line={line}" for line in (2, 3, 5, 6)]
    assert result.stdout.splitlines()[3].endswith("`max_macs` must be a count like 250k, 1.5M, 2G or 250_000, "
                                                  "received 'lots'")
    assert len(result.stderr.splitlines()) == 4 and result.stdout == check("--format", "github").stdout
    junit = check("--format", "junit").stdout
    assert junit.count("<error ") == 1 and "pyproject.toml:6: `max_macs` must be a count" in junit


def test_a_budget_set_in_pyproject_is_annotated_at_its_line_there():
    keras_file = ROOT / "tests" / "keras_files" / "shared" / "conv_chain.keras"
    Path("conv_chain.keras").write_bytes(keras_file.read_bytes())
    pyproject('[tool.convcalc]\nspecs = ["conv_chain.keras"]\n\n[tool.convcalc.budgets]\nmax_layers = 1\n')
    result = check("--format", "github")
    assert result.exit_code == 1
    assert result.stdout.startswith("::error file=pyproject.toml,line=5::conv_chain.keras: layers ")
