"""What Keras says about a model: its summary rows, totals and text, and its files without weights."""

from __future__ import annotations

import gzip
import io
import json
import math
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import keras


def _count(weights) -> int:
    return int(sum(math.prod(w.shape) for w in weights))


def _shape(operation) -> list[int | None]:
    """The output the summary shows: a shared layer's last call's (summary_utils.format_layer_shape)."""
    tensor = operation._inbound_nodes[-1].output_tensors[0]
    return [None if d is None else int(d) for d in tensor.shape]


def row_record(operation) -> dict[str, object]:
    """One row of Keras's summary: a layer, a nested model or an operation (no weights)."""
    weights = getattr(operation, "weights", [])
    return {
        "name": operation.name,
        "type": type(operation).__name__,
        "output_shape": _shape(operation),
        "params": _count(weights),
        "trainable_params": _count(getattr(operation, "trainable_weights", [])),
        "non_trainable_params": _count(getattr(operation, "non_trainable_weights", [])),
    }


def capture_summary(model, show_trainable: bool) -> tuple[str, int | None]:
    chunks: list[str] = []
    model.summary(print_fn=lambda text, line_break=None: chunks.append(text), show_trainable=show_trainable)
    text = "".join(chunks)
    borders = [line for line in text.split("\n") if line.startswith("┏")]
    return text, (len(borders[0]) if borders else None)


def summary_record(model) -> dict[str, object]:
    """The rows in the summary's order (model._operations for a functional model), totals and text."""
    functional = isinstance(model, keras.Model) and not isinstance(model, keras.Sequential)
    rows = model._operations if functional else model.layers
    summary, width = capture_summary(model, show_trainable=False)
    summary_t, width_t = capture_summary(model, show_trainable=True)
    return {
        "keras_version": keras.__version__,
        "name": model.name,
        "class_name": type(model).__name__,
        "layers": [row_record(row) for row in rows],
        "total_params": int(model.count_params()),
        "trainable_params": _count(model.trainable_weights),
        "non_trainable_params": _count(model.non_trainable_weights),
        "summary": summary,
        "summary_show_trainable": summary_t,
        "line_length": width,
        "line_length_show_trainable": width_t,
    }


def _member(name: str) -> zipfile.ZipInfo:
    """A member with a fixed date, so that recording again changes no byte of an unchanged model."""
    info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def archive_bytes(config_json: str) -> bytes:
    """A .keras archive as Keras's saving_lib writes it, less model.weights.h5 (weights change no count)."""
    buffer = io.BytesIO()
    metadata = {"keras_version": keras.__version__, "date_saved": "2026-11-29@00:00:00"}
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(_member("metadata.json"), json.dumps(metadata))
        archive.writestr(_member("config.json"), config_json)
    return buffer.getvalue()


def strip_weights(path: Path) -> bytes:
    """A .keras archive that Keras saved, rewritten with only metadata.json and config.json."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for name in ("metadata.json", "config.json"):
            out.writestr(_member(name), source.read(name))
    return buffer.getvalue()


def write_fixtures(model, out_dir: Path, stem: str, saved: Path | None = None) -> None:
    """`stem`.keras (from `saved`, a file model.save wrote, or built from to_json), .json.gz, .oracle.json.gz."""
    out_dir.mkdir(parents=True, exist_ok=True)
    config_json = model.to_json()
    (out_dir / f"{stem}.keras").write_bytes(strip_weights(saved) if saved else archive_bytes(config_json))
    (out_dir / f"{stem}.json.gz").write_bytes(gzip.compress(config_json.encode(), mtime=0))
    oracle = json.dumps(summary_record(model), indent=1, ensure_ascii=False)
    (out_dir / f"{stem}.oracle.json.gz").write_bytes(gzip.compress(oracle.encode(), mtime=0))


def save_all(models: list[Any], out_dir: Path, also: Callable[[Any], None] | None = None) -> None:
    """Save each model as .keras in a temporary folder and write its fixtures; `also(model)` adds more of them."""
    with tempfile.TemporaryDirectory() as folder:
        for model in models:
            saved = Path(folder) / f"{model.name}.keras"
            model.save(saved)
            write_fixtures(model, out_dir, model.name, saved)
            if also is not None:
                also(model)
            print(model.name, "ok", flush=True)
