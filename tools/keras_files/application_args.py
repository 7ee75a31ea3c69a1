"""keras.applications constructors at their defaults and at other arguments, and arguments Keras refuses.

One tests/keras_files/application_args/<Name>.json.gz per constructor: a list of {"args", "record"} (Keras's
rows and totals, its summary texts as sha256 digests) or {"args", "error"} (Keras's message). Built one
constructor per process (memory); weights=None everywhere except where Keras refuses before downloading.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import multiprocessing
from pathlib import Path
from typing import Any

from .applications import APPLICATIONS

SMALL = [96, 96, 3]
FAMILY_OPTIONS: dict[str, list[dict[str, Any]]] = {
    "MobileNet": [{"alpha": 0.5, "depth_multiplier": 2, "dropout": 0.3, "input_shape": [128, 128, 3]},
                  {"alpha": 0.75, "include_top": False, "input_shape": [97, 97, 3]}],
    "MobileNetV2": [{"alpha": 0.35, "input_shape": [96, 96, 3]}, {"alpha": 1.4, "include_top": False},
                    {"alpha": 1.3, "include_top": False, "input_shape": [101, 101, 3], "pooling": "avg"}],
    "MobileNetV3Small": [{"alpha": 0.75, "minimalistic": True}, {"include_preprocessing": False, "dropout_rate": 0.5,
                                                                   "input_shape": [97, 97, 3], "classes": 7}],
    "MobileNetV3Large": [{"alpha": 0.75, "minimalistic": True, "include_top": False, "pooling": "avg"},
                         {"include_preprocessing": False, "input_shape": [97, 97, 3], "classes": 7}],
    **{f"EfficientNetV2{v}": [{"include_preprocessing": False, "include_top": False, "input_shape": [97, 97, 3]}]
       for v in ("B0", "B1", "B2", "B3", "S", "M", "L")},
    **{f"ConvNeXt{v}": [{"include_preprocessing": False, "classes": 5, "input_shape": [64, 64, 3]}]
       for v in ("Tiny", "Small", "Base", "Large", "XLarge")},
}
REFUSED: list[dict[str, Any]] = [
    {"weights": "imagenet", "classes": 10},
    {"weights": None, "include_top": False, "input_shape": [16, 16, 3]},
    {"weights": None, "include_top": True, "input_shape": [None, None, 3]},
    {"weights": "imagenet", "include_top": False, "input_shape": [160, 160, 1]},
]
FAMILY_REFUSED: dict[str, list[dict[str, Any]]] = {
    "MobileNet": [{"weights": "imagenet", "alpha": 0.3}, {"weights": "imagenet", "depth_multiplier": 2}],
    "MobileNetV2": [{"weights": "imagenet", "alpha": 0.3}],
    "MobileNetV3Small": [{"weights": "imagenet", "alpha": 0.5}, {"weights": "imagenet", "minimalistic": True,
                                                                 "alpha": 0.5}],
}


def argument_sets(name: str) -> list[dict[str, Any]]:
    sets: list[dict[str, Any]] = [
        {},
        {"include_top": False, "input_shape": [160, 160, 3], "pooling": "avg"},
        {"classes": 10, "input_shape": SMALL, "classifier_activation": None},
        {"include_top": False, "input_shape": [113, 127, 3], "pooling": "max"},
        *FAMILY_OPTIONS.get(name, []),
    ]
    return [{"weights": None, **args} for args in sets] + REFUSED + FAMILY_REFUSED.get(name, [])


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class _Downloads(Exception):
    """Keras went on to download weights."""


def _record_one(name: str, out_dir: str) -> None:
    import keras
    from keras.src.utils import file_utils

    from . import record

    def no_download(*args: Any, **kwargs: Any) -> Any:
        raise _Downloads

    file_utils.get_file = no_download
    results = []
    for args in argument_sets(name):
        keras.backend.clear_session()
        call = {key: tuple(value) if isinstance(value, list) else value for key, value in args.items()}
        try:
            model = getattr(keras.applications, name)(**call)
        except ValueError as error:
            results.append({"args": args, "error": str(error)})
            continue
        except _Downloads:  # Keras accepts these arguments and would download imagenet's weights: not a refusal
            continue
        summary = record.summary_record(model)
        for key in ("summary", "summary_show_trainable"):
            summary[f"{key}_sha256"] = _digest(summary.pop(key))  # type: ignore[arg-type]
        results.append({"args": args, "record": summary})
    path = Path(out_dir) / f"{name}.json.gz"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(json.dumps(results, indent=0, ensure_ascii=False).encode(), mtime=0))


def record_all(out_dir: Path, names: list[str] | tuple[str, ...] = APPLICATIONS) -> None:
    context = multiprocessing.get_context("spawn")
    for name in names:
        process = context.Process(target=_record_one, args=(name, str(out_dir)))
        process.start()
        process.join()
        print(name, "ok" if process.exitcode == 0 else f"FAILED ({process.exitcode})", flush=True)


def record_signatures(out_dir: Path, names: list[str] | tuple[str, ...] = APPLICATIONS) -> None:
    """Each constructor's parameters in order, with their defaults: signatures.json."""
    import inspect

    import keras

    signatures = {name: [[param.name, param.default]
                         for param in inspect.signature(getattr(keras.applications, name)).parameters.values()]
                  for name in names}
    lines = ",\n".join(f" {json.dumps(name)}: {json.dumps(params)}" for name, params in signatures.items())
    (out_dir / "signatures.json").write_text("{\n" + lines + "\n}\n", encoding="utf-8")
