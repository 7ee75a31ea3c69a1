"""`convcalc check` (issue 5): budgets from specs, pyproject.toml and the command line; every report format.

Each test runs in its own empty directory holding a pyproject.toml without [tool.convcalc], so the
repository's own configuration never leaks in.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SPECS

from convcalc import summarize
from convcalc.check import parse_value
from convcalc.cli import cli

# 54,170 params (all trainable), 102,752 MACs, 210,922 FLOPs, 216,680 param bytes, 46,440 activation
# bytes per sample, 3 layers, output (None, 10), receptive field 3.
MODEL = """\
input_shape: [28, 28, 1]
layers:
  - Conv2D: {filters: 8, kernel_size: 3}
  - Flatten
  - Dense: {units: 10}
"""


@pytest.fixture(autouse=True)
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "models"\n', encoding="utf-8")
    return tmp_path


def check(*args):
    """On a wide terminal: test_widths.py checks how the report folds to fit a narrow one."""
    return CliRunner().invoke(cli, ["check", *args], env={"COLUMNS": "200"})


def write(name, text=MODEL, budgets=""):
    """A spec file in the current directory; `budgets` lines are indented under a `budgets:` block (line 6 on)."""
    path = Path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + ("budgets:\n" + "".join(f"  {line}\n" for line in budgets.splitlines())
                            if budgets else ""), encoding="utf-8")
    return name


def pyproject(text):
    Path("pyproject.toml").write_text(text, encoding="utf-8")


def statuses(result):
    return [(b["budget"], b["status"]) for f in json.loads(result.stdout)["files"] for b in f["budgets"]]


# (budget, limit, status, the GitHub line for it: the budget is on line 7 of model.yaml)
BUDGET_CASES = [
    ("max_params", "100k", "pass", "model.yaml:7: params 54,170 / 100,000 (54.1%)"),
    ("max_params", "60k", "warn",
     "::warning file=model.yaml,line=7::params 54,170 / 60,000 (90.2%25): 90%25 or more of max_params"),
    ("max_params", "50k", "fail", "::error file=model.yaml,line=7::params 54,170 exceed max_params 50,000"),
    ("max_trainable_params", "100k", "pass", "model.yaml:7: trainable params 54,170 / 100,000 (54.1%)"),
    ("max_trainable_params", "54170", "warn", "::warning file=model.yaml,line=7::trainable params 54,170 / 54,170 "
                                              "(100.0%25): 90%25 or more of max_trainable_params"),
    ("max_trainable_params", "54169", "fail",
     "::error file=model.yaml,line=7::trainable params 54,170 exceed max_trainable_params 54,169"),
    ("max_macs", "1M", "pass", "model.yaml:7: MACs 102,752 / 1,000,000 (10.2%)"),
    ("max_macs", "110k", "warn",
     "::warning file=model.yaml,line=7::MACs 102,752 / 110,000 (93.4%25): 90%25 or more of max_macs"),
    ("max_macs", "100k", "fail", "::error file=model.yaml,line=7::MACs 102,752 exceed max_macs 100,000"),
    ("max_flops", "1M", "pass", "model.yaml:7: FLOPs 210,922 / 1,000,000 (21.0%)"),
    ("max_flops", "0.22M", "warn",
     "::warning file=model.yaml,line=7::FLOPs 210,922 / 220,000 (95.8%25): 90%25 or more of max_flops"),
    ("max_flops", "0.2M", "fail", "::error file=model.yaml,line=7::FLOPs 210,922 exceed max_flops 200,000"),
    ("max_param_bytes", "1MB", "pass", "model.yaml:7: param bytes 216,680 B / 1,000,000 B (21.6%)"),
    ("max_param_bytes", "220KB", "warn", "::warning file=model.yaml,line=7::param bytes 216,680 B / 220,000 B "
                                         "(98.4%25): 90%25 or more of max_param_bytes"),
    ("max_param_bytes", "200KiB", "fail",
     "::error file=model.yaml,line=7::param bytes 216,680 B exceed max_param_bytes 204,800 B"),
    ("max_activation_bytes", "2MiB", "pass",  # at the default batch of 32: 32 × 46,440
     "model.yaml:7: activation bytes at batch 32 1,486,080 B / 2,097,152 B (70.8%)"),
    ("max_activation_bytes", "1.6MB", "warn", "::warning file=model.yaml,line=7::activation bytes at batch 32 "
                                              "1,486,080 B / 1,600,000 B (92.8%25): 90%25 or more of "
                                              "max_activation_bytes"),
    ("max_activation_bytes", "1MiB", "fail", "::error file=model.yaml,line=7::activation bytes at batch 32 "
                                             "1,486,080 B exceed max_activation_bytes 1,048,576 B"),
    ("max_layers", "10", "pass", "model.yaml:7: layers 3 / 10 (30.0%)"),
    ("max_layers", "3", "warn",
     "::warning file=model.yaml,line=7::layers 3 / 3 (100.0%25): 90%25 or more of max_layers"),
    ("max_layers", "2", "fail", "::error file=model.yaml,line=7::layers 3 exceed max_layers 2"),
    ("output_shape", "[10]", "pass", "model.yaml:7: output shape (None, 10)"),
    ("output_shape", "[12]", "fail",
     "::error file=model.yaml,line=7::output shape (None, 10) is not output_shape (None, 12)"),
    ("min_receptive_field", "3", "pass", "model.yaml:7: receptive field 3 / at least 3 (100.0%)"),
    ("min_receptive_field", "4", "fail",
     "::error file=model.yaml,line=7::receptive field 3 is below min_receptive_field 4"),
]


@pytest.mark.parametrize("key, limit, status, line", BUDGET_CASES, ids=[f"{c[0]}-{c[2]}" for c in BUDGET_CASES])
def test_each_budget_passes_warns_or_fails(key, limit, status, line):
    write("model.yaml", budgets=f"{key}: {limit}")
    github = check("model.yaml", "--format", "github")
    assert (github.stdout, github.stderr) == (line + "\n", "")
    assert github.exit_code == (1 if status == "fail" else 0)
    assert statuses(check("model.yaml", "--format", "json")) == [(key, status)]


def test_activation_bytes_at_a_batch_size():
    write("model.yaml", budgets="max_activation_bytes: 50KB\nbatch_size: 1")
    result = check("model.yaml", "--format", "github")
    assert result.stdout == ("::warning file=model.yaml,line=7::activation bytes per sample 46,440 B / 50,000 B "
                             "(92.8%25): 90%25 or more of max_activation_bytes\n")
    document = json.loads(check("model.yaml", "--format", "json", "--batch-size", "64").stdout)
    assert document["files"][0]["budgets"][0]["figure"] == 2_972_160
    assert document["files"][0]["budgets"][0]["batch_size"] == 64


@pytest.mark.parametrize("key, written, limit", [
    ("max_params", "250k", 250_000),
    ("max_params", "1.5M", 1_500_000),
    ("max_params", "2G", 2_000_000_000),
    ("max_params", 250_000, 250_000),
    ("max_params", "250_000", 250_000),
    ("max_params", " 250 K ", 250_000),
    ("max_params", 2.5e5, 250_000),
    ("max_params", "2.5e5", 250_000),
    ("max_macs", "1T", 10**12),
    ("max_param_bytes", "1MiB", 1_048_576),
    ("max_param_bytes", "1MB", 1_000_000),
    ("max_param_bytes", "1.5KiB", 1_536),
    ("max_param_bytes", "1.1KiB", 1_126),  # 1,126.4 bytes: staying under it is staying under 1,126
    ("max_param_bytes", "3GiB", 3 * 2**30),
    ("max_activation_bytes", "2TB", 2 * 10**12),
    ("max_activation_bytes", 4096, 4096),
    ("max_layers", "1k", 1000),
    ("min_receptive_field", "64", 64),
    ("batch_size", 32, 32),
    ("output_shape", [None, 10], (None, 10)),
    ("output_shape", "None, 10", (None, 10)),
    ("output_shape", "[28, 28, 1]", (28, 28, 1)),
    ("output_shape", 10, (10,)),
])
def test_unit_forms(key, written, limit):
    assert parse_value(key, written) == limit


def test_units_in_a_spec_file():
    write("model.yaml", budgets="max_params: 250_000\nmax_macs: 1.5M\nmax_flops: 2G\n"
                                "max_param_bytes: 1MiB\nmax_activation_bytes: 1MB")
    document = json.loads(check("model.yaml", "--format", "json").stdout)
    assert [(b["budget"], b["limit"], b["line"]) for b in document["files"][0]["budgets"]] == [
        ("max_params", 250_000, 7), ("max_macs", 1_500_000, 8), ("max_flops", 2_000_000_000, 9),
        ("max_param_bytes", 1_048_576, 10), ("max_activation_bytes", 1_000_000, 11)]


COUNT = "`max_params` must be a count like 250k, 1.5M, 2G or 250_000, received"
SIZE = "`max_param_bytes` must be a size like 1MiB, 500KB or 1048576 (bytes), received"
SHAPE = "`output_shape` must be a list of dimensions like [10] or [null, 10], batch axis left out, received"
MALFORMED = [
    ("max_params: yes", f"{COUNT} True (a boolean; YAML reads yes/no/on/off as booleans)"),
    ("max_params: -5", f"{COUNT} -5 (negative)"),
    ("max_params: -5k", f"{COUNT} '-5k' (negative)"),
    ("max_params: 2.5", f"{COUNT} 2.5 (not a whole number)"),
    ("max_layers: 12.5", "`max_layers` must be a count like 250k, 1.5M, 2G or 250_000, received 12.5 "
                         "(not a whole number)"),
    ("max_params: 250kk", f"{COUNT} '250kk': unknown unit 'kk' (did you mean 'k'?); `max_params` takes k, K, M, G, T"),
    ("max_params: 1MiB", f"{COUNT} '1MiB': unknown unit 'MiB'; `max_params` takes k, K, M, G, T"),
    ("max_param_bytes: 1mib", f"{SIZE} '1mib': unknown unit 'mib' (did you mean 'MiB'?); `max_param_bytes` takes "
                              "B, KB, MB, GB, TB, KiB, MiB, GiB, TiB"),
    ("max_param_bytes: 1M", f"{SIZE} '1M': unknown unit 'M' (did you mean 'MB'?); `max_param_bytes` takes "
                            "B, KB, MB, GB, TB, KiB, MiB, GiB, TiB"),
    ("min_receptive_field: 64px", "`min_receptive_field` must be a positive integer, received '64px': unknown unit "
                                  "'px'; `min_receptive_field` takes no unit"),
    ("max_params: 0", f"{COUNT} 0 (below 1)"),
    ("max_params:", f"{COUNT} None"),
    ("max_params: [1]", f"{COUNT} [1]"),
    ("max_params: 1e200", f"{COUNT} '1e200' (larger than 1e+100)"),
    ("max_params: .nan", f"{COUNT} nan"),
    ("batch_size: 0.5", "`batch_size` must be a positive integer, received 0.5 (not a whole number)"),
    ("output_shape: [0]", f"{SHAPE} [0]"),
    ("output_shape: []", f"{SHAPE} []"),
    ("output_shape: [true]", f"{SHAPE} [True]"),
]


@pytest.mark.parametrize("budget, message", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_budget_values(budget, message):
    write("model.yaml", budgets=budget)
    result = check("model.yaml")
    assert result.exit_code == 2
    assert result.stderr == f"Error: model.yaml:7: {message}\n"


def test_unknown_budget_key_suggests_the_closest():
    write("model.yaml", budgets="max_params: 1M\nmax_parms: 1M")
    result = check("model.yaml")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: model.yaml:8: unknown budget 'max_parms' (did you mean 'max_params'?); expected one of max_params, "
        "max_trainable_params, max_macs, max_flops, max_param_bytes, max_activation_bytes, max_layers, "
        "output_shape, min_receptive_field, batch_size\n")


def test_budgets_must_be_a_mapping():
    write("model.yaml", MODEL + "budgets: [max_params]\n")
    result = check("model.yaml")
    assert (result.exit_code, result.stderr) == (
        2, "Error: model.yaml:6: `budgets` must be a mapping of budget names to limits, "
           "e.g. `budgets: {max_params: 250k}`\n")


def test_summary_ignores_budgets_even_malformed_ones():
    write("plain.yaml")
    write("budgeted.yaml", budgets="max_params: 1k\nmax_parms: nonsense\noutput_shape: [12]")
    plain = CliRunner().invoke(cli, ["summary", "plain.yaml", "--costs", "--width", "88"])
    budgeted = CliRunner().invoke(cli, ["summary", "budgeted.yaml", "--costs", "--width", "88"])
    assert (budgeted.exit_code, budgeted.stderr) == (0, "")
    assert budgeted.stdout == plain.stdout.replace('"plain"', '"budgeted"')
    assert summarize("budgeted.yaml").to_dict() == {**summarize("plain.yaml").to_dict(), "name": "budgeted",
                                                    "source": "budgeted.yaml"}


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


def test_text_report():
    write("a.yaml", budgets="max_params: 60k\noutput_shape: [10]")
    write("b.yaml", budgets="max_params: 50k")
    write("c.yaml", MODEL.replace("Flatten", "Flaten"))
    result = check("a.yaml", "b.yaml", "c.yaml")
    assert result.exit_code == 2
    assert result.stdout == (
        "File     Budget             Figure        Limit   Margin   Status\n"
        "─────────────────────────────────────────────────────────────────\n"
        "a.yaml   max_params         54,170       60,000    90.2%   warn\n"
        "         output_shape   (None, 10)   (None, 10)            pass\n"
        "b.yaml   max_params         54,170       50,000   108.3%   fail\n"
        "c.yaml   -                                                 error\n"
        "3 specs: 0 within budget, 1 near a limit, 1 over budget, 1 cannot be checked\n")
    assert result.stderr == "Error: c.yaml:4: unknown layer type 'Flaten' (did you mean 'Flatten'?)\n"


def test_text_report_prints_paths_verbatim_not_as_rich_markup():
    write("[bold]model.yaml", budgets="max_layers: 10")
    result = check("[bold]model.yaml")
    assert result.stdout.splitlines()[2] == "[bold]model.yaml   max_layers        3      10    30.0%   pass"


def test_json_report_has_every_file_budget_figure_limit_and_status():
    write("a.yaml", budgets="max_params: 60k\nmin_receptive_field: 3")
    write("broken.yaml", "input_shape: [4]\nlayers: []\n")
    result = check("a.yaml", "broken.yaml", "--format", "json")
    assert result.exit_code == 2
    assert json.loads(result.stdout) == {
        "files": [
            {"file": "a.yaml", "name": "a", "status": "warn", "error": None, "reference": None,
             "reference_note": None, "budgets": [
                {"budget": "max_params", "status": "warn", "figure": 54170, "limit": 60000,
                 "percent": 90.28333333333333,
                 "message": "params 54,170 / 60,000 (90.2%): 90% or more of max_params", "origin": "spec", "line": 7},
                {"budget": "min_receptive_field", "status": "pass", "figure": 3, "limit": 3, "percent": 100.0,
                 "message": "receptive field 3 / at least 3 (100.0%)", "origin": "spec", "line": 8}]},
            {"file": "broken.yaml", "name": None, "status": "error",
             "error": "broken.yaml:2: `layers` must be a non-empty list of layers", "reference": None,
             "reference_note": None, "budgets": []},
        ],
        "counts": {"pass": 0, "warn": 1, "fail": 0, "error": 1},
        "strict": False,
        "exit_code": 2,
    }


def test_github_report_points_at_budget_lines_and_escapes():
    write("specs/x.yaml", budgets="max_params: 50k\nmax_macs: 110k\nmax_layers: 10")
    write("specs/a,b.yaml", "input_shape: [4]\nlayers:\n  - Dense: {units: 0}\n")
    result = check("specs/x.yaml", "specs/a,b.yaml", "--format", "github", "--output-shape", "12")
    assert result.exit_code == 2
    assert result.stdout == (
        "::error file=specs/x.yaml,line=7::params 54,170 exceed max_params 50,000\n"
        "::warning file=specs/x.yaml,line=8::MACs 102,752 / 110,000 (93.4%25): 90%25 or more of max_macs\n"
        "specs/x.yaml:9: layers 3 / 10 (30.0%)\n"
        "::error file=specs/x.yaml,line=1::output shape (None, 10) is not output_shape (None, 12)\n"
        "::error file=specs/a%2Cb.yaml,line=3::dense (Dense): `units` must be a positive integer, received 0\n")


def test_junit_report_parses_back():
    write("specs/x.yaml", budgets="max_params: 50k\nmax_macs: 110k\nmax_layers: 10")
    write("specs/unknown.yaml",
          MODEL.replace("[28, 28, 1]", "[null, 28, 1]").replace("- Flatten", "- GlobalMaxPooling2D"),
          budgets="max_macs: 1M")
    write("specs/bad.yaml", MODEL.replace("kernel_size: 3", "kernel_size: 30"))
    result = check("specs", "--format", "junit")
    assert result.exit_code == 2
    assert result.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')
    root = ElementTree.fromstring(result.stdout)
    assert (root.tag, root.attrib) == ("testsuites", {"name": "convcalc check", "tests": "5", "failures": "1",
                                                      "errors": "2"})
    suites = {suite.get("name"): suite for suite in root}
    assert list(suites) == ["specs/bad.yaml", "specs/unknown.yaml", "specs/x.yaml"]
    assert suites["specs/x.yaml"].attrib == {"name": "specs/x.yaml", "tests": "3", "failures": "1", "errors": "0",
                                             "skipped": "0"}
    cases = [(case.get("classname"), case.get("name"), case.get("line"), [(child.tag, child.get("message"),
             child.text) for child in case]) for case in suites["specs/x.yaml"]]
    exceeded = "params 54,170 exceed max_params 50,000"
    assert cases == [
        ("specs.x", "max_params", "7", [("failure", exceeded, exceeded)]),
        ("specs.x", "max_macs", "8", [("system-out", None,
                                       "warn: MACs 102,752 / 110,000 (93.4%): 90% or more of max_macs")]),
        ("specs.x", "max_layers", "9", [("system-out", None, "pass: layers 3 / 10 (30.0%)")]),
    ]
    [bad] = suites["specs/bad.yaml"]
    assert (bad.get("name"), bad[0].tag, bad[0].get("type")) == ("spec", "error", "invalid spec")
    assert (bad[0].get("message") or "").startswith("specs/bad.yaml:3: conv2d (Conv2D): output size would be -1")
    [unknown] = suites["specs/unknown.yaml"]
    assert (unknown[0].tag, unknown[0].get("message")) == (
        "error", "MACs depend on a dimension that is null (unknown until run time); max_macs cannot be checked")


def test_junit_escapes_what_xml_cannot_hold():
    write('odd <&">.yaml', 'name: "a\\x01b"\n' + MODEL.replace("Flatten", "Flatten: {name: \"x\\x02<y>\"}")
          .replace("Dense: {units: 10}", "Dense: {units: 0}"))
    result = check('odd <&">.yaml', "--format", "junit")
    root = ElementTree.fromstring(result.stdout)
    [suite] = root
    assert suite.get("name") == 'odd <&">.yaml'
    assert suite[0][0].get("message") == ('odd <&">.yaml:6: dense (Dense): `units` must be a positive integer, '
                                          "received 0")
    write("odd.yaml", MODEL.replace("Conv2D: {", 'Conv2D: {name: "c\\x01<&", strides: 2, dilation_rate: 2, '))
    root = ElementTree.fromstring(check("odd.yaml", "--format", "junit").stdout)
    assert "c\\x01<& (Conv2D)" in (root[0][0][0].get("message") or "")


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
        "specs/mobile_net.yaml:1: MACs 102,752 / 600,000,000 (0.0%)\n"
        "specs/small.yaml:1: params 54,170 / 300,000 (18.0%)\n"
        "::error file=specs/small.yaml,line=1::MACs 102,752 exceed max_macs 100,000\n")
    assert result.exit_code == 1


def test_pyproject_is_found_above_the_current_directory(monkeypatch, project):
    write("specs/small.yaml")
    pyproject('[tool.convcalc]\nspecs = "specs"\n[tool.convcalc.budgets]\nmax_layers = 2\n')
    (project / "deep" / "er").mkdir(parents=True)
    monkeypatch.chdir(project / "deep" / "er")
    result = check("--format", "github")
    assert (result.stdout, result.exit_code) == (
        "::error file=../../specs/small.yaml,line=1::layers 3 exceed max_layers 2\n", 1)


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
    limits = [(b["budget"], b["limit"], b["origin"], b["line"]) for b in budgets]
    assert limits == [
        ("max_params", 2_000_000, "pyproject", None),  # the override beats [tool.convcalc.budgets]
        ("max_macs", 2_000_000, "spec", 7),  # the spec beats the override
        ("max_flops", 5_000_000, "command line", None),  # the command line beats the spec
        ("max_layers", 10, "pyproject", None),
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
     "pyproject.toml:3: unknown key 'file' in [[tool.convcalc.overrides]] (did you mean 'files'?); "
     "expected one of files, budgets"),
    ('[tool.convcalc]\n[[tool.convcalc.overrides]]\nbudgets = {max_params = "1M"}\n',
     "pyproject.toml:2: an override needs `files`: the specs (globs) its budgets apply to"),
    ('[tool.convcalc]\nspecs = 5\n', "pyproject.toml:2: `specs` must be a path or glob, or a list of them, received 5"),
    ('[tool.convcalc]\nbudgets = "1M"\n',
     "pyproject.toml:2: `budgets` must be a table of budget names to limits, received '1M'"),
    ("[tool.convcalc\n", "pyproject.toml: invalid TOML: Expected ']' at the end of a table declaration "
                         "(at line 1, column 15)"),
    ("[project]\n", "no spec to check: name spec files, directories or globs, or list them as `specs` under "
                    "[tool.convcalc] in pyproject.toml"),
]


@pytest.mark.parametrize("text, message", PYPROJECT_ERRORS, ids=[m[1][:50] for m in PYPROJECT_ERRORS])
def test_pyproject_mistakes(text, message):
    pyproject(text)
    result = check()
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"Error: {message}\n")


def test_strict_fails_on_warnings_in_every_format():
    write("model.yaml", budgets="max_params: 60k")
    assert check("model.yaml").exit_code == 0
    assert check("model.yaml", "--strict").exit_code == 1
    assert check("model.yaml", "--strict").stdout.endswith(
        "1 spec: 0 within budget, 1 near a limit, 0 over budget, 0 cannot be checked (--strict: warnings fail)\n")
    assert check("model.yaml", "--strict", "-f", "github").stdout == (
        "::error file=model.yaml,line=7::params 54,170 / 60,000 (90.2%25): 90%25 or more of max_params\n")
    root = ElementTree.fromstring(check("model.yaml", "--strict", "-f", "junit").stdout)
    assert [(e.tag, e.get("type")) for e in root.iter("failure")] == [("failure", "near the limit (--strict)")]
    assert json.loads(check("model.yaml", "--strict", "-f", "json").stdout)["exit_code"] == 1


def test_diff_against_a_directory(tmp_path):
    write("specs/grown.yaml", budgets="max_params: 60k\noutput_shape: [10]")
    write("specs/brand_new.yaml", budgets="max_params: 60k")
    write("specs/same.yaml", budgets="max_layers: 10")
    write("main/specs/grown.yaml", MODEL.replace("filters: 8", "filters: 4").replace("units: 10", "units: 5"))
    write("main/specs/same.yaml")
    result = check("specs", "--diff-against", "main")
    assert result.exit_code == 0
    assert result.stdout == (
        "File                   Budget             Figure        Limit   Margin              Change   Status\n"
        "───────────────────────────────────────────────────────────────────────────────────────────────────\n"
        "specs/brand_new.yaml   max_params         54,170       60,000    90.2%                 new   warn\n"
        "specs/grown.yaml       max_params         54,170       60,000    90.2%   +40,605 (+299.3%)   warn\n"
        "                       output_shape   (None, 10)   (None, 10)                was (None, 5)   pass\n"
        "specs/same.yaml        max_layers              3           10    30.0%           unchanged   pass\n"
        "3 specs: 1 within budget, 2 near a limit, 0 over budget, 0 cannot be checked\n")
    github = check("specs/grown.yaml", "--diff-against", "main", "-f", "github").stdout
    assert github == ("::warning file=specs/grown.yaml,line=7::params 54,170 / 60,000 (90.2%25): 90%25 or more of "
                      "max_params; change: params +40,605 (+299.3%25)\n"
                      "specs/grown.yaml:8: output shape (None, 10); change: output shape was (None, 5)\n")
    document = json.loads(check("specs/grown.yaml", "--diff-against", "main", "-f", "json").stdout)
    assert [(b["reference"], b["change"]) for b in document["files"][0]["budgets"]] == [
        (13_565, "+40,605 (+299.3%)"), ([5], "was (None, 5)")]
    root = ElementTree.fromstring(check("specs/brand_new.yaml", "--diff-against", "main", "-f", "junit").stdout)
    assert root.findtext("testsuite/testcase/system-out") == (
        "warn: params 54,170 / 60,000 (90.2%): 90% or more of max_params; change: new spec, not in the reference")


def test_diff_against_one_file_and_a_broken_reference():
    write("model.yaml", budgets="max_macs: 1M")
    write("old.yaml", MODEL.replace("filters: 8", "filters: 16"))
    result = check("model.yaml", "--diff-against", "old.yaml", "-f", "github")
    assert result.stdout == "model.yaml:7: MACs 102,752 / 1,000,000 (10.2%); change: MACs -102,752 (-50.0%)\n"
    write("old.yaml", "input_shape: [4]\n")
    result = check("model.yaml", "--diff-against", "old.yaml", "-f", "github")
    assert result.exit_code == 0
    assert result.stdout == ("model.yaml:7: MACs 102,752 / 1,000,000 (10.2%); change: unknown, the reference cannot be "
                             "computed: old.yaml:1: missing `layers`: the list of layers, e.g. "
                             "`layers: [Flatten, Dense: {units: 10}]`\n")
    assert result.stderr.startswith("Warning: model.yaml: the reference cannot be computed: old.yaml:1: missing")


def test_diff_against_one_file_needs_one_spec():
    write("a.yaml")
    write("b.yaml")
    result = check("a.yaml", "b.yaml", "--diff-against", "a.yaml")
    assert (result.exit_code, result.stderr) == (
        2, "Error: --diff-against a.yaml: a file can be the reference of one spec only, and 2 are checked; "
           "give a directory to compare several\n")


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
                             "Error: empty: no *.yaml, *.yml or *.keras file in this directory\n")
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


@pytest.mark.parametrize("option, value, message", [
    ("--max-params", "abc", "`max_params` must be a count like 250k, 1.5M, 2G or 250_000, received 'abc'"),
    ("--max-param-bytes", "1M", "`max_param_bytes` must be a size like 1MiB, 500KB or 1048576 (bytes), received "
                                "'1M': unknown unit 'M' (did you mean 'MB'?); `max_param_bytes` takes B, KB, MB, GB, "
                                "TB, KiB, MiB, GiB, TiB"),
    ("--output-shape", "ten", f"{SHAPE} 'ten'"),
])
def test_malformed_command_line_limits_are_usage_errors(option, value, message):
    write("model.yaml")
    result = check("model.yaml", option, value)
    assert result.exit_code == 2
    assert result.stderr.endswith(f"Error: Invalid value for '{option}': {message}\n")


def test_help_explains_the_units():
    result = check("--help")
    assert "KiB, MiB, GiB, TiB (1024-based)" in result.stdout
    assert "B, KB, MB, GB, TB (1000-based)" in result.stdout
    assert "--max-activation-bytes LIMIT" in result.stdout
    assert "2 wins over 1" in result.stdout


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
