"""Dates from metadata and from datelines: both calendars, both digit scripts, and what is not a date."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.dates import DocumentDate, date_from_metadata, date_from_text, find_dates

TODAY = dt.date(2026, 11, 25)  # fixed, so "not in the future" does not move with the clock


@pytest.mark.parametrize(
    "text, iso, calendar",
    [
        # Gregorian, numeric
        ("2024-03-12", "2024-03-12", "gregorian"),
        ("Published 2024/3/5 in Tehran", "2024-03-05", "gregorian"),
        ("date 2025-10-23 پخش زنده", "2025-10-23", "gregorian"),
        ("۲۰۲۴-۰۳-۱۲", "2024-03-12", "gregorian"),
        ("12.03.2024", "2024-03-12", "gregorian"),
        ("12-03-2024", "2024-03-12", "gregorian"),
        ("13/4/2024", "2024-04-13", "gregorian"),
        ("4/13/2024", "2024-04-13", "gregorian"),
        ("5/5/2024", "2024-05-05", "gregorian"),
        # Gregorian, English month names
        ("12 March 2024", "2024-03-12", "gregorian"),
        ("March 12, 2024", "2024-03-12", "gregorian"),
        ("Tuesday, 12 March 2024", "2024-03-12", "gregorian"),
        ("12th of March, 2024", "2024-03-12", "gregorian"),
        ("Dec. 25, 2024", "2024-12-25", "gregorian"),
        ("25 Dec 2024", "2024-12-25", "gregorian"),
        ("12-Mar-2024", "2024-03-12", "gregorian"),
        ("SEPT 1 2023", "2023-09-01", "gregorian"),
        ("1 May 2023", "2023-05-01", "gregorian"),
        # Gregorian, Persian month names, both digit scripts
        ("۱۸ دسامبر ۲۰۲۴", "2024-12-18", "gregorian"),
        ("۱ ژانویه ۲۰۲۴", "2024-01-01", "gregorian"),
        ("18 دسامبر 2024", "2024-12-18", "gregorian"),
        ("۵ مه ۲۰۲۳", "2023-05-05", "gregorian"),
        ("۲۰ ژوئیه ۲۰۲۲", "2022-07-20", "gregorian"),
        ("٢٥ مارس ٢٠٢٤", "2024-03-25", "gregorian"),  # Arabic-Indic digits
        # Jalali, numeric
        ("۱۴۰۲/۰۶/۱۸", "2023-09-09", "jalali"),
        ("1402/06/18", "2023-09-09", "jalali"),
        ("تاریخ: ۱۴۰۳-۰۹-۲۸", "2024-12-18", "jalali"),
        ("۱۸/۰۶/۱۴۰۲", "2023-09-09", "jalali"),
        ("٢٨/٠٩/١٤٠٣", "2024-12-18", "jalali"),
        # Jalali, month names
        ("۲۸ آذر ۱۴۰۳", "2024-12-18", "jalali"),
        ("سه‌شنبه ۲۸ آذر ۱۴۰۳", "2024-12-18", "jalali"),
        ("سهشنبه ۲۹ مهرماه ۱۴۰۴ با حضور", "2025-10-21", "jalali"),
        ("۲۸ آذر ماه ۱۴۰۳", "2024-12-18", "jalali"),
        ("۲۸ آذر‌ماه ۱۴۰۳", "2024-12-18", "jalali"),  # ZWNJ before ماه
        ("۲۸ آذر، ۱۴۰۳", "2024-12-18", "jalali"),
        ("۱ فروردین ۱۴۰۳", "2024-03-20", "jalali"),
        ("۳۰ اسفند ۱۴۰۳", "2025-03-20", "jalali"),  # 1403 is a leap year
        ("۱۰ دی ۱۴۰۲", "2023-12-31", "jalali"),
        ("۷ مهر ۱۴۰۰", "2021-09-29", "jalali"),  # «مهر», not «مه»
        ("28 آذر 1403", "2024-12-18", "jalali"),
        ("۱۵ امرداد ۱۳۹۹", "2020-08-05", "jalali"),
        ("۵ تير ۱۳۸۸", "2009-06-26", "jalali"),  # Arabic ي
        ("۲۲ بهمن ۱۳۵۷", "1979-02-11", "jalali"),
    ],
)
def test_dateline_formats(text, iso, calendar):
    assert date_from_text(text, today=TODAY) == DocumentDate(iso, f"text:{calendar}")


@pytest.mark.parametrize(
    "text",
    [
        "۱۴۰۲",  # a year alone is a year, not a date
        "در سال ۱۴۰۲ تأسیس شد",
        "آذر ۱۴۰۳",  # a month and a year: the day would be invented
        "December 2024",
        "یکشنبه ۲۸ آذرماه برگزار شد",  # a day and a month without a year
        "Tel: 021-6648-1234",  # phone numbers
        "تلفن: ۰۲۱-۸۸۸۸-۱۲۳۴",
        "+98 21 6648 1234",
        "0912 345 6789",
        "version 2024.1.15",  # calendar versioning, not a date
        "v1.2.3",
        "Python 3.11.2",
        "page 12 of 2024",  # page numbers
        "صفحه ۱۲ از ۴۰",
        "ISBN 978-1-2345-6789-0",
        "2020-2022 strategic plan",
        "3/4/2024",  # 3 April or March 4: skipped
        "2024-13-45",  # no such month or day
        "۳۰ اسفند ۱۴۰۲",  # 1402 is not a leap year
        "31 February 2024",
        "12 March 2099",  # in the future
        "۱ فروردین ۱۴۱۰",  # in the future, Jalali
        "1 January 1850",  # before 1900
        "۰۲/۰۶/۱۸",  # two-digit year
        "1.5 million on 12 05 2024",
        "",
    ],
)
def test_not_a_date(text):
    assert date_from_text(text, today=TODAY) is None


def test_the_dateline_at_the_top_wins_over_dates_in_the_story():
    text = "خبرگزاری نمونه — سه‌شنبه ۲۸ آذر ۱۴۰۳\nاین مرکز در ۲۲ بهمن ۱۳۵۷ تأسیس شد و نشست بعدی ۱۰ دی ۱۴۰۳ برگزار می‌شود."
    assert date_from_text(text, today=TODAY) == DocumentDate("2024-12-18", "text:jalali")
    assert [found.iso for _, found in find_dates(text, today=TODAY)] == ["2024-12-18", "1979-02-11", "2024-12-30"]


def test_an_implausible_first_date_gives_way_to_the_next():
    text = "Deadline: 1 January 2099. Issued 12 March 2024."
    assert date_from_text(text, today=TODAY) == DocumentDate("2024-03-12", "text:gregorian")


def test_a_date_deep_in_the_text_is_not_a_dateline():
    text = "word " * 400 + "12 March 2024"
    assert date_from_text(text, today=TODAY) is None
    assert find_dates(text, today=TODAY)[0][1].iso == "2024-03-12"


def test_offsets_are_those_of_the_original_text():
    text = "گزارش ۲۸ آذر ۱۴۰۳"
    ((offset, _),) = find_dates(text, today=TODAY)
    assert text[offset:].startswith("۲۸ آذر")


@pytest.mark.parametrize(
    "value, kind, iso",
    [
        ("D:20240312101500+03'30'", "pdf", "2024-03-12"),
        ("D:20240312", "pdf", "2024-03-12"),
        ("D:20231231235959Z", "pdf", "2023-12-31"),
        ("2024-12-18T08:30:00Z", "html", "2024-12-18"),
        ("2024-03-12T23:30:00-05:00", "html", "2024-03-12"),  # the day as written, not UTC's
        ("2024-03-12", "html", "2024-03-12"),
        ("Wed, 18 Dec 2024 08:30:00 GMT", "html", "2024-12-18"),
        ("۲۸ آذر ۱۴۰۳ - ۱۰:۳۰", "html", "2024-12-18"),  # Persian text in a meta tag
        ("1403/09/28", "html", "2024-12-18"),
        (dt.datetime(2024, 3, 12, 10, 15), "docx", "2024-03-12"),
        (dt.date(2024, 3, 12), "docx", "2024-03-12"),
    ],
)
def test_metadata_dates(value, kind, iso):
    assert date_from_metadata(value, kind, today=TODAY) == DocumentDate(iso, f"metadata:{kind}")


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "D:2024",  # a year alone
        "D:20241399",  # no such day
        "D:20990101000000",  # in the future
        "D:18990101",
        dt.datetime(1601, 1, 1),  # what Word writes for "never set"
        "unknown",
        12345,
    ],
)
def test_metadata_that_is_no_date(value):
    assert date_from_metadata(value, "pdf", today=TODAY) is None
