"""A document's date, from its metadata or from a dateline near the top of its text, as an ISO date.

Metadata values: PDF dates (``D:20240312101500+03'30'``), ISO strings, RFC 2822 strings, ``datetime``
objects (DOCX core properties); a value none of these parse is read as text (a Persian meta tag).
The date is the calendar day as written: ``2024-03-12T23:30-05:00`` is 2024-03-12, not its UTC day.

In text, a date needs a day, a month and a four-digit year, in either calendar and either digit script:

- numeric year first: ``2024-03-12``, ``2024/3/12``, ``۱۴۰۲/۰۶/۱۸`` (``-`` or ``/``; ``2024.1.15`` is a version);
- numeric day first: ``18/06/1402``, ``12.03.2024``, ``12-03-2024``; with slashes a Gregorian ``3/4/2024``
  whose day and month could be swapped is skipped, ``13/4/2024`` is day/month and ``4/13/2024`` month/day
  (US order); Jalali is always day/month;
- month names: ``12 March 2024``, ``March 12, 2024``, ``12-Mar-2024``, ``۲۸ آذر ۱۴۰۳``, ``۲۸ آذرماه ۱۴۰۳``,
  ``۱۸ دسامبر ۲۰۲۴`` (Persian names of Gregorian months), with or without a weekday before them.

The calendar follows the year: 1279–1499 is Jalali (converted with jdatetime), 1900 onwards Gregorian.
Not dates, by decision: a year alone (``۱۴۰۲``, ``سال ۱۴۰۲``), a month and year (``آذر ۱۴۰۳``,
``December 2024``; a day would be invented), a day and month without a year (``۲۸ آذرماه``), two-digit
years (``۰۲/۰۶/۱۸``), Hijri lunar dates, and any date before 1900 or after today (a typo or a deadline).
Only the first ``HEAD_CHARS`` characters are searched and the first plausible date wins: a dateline
sits at the top, while dates further down are usually events the text reports.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

import jdatetime

HEAD_CHARS = 1500  # how far into the text a dateline is looked for
EARLIEST = dt.date(1900, 1, 1)
JALALI_YEARS = range(1279, 1500)  # 1279 Dey is January 1900

# One character for one character, so match positions stay those of the original text.
_FOLD = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩يكى\u200c", "01234567890123456789یکی ")

_JALALI_MONTHS = {
    "فروردین": 1, "اردیبهشت": 2, "خرداد": 3, "تیر": 4, "مرداد": 5, "امرداد": 5,
    "شهریور": 6, "مهر": 7, "آبان": 8, "آذر": 9, "دی": 10, "بهمن": 11, "اسفند": 12,
}  # fmt: skip
_PERSIAN_GREGORIAN_MONTHS = {
    "ژانویه": 1, "ژانویهٔ": 1, "فوریه": 2, "فوریهٔ": 2, "مارس": 3, "آوریل": 4, "آپریل": 4, "مه": 5, "می": 5,
    "ژوئن": 6, "جون": 6, "ژوئیه": 7, "ژوییه": 7, "جولای": 7, "اوت": 8, "آگوست": 8, "اگوست": 8,
    "سپتامبر": 9, "اکتبر": 10, "نوامبر": 11, "دسامبر": 12,
}  # fmt: skip
_ENGLISH_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTHS = {**_JALALI_MONTHS, **_PERSIAN_GREGORIAN_MONTHS, **_ENGLISH_MONTHS}


def _alternation(names) -> str:
    """A regex alternation of names, longest first so that «مهر» is not read as «مه»."""
    return "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))


_ALL_MONTHS = _alternation(_MONTHS)
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th|ام|م)?"
_YEAR = r"(?P<y>\d{4})(?!\d)"
_NOT_AFTER_WORD = r"(?<![\w./-])"
_NOT_BEFORE_NUMBER = r"(?!\d|[./-]\d)"
_NAMED_MONTH = [
    # 12 March 2024 · 12th of March, 2024 · 12-Mar-2024 · ۲۸ آذرماه ۱۴۰۳ · ۲۸ آذر، سال ۱۴۰۳
    re.compile(
        rf"{_NOT_AFTER_WORD}{_DAY}(?:\s+of)?[\s-]+(?P<m>{_ALL_MONTHS})(?:\s*ماه)?(?!\w)\.?[\s,،-]+(?:سال\s+)?{_YEAR}",
        re.IGNORECASE,
    ),
    # March 12, 2024 · Dec. 25 2024
    re.compile(rf"(?<!\w)(?P<m>{_alternation(_ENGLISH_MONTHS)})\.?\s+{_DAY},?\s+{_YEAR}", re.IGNORECASE),
]
# 2024-03-12 · ۱۴۰۲/۰۶/۱۸
_YEAR_FIRST = re.compile(
    rf"{_NOT_AFTER_WORD}(?P<y>\d{{4}})(?P<sep>[-/])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}}){_NOT_BEFORE_NUMBER}"
)
# 18/06/1402 · 12.03.2024 · 4/13/2024
_DAY_FIRST = re.compile(
    rf"{_NOT_AFTER_WORD}(?P<d>\d{{1,2}})(?P<sep>[-/.])(?P<m>\d{{1,2}})(?P=sep)(?P<y>\d{{4}}){_NOT_BEFORE_NUMBER}"
)
_PDF_DATE = re.compile(r"^D:(\d{4})(\d{2})(\d{2})")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])")


@dataclass(frozen=True)
class DocumentDate:
    """A document's date as ``YYYY-MM-DD`` and where it came from (``metadata:pdf``, ``text:jalali`` …)."""

    iso: str
    source: str


def _plausible(day: dt.date, today: dt.date | None) -> bool:
    """Between 1900 and today: anything else is a typo, a deadline or a forecast, not the document's date."""
    return EARLIEST <= day <= (today or dt.date.today())


def _to_gregorian(year: int, month: int, day: int) -> tuple[dt.date, str] | None:
    """The Gregorian day of a written date and its calendar, chosen by the year; None if no such day."""
    try:
        if year in JALALI_YEARS:
            return jdatetime.date(year, month, day).togregorian(), "jalali"
        if year >= EARLIEST.year:
            return dt.date(year, month, day), "gregorian"
    except ValueError:
        return None
    return None


def _month_and_day(match: re.Match) -> tuple[int, int] | None:
    """Month and day of a match; None for a Gregorian day/month with slashes that could be read either way."""
    first, day = match.group("m"), int(match.group("d"))
    if not first.isdigit():
        return _MONTHS[first.lower()], day
    month = int(first)
    if match.re is _YEAR_FIRST or int(match.group("y")) in JALALI_YEARS or match.group("sep") != "/":
        return month, day
    if month > 12 >= day:  # 4/13/2024: month/day (US order)
        return day, month
    if day > 12 or day == month:
        return month, day
    return None  # 3/4/2024: 3 April or March 4


def find_dates(text: str, today: dt.date | None = None) -> list[tuple[int, DocumentDate]]:
    """Every plausible date written in ``text``, with its character offset, in reading order."""
    folded = text.translate(_FOLD)
    found: dict[int, DocumentDate] = {}
    for pattern in (*_NAMED_MONTH, _YEAR_FIRST, _DAY_FIRST):
        for match in pattern.finditer(folded):
            if match.start() in found:
                continue
            month_day = _month_and_day(match)
            converted = month_day and _to_gregorian(int(match.group("y")), *month_day)
            if converted and _plausible(converted[0], today):
                found[match.start()] = DocumentDate(converted[0].isoformat(), f"text:{converted[1]}")
    return sorted(found.items())


def date_from_text(text: str, today: dt.date | None = None) -> DocumentDate | None:
    """The dateline of a text: its first plausible date within the first ``HEAD_CHARS`` characters."""
    dates = find_dates(text[:HEAD_CHARS], today)
    return dates[0][1] if dates else None


def _parse_metadata_string(value: str) -> dt.date | None:
    """The day of a PDF, ISO or RFC 2822 date string; None if it is none of these."""
    value = value.strip()
    for pattern in (_PDF_DATE, _ISO_DATE):
        if match := pattern.match(value):
            try:
                return dt.date(*map(int, match.groups()))
            except ValueError:
                return None
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return None


def date_from_metadata(value: object, kind: str, today: dt.date | None = None) -> DocumentDate | None:
    """The date in a metadata value of a ``kind`` of file (``pdf``, ``docx``, ``html``), if it is plausible.

    ``value`` is a string or a ``date``/``datetime``; a string that is no known date format is read as
    text, so ``۲۸ آذر ۱۴۰۳`` in a meta tag counts.
    """
    source = f"metadata:{kind}"
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, str) and value.strip():
        day = _parse_metadata_string(value)
        if day is None:
            in_text = date_from_text(value, today)
            return DocumentDate(in_text.iso, source) if in_text else None
    else:
        return None
    return DocumentDate(day.isoformat(), source) if day and _plausible(day, today) else None
