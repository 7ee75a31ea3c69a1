"""Broken notebooks never crash the notebook reader, and nothing in one is ever run: property-based tests.

Random JSON where a notebook's keys are expected, and the test notebooks with their cells mutated (IPython lines,
open brackets and strings, backslashes, junk cell types and counts, cells that would write a marker file if run):
the reader gives a model (which the engine and both writers then handle) or raises a one-line ConvcalcError, and
no marker file ever appears. CONVCALC_FUZZ_EXAMPLES=20000 python -m pytest tests/test_notebook_fuzz.py runs longer.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convcalc import engine
from convcalc.errors import ConvcalcError
from convcalc.readers import notebook
from convcalc.writers import python_code, yaml_spec

EXAMPLES = int(os.environ.get("CONVCALC_FUZZ_EXAMPLES", "300"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NOTEBOOKS = sorted((ROOT / "tests" / "python_source").rglob("*.ipynb"))
DOCUMENTS = [json.loads(path.read_text(encoding="utf-8")) for path in NOTEBOOKS]
MARKER = "MARKER"
# Lines that would leave the marker file if anything ran them, in every form a cell can hold them.
SIDE_EFFECTS = [f"!touch {MARKER}", f"%%bash\ntouch {MARKER}", f"%%writefile {MARKER}\nran", f"%run make_{MARKER}.py",
                f"import os\nos.system('touch {MARKER}')", f"open('{MARKER}', 'w').close()",
                f"x = !touch {MARKER}", f"%time open('{MARKER}', 'w').close()",
                f"%%capture\n__import__('os').system('touch {MARKER}')", f"exec(\"open('{MARKER}', 'w')\")",
                f"get_ipython().system('touch {MARKER}')", f"def f():\n    !touch {MARKER}\nf()"]
IPYTHON = ["!ls", "%matplotlib inline", "%%time", "%%bash", "x = !ls \\", "%time", "model?", "??", "\\", "'''", '"',
           "(", ")", "[", "    ", "\t", "%%", "!", "%", "files = %sx ls", "from __future__ import annotations", "#",
           "\r", "\x00", "é", "\u2028", "model = keras.Sequential()", "layers.Dense(3)", "None"]
KEYS = ["nbformat", "cells", "cell_type", "source", "execution_count", "worksheets", "input", "prompt_number",
        "metadata", "language_info", "kernelspec", "name", "language", "code", "markdown", "python", "R"]
scalars = st.none() | st.booleans() | st.integers(-2, 6) | st.sampled_from(KEYS + SIDE_EFFECTS + IPYTHON)
values = st.recursive(
    scalars | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=5),
    max_leaves=20)


@st.composite
def mutated(draw):
    """A test notebook with some cells changed, added or removed."""
    document = json.loads(json.dumps(draw(st.sampled_from(DOCUMENTS))))
    cells = document["cells"] if "cells" in document else document["worksheets"][0]["cells"]
    key = "source" if "cells" in document else "input"
    for _ in range(draw(st.integers(1, 4))):
        change = draw(st.sampled_from(["line", "cut", "cell", "drop", "type", "count"]))
        if change == "cell" or not cells:
            cells.insert(draw(st.integers(0, len(cells))), {"cell_type": "code", key: draw(
                st.sampled_from(SIDE_EFFECTS + IPYTHON))})
            continue
        cell = cells[draw(st.integers(0, len(cells) - 1))]
        text = cell.get(key, "")
        text = "".join(text) if isinstance(text, list) else str(text)
        if change == "line":
            lines = text.split("\n")
            lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(IPYTHON + SIDE_EFFECTS)))
            cell[key] = "\n".join(lines)
        elif change == "cut":
            cell[key] = text[:draw(st.integers(0, len(text)))]
        elif change == "drop":
            cells.remove(cell)
        elif change == "type":
            cell["cell_type"] = draw(st.sampled_from(["code", "markdown", "raw", "heading", 3]))
        else:
            cell["execution_count" if key == "source" else "prompt_number"] = draw(values)
    return json.dumps(document)


def read_in_a_clean_folder(text: str) -> None:
    """Read the notebook as `summary` does, in an empty folder that must stay empty but for it."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "lesson.ipynb"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        before = os.getcwd()
        os.chdir(folder)
        try:
            model = notebook.load("lesson.ipynb")
            engine.compute(model)
            python_code.write(model)
            yaml_spec.write(model)
        except ConvcalcError as error:
            assert "\n" not in str(error) and all("\n" not in line for line in error.lines())
        finally:
            os.chdir(before)
        assert [item.name for item in Path(folder).iterdir()] == ["lesson.ipynb"]


@FUZZ
@given(mutated())
def test_a_broken_notebook_is_a_model_or_one_line_error_and_never_runs(text):
    read_in_a_clean_folder(text)


@FUZZ
@given(values)
def test_any_json_is_a_model_or_one_line_error(document):
    read_in_a_clean_folder(json.dumps(document))


@FUZZ
@given(st.binary(max_size=200) | st.sampled_from([b"", b"{", b'{"nbformat": 4, "cells": [', b"\xff\xfe{}"]))
def test_any_bytes_are_a_model_or_one_line_error(data):
    try:
        notebook.parse(data, "lesson.ipynb")
    except ConvcalcError as error:
        assert "\n" not in str(error)
