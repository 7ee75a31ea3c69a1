"""Keras's layer aliases (MaxPool2D for MaxPooling2D, ...): the same list as Keras's, and the class itself."""

from __future__ import annotations

import json

import pytest
import yaml
from conftest import ROOT

import convcalc
from convcalc.errors import SpecError
from convcalc.layers import ALIASES, REGISTRY, snake_case

KERAS_ALIASES = json.loads((ROOT / "tests" / "fixtures" / "keras_layer_aliases.json").read_text(encoding="utf-8"))


def test_the_alias_table_is_keras_own_list():
    """Every alias Keras exports is in the registry (bar classes convcalc does not model), and no other."""
    keras_aliases = {alias: cls for alias, cls in KERAS_ALIASES["aliases"].items() if cls in REGISTRY}
    assert ALIASES == keras_aliases
    assert set(KERAS_ALIASES["aliases"]) - set(ALIASES) == {"GroupQueryAttention"}


@pytest.mark.parametrize("alias", sorted(ALIASES))
def test_an_alias_is_the_class_itself(alias):
    cls = ALIASES[alias]
    rank = int(cls[cls.index("D") - 1])
    entry = {"filters": 2, "kernel_size": 3} if "Conv" in cls else {} if "Global" in cls else {"pool_size": 2}
    head = f"input_shape: {[12] * rank + [3]}\nlayers:\n"
    aliased = convcalc.summarize(text=head + yaml.safe_dump([{alias: entry}]))
    named = convcalc.summarize(text=head + yaml.safe_dump([{cls: entry}]))
    assert [(layer.name, layer.type) for layer in aliased.layers] == [(snake_case(cls), cls)]
    assert aliased == named


def test_an_unknown_alias_like_name_suggests_the_alias():
    with pytest.raises(SpecError, match=r"unknown layer type 'MaxPoo2D' \(did you mean 'MaxPool2D'\?\)"):
        convcalc.summarize(text="input_shape: [4, 4, 1]\nlayers: [MaxPoo2D]\n")
