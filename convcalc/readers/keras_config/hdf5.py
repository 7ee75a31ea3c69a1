"""The model config of a legacy HDF5 (.h5) model file, through the optional h5py (`pip install 'convcalc[h5]'`).

model.save("model.h5") (tf.keras 2, or Keras 3's legacy saving) writes the model's to_json() text as the root
attribute `model_config` beside the weights. Only that attribute is read: h5py opens the file lazily, so the
weights are never touched and a 500 MB file costs what its config costs. A large config (DenseNet's 242 KB) is
kept in HDF5's dense attribute storage, which h5py reads like any other attribute.
"""

from __future__ import annotations

import os
from typing import Any

from ...errors import SpecError
from ..files import HDF5_MAGIC, MAX_FILE_BYTES

INSTALL = "pip install 'convcalc[h5]'"
NO_H5PY = (f"a legacy HDF5 (.h5) model: reading it needs h5py, an optional extra: {INSTALL} (or save the model as "
           ".keras, or write `model.to_json()` to a .json file)")


def read_config(path: str, source: str, data: bytes | None = None) -> tuple[bytes, str | None]:
    """The root attribute `model_config` of the HDF5 file at `path` (or in `data`, standard input), and the
    keras_version saved beside it."""
    try:
        import h5py
    except ImportError:
        raise SpecError(NO_H5PY, source=source) from None
    if data is None and os.path.isdir(path):
        raise SpecError("is a directory, not a model file", source=source)
    head = data[:len(HDF5_MAGIC)] if data is not None else _head(path, source)
    if not head.startswith(HDF5_MAGIC):
        raise SpecError("not an HDF5 file (no HDF5 signature at its start); convcalc reads .h5 models saved by "
                        "model.save(\"model.h5\"), .keras archives, Keras JSON configs and YAML specs", source=source)
    try:
        if data is not None:
            import io

            handle = h5py.File(io.BytesIO(data), "r")
        else:
            handle = h5py.File(path, "r")
    except (OSError, ValueError) as error:
        raise SpecError(f"a damaged or truncated HDF5 file: {_reason(error)}", source=source) from None
    with handle:
        try:
            value = handle.attrs.get("model_config")
            version = handle.attrs.get("keras_version")
            if value is None:
                raise SpecError(_without_config(handle), source=source)
        except (OSError, ValueError, KeyError, TypeError, RuntimeError) as error:
            raise SpecError(f"cannot read the HDF5 file's `model_config`: {_reason(error)}", source=source) from None
    return _as_bytes(value, source), _as_bytes(version, source).decode("utf-8", "replace") if version is not None \
        else None


def _head(path: str, source: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(HDF5_MAGIC))
    except FileNotFoundError:
        raise SpecError("no such file", source=source) from None
    except PermissionError:
        raise SpecError("permission denied", source=source) from None
    except OSError as error:
        raise SpecError(f"cannot read: {error.strerror or error}", source=source) from None


def _reason(error: Exception) -> str:
    """h5py's message without its errno prefix: 'Unable to synchronously open file (truncated file: ...)'."""
    text = str(error)
    return text.split("] ", 1)[-1] if text.startswith("[Errno") else text


def _without_config(handle: Any) -> str:
    """Why an HDF5 file has no model: weights alone, from save_weights (tf.keras 2) or Keras 3's .weights.h5."""
    if "layer_names" in handle.attrs:
        return ("an HDF5 file of weights only (model.save_weights): it has no `model_config`, so no model; save "
                "the model itself with model.save(\"model.h5\") or model.save(\"model.keras\")")
    if "layers" in handle or "vars" in handle or "_layer_checkpoint_dependencies" in handle:
        return ("Keras 3's .weights.h5 (weights only): it has no model config; read the .keras archive the model "
                "was saved in (model.save(\"model.keras\")) instead")
    return "an HDF5 file without the root attribute `model_config`: not a Keras model saved as .h5"


def _as_bytes(value: Any, source: str) -> bytes:
    """An attribute's text: h5py gives a str (variable-length UTF-8, as tf.keras 2 writes it) or bytes
    (numpy.bytes_, a fixed-length string)."""
    if isinstance(value, str):
        value = value.encode("utf-8", "surrogateescape")
    if not isinstance(value, bytes):
        raise SpecError(f"the HDF5 file's `model_config` is a {type(value).__name__}, not the JSON text Keras "
                        "writes", source=source)
    if len(value) > MAX_FILE_BYTES:
        raise SpecError(f"the HDF5 file's `model_config` is {len(value):,} bytes; convcalc reads configs of up to "
                        f"{MAX_FILE_BYTES:,}", source=source)
    return value
