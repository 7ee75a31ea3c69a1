"""Rich's table layout for the tables convcalc draws, without importing rich's console.

Keras prints model.summary() with rich (keras/src/utils/summary_utils.py), and convcalc must print
the same characters. Importing rich.console and rich.table takes ~20 ms, over a quarter of the time
`python -c "import yaml, click, rich"` takes, to draw a few lines; this module draws them by rich's
rules instead (those of rich 13.7 to 15; 13.7 also drops the spaces ending a soft-wrapped line, and
convcalc prints none such): column widths (Table._calculate_column_widths with ratio_reduce,
ratio_distribute and _collapse_widths), word wrapping (rich._wrap.divide_line), folding, ellipsis,
tab stops, the control codes rich drops, `:emoji:` codes, the HEAVY_HEAD box with a line between
rows, and Console.print's wrapping of the lines around the table. Character widths come from
rich.cells, imported only for text that is not printable ASCII. tests/test_grid.py draws random
tables with rich itself and with this module and compares them.

Text is given as spans, (text, style) pairs; a style is "" or words like "bold color(34)".
"""

from __future__ import annotations

import math
import os
import re
import sys
from collections.abc import Sequence
from typing import NamedTuple

Spans = Sequence[tuple[str, str]]

TAB_SIZE = 8
CELL_PADDING = 1  # a space each side of every cell
_WORD = re.compile(r"\s*\S+\s*")
_TRAILING_WHITESPACE = re.compile(r"\s+$")
_EMOJI_CODE = re.compile(r":(\S*?)(?:(?:\-)(emoji|text))?:")
_DROPPED_CONTROL_CODES = dict.fromkeys(map(ord, "\x07\x08\x0b\x0c\r"))  # rich's strip_control_codes

# rich.box.HEAVY_HEAD: (left, line, divider, right) for each kind of line Table draws.
TOP = ("┏", "━", "┳", "┓")
HEADER = ("┃", " ", "┃", "┃")
HEADER_RULE = ("┡", "━", "╇", "┩")
BODY = ("│", " ", "│", "│")
ROW_RULE = ("├", "─", "┼", "┤")
BOTTOM = ("└", "─", "┴", "┘")


def _one_cell_each(text: str) -> bool:
    """Printable ASCII, which rich counts as one cell a character, as for nearly every layer name."""
    return text.isascii() and text.isprintable()


def cell_len(text: str) -> int:
    if _one_cell_each(text):
        return len(text)
    from rich import cells  # ~1 ms to import: only for wide, combining or control characters

    return cells.cell_len(text)


def set_cell_size(text: str, total: int) -> str:
    """Cropped or padded with spaces to `total` cells."""
    if _one_cell_each(text):
        return text[:total] + " " * (total - len(text))
    from rich import cells

    return cells.set_cell_size(text, total)


def chop_cells(text: str, width: int) -> list[str]:
    """Cut into pieces of at most `width` cells."""
    if _one_cell_each(text):
        return [text[start:start + width] for start in range(0, len(text), width)]
    from rich import cells

    return cells.chop_cells(text, width)


class Column(NamedTuple):
    header: str
    justify: str = "left"  # left, right or center
    width: int | None = None  # the text's width, padding excluded; None: as wide as the contents
    overflow: str = "ellipsis"  # a word too long for the column: "ellipsis" cuts it, "fold" breaks it
    body_overflow: str | None = None  # the body cells' own, when not the header's (rich Text(overflow=...))


class _Text:
    """A line of text and the style of each of its characters (rich.text.Text, reduced)."""

    __slots__ = ("plain", "styles")

    def __init__(self, plain: str, styles: list[str]):
        self.plain, self.styles = plain, styles

    @classmethod
    def from_spans(cls, spans: Spans, emoji: bool = True) -> _Text:
        plain, styles = "", []
        for text, style in spans:
            text = text.translate(_DROPPED_CONTROL_CODES)
            if emoji and ":" in text and _EMOJI_CODE.search(text):
                from rich._emoji_replace import _emoji_replace  # rich's table of codes: only when needed

                text = _emoji_replace(text)
            plain += text
            styles += [style] * len(text)
        return cls(plain, styles)

    def __getitem__(self, part: slice) -> _Text:
        return _Text(self.plain[part], self.styles[part])

    def cells(self) -> int:
        return cell_len(self.plain)

    def split_lines(self) -> list[_Text]:
        lines, start = [], 0
        for line in self.plain.split("\n"):
            lines.append(self[start:start + len(line)])
            start += len(line) + 1
        return lines

    def expand_tabs(self) -> _Text:
        """Each tab as a space, then spaces to the next multiple of TAB_SIZE cells."""
        plain, styles, position = "", [], 0
        for part, style in _split_at_tabs(self):
            plain += part.plain
            styles += part.styles
            position += part.cells()
            if style is not None:
                spaces = 1 + (-(position + 1) % TAB_SIZE)
                plain += " " * spaces
                styles += [style] * spaces
                position += spaces
        return _Text(plain, styles)

    def divide(self, offsets: list[int]) -> list[_Text]:
        bounds = [0, *offsets, len(self.plain)]
        return [self[start:end] for start, end in zip(bounds, bounds[1:], strict=False)]

    def rstrip_end(self, size: int) -> _Text:
        """Drop whitespace past `size` characters at the end."""
        excess = len(self.plain) - size
        match = _TRAILING_WHITESPACE.search(self.plain) if excess > 0 else None
        return self[:len(self.plain) - min(len(match.group(0)), excess)] if match else self

    def rstrip(self) -> _Text:
        return self[:len(self.plain.rstrip())]

    def truncate(self, width: int, overflow: str, pad: bool = False) -> _Text:
        length = self.cells()
        text = self
        if length > width:
            if overflow == "ellipsis":
                cut = set_cell_size(self.plain, width - 1)
                text = _Text(cut + "…", self.styles[:len(cut) + 1])
            else:
                cut = set_cell_size(self.plain, width)
                text = _Text(cut, self.styles[:len(cut)])
            text.styles += [""] * (len(text.plain) - len(text.styles))
        if pad and length < width:
            text = text.padded(right=width - length)
        return text

    def padded(self, left: int = 0, right: int = 0) -> _Text:
        return _Text(" " * left + self.plain + " " * right, [""] * left + self.styles + [""] * right)

    def set_cells(self, width: int) -> _Text:
        """Cropped or padded with spaces to exactly `width` cells (Segment.adjust_line_length)."""
        length = self.cells()
        if length < width:
            return self.padded(right=width - length)
        if length > width:
            cut = set_cell_size(self.plain, width)
            return _Text(cut, (self.styles + [""] * len(cut))[:len(cut)])
        return self


def _split_at_tabs(text: _Text):
    """(part, style of the tab after it, or None for the last part)."""
    start = 0
    for index, character in enumerate(text.plain):
        if character == "\t":
            yield text[start:index], text.styles[index]
            start = index + 1
    yield text[start:], None


def divide_line(text: str, width: int, fold: bool) -> list[int]:
    """Where to break `text` so that each line fits `width` cells (rich._wrap.divide_line)."""
    breaks: list[int] = []
    position = 0
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group(0)
        word_length = cell_len(word.rstrip())
        if width - position >= word_length:
            position += cell_len(word)
        elif word_length > width:
            if fold:
                pieces = chop_cells(word, width)
                for piece in pieces[:-1]:
                    if start:
                        breaks.append(start)
                    start += len(piece)
                if start:
                    breaks.append(start)
                position = cell_len(pieces[-1])
            else:
                if start:
                    breaks.append(start)
                position = cell_len(word)
        elif position and start:
            breaks.append(start)
            position = cell_len(word)
    return breaks


def wrap(text: _Text, width: int, justify: str = "default", overflow: str = "fold") -> list[_Text]:
    """Text.wrap: lines broken at words (and folded or cut), then justified within `width`."""
    lines = []
    for line in text.split_lines():
        if "\t" in line.plain:
            line = line.expand_tabs()
        pieces = [piece.rstrip_end(width) for piece in line.divide(divide_line(line.plain, width, overflow == "fold"))]
        if justify == "left":
            pieces = [piece.truncate(width, overflow, pad=True) for piece in pieces]
        elif justify in ("center", "right"):
            pieces = [piece.rstrip().truncate(width, overflow) for piece in pieces]
            spare = [width - piece.cells() for piece in pieces]
            pieces = [piece.padded(left=gap if justify == "right" else gap // 2, right=0 if justify == "right"
                                   else gap - gap // 2) for piece, gap in zip(pieces, spare, strict=False)]
        lines.extend(piece.truncate(width, overflow) for piece in pieces)
    return lines


def _normalize(low: int, high: int) -> tuple[int, int]:
    """Measurement.normalize: 0 <= low <= high."""
    return max(0, min(low, high)), max(0, high)


def _capped(low: int, high: int, width: int) -> tuple[int, int]:
    """Measurement.get's ending: normalized, at most `width`, nothing when under one cell."""
    low, high = _normalize(low, high)
    low, high = min(low, width), min(high, width)
    return (0, 0) if high < 1 else _normalize(low, high)


def _cell_range(text: _Text, max_width: int) -> tuple[int, int]:
    """Measurement.get of a padded cell: its narrowest and widest sensible widths, in cells."""
    if max_width < 1:
        return 0, 0
    inner = max_width - 2 * CELL_PADDING
    if inner < 1:
        return _capped(max_width, max_width, max_width)
    lines = text.plain.splitlines()  # Text.__rich_measure__: longest word and longest line
    longest_line = max((cell_len(line) for line in lines), default=0)
    longest_word = max((cell_len(word) for word in text.plain.split()), default=longest_line)
    low, high = _capped(longest_word, longest_line, inner)
    return _capped(min(low + 2 * CELL_PADDING, max_width), min(high + 2 * CELL_PADDING, max_width), max_width)


def _ratio_reduce(total: int, ratios: list[int], maximums: list[int], values: list[int]) -> list[int]:
    ratios = [ratio if maximum else 0 for ratio, maximum in zip(ratios, maximums, strict=False)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    result = []
    for ratio, maximum, value in zip(ratios, maximums, values, strict=False):
        if ratio and total_ratio > 0:
            distributed = min(maximum, round(ratio * total / total_ratio))
            result.append(value - distributed)
            total -= distributed
            total_ratio -= ratio
        else:
            result.append(value)
    return result


def _ratio_distribute(total: int, ratios: list[int]) -> list[int]:
    total_ratio = sum(ratios)
    result = []
    for ratio in ratios:
        distributed = math.ceil(ratio * total / total_ratio) if total_ratio > 0 else total
        result.append(distributed)
        total_ratio -= ratio
        total -= distributed
    return result


def _collapse(widths: list[int], wrappable: list[bool], max_width: int) -> list[int]:
    """Table._collapse_widths: shrink the widest wrappable columns first."""
    excess = sum(widths) - max_width
    while any(wrappable) and sum(widths) and excess > 0:
        widest = max(width for width, wraps in zip(widths, wrappable, strict=False) if wraps)
        second = max(width if wraps and width != widest else 0 for width, wraps in zip(widths, wrappable, strict=False))
        ratios = [1 if width == widest and wraps else 0 for width, wraps in zip(widths, wrappable, strict=False)]
        if not widest - second:
            break
        widths = _ratio_reduce(excess, ratios, [min(excess, widest - second)] * len(widths), widths)
        excess = sum(widths) - max_width
    return widths


class Table:
    """rich.table.Table(*columns, width=width, show_lines=True): HEAVY_HEAD box, bold headers."""

    def __init__(self, columns: Sequence[Column], rows: Sequence[Sequence[Spans]], width: int | None = None,
                 emoji: bool = True):
        """`emoji`: whether :codes: in the body cells become emoji (they do in rich markup, not in Text)."""
        self.columns, self.width = tuple(columns), width
        self.header = [_Text.from_spans([(column.header, "bold")]) for column in self.columns]
        self.rows = [[_Text.from_spans(cell, emoji=emoji) for cell in row] for row in rows]

    @property
    def _borders(self) -> int:
        return len(self.columns) + 1

    def _column_range(self, index: int, max_width: int) -> tuple[int, int]:
        """Table._measure_column: the column's narrowest and widest sensible widths, padding included."""
        if max_width < 1:
            return 0, 0
        fixed = self.columns[index].width
        if fixed is not None:
            return min(fixed + 2 * CELL_PADDING, max_width), min(fixed + 2 * CELL_PADDING, max_width)
        ranges = [_cell_range(text, max_width) for text in [self.header[index]] + [row[index] for row in self.rows]]
        return min(max(low for low, _ in ranges), max_width), min(max(high for _, high in ranges), max_width)

    def column_widths(self, max_width: int) -> list[int]:
        """Table._calculate_column_widths: each column's width, padding included, borders not."""
        widths = [self._column_range(index, max_width)[1] or 1 for index in range(len(self.columns))]
        table_width = sum(widths)
        if table_width > max_width:
            widths = _collapse(widths, [column.width is None for column in self.columns], max_width)
            table_width = sum(widths)
            if table_width > max_width:
                widths = _ratio_reduce(table_width - max_width, [1] * len(widths), widths, widths)
                table_width = sum(widths)
            widths = [self._column_range(index, width)[1] or 0 for index, width in enumerate(widths)]
        if table_width < max_width and self.width is not None:  # rich compares the width before the re-measure
            widths = [width + extra for width, extra in zip(widths, _ratio_distribute(max_width - table_width, widths), strict=False)]
        return widths

    def natural_width(self, console_width: int = 10_000) -> int:
        """Table.__rich_measure__'s maximum as Console.measure gives it: its width on a console this wide."""
        if self.width is not None:
            return min(self.width, console_width)
        widths = self.column_widths(console_width - self._borders)
        natural = sum(self._column_range(index, sum(widths))[1] for index in range(len(self.columns))) + self._borders
        return min(natural, console_width)

    def lines(self, console_width: int) -> list[list[_Text]]:
        """The table's lines, each a list of pieces: borders and cell lines."""
        widths = self.column_widths((self.width if self.width is not None else console_width) - self._borders)
        drawn = [[_rule(TOP, widths)]]
        for index, row in enumerate([self.header] + self.rows):
            overflows = [column.overflow if index == 0 else column.body_overflow or column.overflow
                         for column in self.columns]
            cells = [self._cell(text, column, width, overflow)
                     for text, column, width, overflow in zip(row, self.columns, widths, overflows, strict=False)]
            height = max(1, *(len(cell) for cell in cells))
            blank = [[_Text(" " * width, [""] * width)] for width in widths]
            # Headers sit at the bottom of their row, other cells at the top.
            cells = [[blank[i]] * (height - len(cell)) + cell if index == 0
                     else cell + [blank[i]] * (height - len(cell)) for i, cell in enumerate(cells)]
            left, _, divider, right = HEADER if index == 0 else BODY
            for line in range(height):
                pieces = [_Text(left, [""])]
                for i, cell in enumerate(cells):
                    pieces += cell[line] + [_Text(divider if i < len(cells) - 1 else right, [""])]
                drawn.append(pieces)
            if index == 0:
                drawn.append([_rule(HEADER_RULE, widths)])
            elif index < len(self.rows):
                drawn.append([_rule(ROW_RULE, widths)])
        drawn.append([_rule(BOTTOM, widths)])
        return drawn

    @staticmethod
    def _cell(text: _Text, column: Column, width: int, overflow: str) -> list[list[_Text]]:
        """A cell's lines (Padding inside the column width), each as pieces."""
        inner = width - 2 * CELL_PADDING
        if inner < 1:  # rich renders nothing in no width: the cell stays blank
            return []
        lines = wrap(text, inner, justify=column.justify, overflow=overflow)
        pad = _Text(" " * CELL_PADDING, [""] * CELL_PADDING)
        return [[pad, line.set_cells(inner), pad] for line in lines]


def _rule(box: tuple[str, str, str, str], widths: list[int]) -> _Text:
    left, line, divider, right = box
    plain = left + divider.join(line * width for width in widths) + right
    return _Text(plain, [""] * len(plain))


class Page:
    """What rich's Console.print writes into a buffer at a fixed width: lines wrapped at words (folded
    when longer than the width), plain or with ANSI styles."""

    def __init__(self, width: int, color: bool):
        self.width = width
        self.palette = _palette() if color else None  # None: plain text
        self.lines: list[list[_Text]] = []

    def print(self, spans: Spans, soft_wrap: bool = False) -> None:
        """One paragraph; with soft_wrap, kept on one line whatever its length (the terminal wraps it)."""
        text = _Text.from_spans(spans)
        if soft_wrap:
            self.lines += [[line.expand_tabs() if "\t" in line.plain else line] for line in text.split_lines()]
        else:
            self.lines += [[line.set_cells(min(line.cells(), self.width))] for line in wrap(text, self.width)]

    def table(self, table: Table) -> None:
        self.lines += table.lines(self.width)

    def text(self) -> str:
        return "".join("".join(self._styled(piece) for piece in line) + "\n" for line in self.lines)

    def _styled(self, text: _Text) -> str:
        if self.palette is None:
            return text.plain
        out, start = [], 0
        for index in range(1, len(text.plain) + 1):
            if index == len(text.plain) or text.styles[index] != text.styles[start]:
                run, style = text.plain[start:index], text.styles[start]
                out.append(f"\x1b[{self._sgr(style)}m{run}\x1b[0m" if style else run)
                start = index
        return "".join(out)

    def _sgr(self, style: str) -> str:
        """SGR parameters for a style: bold, dim, color(N) in the terminal's palette."""
        codes = []
        for word in style.split():
            if word.startswith("color("):
                codes.append(self.palette(int(word[6:-1])))
            else:
                codes.append({"bold": "1", "dim": "2"}[word])
        return ";".join(codes)


# The 16-colour equivalents rich picks for the 256-colour palette entries convcalc uses.
_STANDARD_EQUIVALENT = {33: 12, 34: 2, 45: 14}


def _palette():
    """color(N) -> SGR parameters, for the palette the terminal has (rich's _detect_color_system)."""
    term = os.environ.get("TERM", "").strip().lower()
    eight_bit = (sys.platform == "win32" or os.environ.get("COLORTERM", "").strip().lower() in ("truecolor", "24bit")
                 or term.rpartition("-")[2] in ("256color", "kitty"))

    def codes(number: int) -> str:
        if not eight_bit and number >= 16:
            number = _STANDARD_EQUIVALENT[number]
        if number < 8:
            return f"3{number}"
        return f"9{number - 8}" if number < 16 else f"38;5;{number}"

    return codes
