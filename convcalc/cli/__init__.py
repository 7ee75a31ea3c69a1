"""The `convcalc` command line: the only package that imports click, a module per command.

`cli` is the group (app.py), which imports a command's module when that command runs; `main` is the console
script.
"""

from __future__ import annotations

from .app import cli, main

__all__ = ["cli", "main"]
