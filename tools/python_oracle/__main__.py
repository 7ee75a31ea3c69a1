"""Command line of the oracle: record, signatures, run FILE (see the package docstring)."""

from __future__ import annotations

import os

os.environ["KERAS_BACKEND"] = "jax"  # before Keras is imported
os.environ["COLUMNS"] = "200"  # Keras's default summary width, whatever the terminal

import hashlib  # noqa: E402
import json  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests" / "python_source"


def _write(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def record_all(examples: str = "examples", pattern: str = "*.py", fixtures: str = "fixtures") -> None:
    out = TESTS / fixtures
    out.mkdir(exist_ok=True)
    for example in sorted((TESTS / examples).glob(pattern)):
        data = _keras_run(example)
        data["file"] = example.relative_to(ROOT).as_posix()
        _write(out / f"{example.stem}.json", data)
        print(f"{example.name}: {', '.join(m['name'] for m in data['models'])}")


def _keras_run(path: Path) -> dict[str, Any]:
    result = subprocess.run([sys.executable, "-m", "tools.python_oracle", "run", str(path)], cwd=ROOT,
                            capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    if result.returncode:
        raise SystemExit(f"{path}: Keras failed:\n{result.stderr}")
    return json.loads(result.stdout.splitlines()[-1])


def record_written() -> None:
    """The Keras code `convcalc convert --to python` writes for each spec in specs/, run with real Keras."""
    import tempfile

    sys.path.insert(0, str(ROOT))
    from convcalc import readers
    from convcalc.writers import python_code

    out = TESTS / "written"
    out.mkdir(exist_ok=True)
    for spec in sorted((ROOT / "specs").glob("*.yaml")):
        origin = spec.relative_to(ROOT).as_posix()
        code = python_code.write(readers.load(origin), origin)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"{spec.stem}.py"
            path.write_text(code, encoding="utf-8")
            built = _keras_run(path)["models"][-1]
        # The summaries as digests: the large models' tables would weigh megabytes (tests/oracle has them in full).
        digests = {f"{key}_sha256": hashlib.sha256(built[key].encode("utf-8")).hexdigest()
                   for key in ("summary", "summary_show_trainable")}
        kept = {key: built[key] for key in ("name", "total_params", "trainable_params", "line_length",
                                            "line_length_show_trainable")}
        _write(out / f"{spec.stem}.json", {"spec": origin, "code": code, **kept, **digests})
        print(f"{spec.name}: {built['name']}")


def record_applications(pattern: str = "*.py") -> None:
    """Lessons built on keras.applications (tests/python_source/applications/*.py), every model in a variable
    recorded with its summaries as digests: a base's table alone is tens of kilobytes."""
    folder = TESTS / "applications"
    out = folder / "fixtures"
    out.mkdir(exist_ok=True)
    for example in sorted(folder.glob(pattern)):
        data = _keras_run(example)
        data["file"] = example.relative_to(ROOT).as_posix()
        for model in data["models"]:
            for key in ("summary", "summary_show_trainable"):
                model[f"{key}_sha256"] = hashlib.sha256(model.pop(key).encode("utf-8")).hexdigest()
        _write(out / f"{example.stem}.json", data)
        print(f"{example.name}: {', '.join(m['name'] for m in data['models'])}")


def main() -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "run" and len(sys.argv) == 3:
        from .record import main as run

        run(sys.argv[2])
    elif command == "record":
        record_all(pattern=sys.argv[2] if len(sys.argv) > 2 else "*.py")
    elif command == "notebooks":
        record_all("notebooks", "*.ipynb", "notebook_fixtures")
    elif command == "subclassed":
        record_all("subclassed", "*.py", "subclassed_fixtures")
    elif command == "applications":
        record_applications(sys.argv[2] if len(sys.argv) > 2 else "*.py")
    elif command == "written":
        record_written()
    elif command == "signatures":
        from .signatures import record

        _write(TESTS / "keras_signatures.json", record())
    else:
        raise SystemExit(__doc__)


main()
