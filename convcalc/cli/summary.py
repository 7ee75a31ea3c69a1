"""`convcalc summary`: Keras's model.summary() table, JSON or Markdown for each model file."""

from __future__ import annotations

import sys

import click

from ..costs import DEFAULT_BATCH_SIZE
from ..errors import ConvcalcError, UnbuiltModel
from ..render import FORMATS
from .app import EXIT_INVALID, SPEC_PATH, fail_all, settings_option, use_color


def _complete_columns(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    """--columns layer,out<TAB>: the column names (Keras's, then torchinfo's), after those already typed."""
    from ..render.columns import COLUMNS
    from ..render.torchinfo_columns import TORCH_COLUMNS

    done, _, last = incomplete.rpartition(",")
    prefix = done + "," if done else ""
    names = [*COLUMNS, *(name for name in TORCH_COLUMNS if name not in COLUMNS)]
    return [prefix + name for name in names if name.startswith(last) and name not in done.split(",")]


@click.command()
@click.argument("specs", nargs=-1, required=True, metavar="SPEC...", type=SPEC_PATH)
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table",
              show_default=True, help="table: Keras's summary; json: one document (an object, or an array of them "
                                      "for several specs); jsonl: one object per line; markdown: GitHub table.")
@click.option("--show-trainable", is_flag=True, help="Add Keras's Trainable column (Y, N, or - without weights).")
@click.option("--columns", metavar="NAMES", shell_complete=_complete_columns,
              help="Comma-separated columns instead of Keras's three: layer, input_shape, output_shape, kernel_shape, "
                   "params, params_percent, trainable, macs, flops, activations, output_bytes, rf, jump, rf_start, "
                   "connected_to. A PyTorch model takes torchinfo's col_names (input_size, output_size, num_params, "
                   "params_percent, kernel_size, mult_adds, trainable) and convcalc's figures (macs, ..., rf_start).")
@click.option("--costs", is_flag=True, help="Print MACs, FLOPs and memory totals under the table "
                                           "(implied by a cost column).")
@click.option("--dtype", type=click.Choice(["float32", "float16", "bfloat16", "int8"]), default=None,
              help="Count weights and activations at this width (default: each layer's own dtype).")
@click.option("--batch-size", type=click.IntRange(min=1), default=DEFAULT_BATCH_SIZE, show_default=True,
              help="Batch for the activation memory and training estimates (as in `check`: model.fit's default).")
@click.option("--width", type=click.IntRange(min=20), default=None,
              help="Table line length (default: Keras's 88, capped by the terminal). Long cells fold, never cut.")
@click.option("--model", "model_name", metavar="NAME",
              help="In a Python file or notebook, this model (a variable or Keras name) instead of the last "
                   "one made.")
@click.option("--depth", type=click.IntRange(min=0), default=None,
              help="A PyTorch model's table: show modules down to this depth (torchinfo's depth; default 3).")
@settings_option
@click.option("--list-models", is_flag=True, help="List the models each Python file or notebook makes instead.")
def summary(specs: tuple[str, ...], fmt: str, show_trainable: bool, columns: str | None, costs: bool,
            dtype: str | None, batch_size: int, width: int | None, model_name: str | None, depth: int | None,
            settings: dict[str, str], list_models: bool) -> None:
    """Print Keras 3's model.summary() for each SPEC file ('-' reads standard input).

    \b
    Example:
      convcalc summary specs/fashion_mnist.yaml
      convcalc summary specs/vgg16.yaml --columns layer,output_shape,params,macs,rf --costs
      convcalc summary specs/*.yaml --format json    (one JSON array)
    """
    from .. import engine, readers
    from ..render import summary_text

    try:
        names = summary_text.parse_columns(columns) if columns else None
    except ConvcalcError as error:
        raise click.BadParameter(str(error), param_hint="--columns") from None
    failed = False
    objects = []  # --format json: one document, printed at the end
    for index, path in enumerate(specs):
        try:
            if list_models:
                click.echo(readers.listing(path, settings))
                continue
            try:
                spec = readers.load(path, model=model_name, settings=settings)
            except UnbuiltModel as unbuilt:  # Keras's table of it all the same: no shapes, no weights yet
                spec = unbuilt.spec
                click.echo(f"Note: {unbuilt}", err=True)
            result = engine.compute(spec)
            text = summary_text.render(result, fmt, names, costs=costs, show_trainable=show_trainable, dtype=dtype,
                                       batch_size=batch_size, width=width, depth=depth, color=use_color())
            for warning in result.warnings:
                click.echo(f"Warning: {warning}", err=True)
        except ConvcalcError as error:
            fail_all(error)
            failed = True
            continue
        if fmt == "json":
            objects.append(text)
            continue
        if fmt != "jsonl" and index:
            click.echo()
        click.echo(text.rstrip("\n"))
    if fmt == "json" and not list_models and (objects or len(specs) > 1):
        from ..render.json import array
        click.echo(objects[0] if len(specs) == 1 else array(objects))
    sys.exit(EXIT_INVALID if failed else 0)
