"""How convcalc reads the corpus, against torch's fixtures: the yardstick of issue 20's "40 models".

For each file: `convcalc summary FILE --list-models` (the file is answered when that exits 0 and lists a
model), then for each recorded model the manifest's command line, its output compared byte for byte with
torchinfo's text (compare.py). convcalc runs in this process through click's test runner, one call at a time.
"""

from __future__ import annotations

import collections
import json
import re
import sys
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from convcalc.cli import cli

from . import compare, manifest

ENV = {"COLUMNS": "200", "NO_COLOR": "1"}


def invoke(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, args, env=ENV)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        return 1, result.stdout, f"convcalc crashed: {type(result.exception).__name__}: {result.exception}"
    return result.exit_code, result.stdout, result.stderr


def _listed(path: str) -> dict[str, Any]:
    code, out, err = invoke(["summary", path, "--list-models"])
    models = [line.strip() for line in out.splitlines()[1:]
              if line.startswith("  ") and not line.startswith("   ") and not line.strip().startswith("Warning:")]
    return {"exit": code, "models": models, "answered": code == 0 and bool(models),
            "message": compare.first_line(err) if code else ""}


def _one_file(item: dict[str, Any], corpus: Path) -> dict[str, Any]:
    truth = manifest.fixture(item["id"])
    path = str(manifest.local(item, corpus))
    result: dict[str, Any] = {"id": item["id"], "torch_error": truth["error"], "listed": _listed(path),
                              "models": []}
    for spec, recorded in zip(item["models"], truth["models"], strict=True):
        row: dict[str, Any] = {"model": spec["model"], "command": " ".join(compare.command(path, spec)),
                               "expected_exact": spec["model"] in item["expected_exact"]}
        if recorded.get("error"):
            row.update(status="not recorded", why=f"torch refused it: {recorded['error']}")
        else:
            row["status"], row["why"] = compare.check(invoke, path, spec, recorded)
        result["models"].append(row)
    return result


def run(ids: list[str], corpus: Path) -> dict[str, Any]:
    files = [_one_file(item, corpus) for item in manifest.entries() if not ids or item["id"] in ids]
    models = [m for f in files for m in f["models"] if m["status"] != "not recorded"]
    refusals = collections.Counter(blocker(m["why"]) for m in models if m["status"] == "refused")
    totals = {"files": len(files), "answered": sum(f["listed"]["answered"] for f in files),
              "models": len(models), **{status: sum(m["status"] == status for m in models)
                                        for status in ("exact", "differs", "refused")},
              "not_recorded": sum(m["status"] == "not recorded" for f in files for m in f["models"]),
              "blockers": refusals.most_common()}
    return {"files": files, "totals": totals}


def blocker(message: str) -> str:
    """A refusal's message without its place, names and numbers, so that refusals of one construct group."""
    text = re.sub(r"^Error: ", "", message)
    text = re.sub(r"(^|\s)/\S+?(:\d+)*:?(?=\s|$)", r"\1FILE", text)
    text = re.sub(r"'[^']*'|\"[^\"]*\"|`[^`]*`", "…", text)
    return re.sub(r"\d+", "N", text)[:140]


def _print(report: dict[str, Any]) -> None:
    for f in report["files"]:
        listed = f["listed"]
        print(f"{f['id']}: --list-models exit {listed['exit']} ({len(listed['models'])} listed)"
              + (f": {listed['message']}" if listed["message"] else ""))
        for m in f["models"]:
            print(f"  {m['model']}: {m['status']} {m['why']}".rstrip())
    totals = report["totals"]
    print()
    print(f"files answered by --list-models: {totals['answered']} of {totals['files']}")
    print(f"models exact to the byte: {totals['exact']} of {totals['models']} recorded "
          f"(differs {totals['differs']}, refused {totals['refused']}; torch refused {totals['not_recorded']})")
    if totals["blockers"]:
        print("\nrefused models per construct:")
        for message, number in totals["blockers"]:
            print(f"  {number:4}  {message}")


def _mark_exact(report: dict[str, Any]) -> None:
    """Add every model read exactly from its file to the manifest's `expected_exact` (a ratchet)."""
    exact = {f["id"]: [m["model"] for m in f["models"] if m["status"] == "exact"] for f in report["files"]}
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
