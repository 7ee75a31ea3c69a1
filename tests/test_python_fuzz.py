"""Broken lessons never crash the Python reader: property-based mutations of the example files.

Lines deleted, duplicated, cut short or with a number, a bracket or a name swapped for another: the reader either
gives a model (which the engine and both writers then handle) or raises a one-line ConvcalcError.
CONVCALC_FUZZ_EXAMPLES=20000 python -m pytest tests/test_python_fuzz.py  runs a longer campaign.
"""

from __future__ import annotations

import os
import re

from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convcalc import engine
from convcalc.errors import ConvcalcError
from convcalc.readers import python_source
from convcalc.readers.files import INPUT_SIZE
from convcalc.writers import python_code, yaml_spec

FILES = sorted((ROOT / "tests" / "python_source").rglob("*.py"))
TEXTS = [path.read_text(encoding="utf-8") for path in FILES]
EXAMPLES = int(os.environ.get("CONVCALC_FUZZ_EXAMPLES", "300"))
TOKENS = ["0", "-1", "None", "'a'", "x", "", "3.5", "[", ")", "10 ** 9", "model", "layers.Dense(2)", "inputs",
          "*", "range(10 ** 7)", "f'{x}'", "lambda: 1", "model.layers", "(", "True"]


@st.composite
def mutated(draw):
    lines = draw(st.sampled_from(TEXTS)).split("\n")
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, len(lines) - 1))
        change = draw(st.sampled_from(["delete", "duplicate", "cut", "swap"]))
        if change == "delete":
            del lines[index]
        elif change == "duplicate":
            lines.insert(draw(st.integers(0, len(lines))), lines[index])
        elif change == "cut":
            lines[index] = lines[index][:draw(st.integers(0, len(lines[index])))]
        else:
            line = lines[index]
            start = draw(st.integers(0, len(line)))
            lines[index] = line[:start] + draw(st.sampled_from(TOKENS)) + line[start + draw(st.integers(0, 3)):]
        if not lines:
            lines = [""]
    return "\n".join(lines)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_a_broken_lesson_is_a_model_or_one_line_error(text):
    given = re.search(r"--input-size (\S+)", text)  # a PyTorch example's input, while its first line lasts
    try:
        model = python_source.parse(text, "<lesson>", settings={INPUT_SIZE: given.group(1)} if given else None)
        engine.compute(model)
        if model.framework == "keras":
            python_code.write(model)
            yaml_spec.write(model)
    except ConvcalcError as error:
        assert "\n" not in str(error)
