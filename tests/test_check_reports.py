"""`convcalc check` (issue 5): every report format, --strict and --diff.

Each test runs in its own empty directory holding a pyproject.toml without [tool.convcalc], so the
repository's own configuration never leaks in.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree

import pytest
from conftest import CHECK_MODEL as MODEL
from conftest import check
from conftest import write_spec as write

pytestmark = pytest.mark.usefixtures("project")  # each test in its own empty directory (see conftest.project)


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
                 "message": "params 54,170 / 60,000 (90.2%): 90% or more of max_params", "origin": "spec",
                 "set_in": None, "line": 7},
                {"budget": "min_receptive_field", "status": "pass", "figure": 3, "limit": 3, "percent": 100.0,
                 "message": "receptive field 3 / at least 3 (100.0%)", "origin": "spec", "set_in": None,
                 "line": 8}]},
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
