"""The manifest (corpus.json): which third-party files make the corpus, each one's cut and its models."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from tools.wild_keras import source
from tools.wild_keras.manifest import write_json

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = Path(__file__).with_name("corpus.json")
FIXTURES = ROOT / "tests" / "wild_torch" / "fixtures"
DEFAULT_CORPUS = Path(os.environ.get("CONVCALC_TORCH_CORPUS", "/work/corpus/torch"))
TORCHINFO_VERSION = "1.8.0"


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


def local(item: dict[str, Any], corpus: Path) -> Path:
    """Where the corpus folder keeps a file: <id> and the original's extension."""
    return corpus / f"{item['id']}{Path(item['path']).suffix}"


def cut_text(item: dict[str, Any], corpus: Path) -> str:
    return source.cut(local(item, corpus), item["cut"])


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
