"""The wheel check that .ci/run applies to the built wheel: every module of convcalc/ must be in it."""

from __future__ import annotations

import importlib.util
import zipfile

from conftest import ROOT

SPEC = importlib.util.spec_from_file_location("wheel_has_every_module", ROOT / ".ci" / "wheel_has_every_module.py")
assert SPEC and SPEC.loader
CHECK = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(CHECK)


def test_a_wheel_without_a_subpackage_is_caught(tmp_path):
    modules = sorted(path.relative_to(ROOT).as_posix() for path in (ROOT / "convcalc").rglob("*.py"))
    whole, partial = tmp_path / "whole.whl", tmp_path / "partial.whl"
    with zipfile.ZipFile(whole, "w") as archive:
        for module in modules:
            archive.writestr(module, "")
    with zipfile.ZipFile(partial, "w") as archive:
        for module in modules:
            if not module.startswith("convcalc/readers/"):
                archive.writestr(module, "")
    assert CHECK.missing(str(whole), ROOT) == []
    assert CHECK.missing(str(partial), ROOT) == [m for m in modules if m.startswith("convcalc/readers/")] != []
