"""OCR with Tesseract: a scanned Persian PDF, a PDF with one scanned page, image files, and no Tesseract."""

from __future__ import annotations

import functools
import io
from pathlib import Path

import pdfplumber
import pypdfium2
import pytesseract
import pytest
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

from pipeline.chunking import Chunker
from pipeline.normalize import display_text, search_key
from pipeline.readers import ocr, read_document
from pipeline.types import Document
from tests.pipeline.readers.helpers import FIXTURES, assert_read_error, make_pdf, write

SCANNED_PDF = FIXTURES / "scanned-persian-report.fa.pdf"  # made by tests/fixtures/make_scanned_pdf.py
PHRASE = "شبکه پژوهشگران ایرانی خارج از کشور"  # spans two lines of the scanned page


def _contains(text: str, phrase: str) -> bool:
    return search_key(phrase) in search_key(display_text(text))


@functools.cache
def _scanned_page_image() -> Image.Image:
    """The fixture's page at 300 dpi, as a scanner would have given it."""
    pdf = pypdfium2.PdfDocument(SCANNED_PDF.read_bytes())
    try:
        return pdf[0].render(scale=300 / 72, grayscale=True).to_pil()
    finally:
        pdf.close()


def _crop(top: float, bottom: float) -> Image.Image:
    """A band of the scanned page (shares of its height): fewer lines, quicker OCR."""
    image = _scanned_page_image()
    return image.crop((0, int(top * image.height), image.width, int(bottom * image.height)))


def _encode(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


@functools.cache
def _read_scanned_pdf() -> tuple[Document, tuple]:
    calls = []
    document = read_document(SCANNED_PDF, progress=lambda done, total: calls.append((done, total)))
    return document, tuple(calls)


def test_the_fixture_is_an_image_only_pdf():
    with pdfplumber.open(SCANNED_PDF) as pdf:
        assert len(pdf.pages) == 1
        assert pdf.pages[0].chars == []


def test_a_scanned_persian_pdf_is_read_by_ocr_and_marked():
    document, progress = _read_scanned_pdf()
    assert document.kind == "pdf"
    assert [(page.number, page.ocr) for page in document.pages] == [(1, True)]
    assert progress == ((1, 1),)
    assert document.title.startswith("گزارش نشست")
    assert _contains(document.pages[0].text, PHRASE)
    # The scan's metadata date (2025-01-09) is the day it was scanned; its dateline is the report's.
    assert (document.date, document.date_source) == ("2024-12-18", "text:jalali")


def test_ocr_text_is_normalized_and_chunked_like_any_text():
    document, _ = _read_scanned_pdf()
    for page in document.pages:
        page.text = display_text(page.text)
    chunks = Chunker(count_tokens=lambda text: len(text.split()), max_tokens=40, overlap_tokens=5).split(document)
    assert len(chunks) > 1
    assert all(chunk.ocr for chunk in chunks)
    assert any(search_key(PHRASE) in search_key(chunk.display_text) for chunk in chunks)
    assert all("\u200e" not in chunk.display_text and "\u200f" not in chunk.display_text for chunk in chunks)


def test_only_pages_without_usable_text_go_through_ocr(tmp_path: Path):
    pdf = FPDF(format="A4")
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.text(20, 20, "Annual report of the science diplomacy network, born digital.")
    pdf.add_page()
    pdf.image(io.BytesIO(_encode(_crop(0.09, 0.2), "PNG")), x=10, y=10, w=190)
    calls = []
    path = write(tmp_path, "mixed.pdf", bytes(pdf.output()))
    document = read_document(path, progress=lambda done, total: calls.append((done, total)))
    assert [page.ocr for page in document.pages] == [False, True]
    assert calls == [(1, 1)]
    assert document.pages[0].text.startswith("Annual report")
    assert _contains(document.pages[1].text, "گزارش نشست")


@pytest.mark.parametrize("name, fmt", [("scan.png", "PNG"), ("scan.JPG", "JPEG")])
def test_an_image_file_is_read_by_ocr(tmp_path: Path, name: str, fmt: str):
    document = read_document(write(tmp_path, name, _encode(_crop(0.09, 0.2), fmt)))
    assert document.kind == "image"
    assert [(page.number, page.ocr) for page in document.pages] == [(1, True)]
    assert _contains(document.pages[0].text, "گزارش نشست")


def test_every_frame_of_a_tiff_is_a_page(tmp_path: Path):
    first, second = _crop(0.09, 0.2), _crop(0.22, 0.33)
    calls = []
    data = _encode(first, "TIFF", save_all=True, append_images=[second])
    document = read_document(write(tmp_path, "fax.tif", data), progress=lambda done, total: calls.append((done, total)))
    assert [(page.number, page.ocr) for page in document.pages] == [(1, True), (2, True)]
    assert calls == [(1, 2), (2, 2)]
    assert _contains(document.pages[1].text, "همکاری‌های علمی و فناورانه بین‌المللی")


def test_blank_pages_are_not_sent_to_tesseract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    def no_ocr(*args, **kwargs):
        raise AssertionError("a blank page went through OCR")

    monkeypatch.setattr(ocr.pytesseract, "image_to_string", no_ocr)
    document = read_document(write(tmp_path, "report.pdf", make_pdf([["Chapter one of the report, in full."], []])))
    assert [page.ocr for page in document.pages] == [False, False]


def test_without_tesseract_a_scan_fails_with_one_clear_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    assert_read_error(SCANNED_PDF, "needs OCR, but Tesseract is not installed")
    assert_read_error(write(tmp_path, "scan.png", _encode(_crop(0.09, 0.2), "PNG")), "Tesseract is not installed")
    # A born-digital PDF with a page of drawings still reads: only that page is left without text.
    pdf = FPDF(format="A4")
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.text(20, 20, "Minutes of the meeting, with a chart on the next page.")
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    document = read_document(write(tmp_path, "minutes.pdf", bytes(pdf.output())))
    assert [page.ocr for page in document.pages] == [False, False]


def _english_scan() -> Image.Image:
    image = Image.new("L", (1600, 300), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=40)  # the font Pillow ships, so no system font is needed
    draw.text((60, 60), "Minutes of the board meeting held in Tehran", font=font, fill=0)
    draw.text((60, 150), "on 12 March 2024, with the delegation from ANSO.", font=font, fill=0)
    return image


def test_an_english_scan_is_read_with_the_english_model(tmp_path: Path):
    document = read_document(write(tmp_path, "minutes.png", _encode(_english_scan(), "PNG")))
    assert "board meeting held in Tehran" in document.pages[0].text
    assert (document.date, document.date_source) == ("2024-03-12", "text:gregorian")


def test_when_the_script_is_unknown_a_latin_page_is_read_again_as_english():
    text = ocr.read_persian_first(_english_scan(), Path("minutes.png"))
    assert "board meeting held in Tehran" in text
