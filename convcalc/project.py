"""What `convcalc check` checks and against which limits: paths and globs, pyproject.toml, the run.

The file system and TOML live here; what a budget means lives in convcalc.check, model files in convcalc.readers.
Paths are shown relative to the current directory, as CI annotations want them.
"""

from __future__ import annotations

import glob
import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from . import check, engine, readers
from .errors import ConvcalcError, NoModel, SpecError, SpecErrors, did_you_mean
from .readers.files import peek

PYPROJECT = "pyproject.toml"
# The model files a directory is searched for. Of those found in a directory or by a glob, the .py, .ipynb and
# .json files that hold no Keras model (a setup.py, a package.json) are skipped with a note; named, they are errors.
SPEC_SUFFIXES = (".yaml", ".yml", ".keras", ".json", ".py", ".ipynb")
SPEC_FILES = "*.yaml, *.yml, *.keras, *.json, *.py or *.ipynb file"
_MODEL_MARKS = {".py": b"keras", ".ipynb": b"keras", ".json": b'"class_name"'}  # what any model file holds
_JSON_HEAD = 4096  # a Keras config names its class_name first (to_json, get_config dumped)
_CODE_HEAD = 100 * 1024 * 1024  # all of a .py file or notebook (notebooks are read up to 100 MiB)
CONFIG_KEYS = ("specs", "budgets", "overrides")
OVERRIDE_KEYS = ("files", "budgets")
_GLOB = re.compile(r"[*?[]")
_SPEC_KEY = re.compile(rb"^layers\s*:", re.MULTILINE)


class Override(NamedTuple):
    matches: frozenset[str]  # real paths of the files its globs match
    limits: dict[str, check.Limit]


class Checked(NamedTuple):
    """What `check` found: a report per model file, and the files found that hold no model, with why."""

    reports: list[check.FileReport]
    skipped: list[tuple[str, str]]


class Project(NamedTuple):
    """[tool.convcalc] of the nearest pyproject.toml; empty when there is none."""

    path: str | None = None
    specs: tuple[str, ...] = ()  # paths and globs to check when none are given, relative to the current directory
    limits: Mapping[str, check.Limit] = MappingProxyType({})
    overrides: tuple[Override, ...] = ()

    def limits_for(self, path: str) -> dict[str, check.Limit]:
        """[tool.convcalc.budgets], then each override whose files match, later ones winning."""
        real = os.path.realpath(path)
        limits = dict(self.limits)
        for override in self.overrides:
            if real in override.matches:
                limits.update(override.limits)
        return limits


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml in `start` or above it."""
    return next((folder / PYPROJECT for folder in (start, *start.parents) if (folder / PYPROJECT).is_file()), None)


def load_project(start: str | None = None) -> Project:
    """Read [tool.convcalc] from the nearest pyproject.toml; its mistakes, all of them, are SpecErrors naming
    their lines."""
    path = find_pyproject(Path(start or os.getcwd()).resolve())
    if path is None:
        return Project()
    shown = os.path.relpath(path)
    try:
        text = path.read_text(encoding="utf-8")
        document = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as error:
        raise SpecError(f"cannot read: {error}", source=shown) from None
    except tomllib.TOMLDecodeError as error:
        raise _toml_error(str(error), text, shown) from None
    tool = document.get("tool")
    config = tool.get("convcalc") if isinstance(tool, dict) else None
    if config is None:
        return Project(path=shown)
    lines = _Lines(text, shown)
    if not isinstance(config, dict):
        raise lines.error("[tool.convcalc] must be a table", lines.header("tool.convcalc"))
    lines.refuse_unknown(config, CONFIG_KEYS, "[tool.convcalc]", lines.header("tool.convcalc"))
    root = path.parent
    specs = tuple(_relative(root, pattern)
                  for pattern in lines.patterns(config.get("specs", []), "specs", lines.header("tool.convcalc")))
    limits = lines.limits(config.get("budgets", {}),
                          lines.header("tool.convcalc.budgets") or lines.header("tool.convcalc"))
    overrides = config.get("overrides", [])
    if not isinstance(overrides, list) or not all(isinstance(entry, dict) for entry in overrides):
        lines.found(lines.error("`overrides` must be an array of tables: [[tool.convcalc.overrides]]",
                                lines.key("overrides", lines.header("tool.convcalc"))))
        overrides = []
    made = [lines.override(entry, index, root) for index, entry in enumerate(overrides)]
    if lines.errors:  # every mistake of the file in one run, in line order
        errors = sorted(lines.errors, key=lambda error: error.line or 0)
        raise errors[0] if len(errors) == 1 else SpecErrors(errors)
    return Project(shown, specs, limits, tuple(override for override in made if override is not None))


_TOML_WHERE = re.compile(r" \(at (?:line (\d+), column (\d+)|end of document)\)$")


def _toml_error(message: str, text: str, source: str) -> SpecError:
    """tomllib's error at its line and column (it gives them only in its message before Python 3.14)."""
    found = _TOML_WHERE.search(message)
    if found is None:
        return SpecError(f"invalid TOML: {message}", source=source)
    line = int(found.group(1)) if found.group(1) else max(1, len(text.splitlines()))
    column = int(found.group(2)) if found.group(2) else None
    return SpecError(f"invalid TOML: {message[:found.start()]}", source=source, line=line, column=column)


def _relative(root: Path, pattern: str) -> str:
    """A path or glob written relative to the pyproject's folder, made relative to the current directory."""
    return os.path.relpath(root / pattern)


class _Lines:
    """Checks [tool.convcalc], gathering its mistakes, and finds, as best it can, the line of a key (tomllib gives
    no positions)."""

    def __init__(self, text: str, source: str):
        self.lines = text.splitlines()
        self.source = source
        self.errors: list[SpecError] = []

    def error(self, message: str, line: int | None) -> SpecError:
        return SpecError(message, source=self.source, line=line)

    def found(self, error: SpecError) -> None:
        self.errors.append(error)

    def header(self, table: str, occurrence: int = 0) -> int | None:
        """The line of the `occurrence`-th [table] or [[table]] header."""
        pattern = re.compile(r"\s*\[\[?\s*" + re.escape(table) + r"\s*\]")
        found = [number for number, line in enumerate(self.lines, 1) if pattern.match(line)]
        return found[occurrence] if occurrence < len(found) else None

    def key(self, key: str, start: int | None) -> int | None:
        """The first line from `start` on that sets `key` (bare, quoted, or inside an inline table)."""
        pattern = re.compile(r"(^|[{,\s])[\"']?" + re.escape(key) + r"[\"']?\s*=")
        first = (start or 1) - 1
        return next((number for number, line in enumerate(self.lines[first:], first + 1) if pattern.search(line)),
                    start)

    def refuse_unknown(self, table: Mapping[str, object], known: Sequence[str], where: str, start: int | None) -> None:
        for key in table:
            if key not in known:
                self.found(self.error(f"unknown key {key!r} in {where}" + did_you_mean(key, known)
                                      + f"; expected one of {', '.join(known)}", self.key(key, start)))

    def patterns(self, value: object, key: str, start: int | None) -> list[str]:
        """A path or glob, or a list of them (none when they are not)."""
        patterns = [value] if isinstance(value, str) else value
        if not isinstance(patterns, list) or not all(isinstance(p, str) and p for p in patterns):
            self.found(self.error(f"`{key}` must be a path or glob, or a list of them, received {value!r}",
                                  self.key(key, start)))
            return []
        return patterns

    def limits(self, budgets: object, start: int | None) -> dict[str, check.Limit]:
        if not isinstance(budgets, dict):
            self.found(self.error(f"`budgets` must be a table of budget names to limits, received {budgets!r}",
                                  self.key("budgets", start)))
            return {}
        limits: dict[str, check.Limit] = {}
        for key, value in budgets.items():
            try:
                limits.update(check.read_limits({key: (value, self.key(key, start))}, check.PYPROJECT, self.source))
            except SpecError as error:
                self.found(error)
        return limits

    def override(self, entry: Mapping[str, object], index: int, root: Path) -> Override | None:
        start = self.header("tool.convcalc.overrides", index)
        self.refuse_unknown(entry, OVERRIDE_KEYS, "[[tool.convcalc.overrides]]", start)
        limits = self.limits(entry.get("budgets", {}), start)
        if "files" not in entry:
            self.found(self.error("an override needs `files`: the specs (globs) its budgets apply to", start))
            return None
        matches = frozenset(os.path.realpath(match) for pattern in self.patterns(entry["files"], "files", start)
                            for match in glob.glob(str(root / pattern), recursive=True))
        return Override(matches, limits)


def expand(arguments: Sequence[str], changed: bool = False) -> list[tuple[str, str | None, bool]]:
    """(path, problem or None, named) for each file to check: a path (named), or found in a directory (every
    model file in it, recursively and sorted, hidden ones skipped) or by a glob; '-' is standard input. A file
    given twice is checked once. `changed` files (from pre-commit) are taken as found, not named."""
    found: list[tuple[str, str | None, bool]] = []
    seen: set[str] = set()
    for argument in arguments:
        paths: list[str] = []
        problem: str | None = None
        named = argument == readers.STDIN or (os.path.exists(argument) and not os.path.isdir(argument))
        if named:
            paths = [argument]
        elif os.path.isdir(argument):
            paths = _specs_in(argument)
            problem = None if paths else f"no {SPEC_FILES} in this directory"
        elif _GLOB.search(argument):
            paths = sorted(path for path in glob.glob(argument, recursive=True) if os.path.isfile(path))
            problem = None if paths else "no file matches this glob"
        else:
            problem = "no such file or directory"
        if problem:
            found.append((argument, problem, True))
        for path in paths:
            real = os.path.realpath(path)
            if real not in seen:
                seen.add(real)
                found.append((path, None, named and not changed))
    return found


def _specs_in(folder: str) -> list[str]:
    """Every model file below `folder`, sorted, leaving out hidden files and folders (.git, .ipynb_checkpoints)."""
    paths = []
    for parent, subfolders, names in os.walk(folder):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        paths += [os.path.normpath(os.path.join(parent, name)) for name in names
                  if name.lower().endswith(SPEC_SUFFIXES) and not name.startswith(".")]
    return sorted(paths)


def _not_a_model(path: str, changed: bool) -> str | None:
    """Why a file found in a directory or by a glob (or changed, for pre-commit) is no model file, at a glance;
    None when it may be one (reading it tells)."""
    suffix = os.path.splitext(path)[1].lower()
    if changed and suffix not in SPEC_SUFFIXES:
        return "not a model file convcalc reads"  # pyproject.toml, a .h5, a .txt
    if changed and suffix in (".yaml", ".yml") and not _SPEC_KEY.search(peek(path, _CODE_HEAD)):
        return "not a convcalc spec (no `layers:`)"  # a CI workflow, a docker-compose.yml
    mark = _MODEL_MARKS.get(suffix)
    if mark is None:
        return None
    head = peek(path, _JSON_HEAD if suffix == ".json" else _CODE_HEAD)
    if mark in head:
        return None
    return "not a Keras config (no class_name)" if suffix == ".json" else "no Keras code in it"


def run(arguments: Sequence[str], project: Project, cli_limits: dict[str, check.Limit],
        diff_against: str | None = None, pre_commit: bool = False,
        settings: dict[str, str] | None = None) -> Checked:
    """Check every model file named or found (the pyproject's `specs` when none is given); raises
    ConvcalcError for a usage error. `settings` (--set) give values to the names Python code assigns.

    For pre-commit, `arguments` are the files a commit changes: the pyproject's `specs` are checked when it lists
    some (a change to any model file or to the budgets may matter to them), else the changed files holding a model.
    """
    changed = pre_commit and not project.specs
    if not changed:
        arguments = project.specs if pre_commit or not arguments else arguments
    if not arguments and not changed:
        raise ConvcalcError("no spec to check: name spec files, directories or globs, or list them as `specs` "
                            "under [tool.convcalc] in pyproject.toml")
    found = expand(arguments, changed)
    references = _references([path for path, _, _ in found], diff_against)
    checked = Checked([], [])
    for (path, problem, named), reference in zip(found, references, strict=False):
        why = None if named else _not_a_model(path, changed)
        report = None if why else (check.FileReport(path, error=SpecError(problem, source=path)) if problem
                                   else check_file(path, project, cli_limits, reference, settings))
        if report is not None and not named and isinstance(report.error, NoModel):
            why = "no Keras model in it"
        if why:
            checked.skipped.append((path, why))
        elif report is not None:
            checked.reports.append(report)
    return checked


def _references(found: Sequence[str], diff_against: str | None) -> list[str | None]:
    """The reference spec of each file: the same relative path under a directory, or the one file given."""
    if diff_against is None:
        return [None] * len(found)
    if not os.path.isdir(diff_against):
        if len(found) != 1:
            raise ConvcalcError(f"--diff-against {diff_against}: a file can be the reference of one spec only, "
                                f"and {len(found)} are checked; give a directory to compare several")
        return [diff_against]
    references: list[str | None] = []
    for path in found:
        relative = os.path.relpath(path)
        if relative == os.pardir or relative.startswith(os.pardir + os.sep):
            raise ConvcalcError(f"--diff-against {diff_against}: specs are matched by their path relative to the "
                                f"current directory, and {path} is outside it")
        references.append(os.path.join(diff_against, relative))
    return references


def check_file(path: str, project: Project, cli_limits: dict[str, check.Limit],
               reference_path: str | None = None, settings: dict[str, str] | None = None) -> check.FileReport:
    """One spec's verdicts; limits from the command line win over the spec's, which win over pyproject's."""
    shown = readers.source_name(path)  # standard input is <stdin>
    try:
        model, written = readers.load_with_budgets(path, settings=settings if readers.is_code(path) else None)
        limits = {**project.limits_for(path), **check.read_limits(written, check.SPEC, shown), **cli_limits}
        summary = engine.compute(model)
    except ConvcalcError as error:
        return check.FileReport(shown, error=error)
    reference, note = None, None
    if reference_path is not None and not os.path.isfile(reference_path):
        note = check.NEW
    elif reference_path is not None:
        try:
            reference = engine.compute(readers.load(reference_path))
        except ConvcalcError as error:
            note = f"the reference cannot be computed: {error}"
    return check.FileReport(shown, summary.name, check.evaluate(summary, limits, reference),
                            reference=reference_path if reference else None, reference_note=note)
