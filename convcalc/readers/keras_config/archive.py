"""Bytes of a Keras model file: config.json out of a .keras archive, safely.

A .keras archive is a zip of metadata.json, config.json and model.weights.h5. Only the zip's central
directory and the two small members are read, each streamed with a cap on its inflated size: a 300 MB
archive costs what its config costs, and a zip bomb stops at the cap.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from typing import IO

from ...errors import SpecError
from ..files import MAX_FILE_BYTES

MAX_CONFIG_BYTES = MAX_FILE_BYTES  # the limit of a YAML spec or JSON config file, inflated
MAX_METADATA_BYTES = 64 * 1024


def _member(archive: zipfile.ZipFile, name: str, limit: int, source: str) -> bytes | None:
    """One member's bytes, inflated no further than `limit` (whatever its header claims); None if absent."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > limit:
        raise SpecError(f"{name} in the archive inflates to {info.file_size:,} bytes; convcalc reads configs of up "
                        f"to {limit:,}", source=source)
    with archive.open(info) as member:
        data = member.read(limit + 1)
    if len(data) > limit:
        raise SpecError(f"{name} in the archive inflates to more than {limit:,} bytes", source=source)
    return data


def read_archive(file: str | IO[bytes], source: str) -> tuple[bytes, bytes | None]:
    """config.json and metadata.json (None if absent) of a .keras archive, a path or a binary stream."""
    try:
        with zipfile.ZipFile(file) as archive:
            config = _member(archive, "config.json", MAX_CONFIG_BYTES, source)
            if config is None:
                raise SpecError("not a Keras model archive: it has no config.json (a .keras file holds "
                                "metadata.json, config.json and model.weights.h5)", source=source)
            return config, _member(archive, "metadata.json", MAX_METADATA_BYTES, source)
    except zipfile.BadZipFile as error:
        if "CRC" in str(error) or "Bad magic" in str(error) or "Truncated" in str(error):
            raise SpecError(f"a damaged .keras archive: {error}", source=source) from None
        raise SpecError("not a .keras archive (not a zip file); convcalc reads .keras archives, Keras JSON configs "
                        "and YAML specs", source=source) from None
    except FileNotFoundError:
        raise SpecError("no such file", source=source) from None
    except IsADirectoryError:
        raise SpecError("is a directory, not a model file", source=source) from None
    except PermissionError:
        raise SpecError("permission denied", source=source) from None
    except (zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError, OSError) as error:
        raise SpecError(f"cannot read the .keras archive: {error}", source=source) from None


def read_archive_bytes(data: bytes, source: str) -> tuple[bytes, bytes | None]:
    """The same, from bytes already read (standard input)."""
    return read_archive(io.BytesIO(data), source)
