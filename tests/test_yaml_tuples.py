"""Python's tuple syntax in a YAML spec: the error says how to write it."""

from __future__ import annotations

import pytest

import convcalc

SPEC = "input_shape: [28, 28, 1]\nlayers:\n  - Conv2D: {filters: 8, %s}\n"


BLOCK = "input_shape: [28, 28, 1]\nlayers:\n  - Conv2D:\n      filters: 8\n      %s\n"


@pytest.mark.parametrize(("spec", "advice"), [
    (BLOCK % "kernel_size: (5,5)", "write a list, [5, 5]"),  # the text "(5,5)"
    (BLOCK % "kernel_size: (3, 2)", "write a list, [3, 2]"),
    (SPEC % "kernel_size: (3,3)", "write a list, [3, 3]"),  # in {...} the comma splits it: an argument `3)`
    (SPEC % "kernel_size: (5, 5)", "write a list, [5, 5]"),
])
def test_tuple_in_yaml_says_write_a_list(spec, advice):
    with pytest.raises(convcalc.SpecError) as caught:
        convcalc.summarize(text=spec)
    assert "YAML has no tuples" in str(caught.value) and advice in str(caught.value)
    assert caught.value.line in (3, 5)


def test_no_advice_for_other_text():
    with pytest.raises(convcalc.SpecError) as caught:
        convcalc.summarize(text=SPEC % "kernel_size: three")
    assert "tuples" not in str(caught.value)
