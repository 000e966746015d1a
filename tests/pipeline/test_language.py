"""Language by letters: Persian script against Latin."""

from __future__ import annotations

import pytest

from pipeline.language import detect_language, dominant_language, script_counts


@pytest.mark.parametrize(
    "text, expected",
    [
        ("سلام دنیا", (8, 0)),
        ("Hello world", (0, 10)),
        ("سلام world", (4, 5)),
        ("كتاب ي", (5, 0)),  # Arabic letters are Persian script
        ("دنیـــا ۱۴۰۴ 2023 ،؛؟!", (4, 0)),  # tatweel, digits and punctuation are not letters
        ("café", (0, 4)),
        ("", (0, 0)),
    ],
)
def test_script_counts(text, expected):
    assert script_counts(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("دومین نشست متخصصان بازگشته به میهن برگزار شد.", "fa"),
        ("The second meeting of returned experts was held.", "en"),
        ("سازمان ANSO در پکن جلسه‌ای برگزار کرد.", "fa"),  # a name in Latin is a minority
        ("ANSO held a meeting with سازمان توسعه همکاری‌ها", "mixed"),  # 20 Latin, 19 Persian letters
        ("Alliance of International Science Organizations (ANSO) در پکن", "en"),  # 5 of 52 are Persian
        ("The Iranian term دیپلماسی علم means science diplomacy.", "en"),
        ("", "en"),
        ("12345 ۱۲۳ --- !!!", "en"),
    ],
)
def test_detect_language(text, expected):
    assert detect_language(text) == expected


def test_detect_language_threshold_is_adjustable():
    text = "ANSO" + " سلام" * 3  # 4 Latin letters against 12 Persian ones: a quarter
    assert detect_language(text) == "fa"
    assert detect_language(text, mixed_share=0.2) == "mixed"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("سلام world", "en"),
        ("سلام دنیا world", "fa"),
        ("ANSO held a meeting with سازمان توسعه همکاری‌های علمی", "fa"),
        ("Alliance of International Science Organizations (ANSO) در پکن", "en"),
        ("ab سل", "en"),  # a tie goes to English
        ("", "en"),
    ],
)
def test_dominant_language(text, expected):
    assert dominant_language(text) == expected
