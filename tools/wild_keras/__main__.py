"""Command line of tools.wild_keras (see the package docstring)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from . import manifest, slicing, source
from .corpus import command_line, shared_command


def _record(ids: list[str], corpus: Path) -> None:
    """Run each file's cut in its own Keras process (two at a time) and write its fixture."""
    manifest.FIXTURES.mkdir(parents=True, exist_ok=True)
    items = [item for item in manifest.entries() if not ids or item["id"] in ids]
    if ids == ["changed"]:  # only the files whose cut is not the one their fixture was recorded from
        items = [item for item in manifest.entries() if _stale(item, corpus)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        for line in pool.map(lambda item: _record_one(item, corpus), items):
            print(line, flush=True)


def _stale(item: dict[str, Any], corpus: Path) -> bool:
    path = manifest.FIXTURES / f"{item['id']}.json"
    digest = hashlib.sha256(manifest.cut_text(item, corpus).encode("utf-8")).hexdigest()
    if not path.exists():
        return True
    truth = manifest.fixture(item["id"])
    return bool(truth["cut_sha256"] != digest or truth.get("backend") != manifest.backend(item, corpus))


def _record_one(item: dict[str, Any], corpus: Path) -> str:
    text = manifest.cut_text(item, corpus)
    env = {**os.environ, "KERAS_BACKEND": manifest.backend(item, corpus), "COLUMNS": "200", "PYTHONHASHSEED": "0",
           "TF_CPP_MIN_LOG_LEVEL": "3"}
    done = subprocess.run([sys.executable, "-m", "tools.wild_keras", "run", item["id"], "--corpus", str(corpus)],
                          cwd=manifest.ROOT, capture_output=True, text=True, env=env, timeout=900)
    if done.returncode:
        return f"{item['id']}: the Keras run itself failed (no fixture written):\n{done.stderr[-2000:]}"
    data = json.loads(done.stdout.splitlines()[-1])
    for model in data["models"]:
        for key in ("summary", "summary_show_trainable"):
            if len(model[key]) > manifest.MAX_SUMMARY_CHARS:
                model[f"{key}_sha256"] = hashlib.sha256(model.pop(key).encode("utf-8")).hexdigest()
    fixture = {"id": item["id"], "cut_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(), **data}
    manifest.write_fixture(manifest.FIXTURES / f"{item['id']}.json", fixture)
    return f"{item['id']}: {data['error'] or ', '.join(m['name'] for m in data['models']) or 'no model'}"


def _run(file_id: str, corpus: Path) -> None:
    item = manifest.entry(file_id)
    os.environ["KERAS_BACKEND"] = manifest.backend(item, corpus)
    text = manifest.cut_text(item, corpus)
    from .keras_run import run

    sys.stdout.write(json.dumps(run(text), sort_keys=True) + "\n")


def _propose(file_id: str, corpus: Path) -> None:
    items = manifest.entries()
    for item in items:
        if item["id"] == file_id:
            recipe = item["cut"]
            names = slicing.bound_names("\n".join(recipe.get("constants", [])))
            lines = slicing.propose(source.script(manifest.local(item, corpus)), names,
                                    set(source.parse_ranges(recipe.get("drop", ""))))
            lines += source.parse_ranges(recipe.get("add", ""))
            recipe["keep"] = source.format_ranges(lines)
            print(f"{file_id}: keep {recipe['keep']}")
    manifest.save(items)


def main() -> None:
    options = command_line("python -m tools.wild_keras", __doc__, ["propose", "run", "record"], manifest.DEFAULT_CORPUS)
    if shared_command(manifest.CORPUS, options):
        return
    if options.command == "propose":
        for file_id in options.args:
            _propose(file_id, options.corpus)
    elif options.command == "run":
        _run(options.args[0], options.corpus)
    elif options.command == "record":
        _record(options.args, options.corpus)
    else:
        from .report import main as report

        report(options.args, options.corpus, options.json, options.mark_exact)


main()
