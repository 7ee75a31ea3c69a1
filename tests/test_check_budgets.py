"""`convcalc check` (issue 5): each budget, the units of its limit, malformed budgets.

Each test runs in its own empty directory holding a pyproject.toml without [tool.convcalc], so the
repository's own configuration never leaks in.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import CHECK_MODEL as MODEL
from conftest import check, statuses
from conftest import write_spec as write

from convcalc import summarize
from convcalc.check import parse_value
from convcalc.cli import cli

pytestmark = pytest.mark.usefixtures("project")  # each test in its own empty directory (see conftest.project)


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
    ("max_param_bytes", "1MB", "pass", "model.yaml:7: param bytes 216,680 B / 1,048,576 B (20.6%)"),
    ("max_param_bytes", "220KB", "warn", "::warning file=model.yaml,line=7::param bytes 216,680 B / 225,280 B "
                                         "(96.1%25): 90%25 or more of max_param_bytes"),
    ("max_param_bytes", "216kB", "fail",
     "::error file=model.yaml,line=7::param bytes 216,680 B exceed max_param_bytes 216,000 B"),
    ("max_param_bytes", "200KiB", "fail",
     "::error file=model.yaml,line=7::param bytes 216,680 B exceed max_param_bytes 204,800 B"),
    ("max_activation_bytes", "2MiB", "pass",  # at the default batch of 32: 32 × 46,440
     "model.yaml:7: activation bytes at batch 32 1,486,080 B / 2,097,152 B (70.8%)"),
    ("max_activation_bytes", "1.5MB", "warn", "::warning file=model.yaml,line=7::activation bytes at batch 32 "
                                              "1,486,080 B / 1,572,864 B (94.4%25): 90%25 or more of "
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
    assert result.stdout == ("::warning file=model.yaml,line=7::activation bytes per sample 46,440 B / 51,200 B "
                             "(90.7%25): 90%25 or more of max_activation_bytes\n")
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
    ("max_param_bytes", "1MB", 1_048_576),  # as summary prints sizes: Keras's 1024-based units
    ("max_param_bytes", "1KB", 1_024),
    ("max_param_bytes", "952.29KB", 975_144),  # summary's "952.29 KB" for 243,786 float32 weights
    ("max_param_bytes", "500kB", 500_000),
    ("max_param_bytes", "1.5kB", 1_500),
    ("max_param_bytes", "1GB", 2**30),
    ("max_param_bytes", "1.5KiB", 1_536),
    ("max_param_bytes", "1.1KiB", 1_126),  # 1,126.4 bytes: staying under it is staying under 1,126
    ("max_param_bytes", "3GiB", 3 * 2**30),
    ("max_activation_bytes", "2TB", 2 * 2**40),
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
        ("max_param_bytes", 1_048_576, 10), ("max_activation_bytes", 1_048_576, 11)]


COUNT = "`max_params` must be a count like 250k, 1.5M, 2G or 250_000, received"
SIZE = "`max_param_bytes` must be a size like 952.29KB, 1MiB, 500kB or 1048576 (bytes), received"
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
                              "B, kB, KB, MB, GB, TB, KiB, MiB, GiB, TiB"),
    ("max_param_bytes: 1M", f"{SIZE} '1M': unknown unit 'M' (did you mean 'MB'?); `max_param_bytes` takes "
                            "B, kB, KB, MB, GB, TB, KiB, MiB, GiB, TiB"),
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


@pytest.mark.parametrize("option, value, message", [
    ("--max-params", "abc", "`max_params` must be a count like 250k, 1.5M, 2G or 250_000, received 'abc'"),
    ("--max-param-bytes", "1M", "`max_param_bytes` must be a size like 952.29KB, 1MiB, 500kB or 1048576 (bytes), "
                                "received '1M': unknown unit 'M' (did you mean 'MB'?); `max_param_bytes` takes B, kB, "
                                "KB, MB, GB, TB, KiB, MiB, GiB, TiB"),
    ("--output-shape", "ten", f"{SHAPE} 'ten'"),
])
def test_malformed_command_line_limits_are_usage_errors(option, value, message):
    write("model.yaml")
    result = check("model.yaml", option, value)
    assert result.exit_code == 2
    assert result.stderr.endswith(f"Error: Invalid value for '{option}': {message}\n")


def test_help_explains_the_units():
    result = check("--help")
    assert "KB, MB, GB, TB as `summary` prints them (1024-based, as Keras)" in result.stdout
    assert "kB (1000 bytes)" in result.stdout
    assert "--max-activation-bytes LIMIT" in result.stdout
    assert "2 wins over 1" in result.stdout


def test_a_size_read_off_the_summary_means_the_same_in_a_budget():
    """Issue 21: the summary prints 211.60 KB (216,680 bytes, 1024-based as Keras); a budget of 212KB, read
    1000-based, would be 212,000 bytes and fail."""
    write("model.yaml")
    summary = CliRunner().invoke(cli, ["summary", "model.yaml"])
    assert " Total params: 54,170 (211.60 KB)" in summary.stdout
    assert check("model.yaml", "--max-param-bytes", "212KB").exit_code == 0
    assert check("model.yaml", "--max-param-bytes", "212kB").exit_code == 1
    assert check("model.yaml", "--max-param-bytes", "0.21MB").exit_code == 0  # 220,200 bytes
