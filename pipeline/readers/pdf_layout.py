"""A PDF page's glyphs grouped into lines and put into reading order, columns read one after another.

Lines come from geometry: glyphs whose vertical extents overlap by at least half a glyph's height
share a line, whatever their font's baseline (a Latin word set in another font than the Persian
around it stays on its line). Columns come from whitespace gutters: consecutive rows that leave the
same vertical strip empty, with text-like columns on both sides, form a block of columns; a row that
crosses the strip (a full-width title, heading or footer) ends the block and stays where it is.
Columns are read top to bottom, left to right on a left-to-right page and right to left on a
right-to-left one. Rows whose parts are not columns of running text (a table) stay whole.
"""

from __future__ import annotations

import statistics
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

# A gutter is at least this many glyph sizes wide; a word space is well under it.
GUTTER_SIZES = 0.8
# A column of running text is at least this many glyph sizes wide...
MIN_COLUMN_SIZES = 8.0
# ...and its lines fill, on the median, at least this share of its width (table cells do not).
MIN_COLUMN_FILL = 0.6
# Columns run for at least this many rows: two wide word spaces one above the other are no gutter.
MIN_COLUMN_ROWS = 3
MAX_COLUMN_DEPTH = 3

_ZWNJ = "\u200c"


@dataclass
class Glyph:
    """One drawn glyph: its text (logical order inside it, NFKC) and its box, y growing downwards."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def is_space(self) -> bool:
        return self.text.isspace()

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 0.1)


@dataclass
class _Row:
    """Glyphs that share a line across the whole region (several columns' lines may share one row)."""

    top: float
    bottom: float
    glyphs: list[Glyph] = field(default_factory=list)

    def add(self, glyph: Glyph) -> None:
        self.glyphs.append(glyph)
        self.top = min(self.top, glyph.top)
        self.bottom = max(self.bottom, glyph.bottom)


def glyphs_from_chars(chars: Iterable[dict]) -> list[Glyph]:
    """pdfplumber chars as Glyphs, with combining marks joined to their letter.

    A space drawn with no advance between two Persian letters is the zero-width non-joiner that
    Chromium prints as a space glyph («تازه‌ای»); it becomes a ZWNJ of no width.
    """
    chars = [char for char in chars if char.get("text")]
    glyphs: list[Glyph] = []
    for index, char in enumerate(chars):
        text = unicodedata.normalize("NFKC", char["text"])
        if not text:
            continue
        glyph = Glyph(text, char["x0"], char["x1"], char["top"], char["bottom"], char.get("size") or 0.0)
        if glyph.is_space and _is_drawn_zwnj(chars, index):
            glyph = Glyph(_ZWNJ, glyph.x0, glyph.x0, glyph.top, glyph.bottom, glyph.size)
        glyphs.append(glyph)
    return _attach_marks(glyphs)


def _is_drawn_zwnj(chars: list[dict], index: int) -> bool:
    """Whether the space at ``index`` takes no room between two Arabic-script letters."""
    if index == 0 or index + 1 >= len(chars):
        return False
    space, before, after = chars[index], chars[index - 1], chars[index + 1]
    tolerance = 0.05 * max(space.get("size") or 1.0, 1.0)
    return (
        abs(after["x0"] - space["x0"]) < tolerance
        and abs(after["top"] - space["top"]) < tolerance * 10
        and _is_arabic_letter(before["text"])
        and _is_arabic_letter(after["text"])
    )


def _is_arabic_letter(text: str) -> bool:
    return bool(text) and all(unicodedata.bidirectional(ch) == "AL" and ch.isalpha() for ch in text)


def _attach_marks(glyphs: list[Glyph]) -> list[Glyph]:
    """Join each combining mark (a harakat, a hamza above) to the letter under it.

    The letter is looked for among the few glyphs drawn just before and after the mark, then on the
    whole page; a mark over no letter stays a glyph of its own.
    """
    is_mark = [all(unicodedata.combining(ch) for ch in g.text) for g in glyphs]
    if not any(is_mark):
        return glyphs
    for index, mark in enumerate(glyphs):
        if not is_mark[index]:
            continue
        nearby = [i for i in range(max(index - 3, 0), min(index + 4, len(glyphs))) if not is_mark[i]]
        base = _base_under(mark, [glyphs[i] for i in nearby]) or _base_under(
            mark, [g for g, mark_glyph in zip(glyphs, is_mark, strict=True) if not mark_glyph]
        )
        if base is not None:
            base.text += mark.text
        else:
            is_mark[index] = False  # kept as a glyph of its own
    return [g for g, mark_glyph in zip(glyphs, is_mark, strict=True) if not mark_glyph]


def _base_under(mark: Glyph, candidates: list[Glyph]) -> Glyph | None:
    """The candidate whose box the mark's centre falls in, nearest first; None if there is none."""
    under = [
        g for g in candidates if g.x0 - 0.1 <= mark.center <= g.x1 + 0.1 and g.top < mark.bottom and mark.top < g.bottom
    ]
    return min(under, key=lambda g: abs(g.center - mark.center), default=None)


def reading_order(glyphs: list[Glyph], rtl_page: bool) -> list[list[Glyph]]:
    """The page's lines in reading order, each line's glyphs in visual order (left to right)."""
    return _read_region(glyphs, rtl_page, depth=0)


def _read_region(glyphs: list[Glyph], rtl_page: bool, depth: int) -> list[list[Glyph]]:
    """Lines of one region of a page: blocks top to bottom, a block's columns in reading order."""
    rows = _rows(glyphs)
    visible = [g for g in glyphs if not g.is_space]
    if not visible:
        return []
    size = statistics.median(g.size or g.height for g in visible)
    frame = (min(g.x0 for g in visible), max(g.x1 for g in visible))
    lines: list[list[Glyph]] = []
    for block, gutters in _blocks(rows, frame, GUTTER_SIZES * size):
        columns = _text_columns(block, gutters, size) if depth < MAX_COLUMN_DEPTH else None
        if columns is None:
            lines.extend(_line(row.glyphs) for row in block if any(not g.is_space for g in row.glyphs))
            continue
        for column in reversed(columns) if rtl_page else columns:
            lines.extend(_read_region(column, rtl_page, depth + 1))
    return lines


def _rows(glyphs: list[Glyph]) -> list[_Row]:
    """Group glyphs into rows: a glyph joins the row its vertical extent overlaps most, by at least half."""
    rows: list[_Row] = []
    open_rows: list[_Row] = []
    for glyph in sorted(glyphs, key=lambda g: (g.top, g.x0)):
        open_rows = [row for row in open_rows if row.bottom > glyph.top]
        best, best_overlap = None, 0.5 * glyph.height
        for row in open_rows:
            overlap = min(row.bottom, glyph.bottom) - max(row.top, glyph.top)
            if overlap >= best_overlap:
                best, best_overlap = row, overlap
        if best is None:
            best = _Row(glyph.top, glyph.bottom)
            rows.append(best)
            open_rows.append(best)
        best.add(glyph)
    return sorted(rows, key=lambda row: row.top)


def _line(glyphs: list[Glyph]) -> list[Glyph]:
    return sorted(glyphs, key=lambda g: (g.center, g.x1 - g.x0))


Interval = tuple[float, float]


def _free_intervals(row: _Row, frame: Interval, min_width: float) -> list[Interval]:
    """The stretches of the frame's width that no visible glyph of ``row`` covers, at least ``min_width`` wide."""
    free = []
    cursor = frame[0]
    for x0, x1 in sorted((g.x0, g.x1) for g in row.glyphs if not g.is_space):
        if x0 - cursor >= min_width:
            free.append((cursor, x0))
        cursor = max(cursor, x1)
    if frame[1] - cursor >= min_width:
        free.append((cursor, frame[1]))
    return free


def _intersect(first: list[Interval], second: list[Interval], min_width: float) -> list[Interval]:
    """The parts common to two lists of intervals, at least ``min_width`` wide."""
    common = []
    for a0, a1 in first:
        for b0, b1 in second:
            low, high = max(a0, b0), min(a1, b1)
            if high - low >= min_width:
                common.append((low, high))
    return common


def _blocks(rows: list[_Row], frame: Interval, min_gutter: float) -> list[tuple[list[_Row], list[Interval]]]:
    """Consecutive rows that leave the same inner strips empty, with those strips (the gutters).

    A block starts at a row with an empty stretch between its glyphs and goes on while the next rows
    leave some of those stretches empty too (a row in one column only leaves them all empty); a row
    that leaves none (a full-width line) ends it and is a block of its own.
    """
    blocks: list[tuple[list[_Row], list[Interval]]] = []
    current: list[_Row] = []
    common: list[Interval] = []
    for row in rows:
        free = _free_intervals(row, frame, min_gutter)
        if current:
            shared = _intersect(common, free, min_gutter)
            if shared:
                current.append(row)
                common = shared
                continue
            blocks.append((current, common))
        current, common = [row], [(x0, x1) for x0, x1 in free if x0 > frame[0] and x1 < frame[1]]
        if not common:
            blocks.append((current, []))
            current = []
    if current:
        blocks.append((current, common))
    return blocks


def _text_columns(block: list[_Row], gutters: list[Interval], size: float) -> list[list[Glyph]] | None:
    """The block's glyphs split at its gutters, left to right, if every part is a column of running text."""
    visible = [g for row in block for g in row.glyphs if not g.is_space]
    gutters = [(x0, x1) for x0, x1 in gutters if any(g.x1 <= x0 for g in visible) and any(g.x0 >= x1 for g in visible)]
    if len(block) < MIN_COLUMN_ROWS or not gutters:
        return None
    cuts = sorted((x0 + x1) / 2 for x0, x1 in gutters)
    columns: list[list[Glyph]] = [[] for _ in range(len(cuts) + 1)]
    for row in block:
        for glyph in row.glyphs:
            columns[sum(1 for cut in cuts if glyph.center > cut)].append(glyph)
    if all(_is_text_column(column, size) for column in columns):
        return columns
    return None


def _is_text_column(glyphs: list[Glyph], size: float) -> bool:
    """Whether glyphs look like a column of running text: wide enough, at least two lines, lines that fill it."""
    rows = [row for row in _rows(glyphs) if any(not g.is_space for g in row.glyphs)]
    if len(rows) < 2:
        return False
    spans = [
        (min(g.x0 for g in row.glyphs if not g.is_space), max(g.x1 for g in row.glyphs if not g.is_space))
        for row in rows
    ]
    width = max(x1 for _, x1 in spans) - min(x0 for x0, _ in spans)
    if width < MIN_COLUMN_SIZES * size:
        return False
    return statistics.median((x1 - x0) / width for x0, x1 in spans) >= MIN_COLUMN_FILL


def _span(glyphs: list[Glyph]) -> Interval:
    return min(g.x0 for g in glyphs), max(g.x1 for g in glyphs)


def line_units(line: list[Glyph], space_ratio: float) -> list[str]:
    """A line's glyph texts in visual order, with a space wherever glyphs stand apart by more than
    ``space_ratio`` of their size (and never two spaces in a row)."""
    units: list[str] = []
    previous: Glyph | None = None
    for glyph in line:
        if glyph.is_space:
            if units and units[-1] != " ":
                units.append(" ")
            previous = None
            continue
        apart = previous is not None and glyph.x0 - previous.x1 > space_ratio * max(previous.size, 1.0)
        if apart and units[-1] != " ":
            units.append(" ")
        units.append(glyph.text)
        previous = glyph
    while units and units[-1] == " ":
        units.pop()
    return units
