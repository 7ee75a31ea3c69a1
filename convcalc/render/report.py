"""`convcalc check` reports: a text table, one JSON document, GitHub Actions annotations, JUnit XML.

Each takes the FileReports of convcalc.check and returns text. Only `text` imports rich, and only when called.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from fractions import Fraction
from functools import partial
from typing import TYPE_CHECKING

from ..check import ERROR, FAIL, NEW, PASS, SEVERITY, WARN, Figure, FileReport, Verdict, exit_code, failing, percent
from ..errors import SpecErrors
from ..model import number

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from .columns import Justify

STYLES = {PASS: "green", WARN: "yellow", FAIL: "bold red", ERROR: "bold red"}
COUNTED_AS = {PASS: "within budget", WARN: "near a limit", FAIL: "over budget", ERROR: "cannot be checked"}


GAP = 3  # characters between two columns of the text report
NARROWEST = 10  # the File and Budget columns fold down to this width to fit the terminal


def render(fmt: str, reports: Sequence[FileReport], strict: bool, color: bool = False, width: int | None = None) -> str:
    if fmt == "text":
        return text(reports, strict, color, width)
    return {"json": json_document, "github": github, "junit": junit}[fmt](reports, strict)


def line_of(verdict: Verdict) -> int:
    """Where an annotation points: the budget's line in the spec, or the spec's first line when the
    limit came from pyproject.toml or the command line."""
    return verdict.limit.line or 1


def described(report: FileReport, verdict: Verdict) -> str:
    """The verdict's message, with its change since the reference when there is one."""
    change = report.change(verdict)
    if change is None:
        return verdict.message
    if report.reference_note == NEW:
        return f"{verdict.message}; change: new spec, not in the reference"
    if change == "?" and report.reference_note:
        return f"{verdict.message}; change: unknown, {report.reference_note}"
    return f"{verdict.message}; change: {verdict.label} {change}"


def counts(reports: Sequence[FileReport]) -> dict[str, int]:
    return {status: sum(1 for report in reports if report.status == status) for status in SEVERITY}


def text(reports: Sequence[FileReport], strict: bool, color: bool = False, width: int | None = None) -> str:
    """A table (file, budget, figure, limit, margin, change, status) and a line of totals, within `width`
    characters if given: the File and Budget columns fold (down to NARROWEST), then shapes between their
    dimensions, to make room."""
    import io
    import textwrap

    import rich.box
    import rich.cells
    import rich.console
    import rich.table
    import rich.text

    compared = any(report.reference or report.reference_note for report in reports)
    columns: tuple[tuple[str, Justify], ...] = (
        (("File", "left"), ("Budget", "left"), ("Figure", "right"), ("Limit", "right"), ("Margin", "right"))
        + ((("Change", "right"),) if compared else ()) + (("Status", "left"),))
    rows: list[tuple[str, ...]] = []
    for report in reports:
        if report.error is not None:
            rows.append((report.path, "-", "", "", "", "", ERROR))
        elif not report.verdicts:
            rows.append((report.path, "(no budgets)", "", "", "", "", PASS))
        for index, verdict in enumerate(report.verdicts):
            ratio = verdict.ratio
            budget = verdict.budget.key + (f" (batch {verdict.batch_size})" if verdict.batch_size != 1 and
                                           verdict.budget.key == "max_activation_bytes" else "")
            rows.append(("" if index else report.path, budget, verdict.show(verdict.figure),
                         verdict.show(verdict.limit.value), "" if ratio is None else percent(ratio),
                         report.change(verdict) or "", verdict.status))
    if not compared:
        rows = [row[:5] + row[6:] for row in rows]

    # Widths from the cells' text: rich would otherwise measure every cell, seconds for 1,000 specs.
    widths = [max(rich.cells.cell_len(cell) for cell in [header] + [row[position] for row in rows])
              for position, (header, _) in enumerate(columns)]
    excess = sum(widths) + GAP * (len(widths) - 1) - (width or 10**9)
    for position in (0, 1, 2, 3):  # File and Budget fold anywhere; Figure and Limit (shapes) between words
        if excess <= 0:
            break
        narrowest = NARROWEST if position < 2 else max(
            rich.cells.cell_len(word) for cell in [columns[position][0]] + [row[position] for row in rows]
            for word in cell.split(" "))
        cut = max(0, min(excess, widths[position] - narrowest))
        widths[position] -= cut
        excess -= cut
    table = rich.table.Table(box=rich.box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for (header, justify), column_width in zip(columns, widths, strict=True):
        table.add_column(header, justify=justify, no_wrap=False, overflow="fold", width=column_width)
    for row in rows:  # Text, not str: a `[` in a path is not rich markup
        status = row[-1]
        table.add_row(*map(rich.text.Text, row[:-1]), rich.text.Text(status, style=STYLES[status] if color else ""))

    buffer = io.StringIO()
    console = rich.console.Console(file=buffer, highlight=False, force_terminal=color, width=10_000,
                                   color_system="auto" if color else None, no_color=not color)
    console.print(table)
    lines = [line.rstrip() for line in buffer.getvalue().splitlines()]
    totals = counts(reports)
    summary = (f"{len(reports)} spec{'s' if len(reports) != 1 else ''}: " + ", ".join(
        f"{totals[status]} {COUNTED_AS[status]}" for status in SEVERITY)
        + (" (--strict: warnings fail)" if strict and totals[WARN] else ""))
    lines += textwrap.wrap(summary, width, subsequent_indent="  ") if width else [summary]
    return "\n".join(lines) + "\n"


def _json_value(value: Figure) -> list[int | None] | int | float | None:
    """Figures and limits as JSON has them: shapes as lists, fractions as numbers."""
    if isinstance(value, tuple):
        return list(value)
    return number(value) if isinstance(value, Fraction) else value


def json_document(reports: Sequence[FileReport], strict: bool) -> str:
    """Every file, budget, figure, limit and status in one document."""
    files = []
    for report in reports:
        budgets: list[dict[str, object]] = []
        entry = {"file": report.path, "name": report.name, "status": report.status,
                 "error": None if report.error is None else str(report.error),
                 "reference": report.reference, "reference_note": report.reference_note, "budgets": budgets}
        for verdict in report.verdicts:
            ratio = verdict.ratio
            budget: dict[str, object] = {
                "budget": verdict.budget.key, "status": verdict.status, "figure": _json_value(verdict.figure),
                "limit": _json_value(verdict.limit.value), "percent": None if ratio is None else float(ratio * 100),
                "message": verdict.message, "origin": verdict.limit.origin, "line": verdict.limit.line}
            if verdict.budget.key == "max_activation_bytes":
                budget["batch_size"] = verdict.batch_size
            if report.change(verdict) is not None:
                budget.update(reference=_json_value(verdict.reference) if verdict.compared else None,
                              change=report.change(verdict))
            budgets.append(budget)
        files.append(entry)
    return json.dumps({"files": files, "counts": counts(reports), "strict": strict,
                       "exit_code": exit_code(reports, strict)}, indent=2) + "\n"


def _escape(value: str, property: bool = False) -> str:
    """Workflow-command escaping (as @actions/core does it); properties also escape `:` and `,`."""
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if property else value


def _command(kind: str, path: str, line: int | None, message: str) -> str:
    where = f"file={_escape(path, True)}" + (f",line={line}" if line else "")
    return f"::{kind} {where}::{_escape(message)}"


def github(reports: Sequence[FileReport], strict: bool) -> str:
    """`::error` for a budget exceeded (and for warnings with --strict) or a spec that cannot be checked,
    `::warning` for a budget at 90% or more, a plain log line for a budget met."""
    lines = []
    for report in reports:
        for error in (report.error.errors if isinstance(report.error, SpecErrors)  # each where it is
                      else () if report.error is None else (report.error,)):
            lines.append(_command("error", report.path, getattr(error, "file_line", None),
                                  getattr(error, "body", str(error))))
        if isinstance(report.error, SpecErrors) and report.error.more:
            lines.append(_command("error", report.path, None, f"... and {report.error.more} more"))
        for verdict in report.verdicts:
            message = described(report, verdict)
            if verdict.status == ERROR or failing(verdict.status, strict):
                lines.append(_command("error", report.path, line_of(verdict), message))
            elif verdict.status == WARN:
                lines.append(_command("warning", report.path, line_of(verdict), message))
            else:
                lines.append(f"{report.path}:{line_of(verdict)}: {message}")
    return "".join(line + "\n" for line in lines)


# Characters XML 1.0 cannot hold at all, even escaped; a message quoting the spec may contain them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(value: str) -> str:
    return _NOT_XML.sub(lambda match: repr(match.group())[1:-1], value)


def _case(suite: Element, cases: dict[str, int], classname: str, path: str, name: str, line: int | None,
          outcome: str | None = None, message: str = "", kind: str = "", output: str | None = None) -> None:
    """One <testcase> of a spec's testsuite, counted in `cases`."""
    import xml.etree.ElementTree as ElementTree

    attributes = {"classname": classname, "name": name, "file": _xml(path)}
    if line:
        attributes["line"] = str(line)
    element = ElementTree.SubElement(suite, "testcase", attributes)
    cases["tests"] += 1
    if outcome:
        cases["errors" if outcome == "error" else "failures"] += 1
        ElementTree.SubElement(element, outcome, message=_xml(message), type=kind).text = _xml(message)
    if output:
        ElementTree.SubElement(element, "system-out").text = _xml(output)


def junit(reports: Sequence[FileReport], strict: bool) -> str:
    """JUnit XML for GitLab, Jenkins and GitHub test reporters: a testsuite per spec, a testcase per
    budget, <failure> for a budget exceeded, <error> for what cannot be checked."""
    import xml.etree.ElementTree as ElementTree

    root = ElementTree.Element("testsuites", name="convcalc check")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for report in reports:
        classname = _xml(report.path.rsplit(".", 1)[0].replace("/", ".").replace("\\", "."))
        suite = ElementTree.SubElement(root, "testsuite", name=_xml(report.path))
        cases = {"tests": 0, "failures": 0, "errors": 0}
        case = partial(_case, suite, cases, classname, report.path)

        if report.error is not None:
            case("spec", getattr(report.error, "file_line", None), "error", str(report.error), "invalid spec")
        for verdict in report.verdicts:
            message = described(report, verdict)
            if verdict.status == ERROR:
                case(verdict.budget.key, line_of(verdict), "error", message, "unknown figure")
            elif failing(verdict.status, strict):
                case(verdict.budget.key, line_of(verdict), "failure", message,
                     "over budget" if verdict.status == FAIL else "near the limit (--strict)")
            else:
                case(verdict.budget.key, line_of(verdict), output=f"{verdict.status}: {message}")
        suite.attrib.update({key: str(value) for key, value in cases.items()}, skipped="0")
        for key in totals:
            totals[key] += cases[key]
    root.attrib.update({key: str(value) for key, value in totals.items()})
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"
