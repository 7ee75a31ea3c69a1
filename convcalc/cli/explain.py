"""`convcalc explain`: the working behind each layer's numbers."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from ..explain import Explanation
    from ..model import ModelSpec

from ..errors import ConvcalcError, SpecError
from .app import EXIT_INVALID, SPEC_PATH, fail, fail_all, settings_option, use_color


def _complete_layer(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    """explain SPEC --layer <TAB>: the names of SPEC's layers (nothing when it cannot be read)."""
    from .. import readers

    # With `--layer` last, click's resilient parsing stops there and leaves SPEC among the unparsed args.
    path = ctx.params.get("spec_path") or next(iter(ctx.args), None)
    if not path or path == readers.STDIN:
        return []
    try:
        names = [layer.name for layer in readers.load(path).layers]
    except ConvcalcError:
        return []
    return [name for name in names if name.startswith(incomplete)]


@click.command()
@click.argument("spec_path", metavar="[SPEC]", type=SPEC_PATH, required=False)
@click.option("--layer", "layer_name", metavar="NAME", shell_complete=_complete_layer,
              help="Only this layer. Without SPEC, the layer itself as Keras code, with --input: "
                   "\"Conv2D(32, 3, strides=2, padding='same')\" (several separated by commas).")
@click.option("--input", "input_text", metavar="SIZES",
              help="Without SPEC: the input of the --layer, without the batch (e.g. 128,128,3).")
@click.option("--model", "model_name", metavar="NAME",
              help="In a Python file or notebook, this model (a variable or Keras name).")
@settings_option
def explain(spec_path: str | None, layer_name: str | None, input_text: str | None, model_name: str | None,
            settings: dict[str, str]) -> None:
    """Show the working behind each layer's shape, parameters, MACs and receptive field.

    Without SPEC, a one-layer question: --layer is the layer as Keras code and --input its input's sizes.

    \b
    Example:
      convcalc explain specs/same_padding_quiz.yaml --layer conv2d
      convcalc explain --layer "Conv2D(32, 3, strides=2, padding='same')" --input 128,128,3
    """
    from .. import engine, readers
    from ..explain import explain as working
    from ..explain import note

    if (spec_path is None) == (input_text is None) or (spec_path is None and layer_name is None):
        fail("give SPEC, or a layer and its input: --layer \"Conv2D(32, 3)\" --input 28,28,1"
             if spec_path is None else "--input is for a layer given by --layer without SPEC")
        sys.exit(EXIT_INVALID)
    if spec_path is None and (model_name or settings):
        fail("--model and --set are for a SPEC: a Python file or notebook")
        sys.exit(EXIT_INVALID)
    model = None
    try:
        if spec_path is None:
            from ..readers import layer_question

            model = layer_question.parse(layer_name or "", layer_question.input_shape(input_text or ""))
            layer_name = None
        else:
            model = readers.load(spec_path, model=model_name, settings=settings)
        summary = engine.compute(model)
        explanations = working(summary, layer_name)
    except SpecError as error:
        _show_until(model, error, layer_name)
        fail_all(error)
        sys.exit(EXIT_INVALID)
    except ConvcalcError as error:
        fail_all(error)
        sys.exit(EXIT_INVALID)
    if (convention := note(summary)) is not None:
        _echo_wrapped(convention, "")
        click.echo()
    _show(explanations)


def _show_until(model: ModelSpec | None, error: SpecError, layer_name: str | None) -> None:
    """A model Keras would refuse at a layer: the working up to it, then its own, before the error."""
    from ..explain_failure import until_failure

    found = until_failure(model, error) if model is not None else None
    if found is not None:
        explanations, failing = found
        _show([item for item in [*explanations, failing] if layer_name in (None, item.name)])


def _show(explanations: list[Explanation]) -> None:
    color = use_color()
    for index, item in enumerate(explanations):
        if index:
            click.echo()
        click.echo(click.style(item.title, bold=True) if color else item.title)
        for line in item.lines:
            _echo_wrapped(f"  {line}", " " * (2 + len(line) - len(line.lstrip(" "))) + "    ")


def _echo_wrapped(text: str, indent: str) -> None:
    import shutil
    import textwrap

    width = shutil.get_terminal_size().columns  # COLUMNS, or the terminal's (80 in a pipe)
    for piece in textwrap.wrap(text, width, subsequent_indent=indent, break_on_hyphens=False) or [""]:
        click.echo(piece)
