"""Answers read as people write them: 896, "896 params", "1,024", 64x64x32, (None, 64, 64, 32)."""

from __future__ import annotations

import math
import re

from .parts import Number, whole
from .questions import Answer, Question


class Unreadable(ValueError):
    """An answer not written the way its question needs; the message says what was needed."""


_THOUSANDS = re.compile(r"(?<=\d)[,_'\s\u00a0\u202f](?=\d{3}(?!\d))")
_NUMBER = re.compile(r"(\d+(?:\.\d+)?)(?:\s*[A-Za-z][A-Za-z\s#-]*)?")  # "896", "896 params", "3.5"
_DIM_SEPARATORS = re.compile(r"[\s,x×X*]+")
_UNKNOWN = ("none", "null", "?")


def read_number(raw: object) -> Number:
    """896, 896.0, "896 params", "1,024", "1 024" -> a number."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if isinstance(raw, float) and math.isfinite(raw):
        return whole(repr(raw))
    if isinstance(raw, str):
        match = _NUMBER.fullmatch(_THOUSANDS.sub("", raw.strip()))
        if match:
            return whole(match.group(1))
    raise Unreadable("a number")


def read_dims(raw: object) -> tuple[Number | None, ...]:
    """64x64x32, 64×64×32, (None, 64, 64, 32), [64, 64, 32] -> the dimensions (None for the batch)."""
    items: list[object]
    if isinstance(raw, list):
        items = raw
    elif isinstance(raw, str):
        items = [item for item in _DIM_SEPARATORS.split(raw.strip().strip("()[]")) if item]
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


def read_answer(question: Question, raw: object) -> Answer:
    """The answer as a value comparable with question.answer; a shape may leave out the batch's None."""
    if question.ask == "output_shape":
        dims = read_dims(raw)
        answer = question.answer
        batch = answer[:1] if isinstance(answer, tuple) else ()
        return batch + dims if len(dims) == len(question.parts) else dims
    if question.ask == "receptive_field":
        dims = read_dims(raw)
        return dims * len(question.parts) if len(dims) == 1 else dims
    return read_number(raw)
