"""The `convcalc` command line: the only package that imports click, a module per command.

Importing it registers every command on the `cli` group; `main` is the console script.
"""

from __future__ import annotations

from . import check, convert, explain, quiz, summary
from .app import cli, main

__all__ = ["check", "cli", "convert", "explain", "main", "quiz", "summary"]
