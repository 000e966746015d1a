"""ui.render: escaped HTML, <mark> at the API's spans, direction by language."""

from __future__ import annotations

import pytest

from tests.ui.fake_api import ENGLISH_RESULT, PERSIAN_RESULT, span_of
from ui.render import (
    document_header_html,
    excerpt,
    highlight_html,
    locate_passage,
    normalize_spans,
    page_html,
    result_card_html,
    text_direction,
)


@pytest.mark.parametrize(
    "text, spans, expected",
    [
        ("دیپلماسی علم و فناوری", [[0, 8], [9, 12]], "<mark>دیپلماسی</mark> <mark>علم</mark> و فناوری"),
        ("Science diplomacy matters", [[8, 17]], "Science <mark>diplomacy</mark> matters"),
        # spans index the raw text; escaping comes after
        ("a <b> & سلام", [[6, 7], [8, 12]], "a &lt;b&gt; <mark>&amp;</mark> <mark>سلام</mark>"),
        ("<script>alert(1)</script>", [], "&lt;script&gt;alert(1)&lt;/script&gt;"),
        # overlapping and touching spans become one mark; unsorted input is fine
        ("همکاری‌های بین‌المللی", [[11, 21], [0, 6], [3, 10]], "<mark>همکاری‌های</mark> <mark>بین‌المللی</mark>"),
        ("abcdef", [[0, 2], [2, 4]], "<mark>abcd</mark>ef"),
        # spans outside the text are clipped or dropped, empty ones ignored
        ("abc", [[-5, 1], [2, 99], [1, 1], [7, 9]], "<mark>a</mark>b<mark>c</mark>"),
        ("", [[0, 3]], ""),
    ],
)
def test_highlight_html(text, spans, expected):
    assert highlight_html(text, spans) == expected


def test_normalize_spans_merges_and_sorts():
    assert normalize_spans([(5, 8), (0, 2), (1, 3), (7, 9)], 100) == [(0, 3), (5, 9)]


@pytest.mark.parametrize("lang, direction", [("fa", "rtl"), ("en", "ltr"), ("mixed", "auto"), (None, "auto")])
def test_text_direction(lang, direction):
    assert text_direction(lang) == direction


def test_persian_card_is_right_to_left_with_marks():
    card = result_card_html(PERSIAN_RESULT)
    assert '<p class="kv-passage" dir="rtl" lang="fa">' in card
    assert "<mark>دیپلماسی</mark>" in card and "<mark>علم</mark>" in card
    assert '<span class="kv-title" dir="rtl">نشست دیپلماسی علم</span>' in card
    assert "kv-badge-fa" in card and "FA · فارسی" in card
    assert "page 1" in card and "score 0.910" in card
    assert "also in: copy-of-nrisp.fa.txt" in card


def test_english_card_is_left_to_right_and_escaped():
    card = result_card_html(ENGLISH_RESULT)
    assert '<p class="kv-passage" dir="ltr" lang="en">' in card
    assert "<mark>Science</mark> <mark>diplomacy</mark>" in card
    assert "&lt;between&gt;" in card and "<between>" not in card
    assert "EN · English" in card and "score 0.720" in card


def test_card_escapes_title_and_source():
    card = result_card_html({**ENGLISH_RESULT, "title": '<img src=x onerror="boom">', "source": "a&b.pdf"})
    assert "<img" not in card
    assert "&lt;img src=x onerror=&quot;boom&quot;&gt;" in card and "a&amp;b.pdf" in card


def test_card_without_page_score_or_title():
    card = result_card_html({"chunk_id": "c", "text": "plain", "lang": "en", "source": "notes.md"})
    assert "page" not in card and "score" not in card
    assert '<span class="kv-title" dir="ltr">notes.md</span>' in card


def test_excerpt_keeps_short_text_whole():
    shown = excerpt("short text", [[0, 5]], max_chars=100)
    assert (shown.text, shown.spans, shown.cut_start, shown.cut_end) == ("short text", [(0, 5)], False, False)


def test_excerpt_moves_to_the_matches_and_shifts_spans():
    text = "آغاز " * 200 + "دیپلماسی علم " + "پایان " * 200
    spans = [span_of(text, "دیپلماسی"), span_of(text, "علم")]
    shown = excerpt(text, spans, max_chars=300)
    assert len(shown.text) <= 300 and shown.cut_start and shown.cut_end
    assert [shown.text[start:end] for start, end in shown.spans] == ["دیپلماسی", "علم"]
    assert not shown.text.startswith(" ") and not shown.text.endswith(" ")


def test_long_card_shows_ellipses_around_the_excerpt():
    text = "word " * 300 + "target " + "word " * 300
    card = result_card_html({**ENGLISH_RESULT, "text": text, "highlights": [span_of(text, "target")]})
    assert "<mark>target</mark>" in card and card.count("…") == 2


def test_page_html_marks_the_passage_in_context():
    page = "Page two starts here. " + ENGLISH_RESULT["text"] + " More text follows."
    html = page_html(page, "en", passage=ENGLISH_RESULT["text"], highlights=ENGLISH_RESULT["highlights"])
    assert html.startswith('<div class="kv-page" dir="ltr" lang="en">Page two starts here. ')
    assert '<span class="kv-in-passage"><mark>Science</mark> <mark>diplomacy</mark> was' in html
    assert "institutes.</span> More text follows." in html
    assert "&lt;between&gt;" in html


def test_page_html_persian_is_rtl_and_without_passage_unmarked():
    html = page_html("متن <صفحه>", "fa")
    assert html == '<div class="kv-page" dir="rtl" lang="fa">متن &lt;صفحه&gt;</div>'
    assert "<mark>" not in page_html("another page", "en", passage="not here", highlights=[[0, 3]])


def test_locate_passage_falls_back_to_its_start():
    page = "intro " + "x" * 100 + "y" * 120
    passage = "x" * 100 + "y" * 120 + " and the rest is on the next page"
    assert locate_passage(page, passage) == (6, len(page))
    assert locate_passage(page, "   ") is None
    assert locate_passage(page, "absent") is None


def test_document_header():
    header = document_header_html(
        {
            "title": "گزارش",
            "source": "r.fa.txt",
            "lang": "fa",
            "kind": "txt",
            "pages": [{"number": 1, "text": ""}],
            "chunks": 2,
        }
    )
    assert '<h2 class="kv-doc-title" dir="rtl">گزارش</h2>' in header
    assert "1 page ·" in header and "2 passages" in header
