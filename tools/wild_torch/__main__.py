"""Command line of tools.wild_torch (see the package docstring)."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from tools.wild_keras.corpus import command_line, shared_command
from tools.wild_keras.manifest import write_fixture

from . import manifest


def _record(ids: list[str], corpus: Path) -> None:
    """Run each file's cut in its own torch process (two at a time) and write its fixture."""
    manifest.FIXTURES.mkdir(parents=True, exist_ok=True)
    items = [item for item in manifest.entries() if not ids or item["id"] in ids]
    with ThreadPoolExecutor(max_workers=2) as pool:
        for line in pool.map(lambda item: _record_one(item, corpus), items):
            print(line, flush=True)


def _record_one(item: dict[str, Any], corpus: Path) -> str:
    text = manifest.cut_text(item, corpus)
    done = subprocess.run([sys.executable, "-m", "tools.wild_torch", "run", item["id"], "--corpus", str(corpus)],
                          cwd=manifest.ROOT, capture_output=True, text=True, timeout=900)
    if done.returncode:
        return f"{item['id']}: the torch run itself failed (no fixture written):\n{done.stderr[-2000:]}"
    data = json.loads(done.stdout.splitlines()[-1])
    fixture = {"id": item["id"], "cut_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(), **data}
    write_fixture(manifest.FIXTURES / f"{item['id']}.json", fixture)
    told = [f"{m['model']} {m['error'] or 'ok'}" for m in data["models"]]
    return f"{item['id']}: {data['error'] or '; '.join(told)}"


def _run(file_id: str, corpus: Path) -> None:
    item = manifest.entry(file_id)
    from .torch_run import run

    sys.stdout.write(json.dumps(run(manifest.cut_text(item, corpus), item["models"]), sort_keys=True) + "\n")


def main() -> None:
    options = command_line("python -m tools.wild_torch", __doc__, ["run", "record"], manifest.DEFAULT_CORPUS)
    if shared_command(manifest.CORPUS, options):
        return
    if options.command == "run":
        _run(options.args[0], options.corpus)
    elif options.command == "record":
        _record(options.args, options.corpus)
    else:
        from .report import main as report

        report(options.args, options.corpus, options.json, options.mark_exact)


main()
