"""Tests for PDF reading order on pages printed by Chromium (tests/fixtures/layout/, made by make_fixtures.py).

Each PDF is compared with its own HTML source, read by the HTML reader, after the same normalization:
pages of one-line paragraphs line by line, pages in columns as one running text (so each paragraph
must come back contiguous and in order).
"""

from __future__ import annotations

import functools

import pytest

from pipeline.normalize import display_text
from pipeline.readers import HtmlReader, read_document
from tests.pipeline.readers.helpers import FIXTURES

LAYOUT = FIXTURES / "layout"
LINE_PAGES = ["fa-mixed-lines", "en-mixed-lines", "en-table"]
COLUMN_PAGES = ["en-two-columns", "fa-two-columns", "en-three-columns", "en-columns-unbalanced", "fa-interview"]


@functools.cache
def pdf_text(name: str) -> str:
    return display_text(read_document(LAYOUT / f"{name}.pdf").text)


@functools.cache
def html_text(name: str) -> str:
    """The page's own text, every element kept (the web-page reader would keep only the article)."""
    path = LAYOUT / f"{name}.html"
    return display_text(HtmlReader().read(path.read_bytes(), path).text)


def test_every_html_page_has_its_pdf_and_a_test() -> None:
    pages = {path.stem for path in LAYOUT.glob("*.html")}
    assert pages == set(LINE_PAGES + COLUMN_PAGES)
    assert all((LAYOUT / f"{page}.pdf").exists() for page in pages)


@pytest.mark.parametrize("name", LINE_PAGES)
def test_every_line_comes_back_whole_and_in_logical_order(name: str) -> None:
    expected = [line for line in html_text(name).split("\n") if line]
    assert pdf_text(name).split("\n") == expected


@pytest.mark.parametrize("name", COLUMN_PAGES)
def test_columns_are_read_one_after_another(name: str) -> None:
    paragraphs = [display_text(paragraph.replace("\n", " ")) for paragraph in html_text(name).split("\n\n")]
    running_text = display_text(pdf_text(name).replace("\n", " "))
    position = 0
    for paragraph in paragraphs:
        found = running_text.find(paragraph, position)
        assert found == position, f"not contiguous or out of order in {name}.pdf: {paragraph[:60]}…"
        position = found + len(paragraph) + 1
    assert running_text == " ".join(paragraphs)


@pytest.mark.parametrize(
    "name, phrase",
    [
        ("fa-interview", "در سال ۲۰۱۸، ANSO به طور رسمی آغاز به کار کرد"),  # was «در سال ANSO ، ۲۰۱۸»
        ("fa-interview", "یک راه (ANSO)» کشور چین"),
        ("fa-mixed-lines", "نشست G20 در تاریخ ۱۴۰۲/۰۶/۱۸ در دهلی نو"),
        ("fa-mixed-lines", "همه‌گیری COVID-19 بر ۴۵ درصد"),
        ("fa-mixed-lines", "تورم به 3.5 درصد رسید و ۶ طرح"),
    ],
)
def test_issue_phrases(name: str, phrase: str) -> None:
    assert phrase in read_document(LAYOUT / f"{name}.pdf").text


def test_persian_digits_keep_their_script() -> None:
    text = read_document(LAYOUT / "fa-mixed-lines.pdf").text  # Noto Naskh draws ۶ with the glyph of ٦
    assert "۶" in text
    assert not any("\u0660" <= ch <= "\u0669" for ch in text)


def test_chromium_zero_width_non_joiner_is_kept() -> None:
    text = read_document(LAYOUT / "fa-mixed-lines.pdf").text
    assert "گزارش تازه\u200cای" in text
    assert "همه\u200cگیری" in text


def test_layout_fixtures_are_small() -> None:
    assert all(path.stat().st_size < 100_000 for path in LAYOUT.glob("*.pdf"))
