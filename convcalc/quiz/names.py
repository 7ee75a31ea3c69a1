"""Whose file is it: a submission's file name matched to a class list as people name files.

`grace.yaml`, `grace_hopper.yml`, `Grace-Hopper.yaml` and `GRACE HOPPER.yaml` are all Grace Hopper's: case,
spaces, underscores, hyphens and dots between words and accents make no difference (`jose_nunez` is José
Núñez), and a first name alone is enough when no one else in the class has it.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence

from ..errors import ConvcalcError, closest

_SEPARATORS = re.compile(r"[\s_.\-]+")


class Unmatched(ConvcalcError):
    """A file name that is no student's, or that could be two students'."""


@functools.cache  # a class of 1,000 compares each name 1,000 times
def folded(name: str) -> str:
    """A name as matching compares it: accents dropped, case folded, words separated by one space."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return _SEPARATORS.sub(" ", plain.casefold()).strip()


def answers_stem(student: str, students: Sequence[str]) -> str:
    """The file name (without .yaml) a handout asks a student to hand in: `grace_hopper` for Grace Hopper, or
    the name as the class list has it when that would also be another student's."""
    stem = folded(student).replace(" ", "_")
    clash = any(other != student and folded(other).replace(" ", "_") == stem for other in students)
    return student if clash or not stem else stem


def student_named(stem: str, students: Sequence[str], where: str) -> str:
    """The student of `students` whose file `stem` is (its exact name; the same words however written; a first
    name no one else has); Unmatched, saying why, when there is none or more than one."""
    if stem in students:
        return stem
    wanted = folded(stem)
    for candidates in ([s for s in students if folded(s) == wanted],
                       [s for s in students if folded(s).replace(" ", "") == wanted.replace(" ", "")],
                       [s for s in students if folded(s).split(" ")[0] == wanted]):
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            raise Unmatched(f"{stem!r} could be {' or '.join(candidates)}: name the file after one of them")
    by_folded = {folded(student): student for student in students}
    close = closest(wanted, by_folded)
    raise Unmatched(f"{stem!r} is no student of {where}" + (f" (did you mean {by_folded[close]!r}?)" if close else ""))
