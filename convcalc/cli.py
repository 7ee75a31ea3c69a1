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
@click.option("--columns", metavar="NAMES",
              help="Comma-separated columns instead of Keras's three: layer, input_shape, output_shape, kernel_shape, "
                   "params, params_percent, trainable, macs, flops, activations, output_bytes, rf, jump, rf_start, "
                   "connected_to.")
@click.option("--costs", is_flag=True, help="Print MACs, FLOPs and memory totals under the table "
                                           "(implied by a cost column).")
@click.option("--dtype", type=click.Choice(["float32", "float16", "bfloat16", "int8"]), default=None,
              help="Count weights and activations at this width (default: each layer's own dtype).")
@click.option("--batch-size", type=click.IntRange(min=1), default=32, show_default=True,
              help="Batch for the activation memory and training estimates.")
@click.option("--width", type=click.IntRange(min=20), default=None,
              help="Table line length (default: Keras's 88, capped by the terminal). Long cells fold, never cut.")
def summary(specs, fmt, show_trainable, columns, costs, dtype, batch_size, width):
    """Print Keras 3's model.summary() for each SPEC file ('-' reads standard input).

    \b
    Example:
      convcalc summary specs/fashion_mnist.yaml
      convcalc summary specs/vgg16.yaml --columns layer,output_shape,params,macs,rf --costs
      convcalc summary specs/*.yaml --format json
    """
    from . import engine, spec
    from .render.columns import COST_COLUMNS, parse_columns

    try:
        names = parse_columns(columns) if columns else None
    except ConvcalcError as error:
        raise click.BadParameter(str(error), param_hint="--columns") from None
    show_costs = costs or bool(names and COST_COLUMNS & set(names))
    failed = False
    for index, path in enumerate(specs):
        try:
            result = engine.compute(spec.load(path))
            text = _render(result, fmt, names, show_trainable, show_costs, dtype, batch_size, width)
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


def _render(result, fmt, names, show_trainable, show_costs, dtype, batch_size, width):
    from .render.columns import cost_totals, memory

    figures = memory(result, batch_size, dtype)
    if fmt == "json":
        from .render import json as renderer
        return renderer.render(result, memory=figures)
    totals = cost_totals(result, figures) if show_costs else None
    if fmt == "markdown":
        from .render import markdown as renderer
        return renderer.render(result, columns=names, show_trainable=show_trainable, costs=totals)
    from .render import table as renderer
    return renderer.render(result, columns=names, show_trainable=show_trainable, width=width,
                           color=_use_color(), costs=totals)


@cli.command()
@click.argument("spec_path", metavar="SPEC")
@click.option("--layer", "layer_name", metavar="NAME", help="Only this layer.")
def explain(spec_path, layer_name):
    """Show the working behind each layer's shape, parameters, MACs and receptive field.

    \b
    Example:
      convcalc explain specs/same_padding_quiz.yaml --layer conv2d
    """
    from . import engine, spec
    from .explain import explain as working

    try:
        explanations = working(engine.compute(spec.load(spec_path)), layer_name)
    except ConvcalcError as error:
        _fail(str(error))
        sys.exit(EXIT_INVALID)
    color = _use_color()
    for index, item in enumerate(explanations):
        if index:
            click.echo()
        click.echo(click.style(item.title, bold=True) if color else item.title)
        for line in item.lines:
            click.echo(f"  {line}")


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
