"""Print `name==X` for every `name>=X` that pyproject.toml declares (dependencies and extras).

.ci/run installs these as constraints, so that the lowest versions convcalc promises are the ones tested
(the usual lowest-direct resolution: what they depend on resolves as usual).
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

project = tomllib.loads(Path(sys.argv[1] if len(sys.argv) > 1 else "pyproject.toml").read_text())["project"]
requirements = list(project["dependencies"])
for extra in project.get("optional-dependencies", {}).values():
    requirements += extra
for requirement in requirements:
    match = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)(\[[^\]]*\])?\s*>=\s*([^,;\s]+)\s*", requirement)
    if match is None:
        sys.exit(f"pyproject.toml: {requirement!r} has no plain '>=' floor to test")
    print(f"{match.group(1)}=={match.group(3)}")
