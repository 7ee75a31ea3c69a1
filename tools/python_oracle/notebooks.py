"""A notebook's code cells run as Jupyter runs them, for the oracle (IPython must be importable).

IPython's own transformer turns each cell into Python, and the stand-in for get_ipython() runs the magics whose
body or line is Python as IPython does (%time, and %%time, %%timeit once, %%capture, %%prun) and nothing else:
shell commands, %%bash, %%writefile and the other magics do nothing, and `x = !cmd` captures an empty list.
"""

from __future__ import annotations

import json
from typing import Any

from IPython.core.inputtransformer2 import TransformerManager  # type: ignore[import-not-found, unused-ignore]

PYTHON_MAGICS = frozenset(("time", "timeit", "capture", "prun"))


class _Shell:
    def __init__(self, namespace: dict[str, Any]):
        self.namespace = namespace
        self.transformer = TransformerManager()

    def run(self, code: str) -> None:
        exec(compile(self.transformer.transform_cell(code), "<cell>", "exec"), self.namespace)

    def system(self, command: str) -> None:
        return None

    def getoutput(self, command: str) -> list[str]:
        return []

    def run_line_magic(self, name: str, line: str, *args: Any) -> Any:
        if name != "time":
            return None
        try:  # %time of an expression gives its value
            return eval(compile(line, "<magic>", "eval"), self.namespace)
        except SyntaxError:
            self.run(line)
            return None

    def run_cell_magic(self, name: str, line: str, cell: str) -> None:
        if name in PYTHON_MAGICS:
            self.run(cell)


def cell_sources(path: str) -> list[str]:
    """The code cells' text, in order (nbformat 4, or 3's worksheets)."""
    with open(path, encoding="utf-8") as handle:
        document = json.load(handle)
    if document["nbformat"] == 3:
        cells = [cell for sheet in document["worksheets"] for cell in sheet["cells"]]
        key = "input"
    else:
        cells, key = document["cells"], "source"
    return ["".join(cell[key]) if isinstance(cell[key], list) else cell[key]
            for cell in cells if cell["cell_type"] == "code"]


def run(path: str) -> dict[str, Any]:
    """The namespace the notebook leaves, its cells run in order in one session."""
    namespace: dict[str, Any] = {"__name__": "__main__"}
    shell = _Shell(namespace)
    namespace["get_ipython"] = lambda: shell
    for source in cell_sources(path):
        shell.run(source)
    return {name: value for name, value in namespace.items() if name != "get_ipython"}
