"""`convcalc check`: budgets for CI, with exit codes and reports for CI systems."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from ..errors import ConvcalcError, SpecError

if TYPE_CHECKING:
    from ..check import Limit
from .app import EXIT_INVALID, SPEC_PATH, fail, fail_all, settings_option, use_color


def _limit_option(key: str) -> click.Option:
    """`--max-params 1M` and the like: one option per budget, checked as the spec's budgets are."""
    from ..check import BATCH_SIZE_MEANING, BUDGETS, COMMAND_LINE, INTEGER, Limit, parse_value

    def parse(context: click.Context, parameter: click.Parameter, value: str | None) -> Limit | None:
        if value is None:
            return None
        try:
            return Limit(key, parse_value(key, value), COMMAND_LINE)
        except ConvcalcError as error:
            raise click.BadParameter(str(error)) from None

    meaning, written = (BUDGETS[key].meaning, BUDGETS[key].written) if key in BUDGETS else (BATCH_SIZE_MEANING,
                                                                                            INTEGER)
    metavar = {"output_shape": "SHAPE", "batch_size": "N"}.get(key, "LIMIT")
    return click.Option(["--" + key.replace("_", "-"), key], metavar=metavar, callback=parse,
                        help=f"{meaning}: {written}.")


class _CheckCommand(click.Command):
    """`check`, whose --max-* options are made on first use: they come from convcalc.check, whose
    import (~1.3 ms) every other command would otherwise pay at start-up."""

    limits_added = False

    def get_params(self, ctx: click.Context) -> list[click.Parameter]:
        if not self.limits_added:
            from ..check import KEYS

            self.params.extend(_limit_option(key) for key in KEYS)
            self.limits_added = True
        return super().get_params(ctx)


@click.command(cls=_CheckCommand,
             epilog="Exit codes: 0 every budget met; 1 a budget exceeded (or, with --strict, at 90% or more); "
                    "2 invalid input or usage, including a spec that cannot be computed or a figure that is "
                    "unknown: 2 wins over 1.")
@click.argument("paths", nargs=-1, metavar="[PATH]...", type=SPEC_PATH)
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json", "github", "junit"]), default="text",
              show_default=True, help="text: a table; json: one document; github: GitHub Actions annotations; "
                                      "junit: JUnit XML for test reporters (GitLab, Jenkins, GitHub).")
@click.option("--pre-commit", "pre_commit", is_flag=True,
              help="Run as pre-commit's hook, PATHs being the files a commit changes: check the `specs` of "
                   "[tool.convcalc] when it lists some, else each changed file that holds a model (others are "
                   "skipped with a note).")
@click.option("--strict", is_flag=True, help="Fail on warnings too: a budget at 90% of its limit or more.")
@click.option("--diff-against", metavar="REF", type=click.Path(exists=True),
              help="Compare each figure with the same spec in another version: REF is a directory holding the "
                   "specs at the same relative paths (a git worktree of another branch), or one spec file when one "
                   "spec is checked.")
@settings_option
def check(paths: tuple[str, ...], fmt: str, pre_commit: bool, strict: bool, diff_against: str | None,
          settings: dict[str, str],
          **cli_limits: Limit | None) -> None:
    """Check models against their budgets: parameters, MACs, FLOPs, memory, layers, output shape, receptive field.

    PATH is a model file (a YAML spec, a .keras archive, a Keras .json config, Keras code in a .py file or a
    Jupyter .ipynb notebook), a directory (every *.yaml, *.yml, *.keras, *.json, *.py and *.ipynb file in it,
    recursively, hidden ones left out), a glob or - (standard input); without one, the `specs` listed under
    [tool.convcalc] in the nearest pyproject.toml. A .py, .ipynb or .json file found in a directory or by a glob
    that holds no Keras model (a setup.py, a package.json) is skipped with a note; named, it is an error. A legacy
    .h5 model named is read with the optional h5py (pip install 'convcalc[h5]'); a directory's are not searched.
    Budgets come from the spec's `budgets:` block, from [tool.convcalc.budgets] and [[tool.convcalc.overrides]]
    in pyproject.toml, and from these options, which win over the spec, which wins over pyproject.toml. A figure
    at 90% of its limit or more is a warning.

    \b
    Limits: counts take k, M, G, T (1000-based): 250k, 1.5M, 250_000.
    Sizes take KB, MB, GB, TB as `summary` prints them (1024-based, as Keras), KiB, MiB, GiB, TiB
    (1024-based too), kB (1000 bytes) or B: 952.29KB, 1MiB, 500kB.

    \b
    Example:
      convcalc check specs/ --max-params 300k
      convcalc check --format github
      convcalc check specs/fashion_mnist.yaml --diff-against ../main/specs/fashion_mnist.yaml
    """
    import shutil

    from .. import project
    from ..check import ERROR, NEW, FileReport, exit_code
    from ..render.report import render, where

    limits = {key: limit for key, limit in cli_limits.items() if limit is not None}
    width = shutil.get_terminal_size().columns
    try:
        loaded = project.load_project()
    except SpecError as error:  # a report of the broken pyproject.toml, in the format CI reads
        fail_all(error)
        if fmt != "text":
            click.echo(render(fmt, [FileReport(error.source or project.PYPROJECT, error=error)], strict), nl=False)
        sys.exit(EXIT_INVALID)
    try:
        reports, skipped = project.run(paths, loaded, limits, diff_against, pre_commit, settings)
    except ConvcalcError as error:
        fail(str(error))
        sys.exit(EXIT_INVALID)
    for path, why in skipped:
        click.echo(f"Note: {path}: {why}; skipped", err=True)
    for report in reports:
        if report.error is not None:
            fail_all(report.error)
        elif report.reference_note not in (None, NEW):
            click.echo(f"Warning: {report.path}: {report.reference_note}", err=True)
        for verdict in report.verdicts:
            if verdict.status == ERROR:
                path, line = where(report, verdict)
                fail(f"{path}:{line}: {verdict.message}" if path == report.path else
                     f"{path}:{line}: {report.path}: {verdict.message}")
    click.echo(render(fmt, reports, strict, color=fmt == "text" and use_color(), width=width), nl=False)
    sys.exit(exit_code(reports, strict))


