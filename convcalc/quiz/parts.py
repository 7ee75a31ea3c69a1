"""One number of an answer (a part), the classic mistakes that miss it, and how numbers are shown."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import NamedTuple

from ..errors import ConvcalcError
from ..explain import n
from ..shapes import Shape, format_number

Number = int | Fraction


class NotAskable(ConvcalcError):
    """A question that does not apply to its layer (the height of a Dense output, ...)."""


def show_number(value: Number | None) -> str:
    return format_number(value) if isinstance(value, Fraction) else n(value)


def whole(value: Number | str) -> Number:
    """An int when the value is whole, else the exact Fraction."""
    exact = Fraction(value)
    return int(exact) if exact.denominator == 1 else exact


def dim(shape: Shape | None, axis: int) -> int:
    """A dimension a question needs to be known."""
    value = None if shape is None else shape[axis]
    if value is None:
        raise NotAskable("it depends on an unknown (None) dimension")
    return value


def dims(shape: Shape | None) -> tuple[int, ...]:
    """The dimensions after the batch, all known."""
    return tuple(dim(shape, axis) for axis in range(1, len(shape or ())))


class Mistake(NamedTuple):
    """A classic wrong way to a number: the wrong formula with the layer's numbers, its value, the rule it breaks."""

    working: str
    value: Number
    why: str


class Part(NamedTuple):
    """One number of an answer (a shape has one per axis): its value, its working and the mistakes that miss it."""

    label: str
    value: Number
    right: str
    mistakes: tuple[Mistake, ...] = ()

    def diagnose(self, value: Number, within: Fraction = Fraction(0)) -> str | None:
        """'you used ... = 63: the rule: the right working' when `value` is what a classic mistake gives;
        `within`: how far a rounded answer (1.29k) may be from the mistake's exact value."""
        for mistake in self.mistakes:
            if abs(Fraction(mistake.value) - value) <= within:
                return f"you used {mistake.working} = {show_number(mistake.value)}: {mistake.why}: {self.right}"
        return None


def part(label: str, value: Number, right: str, mistakes: Sequence[Mistake] = ()) -> Part:
    """A part keeping the first mistake of each wrong value: two formulas giving one number cannot be told apart."""
    kept, seen = [], {value}
    for mistake in mistakes:
        if mistake.value not in seen:
            seen.add(mistake.value)
            kept.append(mistake)
    return Part(label, value, right, tuple(kept))
