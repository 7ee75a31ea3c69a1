"""The manifest (corpus.json): which third-party files make the corpus, and each one's recipe for its cut."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from . import source
from .corpus import Corpus, cut_text, local, write_json

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = Path(__file__).with_name("corpus.json")
FIXTURES = ROOT / "tests" / "wild_keras" / "fixtures"
DEFAULT_CORPUS = Path(os.environ.get("CONVCALC_KERAS_CORPUS", "/work/corpus/keras"))
# Summaries longer than this are kept as SHA-256 digests, as tools/python_oracle does for large models.
MAX_SUMMARY_CHARS = 3000
CORPUS = Corpus(MANIFEST, FIXTURES)
entries, entry, save = CORPUS.entries, CORPUS.entry, CORPUS.save
fixture, fetch_check = CORPUS.fixture, CORPUS.fetch_check
__all__ = ["cut_text", "entries", "entry", "fetch_check", "fixture", "local", "save", "write_json"]


def write_fixture(path: Path, data: object) -> None:
    """Indented JSON with each layer's row on one line: application models have hundreds of rows."""
    text = json.dumps(data, indent=1, ensure_ascii=False)
    row = re.compile(r"\{[^{}\[\]]*(?:\[[^{}\[\]]*\][^{}\[\]]*)*\}")
    text = row.sub(lambda found: json.dumps(json.loads(found.group()), ensure_ascii=False), text)
    path.write_text(text + "\n", encoding="utf-8")


def backend(item: dict[str, Any], corpus: Path) -> str:
    """The Keras backend the file's author chose (`os.environ["KERAS_BACKEND"] = ...`, or the manifest's
    `backend` for a file written for TensorFlow's ops without saying so), else JAX."""
    found = re.search(r"""^os\.environ\[["']KERAS_BACKEND["']\]\s*=\s*["'](\w+)["']""",
                      source.script(local(item, corpus)), re.MULTILINE)
    return str(item.get("backend") or (found.group(1) if found else "jax"))
