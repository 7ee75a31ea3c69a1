"""Recording specs into fixture files, or comparing them with the committed ones (--check)."""

import difflib
import sys
from pathlib import Path

from .records import dump, spec_label
from .worker import Recorder

SPEC_SUFFIXES = (".yaml", ".yml")


def expand_specs(args):
    paths = []
    for arg in args:
        p = Path(arg)
        if p.is_dir():
            paths.extend(sorted(q for q in p.iterdir() if q.suffix in SPEC_SUFFIXES))
        elif p.is_file():
            paths.append(p)
        else:
            raise SystemExit(f"no such spec file or folder: {arg}")
    stems: dict[str, Path] = {}
    for p in paths:
        if p.stem in stems:
            raise SystemExit(f"two specs share the stem {p.stem!r}: {stems[p.stem]}, {p}")
        stems[p.stem] = p
    return paths


# Specs written by tools.keras_to_spec from keras.applications models say so in their header; that
# tool records their fixtures (tests/oracle/fixtures/applications/), so a folder run leaves them out.
APPLICATION_MARK = "written by tools.keras_to_spec"


def write_fixtures(spec_paths, out_dir, check=False, whole_folders=True):
    """Record each spec into out_dir/<stem>.json. Returns the number of diffs.

    With whole_folders, specs written by tools.keras_to_spec are skipped (and
    named), and so are fixtures in out_dir that no spec produced.
    """
    recorder = Recorder()
    try:
        return _write_fixtures(recorder, spec_paths, out_dir, check, whole_folders)
    finally:
        recorder.close()


def _write_fixtures(recorder, spec_paths, out_dir, check, whole_folders):
    out_dir = Path(out_dir)
    if not check:
        out_dir.mkdir(parents=True, exist_ok=True)
    differences = refused = 0
    recorded = []
    for path in spec_paths:
        if whole_folders and APPLICATION_MARK in Path(path).read_text(encoding="utf-8"):
            print(f"skipped  {spec_label(path)}: written by tools.keras_to_spec, which records its "
                  "fixture from the keras.applications model itself", file=sys.stderr)
            continue
        fixture = recorder.record(path)
        recorded.append(path)
        refused += fixture["refused"]
        text = dump(fixture)
        target = out_dir / f"{Path(path).stem}.json"
        old = target.read_text(encoding="utf-8") if target.exists() else None
        if check:
            if old != text:
                differences += 1
                print(f"DIFFERS  {target}", file=sys.stderr)
                diff = difflib.unified_diff(
                    (old or "").splitlines(), text.splitlines(), "committed", "now", lineterm="", n=1
                )
                print("\n".join(list(diff)[:40]), file=sys.stderr)
        elif old != text:
            target.write_text(text, encoding="utf-8")
        status = "refused" if fixture["refused"] else "ok"
        print(f"{status:8} {spec_label(path)}", file=sys.stderr)
    expected = {f"{Path(p).stem}.json" for p in recorded}
    if whole_folders and out_dir.is_dir():
        for stale in sorted(out_dir.glob("*.json")):
            if stale.name not in expected:
                print(f"note: {stale} has no spec in this run", file=sys.stderr)
    print(
        f"{len(recorded)} specs, {refused} refused -> {out_dir}"
        + (f", {len(spec_paths) - len(recorded)} skipped" if len(recorded) < len(spec_paths) else "")
        + (f", {differences} differ" if check else ""),
        file=sys.stderr,
    )
    return differences
