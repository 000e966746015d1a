"""A newsroom's files found with the real model: a scanned Persian PDF (OCR), a Word file, a saved web page."""

from __future__ import annotations

import shutil

import pytest

from index.records import SearchFilters
from kavosh.settings import Settings
from tests.pipeline.readers.helpers import FIXTURES
from tests.pipeline.readers.test_docx import make_docx
from tests.pipeline.readers.test_web import NEWS_PAGE, TITLE

pytestmark = pytest.mark.slow
SCAN = FIXTURES / "scanned-persian-report.fa.pdf"


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory, e5):
    from index.service import Kavosh

    root = tmp_path_factory.mktemp("newsroom")
    files = root / "archive"
    files.mkdir()
    shutil.copy(SCAN, files / SCAN.name)
    shutil.copy(NEWS_PAGE, files / NEWS_PAGE.name)
    (files / "report.docx").write_bytes(make_docx())
    with Kavosh.open(Settings(home=root / "home"), embedder=e5) as kavosh:
        report = kavosh.ingest([files])
        assert not report.failed, report.failed
        yield kavosh


def test_a_scanned_persian_pdf_is_found_by_a_phrase_on_its_page_and_marked_ocr(newsroom):
    answer = newsroom.search("نشست مشترک مرکز تحقیقات سیاست علمی کشور", k=5, filters=SearchFilters(file_type="pdf"))
    assert answer.results, "the scan was not found"
    hit = answer.results[0]
    assert hit.source == SCAN.name and hit.ocr and hit.page == 1
    unfiltered = newsroom.search("پژوهشگران ایرانی خارج از کشور", k=10).results
    # the scan shares its text with the news page, so it may be shown once, as the page's duplicate
    assert SCAN.name in {name for hit in unfiltered for name in (hit.source, *hit.also_in)}
    assert {hit.source for hit in newsroom.search("دیپلماسی علم", k=10, filters=SearchFilters(ocr=True)).results} \
        == {SCAN.name}


def test_a_word_file_and_a_news_page_are_found_with_their_title_and_date(newsroom):
    word = newsroom.search("Guests from ANSO and a network of researchers abroad", k=5,
                           filters=SearchFilters(file_type="docx")).results
    assert word and (word[0].title, word[0].date) == ("گزارش نشست دیپلماسی علم", "2024-03-12")
    page = next(hit for hit in newsroom.search(TITLE, k=10).results if hit.source == NEWS_PAGE.name)
    assert (page.title, page.date, page.ocr) == (TITLE, "2024-12-18", False)
    document = newsroom.document(page.doc_id)
    assert (document.site_name, document.author) == ("خبرگزاری فناوری ایرانیان", "مریم احمدی")


def test_facets_count_the_three_kinds_of_file(newsroom):
    facets = newsroom.search("دیپلماسی علم", k=3).facets
    assert set(facets["file_type"]) == {"pdf", "docx", "html"}
    assert facets["folder"] == {"archive": sum(facets["file_type"].values())}
