"""A corpus of third-party files, as wild_keras and wild_torch keep theirs: the manifest (corpus.json) naming each
file (repo, commit, path, sha256), its model-only cut and its models; the folder holding the files, never committed;
and the fixtures of what the framework made of each."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from . import source


def write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


class Corpus:
    def __init__(self, manifest: Path, fixtures: Path):
        self.manifest = manifest
        self.fixtures = fixtures

    def entries(self) -> list[dict[str, Any]]:
        return list(json.loads(self.manifest.read_text(encoding="utf-8"))["files"])

    def entry(self, file_id: str) -> dict[str, Any]:
        for item in self.entries():
            if item["id"] == file_id:
                return item
        raise SystemExit(f"no file {file_id!r} in {self.manifest}")

    def save(self, items: list[dict[str, Any]]) -> None:
        data = json.loads(self.manifest.read_text(encoding="utf-8"))
        data["files"] = items
        write_json(self.manifest, data)

    def fixture(self, file_id: str) -> dict[str, Any]:
        return dict(json.loads((self.fixtures / f"{file_id}.json").read_text(encoding="utf-8")))

    def fetch_check(self, corpus: Path) -> list[str]:
        """One line per file that is missing or differs from the manifest's digest; empty when all agree."""
        problems = []
        for item in self.entries():
            path = local(item, corpus)
            if not path.exists():
                problems.append(f"{path}: missing ({item['repo']}@{item['commit'][:12]}:{item['path']})")
            elif source.digest(path) != item["sha256"]:
                problems.append(f"{path}: sha256 differs from the manifest's")
        return problems


def local(item: dict[str, Any], corpus: Path) -> Path:
    """Where the corpus folder keeps a file: <id> and the original's extension."""
    return corpus / f"{item['id']}{Path(item['path']).suffix}"


def cut_text(item: dict[str, Any], corpus: Path) -> str:
    return source.cut(local(item, corpus), item["cut"])


def command_line(prog: str, description: str | None, commands: list[str], default_corpus: Path) -> argparse.Namespace:
    """The options every corpus's command line takes: a command, file ids (or a folder), --corpus, and the
    report's --json and --mark-exact."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("command", choices=["fetch-check", "cut", *commands, "report"])
    parser.add_argument("args", nargs="*", help="a folder for fetch-check; file ids otherwise")
    parser.add_argument("--corpus", type=Path, default=default_corpus)
    parser.add_argument("--json", action="store_true", help="report: one JSON document instead of text")
    parser.add_argument("--mark-exact", action="store_true",
                        help="report: add the models read exactly from the original to expected_exact")
    return parser.parse_args()


def shared_command(corpus: Corpus, options: argparse.Namespace) -> bool:
    """fetch-check (exits) and cut, which every corpus has; False for a command of the corpus's own."""
    if options.command == "fetch-check":
        folder = Path(options.args[0]) if options.args else options.corpus
        problems = corpus.fetch_check(folder)
        print("\n".join(problems) or f"{folder}: all {len(corpus.entries())} files agree with the manifest")
        sys.exit(1 if problems else 0)
    if options.command == "cut":
        for file_id in options.args:
            sys.stdout.write(cut_text(corpus.entry(file_id), options.corpus))
        return True
    return False
