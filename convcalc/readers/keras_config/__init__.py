"""Keras's own files as models: .keras archives (config.json only) and JSON from model.to_json() or
get_config(), in the Keras 3 and the tf.keras 2.x formats, and legacy .h5 files (their `model_config` only,
through the optional h5py).

archive.py reads the archive safely, hdf5.py an .h5's config, formats.py both JSON formats, layers.py classes and
arguments, model.py the graph through the shared ModelBuilder.
"""

from __future__ import annotations

from ...errors import SpecError
from ...model import ModelSpec
from . import archive, formats, hdf5, model

__all__ = ["from_archive", "from_hdf5", "from_json"]


def from_json(data: bytes, source: str, metadata: bytes | None = None, declare_unknown: bool = False,
              version: str | None = None) -> ModelSpec:
    """The model of a config.json or to_json() text (`metadata`: an archive's metadata.json, for its version;
    `version`: the keras_version saved beside it in an .h5); `declare_unknown`: layers convcalc cannot compute
    become Declared entries to fill in (for convert). A model tf.keras 2.x saved is of framework "tf.keras":
    its summary is the table tf.keras 2 prints."""
    if metadata is not None:
        meta = formats.parse_json(metadata, source)
        if isinstance(meta, dict):
            formats.check_version(meta.get("keras_version"), source, "metadata.json")
    formats.check_version(version, source, "the .h5's keras_version")
    top = formats.model_config(formats.parse_json(data, source), source)
    try:
        spec = model.build(top, source, declare_unknown=declare_unknown)
        return spec._replace(framework="tf.keras") if formats.saved_by_keras2(top, version) else spec
    except (TypeError, ValueError, KeyError, AttributeError, IndexError) as error:  # a config not as Keras writes
        raise SpecError(f"a malformed Keras config: {type(error).__name__}: {error}", source=source) from None


def from_archive(path: str, source: str, data: bytes | None = None, declare_unknown: bool = False) -> ModelSpec:
    """The model of a .keras archive at `path` (or in `data`, read from standard input)."""
    config, metadata = archive.read_archive_bytes(data, source) if data is not None else archive.read_archive(
        path, source)
    return from_json(config, source, metadata, declare_unknown)


def from_hdf5(path: str, source: str, data: bytes | None = None, declare_unknown: bool = False) -> ModelSpec:
    """The model of a legacy .h5 file at `path` (or in `data`): its `model_config` attribute, never its weights."""
    config, version = hdf5.read_config(path, source, data)
    return from_json(config, source, declare_unknown=declare_unknown, version=version)
