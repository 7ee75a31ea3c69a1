"""The command line, through click's CliRunner: exact output, error lines and exit codes."""

from __future__ import annotations

import json
import os

import pytest
import yaml
from click.testing import CliRunner
from conftest import GOLDEN, SPECS

from convcalc.cli import cli
from convcalc.readers import yaml_nodes

FASHION = str(SPECS / "fashion_mnist.yaml")


def invoke(*args, input=None, env=None):
    return CliRunner().invoke(cli, list(args), input=input, env=env)


def write(tmp_path, text, name="model.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_summary_prints_the_keras_table():
    result = invoke("summary", FASHION, "--width", "88")
    assert result.exit_code == 0
    assert result.stdout == (GOLDEN / "fashion_mnist.txt").read_text(encoding="utf-8")
    assert result.stderr == ""


def test_table_has_no_escape_codes_when_not_a_terminal():
    result = invoke("summary", FASHION)
    assert result.exit_code == 0
    assert "\x1b[" not in result.stdout


def test_json_of_several_specs_is_one_array_and_jsonl_one_object_a_line(tmp_path):
    stride2 = str(SPECS / "stride2_valid.yaml")
    result = invoke("summary", FASHION, stride2, "--format", "json")
    assert result.exit_code == 0
    documents = json.loads(result.stdout)
    assert [d["name"] for d in documents] == ["fashion_mnist_cnn", "stride2_valid"]
    assert [d["total_params"] for d in documents] == [243786, 80]
    one = invoke("summary", FASHION, "--format", "json")
    assert json.loads(one.stdout) == documents[0]
    lines = invoke("summary", FASHION, stride2, "--format", "jsonl")
    assert [json.loads(line) for line in lines.stdout.splitlines()] == documents
    assert result.stdout == "[\n" + ",\n".join(lines.stdout.splitlines()) + "\n]\n"
    bad = write(tmp_path, "layers: [Flatten]\n")
    partly = invoke("summary", bad, FASHION, "--format", "json")
    assert (partly.exit_code, json.loads(partly.stdout)) == (2, documents[:1])
    nothing = invoke("summary", bad, bad, "--format", "json")
    assert (nothing.exit_code, nothing.stdout) == (2, "[]\n")
    alone = invoke("summary", bad, "--format", "json")
    assert (alone.exit_code, alone.stdout) == (2, "")


def test_markdown_matches_golden():
    result = invoke("summary", FASHION, "--format", "markdown")
    assert result.exit_code == 0
    assert result.stdout == (GOLDEN / "fashion_mnist.md").read_text(encoding="utf-8")


def test_show_trainable_adds_the_column():
    result = invoke("summary", FASHION, "--show-trainable", "--width", "100")
    assert result.stdout == (GOLDEN / "fashion_mnist.trainable.txt").read_text(encoding="utf-8")


def test_spec_from_standard_input_is_named_like_keras_default():
    text = (SPECS / "same_padding_quiz.yaml").read_text(encoding="utf-8")
    result = invoke("summary", "-", "--format", "json", input=text)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["name"] == "sequential"
    assert json.loads(result.stdout)["total_params"] == 896


def test_one_bad_file_among_good_ones_still_prints_the_good_ones(tmp_path):
    bad = write(tmp_path, "input_shape: [3, 3, 1]\nlayers:\n  - Conv2D: {filters: 4, kernel_size: 5}\n")
    result = invoke("summary", FASHION, bad, "--format", "json")
    assert result.exit_code == 2
    assert [document["total_params"] for document in json.loads(result.stdout)] == [243786]
    assert result.stderr == (
        f"Error: {bad}:3: conv2d (Conv2D): output size would be -1 (zero or negative): input (None, 3, 3, 1), "
        "kernel_size=(5, 5), dilation_rate=(1, 1), strides=(1, 1), padding='valid'\n")


ERRORS = [
    # spec text, the exact error line after "Error: <file>:"
    ("input_shape: [28, 28, 1]\nlayers:\n  - Conv2d: {filters: 4, kernel_size: 3}\n",
     "3: unknown layer type 'Conv2d' (did you mean 'Conv2D'?)"),
    ("input_shape: [28, 28, 1]\nlayers:\n  - Conv2D:\n      filters: 4\n      kernal_size: 3\n",
     "5: conv2d (Conv2D): unknown argument `kernal_size` for Conv2D (did you mean 'kernel_size'?)"),
    ("input_shape: [28, 28, 1]\nlayers:\n  - Conv2D: {filters: 4}\n",
     "3: conv2d (Conv2D): missing required argument `kernel_size`"),
    ("input_shape: [28, 28, 1]\nlayers:\n  - Conv2D: {filters: yes, kernel_size: 3}\n",
     "3: conv2d (Conv2D): `filters` must be a positive integer, "
     "received True (a boolean; YAML reads yes/no/on/off as booleans)"),
    ("input_shape: [28, 28]\nlayers:\n  - Flatten\n  - Conv2D: {filters: 4, kernel_size: 3}\n",
     "4: conv2d (Conv2D): expected an input of rank 4 (batch, rows, cols, channels), "
     "received shape (None, 784) of rank 2"),
    ("input_shape: [28, 28, 1]\nlayers:\n  - Flatten: {name: f}\n  - Dense: {units: 3, name: f}\n",
     "4: f (Dense): duplicate layer name 'f' (first used at line 3); layer names must be unique"),
    ("input_shape: [8, 8, 1]\nlayers:\n  - Conv2D: {filters: 4, kernel_size: 3, name: conv2d}\n"
     "  - Conv2D: {filters: 4, kernel_size: 3}\n",
     "4: conv2d (Conv2D): duplicate layer name 'conv2d' (first used at line 3); layer names must be unique"),
    ("input_shape: [28, 0, 1]\nlayers: [Flatten]\n",
     "1: `input_shape` must be a list of positive integers or null, received [28, 0, 1]"),
    ("layers: [Flatten]\n",
     "1: missing `input_shape`: the shape of one sample without the batch dimension, e.g. `input_shape: [28, 28, 1]`"),
    ("input_shape: [4]\nlayer: [Flatten]\n",
     "2: unknown top-level key 'layer' (did you mean 'layers'?); "
     "expected one of name, description, framework, input_shape, inputs, layers, outputs, budgets, application"),
    ("input_shape: [4]\nlayers: []\n", "2: `layers` must be a non-empty list of layers"),
    ("input_shape: [4]\ninput_shape: [5]\nlayers: [Flatten]\n", "2: duplicate key 'input_shape' (first at line 1)"),
    ("input_shape: [4]\nlayers:\n  - Dense: {units: 3, units: 4}\n", "3: duplicate key 'units' (first at line 3)"),
    ("- Conv2D\n- Flatten\n", "1: a spec must be a mapping with input_shape and layers, not a list"),
    ("42\n", "1: a spec must be a mapping with input_shape and layers, not a scalar"),
    ("input_shape: [4]\nlayers: [Flatten]\n---\ninput_shape: [4]\n",
     "3: invalid YAML: expected one YAML document, found several (remove the extra '---') (column 1)"),
    ("input_shape: [4]\nlayers:\n\t- Flatten\n",
     "3: invalid YAML: a tab character; YAML indents with spaces only (column 1)"),
    ("input_shape: [4]\nlayers:\n  - [Flatten, Dense]\n",
     "3: a layer must be a class name (`Flatten`) or a one-key mapping (`Conv2D: {filters: 32, kernel_size: 3}`)"),
    ("input_shape: [4]\nlayers:\n  - Dense: [3]\n",
     "3: the arguments of Dense must be a mapping like `{filters: 32}`, not a list"),
    ("input_shape: [4]\nlayers:\n  - Dense: !!python/object:os.system {units: 3}\n",
     "3: unsupported YAML tag 'tag:yaml.org,2002:python/object:os.system'; specs hold plain data only"),
]


@pytest.mark.parametrize("text, expected", ERRORS, ids=[e[1][:40] for e in ERRORS])
def test_bad_spec_gets_one_error_line_and_exit_2(tmp_path, text, expected):
    path = write(tmp_path, text)
    result = invoke("summary", path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"Error: {path}:{expected}\n"


def test_empty_file(tmp_path):
    path = write(tmp_path, "")
    result = invoke("summary", path)
    assert (result.exit_code, result.stderr) == (
        2, f"Error: {path}: the file is empty; expected a mapping with input_shape and layers\n")


def test_missing_file_and_directory(tmp_path):
    result = invoke("summary", str(tmp_path / "nope.yaml"), str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == (f"Error: {tmp_path / 'nope.yaml'}: no such file\n"
                             f"Error: {tmp_path}: is a directory, not a model file\n")


def test_binary_and_invalid_utf8(tmp_path):
    binary = tmp_path / "b.yaml"
    binary.write_bytes(b"\x7fELF\x00\x01")
    latin = tmp_path / "l.yaml"
    latin.write_bytes(b"name: caf\xe9\ninput_shape: [4]\n")
    result = invoke("summary", str(binary), str(latin))
    assert result.stderr == (f"Error: {binary}: binary data (NUL bytes), not YAML text\n"
                             f"Error: {latin}:1: not valid UTF-8 (byte 0xe9 at offset 9)\n")
    assert result.exit_code == 2


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(tmp_path):
    path = write(tmp_path, "input_shape: [4]\nlayers: [Flatten]\n")
    os.chmod(path, 0)
    result = invoke("summary", path)
    assert (result.exit_code, result.stderr) == (2, f"Error: {path}: permission denied\n")


def test_alias_bomb_is_refused_before_it_expands(tmp_path):
    laughs = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    laughs += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    path = write(tmp_path, "input_shape: [4]\nlayers:\n  - Dense:\n      units: 2\n      kernel_initializer:\n"
                 + "".join(f"        {laugh}\n" for laugh in laughs))
    result = invoke("summary", path)
    assert result.exit_code == 2
    assert "YAML expands to more than 2,000,000 values (an alias bomb?); refusing" in result.stderr


@pytest.mark.parametrize("loader", ["libyaml", "pure Python"])
@pytest.mark.parametrize("depth", [100, 1_200, 100_000])
@pytest.mark.parametrize("closed", [True, False])
def test_deeply_nested_yaml_is_refused_in_convcalc_s_words(tmp_path, monkeypatch, loader, depth, closed):
    """Whichever PyYAML release and loader: PyYAML 6.0.4's parser refuses ~1,000 levels in its own words."""
    if loader == "pure Python":
        monkeypatch.setattr(yaml_nodes, "_Loader", yaml.SafeLoader)
    nested = "[" * depth + ("]" * depth if closed else "")
    path = write(tmp_path, f"input_shape: [4]\nlayers: [Flatten]\ndescription: {nested}\n")
    result = invoke("summary", path)
    assert (result.exit_code, result.stderr) == (2, f"Error: {path}:3: YAML nested more than 64 levels deep\n")


def test_usage_errors_exit_2():
    assert invoke("summary").exit_code == 2
    assert invoke("summary", FASHION, "--format", "xml").exit_code == 2
    assert invoke("frobnicate").exit_code == 2


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0 and result.stdout.startswith("convcalc, version ")


def test_counts_of_one_take_the_singular(tmp_path):
    spec = write(tmp_path, "input_shape: [3, 3, 1]\nlayers: [Conv2D: {filters: 1, kernel_size: 3}]\n")
    result = invoke("explain", spec, "--layer", "conv2d")
    assert result.exit_code == 0
    assert "  MACs: 9 weights × 1 output position = 9\n" in result.stdout
    reshape = write(tmp_path, "input_shape: [1]\nlayers: [Reshape: {target_shape: [2]}]\n", "reshape.yaml")
    assert invoke("summary", reshape).stderr == (
        f"Error: {reshape}:2: reshape (Reshape): cannot reshape (1) (1 value) to (2) (2 values)\n")


def test_summary_and_check_state_one_default_batch_size():
    assert "model.fit's default). [default: 32; x>=1]" in " ".join(invoke("summary", "--help").stdout.split())
    assert "(default 32, as in `summary`; 1: per sample)" in " ".join(invoke("check", "--help").stdout.split())


def test_a_closed_pipe_is_not_an_error():
    """`convcalc summary ... | head`: the reader has what it wanted; no traceback, no exit code 1."""
    import subprocess
    import sys

    specs = [str(path) for path in sorted(SPECS.glob("*.yaml"))] * 3  # far more than a pipe's buffer
    process = subprocess.Popen([sys.executable, "-m", "convcalc", "summary", *specs], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline().startswith(b"Model: ")
    process.stdout.close()
    stderr = process.stderr.read()
    assert (process.wait(timeout=60), stderr) == (0, b"")


def test_a_mistyped_command_gets_the_closest_one():
    result = invoke("sumary", FASHION)
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: No such command 'sumary' (did you mean 'summary'?).\n")
    assert invoke("frobnicate").stderr.endswith("Error: No such command 'frobnicate'.\n")


def test_check_help_lists_every_format_a_directory_is_searched_for():
    from convcalc.project import SPEC_SUFFIXES

    text = " ".join(invoke("check", "--help").stdout.split())
    assert all(f"*{suffix}" in text for suffix in SPEC_SUFFIXES)
    assert "A legacy .h5 model named is read with the optional h5py (pip install 'convcalc[h5]')" in text


def test_explain_shows_the_rows_the_summary_shows(tmp_path):
    """A Sequential model's input is no row of Keras's table, so explain has none either; a functional
    model's inputs are rows of both."""
    sequential = write(tmp_path, "layers:\n  - Input: {shape: [28, 28, 1]}\n  - Conv2D: {filters: 4, kernel_size: 3}\n")
    for path, rows in ((sequential, ["conv2d (Conv2D)"]), (FASHION, None), (str(SPECS / "resnet_block.yaml"), None)):
        summary = json.loads(invoke("summary", path, "--format", "json").stdout)
        titles = [line for line in invoke("explain", path).stdout.splitlines() if line and not line.startswith(" ")]
        assert titles == (rows or [f"{layer['name']} ({layer['type']})" for layer in summary["layers"]])
    assert invoke("explain", sequential, "--layer", "conv2d").stdout.splitlines()[1] == "  input (None, 28, 28, 1)"
