"""convcalc.summarize: one naming rule for every way a spec is given, specs as Python mappings, clear TypeErrors."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import SPECS

import convcalc
from convcalc.cli import cli

CHAIN = "input_shape: [28, 28, 1]\nlayers:\n  - Conv2D: {filters: 4, kernel_size: 3}\n  - Flatten\n"
GRAPH = "inputs: {image: [8]}\nlayers:\n  - Dense: {units: 2, inputs: image}\n"


def test_unnamed_text_is_named_as_standard_input_names_it():
    for text, keras_default in ((CHAIN, "sequential"), (GRAPH, "functional")):
        from_stdin = CliRunner().invoke(cli, ["summary", "-", "--format", "json"], input=text)
        assert convcalc.summarize(text=text).name == keras_default
        assert f'"name":"{keras_default}"' in from_stdin.stdout
    assert convcalc.summarize(text=CHAIN, name="mine").name == "mine"
    assert convcalc.summarize(text="name: own\n" + CHAIN, name="mine").name == "own"


def test_a_mapping_is_read_like_its_yaml():
    mapping = {"input_shape": (28, 28, 1), "layers": [{"Conv2D": {"filters": 4, "kernel_size": 3}}, "Flatten"]}
    assert convcalc.summarize(mapping) == convcalc.summarize(text=CHAIN)._replace(source="<dict>")
    assert convcalc.summarize(mapping).name == "sequential"


def test_a_mapping_with_mistakes_names_each_layer_without_lines():
    mapping = {"input_shape": [4], "layers": [{"Dense": {"units": 0}}, {"Dense": {"units": 2, "activation": "relu6x"}}]}
    with pytest.raises(convcalc.SpecErrors) as caught:
        convcalc.summarize(mapping)
    assert caught.value.lines() == [
        "<dict>: dense (Dense): `units` must be a positive integer, received 0",
        "<dict>: dense_1 (Dense): `activation` must name a Keras activation, received 'relu6x' "
        "(did you mean 'relu6'?)",
    ]


def test_a_mapping_holding_an_object_is_a_spec_error():
    with pytest.raises(convcalc.SpecError) as caught:
        convcalc.summarize({"input_shape": [4], "layers": [{"Dense": {"units": object}}]})
    assert str(caught.value) == ("<dict>: a spec holds plain data (str, int, float, bool, None, lists and mappings), "
                                 "not type <class 'object'>")


# The wrong types are the point: mypy is told so.
@pytest.mark.parametrize("call, message", [
    (lambda: convcalc.summarize(42),  # type: ignore[arg-type]
     "summarize() takes a spec file's path (str or os.PathLike) or a mapping, not int; for YAML text use "
     "summarize(text=...)"),
    (lambda: convcalc.summarize(["layers"]),  # type: ignore[arg-type]
     "summarize() takes a spec file's path (str or os.PathLike) or a mapping, not list; for YAML text use "
     "summarize(text=...)"),
    (lambda: convcalc.summarize(text=b"layers: []"),  # type: ignore[arg-type]
     "summarize(text=...) takes the spec's YAML as str, not bytes"),
    (lambda: convcalc.summarize(), "summarize() takes one spec: a path or a mapping, or text="),
    (lambda: convcalc.summarize(SPECS / "fashion_mnist.yaml", text=CHAIN),
     "summarize() takes one spec: a path or a mapping, or text="),
])
def test_wrong_types_raise_a_clear_type_error(call, message):
    with pytest.raises(TypeError) as caught:
        call()
    assert str(caught.value) == message
