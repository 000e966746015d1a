"""Saved web pages through trafilatura: the article without menus, with title, author, date and site."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.normalize import search_key
from pipeline.readers import read_document, web
from tests.pipeline.readers.helpers import FIXTURES, write

NEWS_PAGE = FIXTURES / "persian-news-page.fa.html"
TITLE = "ایجاد شبکه پژوهشگران ایرانی خارج از کشور در دستور کار قرار گرفت"
MENUS_AND_FURNITURE = [
    "صفحه اصلی",  # main menu
    "ورزشی",
    "آخرین اخبار",  # ticker
    "ورود کاربران",  # top bar
    "اخبار مرتبط",  # related news
    "رونمایی از سامانه ملی ثبت اختراعات",
    "نظرات کاربران",  # comments
    "تمامی حقوق",  # footer
    "تلگرام",  # share buttons
]


def test_a_persian_news_page_gives_its_article_and_metadata():
    document = read_document(NEWS_PAGE)
    assert document.kind == "html"
    assert document.title == TITLE
    assert document.site_name == "خبرگزاری فناوری ایرانیان"
    assert document.author == "مریم احمدی"
    assert (document.date, document.date_source) == ("2024-12-18", "metadata:html")
    text = document.pages[0].text
    assert "دکتر باقری، مدیر شبکه سیاست‌پژوهی علم، فناوری و نوآوری" in text  # ZWNJ kept
    assert "تبادل دانشجو و پژوهشگر مهم‌ترین ابزار دیپلماسی علم است" in text
    assert "اروپا | ۱۲٬۴۰۰" in text  # a table row
    assert text.index("نشست مشترک مرکز") < text.index("دکتر باقری") < text.index("این نشست با جمع‌بندی")
    for furniture in MENUS_AND_FURNITURE:
        assert furniture not in text, furniture


def test_without_a_date_in_the_metadata_the_articles_jalali_dateline_dates_it(tmp_path: Path):
    source = NEWS_PAGE.read_text(encoding="utf-8")
    source = source.replace('<meta property="article:published_time" content="2024-12-18T10:30:00+03:30">', "")
    document = read_document(write(tmp_path, "news.html", source))
    # «سه‌شنبه ۲۸ آذر ۱۴۰۳» in the article, not the top bar's «امروز: پنجشنبه ۲۰ دی ۱۴۰۳»
    assert (document.date, document.date_source) == ("2024-12-18", "text:jalali")


def test_a_page_with_no_date_anywhere_has_none(tmp_path: Path):
    page = "<html><head><title>Notes</title></head><body><article><p>Notes, undated.</p></article></body></html>"
    document = read_document(write(tmp_path, "notes.htm", page))
    assert (document.date, document.date_source, document.site_name) == ("", "", "")
    assert document.title == "Notes"


def test_when_trafilatura_fails_the_plain_html_reader_reads_the_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    def failing(*args, **kwargs):
        raise ValueError("lxml could not parse the tree")

    monkeypatch.setattr(web.trafilatura, "bare_extraction", failing)
    document = read_document(NEWS_PAGE)
    assert document.title.startswith(TITLE)  # the <title>, with the site name after it
    assert "تبادل دانشجو و پژوهشگر" in document.pages[0].text
    assert "صفحه اصلی" not in document.pages[0].text  # the plain reader drops <nav> too
    assert document.date == "2024-12-18"  # from the article's dateline


def test_the_article_text_is_searchable_like_any_text():
    document = read_document(NEWS_PAGE)
    assert search_key("شبکه پژوهشگران ایرانی خارج از کشور") in search_key(document.pages[0].text)
