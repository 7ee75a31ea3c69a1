"""Answers read as people write them: 896, "896 params", "1,024", 1.29k, 64x64x32, (None, 64, 64, 32).

Lenient about spelling, strict about meaning: a shape whose brackets do not match, or with an empty
item (`64,,32`), is unreadable rather than guessed at. A count written with k, M, G or T (1000-based,
read by the same parser as budgets) is abbreviated: it is right when the true count rounds to it at the
precision written and it keeps at least three significant digits (SIGNIFICANT), so 1.29k is right for
1,290 and for 1,286, 1.3k is too rough, and 0.896k is exact.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..check import parse_amount
from ..errors import ConvcalcError
from .parts import Number, whole
from .questions import COUNT_ASKS, Answer, Question

SIGNIFICANT = 3  # an abbreviated count keeps at least this many significant digits, unless it is exact


class Unreadable(ValueError):
    """An answer not written the way its question needs; the message says what was needed."""


@dataclass(frozen=True)
class Rounded:
    """A count written with a unit, like 1.29k: the count it says, how far the truth may be, its digits
    (not a tuple, so that it is never taken for a shape)."""

    written: str  # as the student wrote it, e.g. "1.29k"
    value: int  # 1290, as `convcalc check` reads a budget
    within: Fraction  # half a unit of the last digit written: 5 for 1.29k
    digits: int  # significant digits written: 3 for 1.29k

    def fits(self, exact: Number) -> bool:
        """Whether `exact` rounds to what was written, at the precision written."""
        return abs(Fraction(exact) - self.value) <= self.within

    def at_precision(self, exact: Number) -> str:
        """`exact` written in the same unit with SIGNIFICANT digits, as the student could have: 1.29k."""
        unit = self.written[-1]
        amount = Decimal(int(exact)) / parse_amount("max_params", f"1{unit}")
        return f"{amount:.{max(SIGNIFICANT - 1 - amount.adjusted(), 0)}f}{unit}"


_THOUSANDS = re.compile(r"(?<=\d)[,_'\s\u00a0\u202f](?=\d{3}(?!\d))")
_NUMBER = re.compile(r"(\d+(?:\.\d+)?)(?:\s*[A-Za-z][A-Za-z\s#-]*)?")  # "896", "896 params", "3.5"
_ABBREVIATED = re.compile(r"(?P<number>[\d_.]+)\s*(?P<unit>[kKMGT])(?:\s+[A-Za-z][A-Za-z\s#-]*)?")  # "1.29k params"
_SHAPE = re.compile(r"\((?P<round>[^()\[\]]*)\)|\[(?P<square>[^()\[\]]*)\]|(?P<bare>[^()\[\]]*)")
_DIM_SEPARATOR = re.compile(r"\s*[,x×X*]\s*|\s+")
_UNKNOWN = ("none", "null", "?")


def blank(raw: object) -> bool:
    """`q3:` (YAML's null), `q3: ""` or `q3=`: no answer, not the answer "None"."""
    return raw is None or (isinstance(raw, str) and not raw.strip())


def read_number(raw: object) -> Number:
    """896, 896.0, "896 params", "1,024", "1 024" -> a number."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if isinstance(raw, float) and math.isfinite(raw):
        return whole(repr(raw))
    if isinstance(raw, str):
        text = _THOUSANDS.sub("", raw.strip())
        if _ABBREVIATED.fullmatch(text):
            raise Unreadable("a number: k, M, G and T are for counts")
        match = _NUMBER.fullmatch(text)
        if match:
            return whole(match.group(1))
    raise Unreadable("a number")


def read_count(raw: object) -> Number | Rounded:
    """A number, or a count abbreviated as budgets are written: 1.29k, 3.54M, "1.29k params"."""
    if isinstance(raw, str):
        match = _ABBREVIATED.fullmatch(_THOUSANDS.sub("", raw.strip()))
        if match:
            written = f"{match['number']}{match['unit']}"
            try:
                value = parse_amount("max_params", written)
            except ConvcalcError:
                raise Unreadable("a count like 896, 1.29k or 3.54M") from None
            digits = Decimal(match["number"].replace("_", "")).as_tuple()  # parse_amount has checked the number
            last = Fraction(10) ** int(digits.exponent) * parse_amount("max_params", f"1{match['unit']}")
            return Rounded(written, value, max(last, Fraction(1)) / 2, len(digits.digits))
    return read_number(raw)


def read_dims(raw: object) -> tuple[Number | None, ...]:
    """64x64x32, 64×64×32, (None, 64, 64, 32), [64, 64, 32] -> the dimensions (None for the batch)."""
    items: list[object]
    if isinstance(raw, list):
        items = raw
    elif isinstance(raw, str):
        shape = _SHAPE.fullmatch(raw.strip())
        if shape is None:
            raise Unreadable("a shape: its brackets are unbalanced or nested")
        inside = next(group for group in shape.groups() if group is not None).strip()
        items = list(_DIM_SEPARATOR.split(inside.removesuffix(",").rstrip()) if inside else [])
        if "" in items:
            raise Unreadable("a shape: a size is missing between two separators")
    else:
        items = [raw]
    try:
        dims = tuple(None if item is None or (isinstance(item, str) and item.lower() in _UNKNOWN) else read_number(item)
                     for item in items)
    except Unreadable:
        dims = ()
    if not dims:
        raise Unreadable("a shape like (None, 64, 64, 32) or 64x64x32")
    return dims


def read_answer(question: Question, raw: object) -> Answer | Rounded:
    """The answer as a value comparable with question.answer; a shape may leave out the batch's None."""
    if question.ask == "output_shape":
        dims = read_dims(raw)
        answer = question.answer
        batch = answer[:1] if isinstance(answer, tuple) else ()
        return batch + dims if len(dims) == len(question.parts) else dims
    if question.ask == "receptive_field":
        dims = read_dims(raw)
        return dims * len(question.parts) if len(dims) == 1 else dims
    return read_count(raw) if question.ask in COUNT_ASKS else read_number(raw)
