"""The design card, checked: click only in the command line, rich only in the renderers that draw with it,
YAML only in the readers and writers, h5py (optional) only in the .h5 reader, and no module over 400 lines."""

from __future__ import annotations

import ast
import json
import subprocess
import sys

import pytest
from conftest import ROOT

PACKAGE = ROOT / "convcalc"
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_LINES = 400
# Who may import each dependency (paths relative to convcalc/, a folder for every module in it).
ALLOWED = {
    "click": ("cli",),
    "rich": ("render/table.py", "render/report.py"),
    "yaml": ("readers/", "writers/"),
    "h5py": ("readers/keras_config/hdf5.py",),  # the optional extra convcalc[h5]
}


def imported(path) -> set[str]:
    """Top-level packages a module imports, at the top or inside a function (lazy imports count too)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_dependencies_are_imported_only_where_the_design_puts_them(path):
    relative = path.relative_to(PACKAGE).as_posix()
    for package, places in ALLOWED.items():
        if package in imported(path):
            assert any(relative == place or relative.startswith(place.rstrip("/") + "/") or relative == place + ".py"
                       for place in places), f"{relative} imports {package}; only {', '.join(places)} may"


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_no_module_is_over_400_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES


def test_json_output_never_imports_rich():
    code = ("import sys; from convcalc.cli import main; sys.argv = ['convcalc', 'summary', 'specs/fashion_mnist.yaml', "
            "'--format', 'json']\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'rich'), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.stderr.strip().splitlines()[-1] == "[]"
    assert json.loads(result.stdout)["total_params"] == 243786


INTERPRETER = PACKAGE / "readers" / "python_source"
# The framework-neutral interpreter: statements, values, functions, classes. A framework's knowledge is in its
# plug-in's modules (keras_*.py and their mixins, torch_*.py), which the interpreter never imports.
NEUTRAL = ("arguments", "calls", "classes", "constants", "functions", "pure_python", "python_library", "python_names",
           "scope", "statements", "values")
PLUGINS = ("keras_calls", "keras_names", "keras_interpreter", "instances", "models", "operations", "attributes",
           "arrays", "lambdas", "lookups", "cloning", "applications", "subclassed_models", "model_specs",
           "imagenet_preprocessing", "call_inputs", "torch_calls", "torch_forward", "torch_interpreter", "torch_names",
           "torch_ops", "torch_parameters", "torch_values", "torch_vision")


def _relative_imports(path) -> set[str]:
    """The modules of its own package and of convcalc a module imports (`.values`, `...layers`)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            found.add("." * node.level + (node.module or ""))
    return found


@pytest.mark.parametrize("name", NEUTRAL)
def test_the_interpreter_imports_no_framework(name):
    imports = _relative_imports(INTERPRETER / f"{name}.py")
    assert not {item for item in imports if item.lstrip(".") in PLUGINS}, imports
    assert not {item for item in imports if item.startswith("...") and item[3:].split(".")[0] in (
        "layers", "torch_modules", "applications", "engine")}, imports


def test_every_module_of_the_reader_is_neutral_or_a_plugins():
    names = {path.stem for path in INTERPRETER.glob("*.py")} - {"__init__"}
    assert names == set(NEUTRAL) | set(PLUGINS)
