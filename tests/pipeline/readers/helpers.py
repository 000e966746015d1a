"""Shared by the reader tests: fixture paths, sample texts, small PDFs and files made on the fly."""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

import pytest
from fpdf import FPDF

from pipeline.readers import read_document
from pipeline.types import Document, ReadError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
PERSIAN_PDF = FIXTURES / "nrisp-science-diplomacy-meeting.fa.pdf"
PERSIAN_TEXT = FIXTURES / "nrisp-science-diplomacy-meeting.fa.txt"
STRATEGIC_PLAN_PDF = FIXTURES / "anso-strategic-plan-2020-2022-draft.en.pdf"
NEWSLETTER_PDF = FIXTURES / "anso-newsletter-25-dec-2024.en.pdf"
NEWSLETTER_TITLE = "Alliance of National and International"  # the first line; the PDF has no metadata title


def make_pdf(pages: list[list[str]], title: str | None = None) -> bytes:
    """An English PDF with one line of Helvetica per string, top to bottom, one list per page."""
    pdf = FPDF(format="A4")
    pdf.set_font("Helvetica", size=11)
    if title is not None:
        pdf.set_title(title)
    for lines in pages:
        pdf.add_page()
        for line_no, line in enumerate(lines):
            pdf.text(20, 20 + 8 * line_no, line)
    return bytes(pdf.output())


def write(tmp_path: Path, name: str, content: bytes | str) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


@functools.cache
def read_fixture(path: Path) -> Document:
    """A fixture document, read once per test session (PDFs take about a second)."""
    return read_document(path)


def words(text: str) -> set[str]:
    """Word set for comparing extractions; ZWNJ dropped as the corpus drops it."""
    return set(re.findall(r"\w+", unicodedata.normalize("NFKC", text).replace("\u200c", "")))


PERSIAN_SAMPLE = "گزارش نشست دیپلماسی علم\r\nدر روز یکشنبه 28 آذرماه برگزار شد.\r\n"
# Windows-1256 has no Persian yeh (U+06CC) and no Persian digits; files in it use the Arabic yeh (U+064A).
CP1256_SAMPLE = PERSIAN_SAMPLE.replace("ی", "ي")


def assert_read_error(path: Path, reason: str) -> None:
    """Reading ``path`` fails with one ReadError that names the file and gives ``reason``."""
    with pytest.raises(ReadError) as error:
        read_document(path)
    assert str(path) in str(error.value)
    assert reason in error.value.reason
    assert error.value.path == str(path)
