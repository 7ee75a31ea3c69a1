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
INDENT = "  "  # a budget row under its file's name, when each file name has a line of its own
FILE_MARK = "\ue000"  # a private-use character: the row that becomes its file's name line
FIGURE_FOLD = 5  # the narrowest a figure or limit folds to, when folding between words is not enough


def render(fmt: str, reports: Sequence[FileReport], strict: bool, color: bool = False, width: int | None = None) -> str:
    if fmt == "text":
        return text(reports, strict, color, width)
    return {"json": json_document, "github": github, "junit": junit}[fmt](reports, strict)


def where(report: FileReport, verdict: Verdict) -> tuple[str, int]:
    """Where an annotation points: the budget's line in the spec or in the pyproject.toml that set it, or the
    spec's first line when the limit came from the command line."""
    return verdict.limit.file or report.path, verdict.limit.line or 1


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
    characters if given. Names are never split: when the File column does not fit whole, each file name gets
    a line of its own above its budget rows, and only shapes and figures fold (between words first)."""
    import textwrap

    compared = any(report.reference or report.reference_note for report in reports)
    headers: tuple[tuple[str, Justify], ...] = (
        (("File", "left"), ("Budget", "left"), ("Figure", "right"), ("Limit", "right"), ("Margin", "right"))
        + ((("Change", "right"),) if compared else ()) + (("Status", "left"),))
    by_file: list[tuple[str, list[tuple[str, ...]]]] = []
    for report in reports:
        rows: list[tuple[str, ...]] = []
        if report.error is not None:
            rows.append(("-", "", "", "", "", ERROR))
        elif not report.verdicts:
            rows.append(("(no budgets)", "", "", "", "", PASS))
        for verdict in report.verdicts:
            ratio = verdict.ratio
            budget = verdict.budget.key + (f" (batch {verdict.batch_size})" if verdict.batch_size != 1 and
                                           verdict.budget.key == "max_activation_bytes" else "")
            rows.append((budget, verdict.show(verdict.figure), verdict.show(verdict.limit.value),
                         "" if ratio is None else percent(ratio), report.change(verdict) or "", verdict.status))
        by_file.append((report.path, [row if compared else row[:4] + row[5:] for row in rows]))

    room = width or 10**9
    filed = [(path if index == 0 else "", *row) for path, rows in by_file for index, row in enumerate(rows)]
    figures = [2, 3] + ([5] if compared else [])  # Figure, Limit and Change of the table with its File column
    widths, excess = _fitted(headers, filed, room, figures)
    if excess <= 0:
        lines = _table(headers, filed, widths, color)
    else:  # each file name on its own line, its budgets under it
        stacked = [row for _, rows in by_file for row in rows]
        figures = [position - 1 for position in figures]
        widths, _ = _fitted(headers[1:], stacked, room - len(INDENT), [0, *figures], figures)
        marked = [row for _, rows in by_file for row in [(FILE_MARK, *[""] * (len(headers) - 2)), *rows]]
        table = _table(headers[1:], marked, widths, color)  # one table, its columns aligned across files
        rule = next(number for number, line in enumerate(table) if line.startswith("─"))
        paths = iter(path for path, _ in by_file)
        lines = table[:rule] + [table[rule] + table[rule][:len(INDENT)]]  # the rule under the indented rows too
        lines += [next(paths) if FILE_MARK in line else INDENT + line for line in table[rule + 1:]]
    totals = counts(reports)
    summary = (f"{len(reports)} spec{'s' if len(reports) != 1 else ''}: " + ", ".join(
        f"{totals[status]} {COUNTED_AS[status]}" for status in SEVERITY)
        + (" (--strict: warnings fail)" if strict and totals[WARN] else ""))
    lines += textwrap.wrap(summary, width, subsequent_indent="  ") if width else [summary]
    return "\n".join(lines) + "\n"


def _fitted(headers: Sequence[tuple[str, Justify]], rows: Sequence[tuple[str, ...]], room: int,
            between_words: Sequence[int], anywhere: Sequence[int] = ()) -> tuple[list[int], int]:
    """Column widths from the cells' text (rich would measure every cell: seconds for 1,000 specs), narrowed to
    fit `room`: the columns at `between_words` down to their longest word, then those at `anywhere` down to
    FIGURE_FOLD; and the excess left. Other columns, file names among them, keep their longest cell's width."""
    from rich.cells import cell_len

    cells = [[header for header, _ in headers], *rows]
    widths = [max(cell_len(row[position]) for row in cells) for position in range(len(headers))]
    excess = sum(widths) + GAP * (len(widths) - 1) - room
    for position in between_words:
        cut = max(0, min(excess, widths[position] - max(cell_len(word) for row in cells
                                                        for word in row[position].split(" "))))
        widths[position] -= cut
        excess -= cut
    while excess > 0 and any(widths[position] > FIGURE_FOLD for position in anywhere):
        widths[max(anywhere, key=lambda position: widths[position])] -= 1  # the widest folds first
        excess -= 1
    return widths, excess


def _table(headers: Sequence[tuple[str, Justify]], rows: Sequence[tuple[str, ...]], widths: Sequence[int],
           color: bool) -> list[str]:
    """The lines of a table of these fixed widths, its header and rule first; the last column is the status."""
    import io

    import rich.box
    import rich.console
    import rich.table
    import rich.text

    table = rich.table.Table(box=rich.box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for (header, justify), column_width in zip(headers, widths, strict=True):
        table.add_column(header, justify=justify, no_wrap=False, overflow="fold", width=column_width)
    for row in rows:  # Text, not str: a `[` in a path is not rich markup
        status = row[-1]
        style = STYLES.get(status, "") if color else ""  # a file's name row has no status
        table.add_row(*map(rich.text.Text, row[:-1]), rich.text.Text(status, style=style))
    buffer = io.StringIO()
    console = rich.console.Console(file=buffer, highlight=False, force_terminal=color, width=10_000,
                                   color_system="auto" if color else None, no_color=not color)
    console.print(table)
    return [line.rstrip() for line in buffer.getvalue().splitlines()]


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
                "message": verdict.message, "origin": verdict.limit.origin, "set_in": verdict.limit.file,
                "line": verdict.limit.line}
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
            path, line = where(report, verdict)
            if path != report.path:  # a budget of pyproject.toml: the message names the spec
                message = f"{report.path}: {message}"
            if verdict.status == ERROR or failing(verdict.status, strict):
                lines.append(_command("error", path, line, message))
            elif verdict.status == WARN:
                lines.append(_command("warning", path, line, message))
            else:
                lines.append(f"{path}:{line}: {message}")
    return "".join(line + "\n" for line in lines)


# Characters XML 1.0 cannot hold at all, even escaped; a message quoting the spec may contain them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(value: str) -> str:
    return _NOT_XML.sub(lambda match: repr(match.group())[1:-1], value)


def _case(suite: Element, cases: dict[str, int], classname: str, path: str, name: str, line: int | None,
          outcome: str | None = None, message: str = "", kind: str = "", output: str | None = None,
          text: str | None = None) -> None:
    """One <testcase> of a spec's testsuite, counted in `cases`."""
    import xml.etree.ElementTree as ElementTree

    attributes = {"classname": classname, "name": name, "file": _xml(path)}
    if line:
        attributes["line"] = str(line)
    element = ElementTree.SubElement(suite, "testcase", attributes)
    cases["tests"] += 1
    if outcome:
        cases["errors" if outcome == "error" else "failures"] += 1
        ElementTree.SubElement(element, outcome, message=_xml(message), type=kind).text = _xml(text or message)
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
        case = partial(_case, suite, cases, classname)

        if report.error is not None:
            case(report.path, "spec", getattr(report.error, "file_line", None), "error", str(report.error),
                 "invalid spec", text="\n".join(report.error.lines()))  # every mistake, where there are several
        for verdict in report.verdicts:
            message = described(report, verdict)
            path, line = where(report, verdict)
            if verdict.status == ERROR:
                case(path, verdict.budget.key, line, "error", message, "unknown figure")
            elif failing(verdict.status, strict):
                case(path, verdict.budget.key, line, "failure", message,
                     "over budget" if verdict.status == FAIL else "near the limit (--strict)")
            else:
                case(path, verdict.budget.key, line, output=f"{verdict.status}: {message}")
        suite.attrib.update({key: str(value) for key, value in cases.items()}, skipped="0")
        for key in totals:
            totals[key] += cases[key]
    root.attrib.update({key: str(value) for key, value in totals.items()})
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"
