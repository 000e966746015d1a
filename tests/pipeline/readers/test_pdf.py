"""Tests for pipeline.readers.pdf: right-to-left Persian and English PDFs, titles, page furniture, bad PDFs."""

from __future__ import annotations

import io
import random
import re
import unicodedata
from pathlib import Path

import pytest
from bidi import get_display
from fpdf import FPDF
from pypdf import PdfReader as PypdfReader
from pypdf import PdfWriter

from pipeline.readers import PdfReader, pdf, read_document, strip_page_furniture, to_logical_order
from pipeline.types import ReadError
from tests.pipeline.readers.helpers import (
    FIXTURES,
    NEWSLETTER_PDF,
    NEWSLETTER_TITLE,
    PERSIAN_PDF,
    PERSIAN_TEXT,
    STRATEGIC_PLAN_PDF,
    assert_read_error,
    make_pdf,
    read_fixture,
    words,
    write,
)

# --------------------------------------------------------------------------- right-to-left PDF


@pytest.fixture(scope="module")
def persian_pdf_document():
    return read_document(PERSIAN_PDF)


def test_persian_pdf_comes_out_in_logical_order(persian_pdf_document) -> None:
    text = persian_pdf_document.text
    assert persian_pdf_document.kind == "pdf"
    assert [page.number for page in persian_pdf_document.pages] == [1]
    assert text.startswith("شبکه ملی سیاستپژوهی علم، فناوری و نوآوری")
    assert persian_pdf_document.title.startswith("شبکه ملی سیاستپژوهی")


@pytest.mark.parametrize(
    "expected",
    [
        "دکتر صنیع اجلال",  # the lam-alef ligature is kept in order
        "تلاش برای حذف",  # lam-alef again, another word
        "یکشنبه ۲۸ آذرماه",  # a digit run, not reversed to ۸۲
        "در سالن ihit (خانۀ نوآوری",  # a Latin word and a parenthesis inside a Persian line
        "«دیپلماسی علم، فناوری و نوآوری»",  # guillemets the right way round
    ],
)
def test_persian_pdf_phrases(persian_pdf_document, expected: str) -> None:
    assert expected in persian_pdf_document.text


def test_persian_pdf_has_no_reversed_ligatures(persian_pdf_document) -> None:
    assert "اجالل" not in persian_pdf_document.text
    assert "تالش" not in persian_pdf_document.text


def test_persian_pdf_words_match_the_plain_text_item(persian_pdf_document) -> None:
    assert words(persian_pdf_document.text) == words(PERSIAN_TEXT.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "logical",
    [
        "در سالن ihit برگزار شد",
        "سال ۱۴۰۲ و سال 2023 میلادی",
        "نشست (خانۀ نوآوری) در تهران",
        "The ANSO report says همکاری علمی twice",
    ],
)
def test_to_logical_order_undoes_visual_order(logical: str) -> None:
    rtl = sum(unicodedata.bidirectional(ch) == "AL" for ch in logical)
    ltr = sum(unicodedata.bidirectional(ch) == "L" for ch in logical)
    visual = get_display(logical, base_dir="R" if rtl >= ltr else "L")
    assert visual != logical
    assert to_logical_order(visual) == logical


@pytest.mark.parametrize("line", ["Page 3 of 10", "ANSO Strategic Plan 2020-2022", "", "12345"])
def test_to_logical_order_leaves_left_to_right_lines_alone(line: str) -> None:
    assert to_logical_order(line) == line


# --------------------------------------------------------------------------- English PDFs


@pytest.mark.parametrize(
    "path, page_count, title, page_number, phrase",
    [
        (STRATEGIC_PLAN_PDF, 11, "Draft of ANSO Strategic Plan 2020-2022", 1, "(Version 0.2)"),
        (
            STRATEGIC_PLAN_PDF,
            11,
            "Draft of ANSO Strategic Plan 2020-2022",
            2,
            "the “Alliance of International Science Organization”",
        ),
        (NEWSLETTER_PDF, 7, NEWSLETTER_TITLE, 1, "the 9th ANSO Governing Board (GB)"),
        (NEWSLETTER_PDF, 7, NEWSLETTER_TITLE, 3, "Strengthening Partnerships in Serbia"),
    ],
)
def test_english_pdf_pages(path: Path, page_count: int, title: str, page_number: int, phrase: str) -> None:
    document = read_fixture(path)
    assert len(document.pages) == page_count
    assert [page.number for page in document.pages] == list(range(1, page_count + 1))
    assert document.title == title
    assert phrase in document.pages[page_number - 1].text
    assert all(phrase not in page.text for page in document.pages if page.number != page_number)


@pytest.mark.parametrize("path", [STRATEGIC_PLAN_PDF, NEWSLETTER_PDF])
def test_english_pdf_words_match_earlier_extraction(path: Path) -> None:
    reference = (FIXTURES / path.name.replace(".pdf", ".extracted.md")).read_text(encoding="utf-8")
    reference = re.sub(r"</?sup>", "", reference)  # "9<sup>th</sup>" is "9th" in the PDF's text
    assert words(read_fixture(path).text) == words(reference)


def test_words_placed_without_spaces_are_not_glued(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    x = 20.0
    for word in ["Science", "diplomacy", "connects", "research", "institutes"]:
        pdf.text(x, 30, word)  # no space characters, just a word-sized gap of about 2.2 pt
        x += pdf.get_string_width(word) + 2.2 * 25.4 / 72
    path = write(tmp_path, "spaced.pdf", bytes(pdf.output()))
    assert read_document(path).pages[0].text == "Science diplomacy connects research institutes"


@pytest.mark.parametrize(
    "metadata_title, expected",
    [
        ("Kavosh quarterly report", "Kavosh quarterly report"),
        ("Microsoft Word - Annual report 2023.docx", "Annual report 2023"),
        ("untitled", "First Heading Line"),
        ("   ", "First Heading Line"),
        ("Document1", "First Heading Line"),
        (None, "First Heading Line"),
    ],
)
def test_pdf_title(tmp_path: Path, metadata_title: str | None, expected: str) -> None:
    pdf = make_pdf([["2024", "First Heading Line", "body text"]], metadata_title)
    path = write(tmp_path, "report.pdf", pdf)
    assert read_document(path).title == expected


def test_pdf_title_falls_back_to_file_stem(tmp_path: Path) -> None:
    path = write(tmp_path, "numbers-only.pdf", make_pdf([["2024", "12.5"]]))
    assert read_document(path).title == "numbers-only"


def test_pdf_pages_without_text_are_kept_empty(tmp_path: Path) -> None:
    path = write(tmp_path, "gap.pdf", make_pdf([["first page"], [], ["third page"]]))
    document = read_document(path)
    pages = [(page.number, page.text) for page in document.pages]
    assert pages == [(1, "first page"), (2, ""), (3, "third page")]


def test_owner_password_only_pdf_is_readable(tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=PypdfReader(io.BytesIO(make_pdf([["open to read"]]))))
    writer.encrypt(user_password="", owner_password="owner-secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    path = write(tmp_path, "restricted.pdf", buffer.getvalue())
    assert read_document(path).pages[0].text == "open to read"


# --------------------------------------------------------------------------- page furniture


def furniture_pdf_pages(page_count: int) -> list[list[str]]:
    return [
        [
            "Kavosh Quarterly Review",
            f"Page {number} of {page_count}",
            *BODY_LINES[number],
            "Confidential draft - not for circulation",
            f"- {number} -",
        ]
        for number in range(1, page_count + 1)
    ]


BODY_LINES = {
    1: ["Science diplomacy opens doors.", "Researchers met in Tehran in 2023."],
    2: ["Joint laboratories were proposed.", "Funding comes from 3 agencies."],
    3: ["The newsletter reports progress.", "Fellowships grew by 12 percent."],
    4: ["Next steps are planned for spring.", "Contact the secretariat for details."],
}


def test_running_headers_footers_and_page_numbers_are_dropped(tmp_path: Path) -> None:
    path = write(tmp_path, "review.pdf", make_pdf(furniture_pdf_pages(4)))
    document = read_document(path)
    assert [page.text.split("\n") for page in document.pages] == [BODY_LINES[n] for n in range(1, 5)]
    assert document.title == "Science diplomacy opens doors."


def test_furniture_is_kept_in_short_documents(tmp_path: Path) -> None:
    path = write(tmp_path, "short.pdf", make_pdf(furniture_pdf_pages(2)))
    document = read_document(path)
    assert document.pages[0].text.split("\n")[0] == "Kavosh Quarterly Review"
    assert document.pages[1].text.split("\n")[-1] == "- 2 -"


def test_furniture_removal_can_be_turned_off(tmp_path: Path) -> None:
    path = write(tmp_path, "review.pdf", make_pdf(furniture_pdf_pages(4)))
    document = PdfReader(strip_furniture=False).read(path.read_bytes(), path)
    assert document.pages[2].text.startswith("Kavosh Quarterly Review\nPage 3 of 4\n")


@pytest.mark.parametrize(
    "pages, expected",
    [
        # Persian running footer with Persian digits, and the first page lacking the header.
        (
            [
                "متن اول\nصفحه ۱ از ۳",
                "گزارش سالانه\nمتن دوم\nصفحه ۲ از ۳",
                "گزارش سالانه\nمتن سوم\nصفحه ۳ از ۳",
            ],
            ["متن اول", "متن دوم", "متن سوم"],
        ),
        # Bare page numbers, arabic and roman, at top or bottom.
        (["iii\nalpha", "beta\n4", "gamma\n5"], ["alpha", "beta", "gamma"]),
        # A repeated line in the middle of a page is content, not furniture.
        (
            ["intro\nSee the table below.\nend one", "start\nSee the table below.\nend two", "p\nq\nr"],
            ["intro\nSee the table below.\nend one", "start\nSee the table below.\nend two", "p\nq\nr"],
        ),
        # Two pages: too little evidence, nothing removed.
        (["Header\nbody one\n1", "Header\nbody two\n2"], ["Header\nbody one\n1", "Header\nbody two\n2"]),
    ],
)
def test_strip_page_furniture(pages: list[str], expected: list[str]) -> None:
    assert strip_page_furniture(pages) == expected


# --------------------------------------------------------------------------- bad input


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PypdfReader(io.BytesIO(make_pdf([["secret text"]]))))
    writer.encrypt(user_password="user-secret", owner_password="owner-secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def image_only_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")  # a drawing, no text objects
    return bytes(pdf.output())


REAL_PDF = NEWSLETTER_PDF.read_bytes()


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("encrypted.pdf", encrypted_pdf(), "encrypted PDF (password required)"),
        ("random.pdf", random.Random(7).randbytes(4096), "corrupt"),
        ("garbage.pdf", b"%PDF-1.7\n" + random.Random(7).randbytes(4096) + b"\n%%EOF\n", "corrupt PDF"),
        ("truncated.pdf", REAL_PDF[: len(REAL_PDF) // 2], "truncated PDF"),
        ("scan.pdf", image_only_pdf(), "no text layer, and OCR found no text"),
    ],
)
def test_bad_pdfs_raise_read_error(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    assert_read_error(write(tmp_path, name, content), reason)


def test_unexpected_library_errors_become_read_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_open(*args, **kwargs):
        raise RuntimeError("internal pdfminer failure")

    monkeypatch.setattr(pdf.pdfplumber, "open", broken_open)
    path = write(tmp_path, "fine.pdf", make_pdf([["text"]]))
    with pytest.raises(ReadError, match="corrupt PDF"):
        read_document(path)


def test_pdf_reader_checks_its_configuration() -> None:
    with pytest.raises(ValueError, match="x_tolerance_ratio"):
        PdfReader(x_tolerance_ratio=0)
