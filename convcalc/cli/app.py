"""The `convcalc` group and what every command shares: error lines, exit codes, colour, model paths."""

from __future__ import annotations

import functools
import gc
import importlib
import os
import sys
from typing import Any

import click

from .. import __version__
from ..errors import ConvcalcError, did_you_mean

EXIT_FAILED = 1
EXIT_INVALID = 2


def fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)


def fail_all(error: ConvcalcError, suffix: str = "") -> None:
    """One `Error:` line for each mistake the error gathers (a reader, a quiz, a roster: every one found)."""
    for line in error.lines():
        fail(line + suffix)


class _Commands(click.Group):
    """The group of convcalc's commands, each imported from its module when it runs (or when help or shell
    completion lists them): `summary` then loads none of the others."""

    COMMANDS = ("summary", "explain", "check", "convert", "quiz")  # each defined in the module of its name

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.COMMANDS:
            return None
        module = importlib.import_module(f"{__package__}.{cmd_name}")
        command: click.Command = getattr(module, cmd_name)
        return command

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None,
                                                                             list[str]]:
        """click's, with the closest command suggested for a typo (`sumary`)."""
        name = args[0] if args else ""
        if name and not name.startswith("-") and name not in self.COMMANDS and not ctx.resilient_parsing:
            ctx.fail(f"No such command {name!r}{did_you_mean(name, self.COMMANDS)}.")
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> object:
        """A closed pipe (`convcalc summary ... | head`) ends the run quietly with exit code 0: the reader has
        what it wanted. click would exit 1, and Python complain at exit about the output still buffered."""
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(0)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="convcalc")
def cli() -> None:
    """Output shapes, parameter counts and costs of Keras CNNs, from a convcalc YAML spec, a .keras archive,
    a Keras JSON config or Keras code in a .py file or Jupyter notebook (read, never run).

    Exit codes: 0 success, 1 a check failed, 2 invalid input or usage.
    """


# Spec paths complete as files (and folders to reach them) in the shell; '-' is standard input. The readers
# check them (a missing file or a directory is an error for that file, not a usage error for the run).
SPEC_PATH = click.Path(readable=False, allow_dash=True)


def _parse_settings(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, str]:
    """--set NAME=VALUE, repeatable: VALUE a Python expression (5, "(500, 1)", "'relu'", "list(range(10))"), which
    the Python reader evaluates statically where the file assigns NAME."""
    import ast

    settings: dict[str, str] = {}
    for item in values:
        name, equals, text = item.partition("=")
        name = name.strip()
        if not equals or not name.isidentifier():
            raise click.BadParameter(f"{item!r}: write NAME=VALUE, e.g. --set num_classes=10", param_hint="--set")
        try:
            ast.parse(text.strip(), mode="eval")
        except (SyntaxError, MemoryError, RecursionError, ValueError):
            raise click.BadParameter(f"{item!r}: VALUE must be a Python expression: 10, 0.5, \"'relu'\", "
                                     "\"(180, 180)\"", param_hint="--set") from None
        settings[name] = text.strip()
    return settings


def settings_option(command: Any) -> Any:
    """--set NAME=VALUE and --input-size: what a Python file cannot tell, given to the command as one `settings`
    mapping (--input-size under a key no Python name can be)."""
    from ..readers.files import INPUT_SIZE

    @functools.wraps(command)
    def run(*args: Any, input_size: str | None, **kwargs: Any) -> Any:
        if input_size is not None:
            kwargs["settings"] = {**kwargs["settings"], INPUT_SIZE: input_size}
        return command(*args, **kwargs)

    run = click.option(
        "--set", "settings", multiple=True, metavar="NAME=VALUE", callback=_parse_settings,
        help="In a Python file, give NAME this value (a Python expression, read without running it) wherever the "
             "file assigns it: what only running the file would tell, e.g. --set num_classes=5. Repeatable.")(run)
    return click.option(
        "--input-size", metavar="N,C,H,W",
        help="A PyTorch model's input size, batch included, as torchinfo's summary(model, input_size=...) takes it "
             "(e.g. 1,3,32,32), when the file does not give it.")(run)


def use_color() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def main() -> None:
    """The console script: the group, without the cyclic garbage collector."""
    # convcalc's data (YAML nodes, layers, rows) holds no reference cycles (bar a YAML alias that
    # contains itself), so the cyclic collector frees nothing; it only walks the growing heap again
    # and again: a quarter of the CPU time of a 10,000-layer spec, 40% of a 100,000-layer one.
    # Reference counting still frees the rest (checking 1,000 files peaks at 25 MB either way).
    gc.disable()
    cli(standalone_mode=True)
