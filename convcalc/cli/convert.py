"""`convcalc convert`: a model file written in another format, with the same numbers."""

from __future__ import annotations

import os
import sys

import click

from ..errors import ConvcalcError
from .app import EXIT_INVALID, cli, fail


@cli.command()
@click.argument("model_path", metavar="MODEL")
@click.option("--to", "target", type=click.Choice(["yaml"]), default="yaml", show_default=True,
              help="yaml: a convcalc spec (arguments at Keras's defaults left out).")
@click.option("--out", "-o", metavar="FILE", help="Write here (default: standard output).")
@click.option("--force", is_flag=True, help="Overwrite --out if it exists.")
def convert(model_path: str, target: str, out: str | None, force: bool) -> None:
    """Write MODEL (any file convcalc reads; '-' for standard input) in another format, with the same numbers.

    \b
    Example:
      convcalc convert specs/fashion_mnist.yaml --to yaml
      convcalc convert specs/resnet_block.yaml --out resnet_block.yaml
    """
    from .. import readers
    from ..writers import files, yaml_spec

    try:
        if out and model_path != readers.STDIN and os.path.exists(out) and os.path.samefile(out, model_path):
            raise ConvcalcError(f"{out}: is MODEL itself; write the conversion to another file")
        files.refuse_existing([out] if out else [], force)
        text = yaml_spec.write(readers.load(model_path, declare_unknown=True), readers.source_name(model_path))
        if out:
            files.write(out, text, force)
    except ConvcalcError as error:
        fail(str(error))
        sys.exit(EXIT_INVALID)
    if not out:
        click.echo(text, nl=False)


