"""Reading a model file's bytes, or standard input, with the limits every reader shares."""

from __future__ import annotations

import os
import sys

from ..errors import SpecError

MAX_FILE_BYTES = 20 * 1024 * 1024
STDIN = "-"
# The first bytes of the binary files a reader recognises: a zip (a .keras archive) and HDF5 (a legacy .h5).
ZIP_MAGIC = b"PK\x03\x04"
HDF5_MAGIC = b"\x89HDF\r\n\x1a\n"

INPUT_SIZE = "--input-size"  # the settings key of the CLI's --input-size (no Python name can be it)


def source_name(path: str) -> str:
    """How errors name the file: standard input is `<stdin>`."""
    return "<stdin>" if path == STDIN else path


def default_model_name(path: str) -> str | None:
    """The file's stem; from standard input None: Keras's own default (`sequential`, `functional` for a graph),
    which ModelBuilder.build gives."""
    return None if path == STDIN else os.path.splitext(os.path.basename(path))[0]  # pathlib costs ~5 ms


def read_bytes(path: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a file (or of standard input for '-'), refusing more than `limit`."""
    display = source_name(path)
    try:
        if path == STDIN:
            if sys.stdin is None or sys.stdin.closed:
                raise SpecError("standard input is closed", source=display)
            if hasattr(sys.stdin, "buffer"):
                data = sys.stdin.buffer.read(limit + 1)
            else:  # replaced by a text stream (io.StringIO): undo its decoding, errors included
                data = sys.stdin.read(limit + 1).encode("utf-8", "surrogateescape")
        else:
            if os.path.isdir(path):
                raise SpecError("is a directory, not a model file", source=display)
            size = os.path.getsize(path)
            if size > limit:
                raise SpecError(f"file is {size:,} bytes; model files are limited to {limit:,}",
                                source=display)
            with open(path, "rb") as handle:
                data = handle.read(limit + 1)
    except FileNotFoundError:
        raise SpecError("no such file", source=display) from None
    except PermissionError:
        raise SpecError("permission denied", source=display) from None
    except (OSError, ValueError) as error:
        raise SpecError(f"cannot read: {getattr(error, 'strerror', None) or error}", source=display) from None
    if len(data) > limit:
        raise SpecError(f"input is larger than {limit:,} bytes", source=display)
    return data


def read_text(path: str, what: str = "YAML text") -> str:
    """The text of a file (or of standard input for '-'), as strict UTF-8."""
    return decode_text(read_bytes(path), source_name(path), what)


def peek(path: str, size: int) -> bytes:
    """The first bytes of a file (empty when it cannot be read: reading it properly will say why)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(size)
    except (OSError, ValueError):
        return b""


def decode_text(data: bytes, display: str, what: str = "YAML text") -> str:
    """Bytes as strict UTF-8 text, refusing binary data."""
    if b"\x00" in data:
        raise SpecError(f"binary data (NUL bytes), not {what}", source=display)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise SpecError(f"not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})",
                        source=display, line=line) from None
