"""`convcalc convert`: a model file written in another format, with the same numbers."""

from __future__ import annotations

import os
import sys

import click

from ..errors import ConvcalcError
from .app import EXIT_INVALID, fail, settings_option


@click.command()
@click.argument("model_path", metavar="MODEL")
@click.option("--to", "target", type=click.Choice(["yaml", "python"]), default="yaml", show_default=True,
              help="yaml: a convcalc spec; python: code that builds the model (Keras's, or PyTorch's with "
                   "torchinfo's summary call for a torch model; arguments at their defaults left out).")
@click.option("--model", "model_name", metavar="NAME",
              help="In a Python file or notebook, this model (a variable or Keras name).")
@settings_option
@click.option("--out", "-o", metavar="FILE", help="Write here (default: standard output).")
@click.option("--force", is_flag=True, help="Overwrite --out if it exists.")
def convert(model_path: str, target: str, model_name: str | None, settings: dict[str, str], out: str | None,
            force: bool) -> None:
    """Write MODEL (any file convcalc reads; '-' for standard input) in another format, with the same numbers.

    \b
    Example:
      convcalc convert specs/fashion_mnist.yaml --to yaml
      convcalc convert specs/resnet_block.yaml --out resnet_block.yaml
      convcalc convert lesson.py --to yaml --out lesson.yaml
      convcalc convert specs/fashion_mnist.yaml --to python
    """
    from .. import readers
    from ..writers import files

    try:
        if out and model_path != readers.STDIN and os.path.exists(out) and os.path.samefile(out, model_path):
            raise ConvcalcError(f"{out}: is MODEL itself; write the conversion to another file")
        files.refuse_existing([out] if out else [], force)
        model = readers.load(model_path, declare_unknown=True, model=model_name, settings=settings)
        if model.framework == "torch":
            from ..writers import torch_code as code
            from ..writers import torch_spec as data
        else:
            from ..writers import python_code as code  # type: ignore[no-redef]
            from ..writers import yaml_spec as data  # type: ignore[no-redef]
        text = (code if target == "python" else data).write(model, readers.source_name(model_path))
        for warning in model.warnings:
            click.echo(f"Warning: {warning}", err=True)
        if out:
            files.write(out, text, force)
    except ConvcalcError as error:
        fail(str(error))
        sys.exit(EXIT_INVALID)
    if not out:
        click.echo(text, nl=False)


