"""Writing files the user asked for without losing any: nothing is overwritten unless they said --force."""

from __future__ import annotations

import os
from collections.abc import Iterable

from ..errors import ConvcalcError, one_or_all


def write(path: str, text: str, force: bool) -> None:
    """Write a new file; "x" refuses one that appeared since the check, unless `force`."""
    try:
        with open(path, "w" if force else "x", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except OSError as error:
        raise ConvcalcError(f"{path}: cannot write: {error.strerror}") from None


def refuse_existing(paths: Iterable[str], force: bool) -> None:
    """Errors naming every file among `paths` that exists, unless `force`."""
    found = [] if force else [ConvcalcError(f"{path}: already exists; use --force to overwrite it")
                              for path in paths if os.path.exists(path)]
    if found:
        raise one_or_all(found)

