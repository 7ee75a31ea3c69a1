"""IPython's syntax in a cell made plain Python line for line (convcalc/readers/ipython_syntax.py)."""

from __future__ import annotations

import pytest

from convcalc.readers.ipython_syntax import UNKNOWN, python_of

# cell -> the Python lines it becomes (the same number of lines, each where it was)
CELLS = {
    "!pip install -q tensorflow\nimport keras": ["pass", "import keras"],
    "%matplotlib inline\n%load_ext tensorboard": ["pass", "pass"],
    "for i in range(3):\n    !echo $i\n    %time f(i)": ["for i in range(3):", "    pass", "    f(i)"],
    "!pip install \\\n    keras \\\n    numpy\nx = 1": ["pass", "", "", "x = 1"],
    "files = !ls data\na, b = %sx ls": [f"files = {UNKNOWN}", f"a, b = {UNKNOWN}"],
    "losses = %time model.evaluate(x)": [f"losses = {UNKNOWN}"],
    "model.summary?\n??keras.layers.Dense\nmodel?  # help\nmodel.layers[0]?": ["pass", "pass", "pass", "pass"],
    "print('why?')\nx = 'a?'": ["print('why?')", "x = 'a?'"],
    "text = '''\n!not a command\n%not a magic\n'''": ["text = '''", "!not a command", "%not a magic", "'''"],
    'layers = [\n    1,\n    # !a comment\n]': ["layers = [", "    1,", "    # !a comment", "]"],
    "x = (1 +\n%2)": ["x = (1 +", "%2)"],  # inside brackets: the modulo operator, not a magic
    "x = 1 + \\\n!2": ["x = 1 + \\", "!2"],  # a continued line is not the start of one (and not Python)
    "s = 'it\\'s # not a comment' \\\n!ls": ["s = 'it\\'s # not a comment' \\", "!ls"],
    "x = 1  # a comment \\\n!ls": ["x = 1  # a comment \\", "pass"],
    "%%time\nhistory = model.fit(x)": ["", "history = model.fit(x)"],
    "\n%%capture\n!pip install x\nimport keras": ["", "", "pass", "import keras"],
    "%%timeit\nf()": ["", "f()"],
    "from __future__ import annotations\nx = 1": ["pass", "x = 1"],
    "a != b\nx %= 3\ny = a % b": ["a != b", "x %= 3", "y = a % b"],
}


@pytest.mark.parametrize("cell", CELLS, ids=list(CELLS))
def test_ipython_lines_become_python_in_place(cell):
    made = python_of(cell)
    assert made is not None
    assert made.lines == CELLS[cell]


@pytest.mark.parametrize("cell", ["%%bash\nmodel = 1", "%%writefile model.py\nimport keras", "%%html\n<b>x</b>",
                                  "\n\n%%javascript\nalert(1)", "%%script python\nx = 1"])
def test_a_cell_magic_that_is_not_python_leaves_the_cell_out(cell):
    assert python_of(cell) is None


def test_what_an_unknown_value_stands_for_and_the_columns_a_kept_statement_moved():
    made = python_of("x = 1\nfiles = !ls -1 data \\\n    | head\n  %time y = f()")
    assert made is not None
    assert made.commands == {1: "!ls -1 data"}
    assert made.cuts == [0, 0, 0, 6]
    assert made.lines == ["x = 1", f"files = {UNKNOWN}", "", "  y = f()"]


def test_windows_and_old_mac_line_ends_are_lines():
    made = python_of("!ls\r\nx = 1\r!pwd")
    assert made is not None and made.lines == ["pass", "x = 1", "pass"]
