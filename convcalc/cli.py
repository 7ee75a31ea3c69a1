"""The `convcalc` command line. The only module that imports click."""

from __future__ import annotations

import gc
import os
import shutil
import sys

import click

from . import __version__
from .costs import DEFAULT_BATCH_SIZE
from .errors import ConvcalcError
from .render import FORMATS

EXIT_FAILED = 1
EXIT_INVALID = 2


def _fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)


def _fail_all(error: ConvcalcError, suffix: str = "") -> None:
    """One `Error:` line for each mistake the error gathers (a reader, a quiz, a roster: every one found)."""
    for line in error.lines():
        _fail(line + suffix)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="convcalc")
def cli():
    """Output shapes, parameter counts and costs of Keras CNNs described in YAML.

    Exit codes: 0 success, 1 a check failed, 2 invalid input or usage.
    """


def _complete_columns(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    """--columns layer,out<TAB>: the column names, after those already typed."""
    from .render.columns import COLUMNS

    done, _, last = incomplete.rpartition(",")
    prefix = done + "," if done else ""
    return [prefix + name for name in COLUMNS if name.startswith(last) and name not in done.split(",")]


def _complete_layer(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    """explain SPEC --layer <TAB>: the names of SPEC's layers (nothing when it cannot be read)."""
    from . import readers

    # With `--layer` last, click's resilient parsing stops there and leaves SPEC among the unparsed args.
    path = ctx.params.get("spec_path") or next(iter(ctx.args), None)
    if not path or path == readers.STDIN:
        return []
    try:
        names = [layer.name for layer in readers.load(path).layers]
    except ConvcalcError:
        return []
    return [name for name in names if name.startswith(incomplete)]


# Spec paths complete as files (and folders to reach them) in the shell; '-' is standard input. The readers
# check them (a missing file or a directory is an error for that file, not a usage error for the run).
SPEC_PATH = click.Path(readable=False, allow_dash=True)


@cli.command()
@click.argument("specs", nargs=-1, required=True, metavar="SPEC...", type=SPEC_PATH)
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table",
              show_default=True, help="table: Keras's summary; json: one document (an object, or an array of them "
                                      "for several specs); jsonl: one object per line; markdown: GitHub table.")
@click.option("--show-trainable", is_flag=True, help="Add Keras's Trainable column (Y, N, or - without weights).")
@click.option("--columns", metavar="NAMES", shell_complete=_complete_columns,
              help="Comma-separated columns instead of Keras's three: layer, input_shape, output_shape, kernel_shape, "
                   "params, params_percent, trainable, macs, flops, activations, output_bytes, rf, jump, rf_start, "
                   "connected_to.")
@click.option("--costs", is_flag=True, help="Print MACs, FLOPs and memory totals under the table "
                                           "(implied by a cost column).")
@click.option("--dtype", type=click.Choice(["float32", "float16", "bfloat16", "int8"]), default=None,
              help="Count weights and activations at this width (default: each layer's own dtype).")
@click.option("--batch-size", type=click.IntRange(min=1), default=DEFAULT_BATCH_SIZE, show_default=True,
              help="Batch for the activation memory and training estimates (as in `check`: model.fit's default).")
@click.option("--width", type=click.IntRange(min=20), default=None,
              help="Table line length (default: Keras's 88, capped by the terminal). Long cells fold, never cut.")
@click.option("--model", "model_name", metavar="NAME", help="In a Python file, this model (variable or Keras name).")
@click.option("--list-models", is_flag=True, help="List the models each Python file makes, and exit.")
def summary(specs, fmt, show_trainable, columns, costs, dtype, batch_size, width, model_name, list_models):
    """Print Keras 3's model.summary() for each SPEC file ('-' reads standard input).

    \b
    Example:
      convcalc summary specs/fashion_mnist.yaml
      convcalc summary specs/vgg16.yaml --columns layer,output_shape,params,macs,rf --costs
      convcalc summary specs/*.yaml --format json    (one JSON array)
    """
    from . import engine, readers
    from .render.columns import COST_COLUMNS, parse_columns

    try:
        names = parse_columns(columns) if columns else None
    except ConvcalcError as error:
        raise click.BadParameter(str(error), param_hint="--columns") from None
    show_costs = costs or bool(names and COST_COLUMNS & set(names))
    failed = False
    objects = []  # --format json: one document, printed at the end
    for index, path in enumerate(specs):
        try:
            if list_models:  # the models a Python file makes, instead of a summary
                from .readers.python_source import listing
                click.echo(listing(path))
                continue
            result = engine.compute(readers.load(path, model=model_name))
            text = _render(result, fmt, names, show_trainable, show_costs, dtype, batch_size, width)
            for warning in result.warnings:
                click.echo(f"Warning: {warning}", err=True)
        except ConvcalcError as error:
            _fail_all(error)
            failed = True
            continue
        if fmt == "json":
            objects.append(text)
            continue
        if fmt != "jsonl" and index:
            click.echo()
        click.echo(text.rstrip("\n"))
    if fmt == "json" and (objects or len(specs) > 1):
        from .render.json import array
        click.echo(objects[0] if len(specs) == 1 else array(objects))
    sys.exit(EXIT_INVALID if failed else 0)


def _render(result, fmt, names, show_trainable, show_costs, dtype, batch_size, width):
    from .render.columns import cost_totals, memory

    figures = memory(result, batch_size, dtype)
    if fmt in ("json", "jsonl"):
        from .render import json as renderer
        return renderer.render(result, memory=figures)
    totals = cost_totals(result, figures) if show_costs else None
    if fmt == "markdown":
        from .render import markdown as renderer
        return renderer.render(result, columns=names, show_trainable=show_trainable, costs=totals)
    from .render import table
    from .render.columns import fitted_convention, fitted_totals

    color = _use_color()
    available = width or shutil.get_terminal_size().columns  # --width, else COLUMNS or the terminal (80 in a pipe)
    text = table.render(result, columns=names, show_trainable=show_trainable, width=width, color=color)
    if names and not width and _widest(text) > available:  # chosen columns: as wide as they need, if that fits
        text = table.render(result, columns=names, show_trainable=show_trainable, width=available, color=color)
    if totals:
        lines = [(click.style(f" {label}: ", bold=True) if color else f" {label}: ") + rest if label else rest
                 for label, rest in fitted_totals(totals, available)]
        lines += [click.style(line, dim=True) if color else line for line in fitted_convention(available)]
        text = text.rstrip("\n") + "\n" + "\n".join(lines)
    return text


def _widest(text: str) -> int:
    """The longest line's length in characters, escape codes left out (box drawing is one column a character)."""
    return max((len(click.unstyle(line)) for line in text.splitlines()), default=0)


@cli.command()
@click.argument("spec_path", metavar="SPEC", type=SPEC_PATH)
@click.option("--layer", "layer_name", metavar="NAME", help="Only this layer.", shell_complete=_complete_layer)
@click.option("--model", "model_name", metavar="NAME", help="In a Python file, this model (a variable or Keras name).")
def explain(spec_path, layer_name, model_name):
    """Show the working behind each layer's shape, parameters, MACs and receptive field.

    \b
    Example:
      convcalc explain specs/same_padding_quiz.yaml --layer conv2d
    """
    from . import engine, readers
    from .explain import explain as working

    try:
        explanations = working(engine.compute(readers.load(spec_path, model=model_name)), layer_name)
    except ConvcalcError as error:
        _fail_all(error)
        sys.exit(EXIT_INVALID)
    import textwrap

    color = _use_color()
    width = shutil.get_terminal_size().columns  # COLUMNS, or the terminal's (80 in a pipe)
    for index, item in enumerate(explanations):
        if index:
            click.echo()
        click.echo(click.style(item.title, bold=True) if color else item.title)
        for line in item.lines:
            indent = " " * (2 + len(line) - len(line.lstrip(" ")))
            for piece in textwrap.wrap(f"  {line}", width, subsequent_indent=indent + "    ",
                                       break_on_hyphens=False) or [""]:
                click.echo(piece)


def _limit_option(key: str) -> click.Option:
    """`--max-params 1M` and the like: one option per budget, checked as the spec's budgets are."""
    from .check import BATCH_SIZE_MEANING, BUDGETS, COMMAND_LINE, INTEGER, Limit, parse_value

    def parse(context, parameter, value):
        if value is None:
            return None
        try:
            return Limit(key, parse_value(key, value), COMMAND_LINE)
        except ConvcalcError as error:
            raise click.BadParameter(str(error)) from None

    meaning, written = (BUDGETS[key].meaning, BUDGETS[key].written) if key in BUDGETS else (BATCH_SIZE_MEANING, INTEGER)
    metavar = {"output_shape": "SHAPE", "batch_size": "N"}.get(key, "LIMIT")
    return click.Option(["--" + key.replace("_", "-"), key], metavar=metavar, callback=parse, help=f"{meaning}: {written}.")


class _CheckCommand(click.Command):
    """`check`, whose --max-* options are made on first use: they come from convcalc.check, whose
    import (~1.3 ms) every other command would otherwise pay at start-up."""

    limits_added = False

    def get_params(self, ctx):
        if not self.limits_added:
            from .check import KEYS

            self.params.extend(_limit_option(key) for key in KEYS)
            self.limits_added = True
        return super().get_params(ctx)


@cli.command(cls=_CheckCommand,
             epilog="Exit codes: 0 every budget met; 1 a budget exceeded (or, with --strict, at 90% or more); "
                    "2 invalid input or usage, including a spec that cannot be computed or a figure that is "
                    "unknown: 2 wins over 1.")
@click.argument("paths", nargs=-1, metavar="[PATH]...", type=SPEC_PATH)
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json", "github", "junit"]), default="text",
              show_default=True, help="text: a table; json: one document; github: GitHub Actions annotations; "
                                      "junit: JUnit XML for test reporters (GitLab, Jenkins, GitHub).")
@click.option("--strict", is_flag=True, help="Fail on warnings too: a budget at 90% of its limit or more.")
@click.option("--diff-against", metavar="REF", type=click.Path(exists=True),
              help="Compare each figure with the same spec in another version: REF is a directory holding the "
                   "specs at the same relative paths (a git worktree of another branch), or one spec file when one "
                   "spec is checked.")
def check(paths, fmt, strict, diff_against, **cli_limits):
    """Check specs against their budgets: parameters, MACs, FLOPs, memory, layers, output shape, receptive field.

    PATH is a spec file, a directory (every *.yaml / *.yml in it, recursively), a glob or - (standard input);
    without one, the `specs` listed under [tool.convcalc] in the nearest pyproject.toml. Budgets come from the spec's
    `budgets:` block, from [tool.convcalc.budgets] and [[tool.convcalc.overrides]] in pyproject.toml, and
    from these options, which win over the spec, which wins over pyproject.toml. A figure at 90% of its
    limit or more is a warning.

    \b
    Limits: counts take k, M, G, T (1000-based): 250k, 1.5M, 250_000.
    Sizes take B, KB, MB, GB, TB (1000-based) or KiB, MiB, GiB, TiB (1024-based): 500KB, 1MiB.

    \b
    Example:
      convcalc check specs/ --max-params 300k
      convcalc check --format github
      convcalc check specs/fashion_mnist.yaml --diff-against ../main/specs/fashion_mnist.yaml
    """
    from . import project
    from .check import ERROR, NEW, exit_code
    from .render.report import render

    limits = {key: limit for key, limit in cli_limits.items() if limit is not None}
    try:
        reports = project.run(paths, project.load_project(), limits, diff_against)
    except ConvcalcError as error:
        _fail(str(error))
        sys.exit(EXIT_INVALID)
    for report in reports:
        if report.error is not None:
            _fail_all(report.error)
        elif report.reference_note not in (None, NEW):
            click.echo(f"Warning: {report.path}: {report.reference_note}", err=True)
        for verdict in report.verdicts:
            if verdict.status == ERROR:
                _fail(f"{report.path}:{verdict.limit.line or 1}: {verdict.message}")
    click.echo(render(fmt, reports, strict, color=fmt == "text" and _use_color(),
                      width=shutil.get_terminal_size().columns), nl=False)
    sys.exit(exit_code(reports, strict))


def _use_color() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


@cli.command()
@click.argument("model_path", metavar="MODEL")
@click.option("--to", "target", type=click.Choice(["yaml", "python"]), default="yaml", show_default=True,
              help="yaml: a convcalc spec; python: Keras code (arguments at Keras's defaults left out).")
@click.option("--model", "model_name", metavar="NAME", help="In a Python file, this model (a variable or Keras name).")
@click.option("--out", "-o", metavar="FILE", help="Write here (default: standard output).")
@click.option("--force", is_flag=True, help="Overwrite --out if it exists.")
def convert(model_path, target, model_name, out, force):
    """Write MODEL (any file convcalc reads; '-' for standard input) in another format, with the same numbers.

    \b
    Example:
      convcalc convert specs/fashion_mnist.yaml --to yaml
      convcalc convert specs/resnet_block.yaml --out resnet_block.yaml
      convcalc convert specs/fashion_mnist.yaml --to python
    """
    from . import readers
    from .writers import files, python_code, yaml_spec

    try:
        if out and model_path != readers.STDIN and os.path.exists(out) and os.path.samefile(out, model_path):
            raise ConvcalcError(f"{out}: is MODEL itself; write the conversion to another file")
        files.refuse_existing([out] if out else [], force)
        model = readers.load(model_path, declare_unknown=True, model=model_name)
        text = (python_code if target == "python" else yaml_spec).write(model, readers.source_name(model_path))
        for warning in model.warnings:
            click.echo(f"Warning: {warning}", err=True)
        if out:
            files.write(out, text, force)
    except ConvcalcError as error:
        _fail(str(error))
        sys.exit(EXIT_INVALID)
    if not out:
        click.echo(text, nl=False)


@cli.group()
def quiz():
    """Shape and parameter quizzes: generate them, check answers with the working shown, grade a class."""


@quiz.command("check")
@click.argument("quiz_path", metavar="QUIZ")
@click.argument("answers", nargs=-1, required=True, metavar="ANSWERS...")
def quiz_check(quiz_path, answers):
    """Check ANSWERS (an answers file, or id=answer pairs) against QUIZ, with the working behind each wrong one.

    \b
    Example:
      convcalc quiz check quiz.yaml answers.yaml
      convcalc quiz check quiz.yaml q1=896 q2=32 "q3=(None, 64, 64, 32)"

    Exit codes: 0 every answer right, 1 an answer wrong or missing, 2 a broken quiz or answers file.
    """
    from .quiz import files, marking

    try:
        loaded = files.load(quiz_path)
        if len(answers) == 1 and ("=" not in answers[0] or os.path.isfile(answers[0])):
            given, unknown = files.read_answers(loaded, answers[0])
        else:
            given, unknown = files.inline_answers(loaded, answers)
    except ConvcalcError as error:
        _fail_all(error)
        sys.exit(EXIT_INVALID)
    for error in unknown:
        _fail(str(error))
    if unknown:
        sys.exit(EXIT_INVALID)
    marks = marking.check(loaded, given)
    for mark in marks:
        click.echo("\n".join(mark.lines()))
    right = sum(mark.right for mark in marks)
    click.echo(f"{right} of {len(marks)} right")
    sys.exit(0 if right == len(marks) else EXIT_FAILED)


@quiz.command("new")
@click.option("--seed", type=int, required=True, help="The same seed gives the same quiz, byte for byte.")
@click.option("--questions", "count", type=click.IntRange(min=1), default=8, show_default=True,
              help="How many questions (fewer if the model offers fewer different ones).")
@click.option("--level", type=click.Choice(["easy", "medium", "hard"]), default="easy", show_default=True,
              help="easy: one or two Conv2D/pooling layers; medium: strides, 'same' padding, a Dense head; hard: "
                   "dilation, depthwise, separable and transposed convolutions, BatchNormalization, a branch.")
@click.option("--from", "from_path", metavar="SPEC", help="Ask about this spec's layers instead of a random model.")
@click.option("--students", "roster", metavar="FILE",
              help="A class list, one name a line: a different quiz per student (a seed each, from --seed and the "
                   "name), written to the folder --out as NAME.yaml (NAME.md with markdown); --key holds them all.")
@click.option("--out", metavar="FILE",
              help="Write the quiz here (default: standard output); with --students, a folder.")
@click.option("--key", metavar="FILE", help="Write the answer key here (same ids; with --students, by student).")
@click.option("--format", "fmt", type=click.Choice(["yaml", "markdown"]), default="yaml", show_default=True,
              help="yaml: the quiz file that check and grade read; markdown: a printable handout.")
@click.option("--force", is_flag=True, help="Overwrite --out and --key if they exist.")
def quiz_new(seed, count, level, from_path, roster, out, key, fmt, force):
    """Generate a quiz (never containing its answers) and its answer key, or a different quiz per student.

    \b
    Example:
      convcalc quiz new --seed 42 --level medium --out quiz.yaml --key key.yaml
      convcalc quiz new --seed 42 --level medium --format markdown --out handout.md
      convcalc quiz new --seed 7 --from specs/fashion_mnist.yaml --questions 5 --out quiz.yaml --key key.yaml
      convcalc quiz new --seed 42 --students roster.txt --out quizzes/ --key key.yaml
    """
    from .quiz import classroom

    try:
        written = classroom.new(seed, count, level, from_path, roster, out, key, fmt == "markdown", force)
    except ConvcalcError as error:
        _fail_all(error)
        sys.exit(EXIT_INVALID)
    for warning in written.warnings:
        click.echo(f"Warning: {warning}", err=True)
    if written.text is not None:
        click.echo(written.text, nl=False)


@quiz.command("grade")
@click.argument("quiz_path", metavar="QUIZ")
@click.argument("folder", metavar="FOLDER")
@click.option("--csv", "csv_path", metavar="FILE", help="Write one row per student: 1 or 0 per question, the total.")
@click.option("--feedback", "feedback_dir", metavar="DIR",
              help="Write DIR/STUDENT.txt for each student: their answers, each wrong one with its working.")
@click.option("--force", is_flag=True, help="Overwrite the CSV and feedback files if they exist.")
def quiz_grade(quiz_path, folder, csv_path, feedback_dir, force):
    """Grade every answers file in FOLDER, one student per file, and summarise what went wrong.

    QUIZ is the class's quiz, or the folder of quizzes `quiz new --students` wrote: each student is then graded
    against the quiz of their name. FOLDER's *.yaml and *.yml files are answers; another file (answers.txt) is
    graded when it holds answers to the quiz, else skipped with a warning. A file that cannot be read is reported
    and scored 0, and grading goes on (exit code 2 at the end).

    \b
    Example:
      convcalc quiz grade quiz.yaml submissions/ --csv grades.csv
      convcalc quiz grade quizzes/ submissions/ --csv grades.csv --feedback feedback/
    """
    from .quiz import classroom

    try:
        report = classroom.grade_class(quiz_path, folder, csv_path, feedback_dir, force)
    except ConvcalcError as error:
        _fail_all(error)
        sys.exit(EXIT_INVALID)
    for warning in report.warnings:
        click.echo(f"Warning: {warning}", err=True)
    submissions = report.graded.submissions
    for submission in submissions:
        for error in submission.errors:
            _fail_all(error, "" if submission.readable else "; scored 0")
    if not submissions:
        _fail(f"{folder}: no answers files (*.yaml, *.yml, or other files holding answers)")
        sys.exit(EXIT_INVALID)
    click.echo("\n".join(report.summary))
    sys.exit(EXIT_INVALID if any(submission.errors for submission in submissions) else 0)


def main():
    # convcalc's data (YAML nodes, layers, rows) holds no reference cycles (bar a YAML alias that
    # contains itself), so the cyclic collector frees nothing; it only walks the growing heap again
    # and again: a quarter of the CPU time of a 10,000-layer spec, 40% of a 100,000-layer one.
    # Reference counting still frees the rest (checking 1,000 files peaks at 25 MB either way).
    gc.disable()
    try:
        cli(standalone_mode=True)
    except BrokenPipeError:
        # The reader went away (`convcalc summary ... | head`): not an error worth a traceback.
        sys.stderr.close()
        sys.exit(1)
