"""The manifest (corpus.json): which third-party files make the corpus, and each one's recipe for its cut."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from . import source

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = Path(__file__).with_name("corpus.json")
FIXTURES = ROOT / "tests" / "wild_keras" / "fixtures"
DEFAULT_CORPUS = Path(os.environ.get("CONVCALC_KERAS_CORPUS", "/work/corpus/keras"))
# Summaries longer than this are kept as SHA-256 digests, as tools/python_oracle does for large models.
MAX_SUMMARY_CHARS = 3000


def entries() -> list[dict[str, Any]]:
    return list(json.loads(MANIFEST.read_text(encoding="utf-8"))["files"])


def entry(file_id: str) -> dict[str, Any]:
    for item in entries():
        if item["id"] == file_id:
            return item
    raise SystemExit(f"no file {file_id!r} in {MANIFEST}")


def save(items: list[dict[str, Any]]) -> None:
    data = json.loads(MANIFEST.read_text(encoding="utf-8"))
    data["files"] = items
    write_json(MANIFEST, data)


def write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def write_fixture(path: Path, data: object) -> None:
    """Indented JSON with each layer's row on one line: application models have hundreds of rows."""
    text = json.dumps(data, indent=1, ensure_ascii=False)
    row = re.compile(r"\{[^{}\[\]]*(?:\[[^{}\[\]]*\][^{}\[\]]*)*\}")
    text = row.sub(lambda found: json.dumps(json.loads(found.group()), ensure_ascii=False), text)
    path.write_text(text + "\n", encoding="utf-8")


def local(item: dict[str, Any], corpus: Path) -> Path:
    """Where the corpus folder keeps a file: <id> and the original's extension."""
    return corpus / f"{item['id']}{Path(item['path']).suffix}"


def cut_text(item: dict[str, Any], corpus: Path) -> str:
    return source.cut(local(item, corpus), item["cut"])


def backend(item: dict[str, Any], corpus: Path) -> str:
    """The Keras backend the file's author chose (`os.environ["KERAS_BACKEND"] = ...`, or the manifest's
    `backend` for a file written for TensorFlow's ops without saying so), else JAX."""
    found = re.search(r"""^os\.environ\[["']KERAS_BACKEND["']\]\s*=\s*["'](\w+)["']""",
                      source.script(local(item, corpus)), re.MULTILINE)
    return str(item.get("backend") or (found.group(1) if found else "jax"))


def fixture(file_id: str) -> dict[str, Any]:
    return dict(json.loads((FIXTURES / f"{file_id}.json").read_text(encoding="utf-8")))


def fetch_check(corpus: Path) -> list[str]:
    """One line per file that is missing or differs from the manifest's digest; empty when all agree."""
    problems = []
    for item in entries():
        path = local(item, corpus)
        if not path.exists():
            problems.append(f"{path}: missing ({item['repo']}@{item['commit'][:12]}:{item['path']})")
        elif source.digest(path) != item["sha256"]:
            problems.append(f"{path}: sha256 differs from the manifest's")
    return problems
