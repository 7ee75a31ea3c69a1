"""The `convcalc` command line. The only module that imports click."""

from __future__ import annotations

import os
import sys

import click

from . import __version__
from .errors import ConvcalcError

EXIT_INVALID = 2


def _fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="convcalc")
def cli():
    """Output shapes, parameter counts and costs of Keras CNNs described in YAML.

    Exit codes: 0 success, 1 a check failed, 2 invalid input or usage.
    """


@cli.command()
@click.argument("specs", nargs=-1, required=True, metavar="SPEC...")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table",
              show_default=True, help="table: Keras's summary; json: one object per spec per line; markdown: GitHub table.")
@click.option("--show-trainable", is_flag=True, help="Add Keras's Trainable column (Y, N, or - without weights).")
@click.option("--width", type=click.IntRange(min=20), default=None,
              help="Table line length (default: Keras's 88, capped by the terminal). Long cells fold, never cut.")
def summary(specs, fmt, show_trainable, width):
    """Print Keras 3's model.summary() for each SPEC file ('-' reads standard input).

    \b
    Example:
      convcalc summary specs/fashion_mnist.yaml
      convcalc summary specs/*.yaml --format json
    """
    from . import engine, spec

    failed = False
    for index, path in enumerate(specs):
        try:
            result = engine.compute(spec.load(path))
            text = _render(result, fmt, show_trainable, width)
            for warning in result.warnings:
                click.echo(f"Warning: {warning}", err=True)
        except ConvcalcError as error:
            _fail(str(error))
            failed = True
            continue
        if fmt != "json" and index:
            click.echo()
        click.echo(text.rstrip("\n"))
    sys.exit(EXIT_INVALID if failed else 0)


def _render(result, fmt, show_trainable, width):
    if fmt == "json":
        from .render import json as renderer
        return renderer.render(result)
    if fmt == "markdown":
        from .render import markdown as renderer
        return renderer.render(result, show_trainable=show_trainable)
    from .render import table as renderer
    return renderer.render(result, show_trainable=show_trainable, width=width, color=_use_color())


def _use_color() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def main():
    try:
        cli(standalone_mode=True)
    except BrokenPipeError:
        # The reader went away (`convcalc summary ... | head`): not an error worth a traceback.
        sys.stderr.close()
        sys.exit(1)
