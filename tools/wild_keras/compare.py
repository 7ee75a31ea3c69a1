"""Does convcalc's answer for one model match Keras's fixture? Shared by the report and tests/test_wild_keras.py.

`invoke(args)` runs the convcalc command line (a subprocess for the report, click's runner for the tests) and
returns (exit code, stdout, stderr). The checks are those of tests/conftest.py (layer_records and
assert_totals_and_text_agree), made on what a user sees: the rows and totals of `--format json`, then the table
text at both widths Keras printed, whole or as the fixture's SHA-256 digest.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from convcalc.readers.python_source import listed_names

Invoke = Callable[[list[str]], tuple[int, str, str]]
ROW_KEYS = ("name", "type", "output_shape", "params", "trainable_params", "non_trainable_params")
TOTAL_KEYS = ("total_params", "trainable_params", "non_trainable_params")


def first_line(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    return lines[0] if lines else "(no message)"


def _text_agrees(text: str, keras: dict[str, Any], key: str) -> bool:
    if key in keras:
        return bool(text == keras[key])
    return hashlib.sha256(text.encode("utf-8")).hexdigest() == keras[f"{key}_sha256"]


def check(invoke: Invoke, path: str, keras: dict[str, Any], settings: list[str],
          chosen: str | None = None) -> tuple[str, str]:
    """("exact" | "differs" | "refused", why) for the model `keras` (a fixture's record) read from `path`, chosen
    with `--model chosen` (default: its name; `NAME#N` for the N-th of a name the file gives several models)."""
    base = ["summary", path, "--model", chosen or keras["name"], *settings]
    code, out, err = invoke([*base, "--format", "json"])
    if code:
        return "refused", first_line(err)
    try:
        mine = json.loads(out)
    except ValueError:
        return "differs", "--format json printed no JSON document"
    # A figure the recorder could not get (None: a shape or count Keras's API would not give) is judged by the
    # table text alone, which is compared whole below.
    rows = [{key: None if truth.get(key) is None else layer.get(key) for key in ROW_KEYS}
            for layer, truth in zip(mine.get("layers", []), [*keras["layers"], *[{}] * len(mine.get("layers", []))],
                                    strict=False)]
    if mine.get("name") != keras["name"]:
        return "differs", f"name {mine.get('name')!r}, Keras {keras['name']!r}"
    if rows != [{key: layer.get(key) for key in ROW_KEYS} for layer in keras["layers"]]:
        return "differs", _first_row_difference(rows, keras["layers"])
    if [None if keras[key] is None else mine.get(key) for key in TOTAL_KEYS] != [keras[key] for key in TOTAL_KEYS]:
        return "differs", f"totals {[mine.get(key) for key in TOTAL_KEYS]}, Keras {[keras[k] for k in TOTAL_KEYS]}"
    for key, extra in (("summary", []), ("summary_show_trainable", ["--show-trainable"])):
        width = keras["line_length" + key[len("summary"):]]
        code, out, err = invoke([*base, *extra, *(["--width", str(width)] if width else [])])
        if code:
            return "refused", first_line(err)
        if not _text_agrees(out, keras, key):
            return "differs", f"the table text ({' '.join(extra) or 'default columns'}) differs"
    return "exact", ""


def _first_row_difference(mine: list[dict[str, Any]], keras: list[dict[str, Any]]) -> str:
    for index, (row, truth) in enumerate(zip(mine, keras, strict=False)):
        for key in ROW_KEYS:
            if row.get(key) != truth.get(key):
                return f"row {index + 1} ({truth.get('name')}): {key} {row.get(key)!r}, Keras {truth.get(key)!r}"
    return f"{len(mine)} rows, Keras {len(keras)}"


def choices(models: list[dict[str, Any]]) -> list[str]:
    """What `--model` picks each of a fixture's models by: its name, numbered where names repeat."""
    return listed_names([model["name"] for model in models])
