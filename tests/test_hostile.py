"""Hostile input (issue 7): the corpus of inputs that once broke convcalc, and the bad inputs
test_cli.py does not already cover. Each gets one "Error: " line naming the file (and the line
where there is one), exit code 2, nothing on stdout, and no traceback.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time

import pytest
import yaml
from click.testing import CliRunner
from conftest import ROOT

import convcalc
from convcalc.cli import cli
from convcalc.readers import files, yaml_nodes

CORPUS = ROOT / "tests" / "corpus"

# Every corpus file and what it must give now: a fragment of its one error line, or None for success.
CORPUS_EXPECTS = {
    "block_nesting_30000.yaml": ":4: YAML nested more than 64 levels deep",  # libyaml's C stack overflowed
    "bytes_past_a_float.yaml": "would hold more than 1e+100 values",  # table: OverflowError for the size in KB
    "float_tag_on_an_empty_string.yaml": ":3: unsupported YAML value ''",  # IndexError in PyYAML's constructor
    "flatten_of_rank0_input.yaml": ":3: flatten (Flatten): expected an input of rank 1 or more",  # IndexError
    "int_tag_on_a_word.yaml": ":1: unsupported YAML value 'input_shape'",  # ValueError from int()
    "integer_of_5000_digits.yaml": ":1: integer 999999999999... (5,000 characters) is too large",  # ValueError
    "integer_of_4401_digits_with_underscores.yaml": ":1: integer 1_1_1_1_1_1_... (8,801 characters) is too large",
    "layer_name_with_newlines.yaml": r":3: two\nlines\u2028three (Conv2D): output size would be 0",  # 3 lines
    "merge_chain_1000.yaml": ":6: YAML merges (`<<`) nested more than 64 levels deep",  # RecursionError
    "merge_of_itself.yaml": ":3: YAML merges (`<<`) nested more than 64 levels deep",  # RecursionError
    "reshape_of_a_scalar.yaml": ":5: back (Reshape): expected an input of rank 1 or more",  # IndexError (fuzz)
    "timestamp_out_of_range.yaml": ":1: unsupported YAML value '2024-13-45': month must be in 1..12",  # ValueError
}


def invoke(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input)


def assert_one_error(result, path, fragment):
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith(f"Error: {path}")
    assert fragment in result.stderr


def test_every_corpus_file_has_an_expectation():
    assert sorted(path.name for path in CORPUS.iterdir()) == sorted(CORPUS_EXPECTS)


@pytest.mark.parametrize("name", sorted(CORPUS_EXPECTS))
@pytest.mark.parametrize("fmt", ["table", "json"])
def test_corpus(name, fmt):
    path = str(CORPUS / name)
    result = invoke("summary", path, "--format", fmt)
    if CORPUS_EXPECTS[name] is None:
        assert (result.exit_code, result.stderr) == (0, "")
    else:
        assert_one_error(result, path, CORPUS_EXPECTS[name])


def write(tmp_path, text, name="model.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


BAD_SPECS = [
    # spec text, a fragment of the one error line after "Error: <file>"
    ("input_shape: [4]\nlayers: [Flatten, Dense: {units: 2}\n",
     ":3: invalid YAML: did not find expected ',' or ']' (column 1)"),
    ("input_shape: [4]\nlayers:\n  - Dense: {units: on}\n",
     ":3: dense (Dense): `units` must be a positive integer, received True (a boolean; YAML reads yes/no/on/off"),
    ("input_shape: [8, 8, 1]\nlayers:\n  - Conv2D: {filters: 2, kernel_size: no}\n",
     ":3: conv2d (Conv2D): `kernel_size` must be an integer or a list of 2 integers, received False (a boolean"),
    ("input_shape: [8, 8, 1]\nlayers:\n  - MaxPooling2D: {pool_size: [true, 2]}\n",
     ":3: max_pooling2d (MaxPooling2D): `pool_size` must be an integer or a list of 2 integers, received [True, 2]"),
    ("input_shape: [8, 8, 1]\nlayers:\n  - Conv2D: {filters: 2.5, kernel_size: 3}\n",
     ":3: conv2d (Conv2D): `filters` must be a positive integer, received 2.5"),
    ("input_shape: [8, 8, 1]\nlayers:\n  - Conv2D: {filters: 2, kernel_size: '3'}\n",
     ":3: conv2d (Conv2D): `kernel_size` must be an integer or a list of 2 integers, received '3'"),
    ("input_shape: [8, 8, 1]\nlayers:\n  - Conv2D: {filters: -4, kernel_size: 3}\n",
     ":3: conv2d (Conv2D): `filters` must be a positive integer, received -4"),
    ("input_shape: [8, 8, 1]\nlayers:\n  - Conv2D: {filters: 4, kernel_size: 0}\n",
     ":3: conv2d (Conv2D): `kernel_size` values must be > 0, received 0"),
    ("input_shape: [8, 8, 1]\nlayers:\n  - Conv2D: {filters: 4, kernel_size: 3, strides: [1, -1]}\n",
     ":3: conv2d (Conv2D): `strides` values must be > 0, received [1, -1]"),
    ("input_shape: [28.0, 28, 1]\nlayers: [Flatten]\n",
     ":1: `input_shape` must be a list of positive integers or null, received [28.0, 28, 1]"),
    ("input_shape: [-28, 28, 1]\nlayers: [Flatten]\n",
     ":1: `input_shape` must be a list of positive integers or null, received [-28, 28, 1]"),
    ("input_shape: '28'\nlayers: [Flatten]\n",
     ":1: `input_shape` must be a list of positive integers or null, received '28'"),
    ("input_shape: [4]\nlayers:\n  - Dense: {units: 0}\n",
     ":3: dense (Dense): `units` must be a positive integer, received 0"),
    ("input_shape: [4, 4, 1]\nlayers:\n  - MaxPooling2D: {pool_size: 5}\n",
     ":3: max_pooling2d (MaxPooling2D): output size would be 0 (zero or negative)"),
    ("input_shape: [4]\nlayers:\n  - Dense:\n      units: 2\n      kernel_initializer:\n"
     + "".join(f"        {' ' * i}a:\n" for i in range(70)),
     ":71: YAML nested more than 64 levels deep"),
]


@pytest.mark.parametrize("text, fragment", BAD_SPECS, ids=[fragment[:50] for _, fragment in BAD_SPECS])
def test_bad_spec(tmp_path, text, fragment):
    path = write(tmp_path, text)
    assert_one_error(invoke("summary", path), path, fragment)


def test_a_lone_surrogate_in_text_is_refused():
    with pytest.raises(convcalc.SpecError, match=r"<spec>:3: not valid Unicode: a lone surrogate '\\ud800'"):
        convcalc.summarize(text="input_shape: [4]\nlayers: [Flatten]\nname: \ud800\n")


def test_pure_python_yaml_refuses_deep_nesting_without_recursion_error(monkeypatch):
    """Without libyaml, PyYAML's composer recurses in Python: too deep is a SpecError, not RecursionError."""
    monkeypatch.setattr(yaml_nodes, "_Loader", yaml.SafeLoader)
    with pytest.raises(convcalc.SpecError, match="nested more than 64 levels deep"):
        convcalc.summarize(text="input_shape: [4]\nlayers: [Flatten]\ndescription: " + "[" * 2000 + "]" * 2000)


def test_absurd_sizes_compute_instantly_and_exactly():
    big = 10**30
    started = time.perf_counter()
    summary = convcalc.summarize(text=f"input_shape: [{big}, {big}, 3]\nlayers:\n"
                                      "  - Conv2D: {filters: 8, kernel_size: 3, strides: 2}\n"
                                      "  - MaxPooling2D: {pool_size: 7, padding: same}\n"
                                      "  - Dense: {units: 10}\n")
    assert time.perf_counter() - started < 0.5
    side = (big - 3) // 2 + 1
    assert [layer.output_shape for layer in summary.layers] == [
        (None, side, side, 8), (None, -(-side // 7), -(-side // 7), 8), (None, -(-side // 7), -(-side // 7), 10)]
    assert summary.total_params == 3 * 3 * 3 * 8 + 8 + 8 * 10 + 10


def test_flatten_past_the_size_limit_is_refused_not_overflowed(tmp_path):
    big = 10**30
    path = write(tmp_path, f"input_shape: [{big}, {big}, {big}, {big}]\nlayers: [Flatten]\n")
    assert_one_error(invoke("summary", path), path, ":1: input_layer (Input): the output (None, ")
    path = write(tmp_path, f"input_shape: [{big}, {big}, 3]\nlayers: [Flatten, Dense: {{units: {big ** 2}}}]\n")
    assert_one_error(invoke("summary", path), path, ":2: dense (Dense): the weight 'kernel' of shape (")


def test_a_50_mb_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: no 50 MB written
    assert_one_error(invoke("summary", str(path)), str(path),
                     ": file is 52,428,800 bytes; model files are limited to 20,971,520")


def test_a_spec_of_20_000_layers_works():
    """Long chains take linear time (benchmarks/bench.py times 100,000 layers); this one fits the suite's budget."""
    text = "input_shape: [8]\nlayers:\n" + "  - Dense: {units: 8}\n  - Activation: {activation: relu}\n" * 10_000
    summary = convcalc.summarize(text=text)
    assert len(summary.layers) == 20_000 and summary.total_params == 10_000 * 72


def test_more_than_100_000_layers_are_refused_before_any_is_read(tmp_path):
    path = write(tmp_path, "input_shape: [4]\nlayers:\n" + "- ReLU\n" * 100_001)
    assert_one_error(invoke("summary", path), path, ":2: 100,001 layers; specs are limited to 100,000")


@pytest.mark.parametrize("stdin", [None, "closed"])
def test_no_or_closed_standard_input(monkeypatch, stdin):
    if stdin == "closed":
        stdin = io.TextIOWrapper(io.BytesIO(b""))
        stdin.close()
    monkeypatch.setattr(sys, "stdin", stdin)
    with pytest.raises(convcalc.SpecError, match="^<stdin>: standard input is closed$"):
        files.read_text("-")


def test_standard_input_replaced_by_a_text_stream(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("input_shape: [4]\nlayers: [Flatten]\n"))
    assert convcalc.summarize("-").output_shape == (None, 4)


@pytest.mark.parametrize("redirect, message", [
    ("< /dev/null", "Error: <stdin>: the file is empty; expected a mapping with input_shape and layers\n"),
    ("<&-", "Error: <stdin>: standard input is closed\n"),
])
def test_standard_input_of_a_real_process(redirect, message):
    result = subprocess.run(f"{sys.executable} -m convcalc summary - {redirect}", shell=True, capture_output=True,
                            text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert (result.returncode, result.stdout, result.stderr) == (2, "", message)
