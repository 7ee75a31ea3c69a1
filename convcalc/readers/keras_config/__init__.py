"""Keras's own files as models: .keras archives (config.json only) and JSON from model.to_json() or
get_config(), in the Keras 3 and the tf.keras 2.x formats; a legacy .h5 is refused with the way out.

archive.py reads the archive safely, formats.py both JSON formats, layers.py classes and arguments,
model.py the graph through the shared ModelBuilder.
"""

from __future__ import annotations

from ...errors import SpecError
from ...model import ModelSpec
from . import archive, formats, model

__all__ = ["from_archive", "from_json"]


def from_json(data: bytes, source: str, metadata: bytes | None = None, declare_unknown: bool = False) -> ModelSpec:
    """The model of a config.json or to_json() text (`metadata`: an archive's metadata.json, for its version);
    `declare_unknown`: layers convcalc cannot compute become Declared entries to fill in (for convert)."""
    if metadata is not None:
        meta = formats.parse_json(metadata, source)
        if isinstance(meta, dict):
            formats.check_version(meta.get("keras_version"), source, "metadata.json")
    top = formats.model_config(formats.parse_json(data, source), source)
    try:
        return model.build(top, source, declare_unknown=declare_unknown)
    except (TypeError, ValueError, KeyError, AttributeError, IndexError) as error:  # a config not as Keras writes
        raise SpecError(f"a malformed Keras config: {type(error).__name__}: {error}", source=source) from None


def from_archive(path: str, source: str, data: bytes | None = None, declare_unknown: bool = False) -> ModelSpec:
    """The model of a .keras archive at `path` (or in `data`, read from standard input)."""
    config, metadata = archive.read_archive_bytes(data, source) if data is not None else archive.read_archive(
        path, source)
    return from_json(config, source, metadata, declare_unknown)


def refuse_hdf5(source: str) -> SpecError:
    return SpecError(archive.HDF5_ADVICE, source=source)
