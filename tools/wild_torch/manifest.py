"""The manifest (corpus.json): which third-party files make the corpus, each one's cut and its models."""

from __future__ import annotations

import os
from pathlib import Path

from tools.wild_keras.corpus import Corpus, cut_text, local

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = Path(__file__).with_name("corpus.json")
FIXTURES = ROOT / "tests" / "wild_torch" / "fixtures"
DEFAULT_CORPUS = Path(os.environ.get("CONVCALC_TORCH_CORPUS", "/work/corpus/torch"))
TORCHINFO_VERSION = "1.8.0"
CORPUS = Corpus(MANIFEST, FIXTURES)
entries, entry, save = CORPUS.entries, CORPUS.entry, CORPUS.save
fixture, fetch_check = CORPUS.fixture, CORPUS.fetch_check
__all__ = ["cut_text", "entries", "entry", "fetch_check", "fixture", "local", "save"]
