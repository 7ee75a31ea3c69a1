"""How the installed convcalc reads the corpus, against Keras's fixtures: the baseline for issue 18.

For each file, the original and its cut (written to a temporary folder): `convcalc summary FILE
--list-models`, then for each model Keras made, `--model NAME --format json` and the table text at Keras's
widths (compare.py), with `--set NAME=VALUE` for a model that needs data when this convcalc has `--set`.
Everything runs as a user runs it: the `convcalc` found on PATH, one process per call.
"""

from __future__ import annotations

import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from . import compare, manifest

ENV = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}


def _convcalc(args: list[str]) -> tuple[int, str, str]:
    try:
        done = subprocess.run([_executable(), *args], capture_output=True, text=True, env=ENV, timeout=120)
    except subprocess.TimeoutExpired:
        return 124, "", "timed out after 120 s"
    return done.returncode, done.stdout, done.stderr


def _executable() -> str:
    return shutil.which("convcalc") or sys.exit("no `convcalc` on PATH: pip install -e . first")


def _has_set() -> bool:
    return "--set" in _convcalc(["summary", "--help"])[1]


def _listed(path: str) -> dict[str, Any]:
    code, out, err = _convcalc(["summary", path, "--list-models"])
    # A model's line is indented two spaces; its reason, when refused, four (`    refused: ...`); warnings too.
    models = [line.strip() for line in out.splitlines()[1:]
              if line.startswith("  ") and not line.startswith("   ") and not line.strip().startswith("Warning:")]
    return {"exit": code, "models": models, "answered": code == 0 and bool(models),
            "message": compare.first_line(err) if code else ""}


def _one_file(item: dict[str, Any], corpus: Path, folder: Path, has_set: bool) -> dict[str, Any]:
    truth = manifest.fixture(item["id"])
    original = manifest.local(item, corpus)
    cut = folder / f"{item['id']}_cut.py"
    cut.write_text(manifest.cut_text(item, corpus), encoding="utf-8")
    settings = [f"--set={name}={value}" for name, value in item["set"].items()] if has_set else []
    result: dict[str, Any] = {"id": item["id"], "keras_error": truth["error"],
                              "needs_set": bool(item["set"]) and not has_set, "set": item["set"],
                              "needs_data": needs_data(item),
                              "list_original": _listed(str(original)), "list_cut": _listed(str(cut)), "models": []}
    for keras, chosen in zip(truth["models"], compare.choices(truth["models"]), strict=True):
        row: dict[str, Any] = {"name": keras["name"], "chosen": chosen, "variables": keras["variables"],
                               "nested_in": keras["nested_in"]}
        for label, path in (("original", original), ("cut", cut)):
            status, why = compare.check(_convcalc, str(path), keras, settings, chosen)
            row[label] = {"status": status, "why": why}
        row["expected_exact"] = chosen in item["expected_exact"]
        result["models"].append(row)
    return result


def run(ids: list[str], corpus: Path) -> dict[str, Any]:
    items = [item for item in manifest.entries() if not ids or item["id"] in ids]
    has_set = _has_set()
    with tempfile.TemporaryDirectory() as folder, ThreadPoolExecutor(max_workers=2) as pool:
        files = list(pool.map(lambda item: _one_file(item, corpus, Path(folder), has_set), items))
    return {"convcalc_has_set": has_set, "files": files, "totals": _totals(files)}


def needs_data(item: dict[str, Any]) -> bool:
    """Whether the file's models need what only its data gives: values the manifest `set`s, or a note saying
    why no --set literal can stand for them ("needs data: ...")."""
    return bool(item["set"]) or item["note"].startswith("needs data")


def _totals(files: list[dict[str, Any]]) -> dict[str, Any]:
    models = [m for f in files for m in f["models"]]
    no_data = [m for f in files if not f["needs_data"] for m in f["models"]]
    count = collections.Counter
    return {
        "models_needing_no_data": len(no_data),
        "exact_original_needing_no_data": sum(m["original"]["status"] == "exact" for m in no_data),
        "files": len(files),
        "listed_original": sum(f["list_original"]["answered"] for f in files),
        "listed_cut": sum(f["list_cut"]["answered"] for f in files),
        "files_keras_refused_cut": sum(bool(f["keras_error"]) for f in files),
        "models": len(models),
        "exact_original": sum(m["original"]["status"] == "exact" for m in models),
        "exact_cut": sum(m["cut"]["status"] == "exact" for m in models),
        "differs_original": sum(m["original"]["status"] == "differs" for m in models),
        "differs_cut": sum(m["cut"]["status"] == "differs" for m in models),
        "kinds_original": count(kind(m["original"]["why"]) for m in models
                                if m["original"]["status"] == "refused").most_common(),
        "kinds_cut": count(kind(m["cut"]["why"]) for m in models if m["cut"]["status"] == "refused").most_common(),
        "blockers_original": count(blocker(m["original"]["why"]) for m in models
                                   if m["original"]["status"] == "refused").most_common(),
        "blockers_cut": count(blocker(m["cut"]["why"]) for m in models
                              if m["cut"]["status"] == "refused").most_common(),
    }


def blocker(message: str) -> str:
    """A refusal's message without its place, names and arguments, so refusals of one construct group together."""
    text = re.sub(r"^Error: ", "", message)
    text = re.sub(r"(^|\s)/\S+?(:\d+)*:?(?=\s|$)", r"\1FILE", text)
    text = re.sub(r"'[^']*'|\"[^\"]*\"|`[^`]*`", "…", text)
    previous = None
    while previous != text:
        previous, text = text, re.sub(r"\([^()]*\)", "⟨…⟩", text)
    text = re.sub(r"^FILE ", "", text.replace("⟨…⟩", "(…)"))
    text = re.sub(r"(\s*\(…\))+$", "", text)  # "(line 9 needs it)", "(README, ...)"
    return re.sub(r"\d+", "N", text)[:140]


# The construct behind a refusal, coarser than blocker(): (pattern of the message, kind).
KINDS = (
    (r"\.ipynb: (a spec holds one model|no Keras model found)", "a notebook (.ipynb) is not read as Python"),
    (r"cannot evaluate .*(read_csv|open\(|listdir|load\(|loadtxt|dataset|Dataset|get_file|tqdm|np\.)",
     "a value computed from data (files, datasets, arrays)"),
    (r"cannot evaluate .*\.shape|cannot evaluate .*inputs", "a shape read from a tensor or a model"),
    (r"cannot evaluate|cannot know", "another expression only running gives"),
    (r"is not among the layers convcalc models", "a layer kind convcalc does not model"),
    (r"keras\.applications model", "a keras.applications model built in Python"),
    (r"subclassed Keras model or layer", "a subclassed layer or model"),
    (r"called a second time", "a layer called twice (shared layer)"),
)


def kind(message: str) -> str:
    for pattern, name in KINDS:
        if re.search(pattern, message):
            return name
    return "other: " + blocker(message)


def _print(report: dict[str, Any]) -> None:
    totals = report["totals"]
    for f in report["files"]:
        print(f"{f['id']}: --list-models original exit {f['list_original']['exit']} "
              f"({len(f['list_original']['models'])} listed), cut exit {f['list_cut']['exit']} "
              f"({len(f['list_cut']['models'])} listed)" + (f"; Keras refused the cut: {f['keras_error']}"
                                                           if f["keras_error"] else "")
              + (f"; needs --set {' '.join(f['set'])}" if f["needs_set"] else ""))
        for label in ("list_original", "list_cut"):
            if f[label]["message"]:
                print(f"  {label.split('_')[1]} --list-models refused: {f[label]['message']}")
        for m in f["models"]:
            print(f"  {m['name']}: original {m['original']['status']} {m['original']['why']}".rstrip()
                  + f" | cut {m['cut']['status']} {m['cut']['why']}".rstrip())
    print()
    print(f"files: {totals['files']} (Keras refused {totals['files_keras_refused_cut']} cuts)")
    print(f"answered by --list-models: original {totals['listed_original']}/{totals['files']}, "
          f"cut {totals['listed_cut']}/{totals['files']}")
    print(f"models Keras made: {totals['models']}; exact to the byte: original {totals['exact_original']}, "
          f"cut {totals['exact_cut']}; answered but different: original {totals['differs_original']}, "
          f"cut {totals['differs_cut']}")
    share = totals["exact_original_needing_no_data"] / max(totals["models_needing_no_data"], 1)
    print(f"models that need no data: {totals['models_needing_no_data']}; exact to the byte from the original file: "
          f"{totals['exact_original_needing_no_data']} ({share:.1%})")
    if not report["convcalc_has_set"]:
        print("this convcalc has no --set: models that need data were read without it (needs --set)")
    for label in ("original", "cut"):
        print(f"\nrefused models by kind of blocker, {label} files:")
        for name, number in totals[f"kinds_{label}"]:
            print(f"  {number:4}  {name}")
    for label in ("original", "cut"):
        print(f"\nblockers, {label} files (refused models per construct):")
        for message, number in totals[f"blockers_{label}"]:
            print(f"  {number:4}  {message}")


def _mark_exact(report: dict[str, Any]) -> None:
    """Add every model read exactly from its original file to the manifest's `expected_exact` (a ratchet)."""
    exact = {f["id"]: [m["chosen"] for m in f["models"] if m["original"]["status"] == "exact"]
             for f in report["files"]}
    items = manifest.entries()
    for item in items:
        item["expected_exact"] = sorted(set(item["expected_exact"]) | set(exact.get(item["id"], [])))
    manifest.save(items)


def main(ids: list[str], corpus: Path, as_json: bool, mark_exact: bool = False) -> None:
    problems = manifest.fetch_check(corpus)
    if problems:
        sys.exit("the corpus folder does not match the manifest:\n" + "\n".join(problems))
    report = run(ids, corpus)
    if mark_exact:
        _mark_exact(report)
    if as_json:
        print(json.dumps(report, indent=1))
    else:
        _print(report)
