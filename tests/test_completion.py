"""Shell completion through click's own machinery (`_CONVCALC_COMPLETE=bash_complete`, as the bash script calls it)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import SPECS

from convcalc.cli import cli

FASHION = str(SPECS / "fashion_mnist.yaml")


def complete(*words: str, shell: str = "bash") -> list[str]:
    """What the shell is offered for the last word of `convcalc WORDS...` (bash: "type,value" lines)."""
    env = {"_CONVCALC_COMPLETE": f"{shell}_complete", "COMP_WORDS": " ".join(("convcalc",) + words),
           "COMP_CWORD": str(len(words))}
    result = CliRunner().invoke(cli, [], env=env, prog_name="convcalc")
    assert result.exit_code == 0, result.output
    return [line for line in result.stdout.splitlines() if line]


@pytest.mark.parametrize("words", [
    ("summary", "spe"),
    ("summary", FASHION, "spe"),
    ("explain", "spe"),
    ("check", "spe"),
])
def test_spec_paths_complete_as_files(words):
    assert complete(*words) == ["file,spe"]


def test_formats_complete_as_their_choices():
    assert complete("summary", "--format", "") == ["plain,table", "plain,json", "plain,jsonl", "plain,markdown"]
    assert complete("summary", "--format", "js") == ["plain,json", "plain,jsonl"]
    assert complete("check", "--format", "") == ["plain,text", "plain,json", "plain,github", "plain,junit"]


def test_columns_complete_the_name_after_the_last_comma():
    assert complete("summary", "--columns", "layer,out") == ["plain,layer,output_shape", "plain,layer,output_bytes",
                                                             "plain,layer,output_size"]  # torchinfo's, last
    assert complete("summary", "--columns", "r") == ["plain,rf", "plain,rf_start"]
    assert "plain,layer,params,layer" not in complete("summary", "--columns", "layer,params,")


def test_layer_names_complete_from_the_spec():
    assert complete("explain", FASHION, "--layer", "") == [
        f"plain,{name}" for name in ("input_layer", "conv2d", "max_pooling2d", "conv2d_1", "max_pooling2d_1",
                                     "flatten", "hidden", "dense")]
    assert complete("explain", FASHION, "--layer", "max") == ["plain,max_pooling2d", "plain,max_pooling2d_1"]


def test_layer_names_of_a_spec_that_cannot_be_read_complete_to_nothing(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("layers: [Flaten]\n", encoding="utf-8")
    assert complete("explain", str(broken), "--layer", "") == []
    assert complete("explain", str(tmp_path / "missing.yaml"), "--layer", "") == []


@pytest.mark.parametrize("shell, marker", [("bash", "complete -o nosort -F _convcalc_completion convcalc"),
                                           ("zsh", "#compdef convcalc"),
                                           ("fish", "complete --no-files --command convcalc")])
def test_the_scripts_readme_tells_users_to_source(shell, marker):
    result = CliRunner().invoke(cli, [], env={"_CONVCALC_COMPLETE": f"{shell}_source"}, prog_name="convcalc")
    assert result.exit_code == 0
    assert marker in result.stdout
