"""Fail unless the wheel holds every module of convcalc/ in this checkout (a package left out of
[tool.setuptools.packages.find] would otherwise only show when an installed convcalc fails to import)."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path


def missing(wheel: str, root: Path) -> list[str]:
    modules = {path.relative_to(root).as_posix() for path in (root / "convcalc").rglob("*.py")}
    with zipfile.ZipFile(wheel) as archive:
        return sorted(modules - set(archive.namelist()))


if __name__ == "__main__":
    wheel_path = sys.argv[1]
    left_out = missing(wheel_path, Path(__file__).resolve().parent.parent)
    for module in left_out:
        print(f"{wheel_path}: {module} is missing", file=sys.stderr)
    sys.exit(1 if left_out else 0)
