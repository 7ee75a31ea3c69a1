"""Command line of the oracle: record, signatures, run FILE (see the package docstring)."""

from __future__ import annotations

import os

os.environ["KERAS_BACKEND"] = "jax"  # before Keras is imported
os.environ["COLUMNS"] = "200"  # Keras's default summary width, whatever the terminal

import json  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests" / "python_source"


def _write(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def record_all() -> None:
    out = TESTS / "fixtures"
    out.mkdir(exist_ok=True)
    for example in sorted((TESTS / "examples").glob("*.py")):
        result = subprocess.run([sys.executable, "-m", "tools.python_oracle", "run", str(example)], cwd=ROOT,
                                capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
        if result.returncode:
            raise SystemExit(f"{example}: Keras failed:\n{result.stderr}")
        data = json.loads(result.stdout.splitlines()[-1])
        data["file"] = example.relative_to(ROOT).as_posix()
        _write(out / f"{example.stem}.json", data)
        print(f"{example.name}: {', '.join(m['name'] for m in data['models'])}")


def main() -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "run" and len(sys.argv) == 3:
        from .record import main as run

        run(sys.argv[2])
    elif command == "record":
        record_all()
    elif command == "signatures":
        from .signatures import record

        _write(TESTS / "keras_signatures.json", record())
    else:
        raise SystemExit(__doc__)


main()
