"""Tests for pipeline.readers.pdf_bidi: visual-order lines back to logical order, from positions."""

from __future__ import annotations

import pytest

from pipeline.readers.pdf_bidi import is_rtl_line, keep_persian_digits, to_logical_order


def visual_rtl(*runs: str) -> str:
    """A right-to-left line as a PDF draws it: the runs in reverse order, Persian runs reversed inside.

    Each run is given in logical order; a run with a Latin letter or a digit stays as it is, like an
    embedded left-to-right run.
    """
    return "".join(run if any(ch.isascii() and ch.isalnum() or ch.isdigit() for ch in run) else run[::-1]
                   for run in reversed(runs))  # fmt: skip


@pytest.mark.parametrize(
    "runs",
    [
        ("در سال ", "۲۰۱۸", "، ", "ANSO", " به طور رسمی"),  # year, «،», acronym: not «در سال ANSO ، ۲۰۱۸»
        ("همه‌گیری ", "COVID-19", " بر ", "۴۵", " درصد"),
        ("نشست ", "G20", " در تاریخ ", "۱۴۰۲/۰۶/۱۸", " برگزار شد"),
        ("برنامه ", "ANSO 2020", " تصویب شد"),  # a number after an acronym reads with it
        ("گزارش ", "UNESCO، ۲۰۲۱", " منتشر شد"),
        ("رشد ", "3.5", " درصد"),
        ("ANSO", " در سال ", "۲۰۱۸", " تأسیس شد"),  # a line that starts with a Latin word
        ("میان ", "۱۰", "-", "۲۰", " درصد"),
    ],
)
def test_right_to_left_lines(runs: tuple[str, ...]) -> None:
    assert to_logical_order(visual_rtl(*runs)) == "".join(runs)


@pytest.mark.parametrize(
    "visual, logical",
    [
        # Chromium draws the mirrored glyphs and stores them: ")" on the right of an opening bracket.
        ("نارهت رد (یروآون ۀناخ) تسشن", "نشست (خانۀ نوآوری) در تهران"),
        # Other producers store the typed characters.
        ("نارهت رد )یروآون ۀناخ( تسشن", "نشست (خانۀ نوآوری) در تهران"),
        ("درک رازگرب (Global Research Council 2023) تسشن", "نشست (Global Research Council 2023) برگزار کرد"),
        ("دوب «یروآون و ملع یساملپید» ناونع", "عنوان «دیپلماسی علم و نوآوری» بود"),
        ("رهش «(ANSO) هار کی", "یک راه (ANSO)» شهر"),
        ("دیسر %۴۵ هب", "به ۴۵% رسید"),  # the percent sign sits left of a number set right to left
        ("دوب UNESCO 45% مهس", "سهم UNESCO 45% بود"),  # and right of one inside a Latin phrase
    ],
)
def test_brackets_and_signs(visual: str, logical: str) -> None:
    assert to_logical_order(visual, rtl_page=True) == logical


@pytest.mark.parametrize(
    "visual, logical",
    [
        ("The ANSO report says یملع یراکمه twice", "The ANSO report says همکاری علمی twice"),
        ("set up in ۱۴۰۲ لاس by", "set up in سال ۱۴۰۲ by"),
        ("the year و 2023 لاس began", "the year سال 2023 و began"),
    ],
)
def test_left_to_right_lines_with_persian_phrases(visual: str, logical: str) -> None:
    assert to_logical_order(visual) == logical


@pytest.mark.parametrize(
    "line, rtl_page, rtl",
    [
        ("سلام", None, True),
        ("hello", True, False),
        ("(Global Research Council 2023) نشست برگزار شد", True, True),  # mixed: the page decides
        ("(Global Research Council 2023) نشست برگزار شد", False, False),
        ("The report says علم twice in a much longer English sentence", True, False),  # far more Latin
    ],
)
def test_line_direction(line: str, rtl_page: bool | None, rtl: bool) -> None:
    assert is_rtl_line(list(line), rtl_page) is rtl


@pytest.mark.parametrize(
    "text, expected",
    [
        ("۱۴۰۲/۰٦/۱۸", "۱۴۰۲/۰۶/۱۸"),  # a Persian date with the Arabic-Indic glyph's six
        ("گزارش ٦ طرح", "گزارش ۶ طرح"),  # Persian-only letter گ
        ("العدد ٦", "العدد ٦"),  # Arabic text keeps its digits
        ("2024", "2024"),
    ],
)
def test_keep_persian_digits(text: str, expected: str) -> None:
    assert keep_persian_digits(text) == expected
