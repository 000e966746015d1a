"""Put one PDF line, given in visual order (left to right as drawn), back into logical reading order.

A PDF draws a right-to-left line as it looks, left to right. Running the Unicode bidi algorithm over
that visual order does not undo it (the algorithm is not its own inverse: rule W7 glues a number to
a Latin word before it), so the order is rebuilt from positions instead:

- on a right-to-left line, runs of Persian letters read right to left; each Latin phrase and each
  number («۱۴۰۲/۰۶/۱۸», «3.5», «COVID-19») reads left to right inside itself; the runs follow one
  another right to left, and the neutrals between them (spaces, «،», brackets, mirrored back) stay
  between the runs they sat between;
- on a left-to-right line, only the Persian phrases inside it are turned around.

A line comes as "units": the text of each glyph, in visual order, each unit already in logical order
inside itself (a lam-alef ligature is «لا», one unit).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

_RTL_CLASSES = frozenset({"R", "AL"})
# Separators that keep a number whole between two of its digits: «1,000», «3.5», «۱۴۰۲/۰۶/۱۸», «12:30».
_NUMBER_SEPARATORS = frozenset(".,/:٫٬")
# Signs that belong to a number they touch when it sits inside a left-to-right phrase («45%», «$5»).
_NUMBER_SIGN_CLASSES = frozenset({"ET"})
_MIRRORED = dict(zip("()[]{}<>«»‹›", ")(][}{><»«›‹", strict=True))
_OPENING = frozenset("([{<«‹")
_PERSIAN_DIGITS = frozenset(chr(code) for code in range(0x06F0, 0x06FA))
_ARABIC_DIGITS = frozenset(chr(code) for code in range(0x0660, 0x066A))
_TO_PERSIAN_DIGITS = str.maketrans({chr(0x0660 + d): chr(0x06F0 + d) for d in range(10)})
# Letters Persian has and Arabic does not: a page with them is Persian.
_PERSIAN_ONLY_LETTERS = frozenset("پچژگ")


def unit_class(unit: str) -> str:
    """One unit's part in the reordering: "R" right-to-left letter, "L" Latin letter, "D" digit,
    "W" whitespace, "N" anything else (punctuation, symbols, joiners)."""
    classes = {unicodedata.bidirectional(ch) for ch in unit}
    if classes & _RTL_CLASSES:
        return "R"
    if "L" in classes:
        return "L"
    if unit and all(unicodedata.category(ch) == "Nd" for ch in unit):
        return "D"
    if unit.isspace():
        return "W"
    return "N"


def is_rtl_line(units: list[str], rtl_page: bool | None = None) -> bool:
    """Whether a line reads right to left: by its letters, and by the page's direction when both scripts mix.

    A Persian line with a long English phrase still reads right to left on a Persian page; with no page
    to go by, the majority of letters decides (ties go right to left).
    """
    rtl = sum(1 for unit in units for ch in unit if unicodedata.bidirectional(ch) in _RTL_CLASSES)
    ltr = sum(1 for unit in units for ch in unit if unicodedata.bidirectional(ch) == "L")
    if not rtl:
        return False
    if not ltr or rtl_page is None:
        return rtl >= ltr
    if max(rtl, ltr) > 3 * min(rtl, ltr):
        return rtl > ltr
    return rtl_page


@dataclass
class _Token:
    """A run of units that moves as one piece: a Persian word, a Latin word or number, or a neutral."""

    kind: str  # "R", "LTR" (Latin word or number), "W" (whitespace), "N" (neutral)
    units: list[str] = field(default_factory=list)

    @property
    def has_latin(self) -> bool:
        return any(unit_class(unit) == "L" for unit in self.units)

    @property
    def text(self) -> str:
        return "".join(self.units)


def _tokens(units: list[str]) -> list[_Token]:
    """Split visual-order units into Persian words, Latin words or numbers, whitespace and neutrals."""
    tokens: list[_Token] = []
    index = 0
    while index < len(units):
        kind = unit_class(units[index])
        if kind == "R" or (kind == "N" and _joins_rtl_word(units, index)):
            end = index + 1
            while end < len(units) and (
                unit_class(units[end]) == "R" or (unit_class(units[end]) == "N" and _joins_rtl_word(units, end))
            ):
                end += 1
            tokens.append(_Token("R", units[index:end]))
        elif kind in ("L", "D"):
            end = _end_of_ltr_word(units, index)
            tokens.extend(_split_number_run(units[index:end]))
        else:
            end = index + 1
            tokens.append(_Token("W" if kind == "W" else "N", units[index:end]))
        index = end
    return tokens


def _joins_rtl_word(units: list[str], index: int) -> bool:
    """A joiner or mark that sits between letters of one Persian word (the ZWNJ in «می‌شود»)."""
    unit = units[index]
    if not all(unicodedata.bidirectional(ch) in ("BN", "NSM") for ch in unit):
        return False
    before = index > 0 and unit_class(units[index - 1]) == "R"
    after = index + 1 < len(units) and unit_class(units[index + 1]) == "R"
    return before and after


def _end_of_ltr_word(units: list[str], start: int) -> int:
    """Where a Latin word or number starting at ``start`` ends: letters and digits, with single
    punctuation marks between them («COVID-19», «3.5», «U.S»)."""
    end = start + 1
    while end < len(units):
        kind = unit_class(units[end])
        if kind in ("L", "D"):
            end += 1
        elif kind == "N" and end + 1 < len(units) and unit_class(units[end + 1]) in ("L", "D"):
            end += 2
        else:
            break
    return end


def _split_number_run(units: list[str]) -> list[_Token]:
    """A run without Latin letters is numbers: «۱۰-۲۰» is two numbers and a dash, «۱۴۰۲/۰۶/۱۸» is one."""
    if any(unit_class(unit) == "L" for unit in units):
        return [_Token("LTR", units)]
    tokens: list[_Token] = [_Token("LTR", [units[0]])]
    for unit in units[1:]:
        if unit_class(unit) == "D" and tokens[-1].kind == "LTR":
            tokens[-1].units.append(unit)
        elif unit_class(unit) == "D" and tokens[-1].kind == "N" and tokens[-1].text in _NUMBER_SEPARATORS:
            separator = tokens.pop()
            tokens[-1].units.extend([*separator.units, unit])
        elif unit_class(unit) == "D":
            tokens.append(_Token("LTR", [unit]))
        else:
            tokens.append(_Token("N", [unit]))
    return tokens


def _reversed_rtl(tokens: list[_Token]) -> str:
    """Tokens of a right-to-left stretch, read right to left: Persian words reversed, brackets and
    guillemets turned the way they open, Latin words and numbers kept as they read."""
    parts = []
    for index in range(len(tokens) - 1, -1, -1):
        token = tokens[index]
        if token.kind == "R":
            parts.append("".join(reversed(token.units)))
        elif token.text in _MIRRORED:
            parts.append(_logical_bracket(tokens, index))
        else:
            parts.append(token.text)
    return "".join(parts)


def _logical_bracket(tokens: list[_Token], index: int) -> str:
    """The bracket a right-to-left reader meets at ``tokens[index]``, judged by the word it touches.

    Read right to left, an opening bracket touches the word on its left, a closing one the word on its
    right (through other punctuation: «(ANSO)»); that holds whether the PDF stores the drawn (mirrored)
    glyph, as browsers do, or the character as typed. A bracket that touches no word or two is taken to
    be the drawn glyph.
    """
    drawn = tokens[index].text
    opening = drawn if drawn in _OPENING else _MIRRORED[drawn]
    word_on_left = _touches_word(tokens, index, -1)
    word_on_right = _touches_word(tokens, index, 1)
    if word_on_left != word_on_right:
        return opening if word_on_left else _MIRRORED[opening]
    return _MIRRORED[drawn]


def _touches_word(tokens: list[_Token], index: int, step: int) -> bool:
    """Whether a word follows ``tokens[index]`` in direction ``step``, with only punctuation between («(ANSO)»)."""
    index += step
    while 0 <= index < len(tokens) and tokens[index].kind == "N":
        index += step
    return 0 <= index < len(tokens) and tokens[index].kind in ("R", "LTR")


def _glues_ltr(left: _Token, gap: list[_Token], right: _Token, phrase_has_latin: bool) -> bool:
    """Whether two left-to-right words on a right-to-left line belong to one phrase that reads left to right.

    Latin words with only spaces or punctuation between them read as one phrase («Global Research
    Council 2023»), and so does a number after a Latin word («COVID 19», «ANSO ۲۰۲۰»), as the bidi
    algorithm shows them. Punctuation after a space that touches a number («ANSO ،۲۰۱۸») was placed
    right to left: the number came first («۲۰۱۸، ANSO»). Two numbers are two runs («۱۰ ۲۰»).
    """
    if not (left.has_latin or right.has_latin or phrase_has_latin):
        return False
    gap_text = "".join(token.text for token in gap)
    punctuation = gap_text.strip()
    placed_right_to_left = punctuation and gap_text[0].isspace() and not gap_text[-1].isspace()
    return not (placed_right_to_left and not right.has_latin)


def _rtl_line(tokens: list[_Token]) -> str:
    """A right-to-left line: group left-to-right phrases, then read everything right to left."""
    items: list[_Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.kind != "LTR":
            items.append(token)
            index += 1
            continue
        phrase = _Token("LTR", list(token.units))
        has_latin = token.has_latin
        last = token
        index += 1
        while True:
            gap_end = index
            while gap_end < len(tokens) and tokens[gap_end].kind in ("W", "N"):
                gap_end += 1
            if gap_end >= len(tokens) or tokens[gap_end].kind != "LTR":
                break
            gap, following = tokens[index:gap_end], tokens[gap_end]
            if not _glues_ltr(last, gap, following, has_latin):
                break
            for piece in [*gap, following]:
                phrase.units.extend(piece.units)
            has_latin = has_latin or following.has_latin
            last = following
            index = gap_end + 1
        if has_latin:  # «45%» and «$5» inside a Latin phrase keep their sign where it is
            while index < len(tokens) and tokens[index].kind == "N" and _is_number_sign(tokens[index].text):
                phrase.units.extend(tokens[index].units)
                index += 1
            while items and items[-1].kind == "N" and _is_number_sign(items[-1].text):
                phrase.units[:0] = items.pop().units
        items.append(phrase)
    return _reversed_rtl(items)


def _is_number_sign(text: str) -> bool:
    return bool(text) and all(unicodedata.bidirectional(ch) in _NUMBER_SIGN_CLASSES for ch in text)


def _ltr_line(tokens: list[_Token]) -> str:
    """A left-to-right line: each Persian phrase inside it (Persian words, the spaces and punctuation
    between them, and the Persian-digit numbers that read with them) is turned around."""
    parts: list[str] = []
    index = 0
    while index < len(tokens):
        if not _starts_rtl_phrase(tokens, index):
            parts.append(tokens[index].text)
            index += 1
            continue
        end = index + 1
        last_rtl_end = end if tokens[index].kind == "R" else index
        while end < len(tokens):
            kind = tokens[end].kind
            if kind == "R" or (kind == "LTR" and _number_in_persian_phrase(tokens, end)):
                end += 1
                last_rtl_end = end
            elif kind in ("W", "N"):
                end += 1
            else:
                break
        last_rtl_end = max(last_rtl_end, index + 1)
        parts.append(_reversed_rtl(tokens[index:last_rtl_end]))
        index = last_rtl_end
    return "".join(parts)


def _starts_rtl_phrase(tokens: list[_Token], index: int) -> bool:
    """A Persian word, or a Persian-digit number followed (after spaces) by a Persian word."""
    token = tokens[index]
    if token.kind == "R":
        return True
    return token.kind == "LTR" and _reads_with_persian(token) and _next_word_kind(tokens, index) == "R"


def _number_in_persian_phrase(tokens: list[_Token], index: int) -> bool:
    """A number inside a Persian phrase: in Persian digits, or with a Persian word on its left too."""
    token = tokens[index]
    return not token.has_latin and (_reads_with_persian(token) or _next_word_kind(tokens, index) == "R")


def _next_word_kind(tokens: list[_Token], index: int) -> str:
    """The kind of the next word-like token after ``index`` ("" at the end of the line)."""
    return next((t.kind for t in tokens[index + 1 :] if t.kind not in ("W", "N")), "")


def _reads_with_persian(token: _Token) -> bool:
    """A number in Persian or Arabic-Indic digits: on a left-to-right line it belongs to the Persian phrase."""
    return not token.has_latin and any(ch in _PERSIAN_DIGITS or ch in _ARABIC_DIGITS for ch in token.text)


def logical_order(units: list[str], rtl: bool) -> str:
    """The logical-order text of one line given as visual-order units (see the module docstring)."""
    tokens = _tokens(units)
    return _rtl_line(tokens) if rtl else _ltr_line(tokens)


def to_logical_order(line: str, rtl_page: bool | None = None) -> str:
    """Reorder one visual-order line of text to logical order if it holds right-to-left letters.

    Lines without right-to-left letters are returned unchanged.
    """
    units = list(unicodedata.normalize("NFKC", line))
    if not any(unit_class(unit) == "R" for unit in units):
        return line
    return logical_order(units, is_rtl_line(units, rtl_page))


def keep_persian_digits(text: str) -> str:
    """Arabic-Indic digits back to the Persian digits a Persian page was set in.

    Fonts often draw «۶» with the glyph of the Arabic «٦» and a PDF's text layer then says «٦»: on a page
    with Persian digits or Persian-only letters every Arabic-Indic digit is such a stand-in.
    """
    if not any(ch in _ARABIC_DIGITS for ch in text):
        return text
    if any(ch in _PERSIAN_DIGITS or ch in _PERSIAN_ONLY_LETTERS for ch in text):
        return text.translate(_TO_PERSIAN_DIGITS)
    return text
