"""Architecture budgets: limits on a model's figures, the units they are written in, and the verdicts.

Knows neither YAML, TOML, click nor rich. Limits arrive as plain values (from a spec's `budgets:`,
pyproject.toml or the command line) with where they were set; verdicts leave as plain data that
convcalc/render/report.py prints. All arithmetic is exact (integers and fractions), so a limit is
never missed by a rounding error.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, NamedTuple, TypeAlias

from .costs import DEFAULT_BATCH_SIZE, times
from .errors import ConvcalcError, SpecError, did_you_mean
from .shapes import MAX_SIZE, format_number, format_shape

if TYPE_CHECKING:
    from .model import Summary

Dims: TypeAlias = tuple[int | None, ...]  # output_shape's figure and limit, batch axis left out
LimitValue: TypeAlias = int | Dims  # a positive int, or Dims for output_shape
# A figure: a count or bytes (an int), a receptive field (a Fraction), or Dims for output_shape; None when unknown.
Figure: TypeAlias = int | Fraction | Dims | None

PASS, WARN, FAIL, ERROR = "pass", "warn", "fail", "error"
SEVERITY = (PASS, WARN, FAIL, ERROR)  # a file's status is its worst verdict's
WARN_PERCENT = 90  # a figure at 90% of its limit or more is a warning
WARN_AT = Fraction(WARN_PERCENT, 100)

SPEC, PYPROJECT, COMMAND_LINE = "spec", "pyproject", "command line"  # where a limit was set
NEW = "new"  # with --diff-against: the spec is not in the reference

COUNT_UNITS = {"": 1, "k": 10**3, "K": 10**3, "M": 10**6, "G": 10**9, "T": 10**12}
# KB, MB, GB and TB as `summary` prints them (Keras's readable_memory_size, 1024-based), so that a size copied
# from a summary means the same in a budget; kB is the 1000-based kilobyte, KiB to TiB say 1024 explicitly.
BYTE_UNITS = {"": 1, "B": 1, "kB": 10**3, "KB": 2**10, "MB": 2**20, "GB": 2**30, "TB": 2**40,
              "KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "TiB": 2**40}
NO_UNITS = {"": 1}
# A number as people write it, then its unit: 250k, 1.5 M, 250_000, 2.5e5, 1MiB.
_AMOUNT = re.compile(r"(?P<number>[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d+)?)"
                     r"\s*(?P<unit>[A-Za-z]*)")


class Budget(NamedTuple):
    key: str
    label: str  # what the figure is called in messages: "params", "MACs"
    units: Mapping[str, int] | None  # the suffixes its limit may take; None for a shape (equal or not, no margin)
    figure: Callable[[Summary, int], Figure]  # (summary, batch_size) -> the figure
    meaning: str  # for --help
    written: str  # how a limit is written, for errors and --help
    unknown: str = "depend on a dimension that is null (unknown until run time)"
    minimum: bool = False  # the figure must reach the limit, not stay under it

    @property
    def bytes(self) -> bool:
        return self.units is BYTE_UNITS


def _layer_count(summary: Summary, batch_size: int) -> int:
    return sum(1 for layer in summary.counted if layer.inputs)  # model inputs read nothing and do not count


def _smallest_field(summary: Summary, batch_size: int) -> Fraction | None:
    field = summary.receptive_field
    return min(axis.size for axis in field) if field else None


COUNT = "a count like 250k, 1.5M, 2G or 250_000"
SIZE = "a size like 952.29KB, 1MiB, 500kB or 1048576 (bytes)"
INTEGER = "a positive integer"
BUDGETS = {budget.key: budget for budget in (
    Budget("max_params", "params", COUNT_UNITS, lambda s, b: s.total_params, "Most parameters", COUNT),
    Budget("max_trainable_params", "trainable params", COUNT_UNITS, lambda s, b: s.trainable_params,
           "Most trainable parameters", COUNT),
    Budget("max_macs", "MACs", COUNT_UNITS, lambda s, b: s.macs, "Most MACs per sample", COUNT),
    Budget("max_flops", "FLOPs", COUNT_UNITS, lambda s, b: s.flops, "Most FLOPs per sample", COUNT),
    Budget("max_param_bytes", "param bytes", BYTE_UNITS, lambda s, b: s.param_bytes(),
           "Most weight memory, each weight at its dtype", SIZE),
    Budget("max_activation_bytes", "activation bytes", BYTE_UNITS, lambda s, b: times(s.activation_bytes(), b),
           "Most activation memory (every layer's output) per sample, or per batch of --batch-size", SIZE),
    Budget("max_layers", "layers", COUNT_UNITS, _layer_count, "Most layers, model inputs not counted", COUNT),
    Budget("output_shape", "output shape", None, lambda s, b: tuple(s.output_shape[1:]),
           "The exact shape of the (first) output",
           "a list of dimensions like [10] or [null, 10], batch axis left out"),
    Budget("min_receptive_field", "receptive field", NO_UNITS, _smallest_field,
           "The fewest input pixels the last spatial layer sees along every spatial axis", INTEGER,
           unknown="cannot be measured: the model has no spatial layer", minimum=True),
)}
BATCH_SIZE = "batch_size"  # not a budget: the batch max_activation_bytes counts (1: per sample)
BATCH_SIZE_MEANING = (f"The batch max_activation_bytes is counted for (default {DEFAULT_BATCH_SIZE}, as in "
                      "`summary`; 1: per sample)")
KEYS = tuple(BUDGETS) + (BATCH_SIZE,)


class Limit(NamedTuple):
    """One budget's limit (or the batch size) and where it was set: `line` is its line in the spec, or in the
    pyproject.toml `file`."""

    key: str
    value: LimitValue
    origin: str  # SPEC, PYPROJECT or COMMAND_LINE
    line: int | None = None
    file: str | None = None  # the pyproject.toml it was set in (`line` is then that file's), for annotations


def parse_value(key: str, value: object) -> LimitValue:
    """A limit as written (YAML, TOML or command-line text) -> an int, or a shape tuple for output_shape.

    Raises a location-free ConvcalcError; the caller knows the file and line.
    """
    budget = BUDGETS.get(key)
    if budget is not None and budget.units is None:  # output_shape
        return _shape(value)
    return parse_amount(key, value)


def parse_amount(key: str, value: object) -> int:
    """A count or size as written for budget `key` (`250k`, `1.5MiB`, 250_000) -> a whole number, rounded down."""
    budget = BUDGETS.get(key)
    units, written = (budget.units, budget.written) if budget and budget.units is not None else (NO_UNITS, INTEGER)

    def malformed(reason: str = "") -> ConvcalcError:
        return ConvcalcError(f"`{key}` must be {written}, received {value!r}{reason}")

    if isinstance(value, bool):
        raise malformed(" (a boolean; YAML reads yes/no/on/off as booleans)")
    if isinstance(value, str):
        match = _AMOUNT.fullmatch(value.strip())
        if not match:
            raise malformed()
        unit = match["unit"]
        if unit not in units:
            named = [u for u in units if u]
            takes = f"`{key}` takes {', '.join(named)}" if named else f"`{key}` takes no unit"
            raise malformed(f": unknown unit {unit!r}{did_you_mean(unit, named)}; {takes}")
        amount, scale = Decimal(match["number"].replace("_", "")), units[unit]
    elif isinstance(value, int | float):
        amount, unit, scale = Decimal(value), "", 1
    else:
        raise malformed()
    if not amount.is_finite():
        raise malformed()
    if amount < 0:
        raise malformed(" (negative)")
    if amount.adjusted() > 100:
        raise malformed(f" (larger than {MAX_SIZE:.0e})")
    exact = Fraction(amount) * scale
    if not unit and exact.denominator != 1:
        raise malformed(" (not a whole number)")
    limit = math.floor(exact)  # figures are whole: staying under 1.5 KiB is staying under 1,536 bytes
    if limit < 1:
        raise malformed(" (below 1)")
    return limit


def _shape(value: object) -> Dims:
    """[10], [null, 10], 10, or command-line text `10`, `None,10`, `[28, 28, 1]`."""
    items: list[object]
    if isinstance(value, str):
        items = [item.strip() for item in value.strip().strip("[]()").split(",")]
    elif isinstance(value, int) and not isinstance(value, bool):
        items = [value]
    else:
        items = value if isinstance(value, list) else []
    try:
        dims = tuple(_dimension(item) for item in items)
    except ValueError:
        dims = ()
    if not dims:
        raise ConvcalcError(f"`output_shape` must be {BUDGETS['output_shape'].written}, received {value!r}")
    return dims


def _dimension(item: object) -> int | None:
    """A positive int, or None for a dimension unknown until run time (`null`; `None` in TOML or text)."""
    if item in (None, "None", "null"):
        return None
    if isinstance(item, str) and item.isdecimal():
        item = int(item)
    if isinstance(item, int) and not isinstance(item, bool) and 0 < item <= MAX_SIZE:
        return item
    raise ValueError(item)


def read_limits(entries: Mapping[str, tuple[object, int | None]], origin: str, source: str) -> dict[str, Limit]:
    """Budget entries (key -> (value, line)) set in `source`; a mistake is a SpecError at its line."""
    limits: dict[str, Limit] = {}
    for key, (value, line) in entries.items():
        if key not in KEYS:
            raise SpecError(f"unknown budget {key!r}" + did_you_mean(key, KEYS)
                            + f"; expected one of {', '.join(KEYS)}", source=source, line=line)
        try:
            limits[key] = Limit(key, parse_value(key, value), origin, line if origin != COMMAND_LINE else None,
                                source if origin == PYPROJECT else None)
        except ConvcalcError as error:
            raise SpecError(str(error), source=source, line=line) from None
    return limits


class Verdict(NamedTuple):
    """One budget checked against one model (and, with --diff-against, its reference figure)."""

    budget: Budget
    limit: Limit
    figure: Figure
    status: str
    batch_size: int = DEFAULT_BATCH_SIZE
    compared: bool = False  # checked with --diff-against: `reference` is the figure there (None: unknown there)
    reference: Figure = None

    @property
    def ratio(self) -> Fraction | None:
        """The figure as a fraction of its limit; None for output_shape or an unknown figure."""
        figure, limit = self.figure, self.limit.value
        if figure is None or isinstance(figure, tuple) or isinstance(limit, tuple):
            return None
        return Fraction(figure) / limit

    @property
    def message(self) -> str:
        """One line saying what was checked and how it went, e.g. `params 243,786 / 250,000 (97.5%)`."""
        budget, key, label = self.budget, self.budget.key, self.label
        if self.status == ERROR:
            return f"{label} {budget.unknown}; {key} cannot be checked"
        figure, limit, ratio = self.show(self.figure), self.show(self.limit.value), self.ratio
        if ratio is None:  # output_shape: equal or not, no ratio
            return f"{label} {figure}" if self.status == PASS else f"{label} {figure} is not {key} {limit}"
        if self.status == FAIL:
            return f"{label} {figure} {'is below' if budget.minimum else 'exceed'} {key} {limit}"
        suffix = f": {WARN_PERCENT}% or more of {key}" if self.status == WARN else ""
        return f"{label} {figure} / {'at least ' if budget.minimum else ''}{limit} ({percent(ratio)}){suffix}"

    @property
    def label(self) -> str:
        """The figure's name; activation bytes say per what."""
        if self.budget.key == "max_activation_bytes":
            return f"{self.budget.label} {'per sample' if self.batch_size == 1 else f'at batch {self.batch_size}'}"
        return self.budget.label

    def show(self, value: Figure) -> str:
        """A figure or limit as the report prints it: 243,786 or 975,144 B or (None, 10)."""
        if value is None:
            return "?"
        if isinstance(value, tuple):  # output_shape
            return format_shape((None,) + value)
        if isinstance(value, Fraction):
            return format_number(value)
        return f"{value:,} B" if self.budget.bytes else f"{value:,}"

    @property
    def change(self) -> str | None:
        """How the figure moved since the reference: `+12,544 (+5.1%)`, `unchanged`; None without one."""
        if not self.compared:
            return None
        figure, reference = self.figure, self.reference
        if figure is None or reference is None:
            return "?"
        if figure == reference:
            return "unchanged"
        if isinstance(figure, tuple) or isinstance(reference, tuple):  # output_shape
            return f"was {self.show(reference)}"
        delta = figure - reference
        shown = format_number(delta) if isinstance(delta, Fraction) else f"{delta:,}"
        shown = ("+" if delta > 0 else "") + shown + (" B" if self.budget.bytes else "")
        return f"{shown} ({float(delta / reference):+.1%})" if reference else shown


def percent(ratio: Fraction) -> str:
    """Rounded down, so a figure over its limit never shows as 100.0%."""
    return f"{math.floor(ratio * 1000) / 10:.1f}%"


def evaluate(summary: Summary, limits: Mapping[str, Limit], reference: Summary | None = None
             ) -> tuple[Verdict, ...]:
    """Every budget in `limits` checked against the Summary, in the order of BUDGETS.

    `reference` is the Summary of the same spec in another version (--diff-against): each verdict
    then also carries its figure there.
    """
    batch = limits[BATCH_SIZE].value if BATCH_SIZE in limits else DEFAULT_BATCH_SIZE
    batch_size = batch if isinstance(batch, int) else DEFAULT_BATCH_SIZE  # parse_value makes it an int
    verdicts = []
    for key, budget in BUDGETS.items():
        if key not in limits:
            continue
        figure, limit = budget.figure(summary, batch_size), limits[key]
        verdicts.append(Verdict(budget, limit, figure, _status(budget, figure, limit.value), batch_size,
                                reference is not None,
                                budget.figure(reference, batch_size) if reference is not None else None))
    return tuple(verdicts)


def _status(budget: Budget, figure: Figure, limit: LimitValue) -> str:
    if figure is None:
        return ERROR
    if isinstance(figure, tuple) or isinstance(limit, tuple):  # output_shape
        return PASS if figure == limit else FAIL
    if budget.minimum:
        return PASS if figure >= limit else FAIL
    if figure > limit:
        return FAIL
    return WARN if figure >= WARN_AT * limit else PASS


class FileReport(NamedTuple):
    """The verdicts on one spec file, or why it could not be checked.

    `reference` names the spec it was compared with; `reference_note` says why there is no comparison:
    NEW (no such spec in the reference) or why the reference cannot be computed.
    """

    path: str
    name: str | None = None  # the model's name
    verdicts: tuple[Verdict, ...] = ()
    error: ConvcalcError | None = None
    reference: str | None = None
    reference_note: str | None = None

    def change(self, verdict: Verdict) -> str | None:
        """The verdict's move since the reference, `new`, or `?` when the reference cannot be computed."""
        if self.reference_note is not None:
            return NEW if self.reference_note == NEW else "?"
        return verdict.change

    @property
    def status(self) -> str:
        if self.error is not None:
            return ERROR
        return max((verdict.status for verdict in self.verdicts), key=SEVERITY.index, default=PASS)


def failing(status: str, strict: bool) -> bool:
    """Whether a verdict of this status fails the run (under --strict, warnings do)."""
    return status == FAIL or (strict and status == WARN)


def exit_code(reports: Iterable[FileReport], strict: bool) -> int:
    """2 when anything could not be checked (a broken spec is an input error, and wins over a budget
    exceeded elsewhere: a run that could not check everything must not look like a plain budget failure);
    1 when a budget is exceeded (or, with strict, nearly); 0 otherwise."""
    statuses = {report.status for report in reports}
    if ERROR in statuses:
        return 2
    return 1 if any(failing(status, strict) for status in statuses) else 0
