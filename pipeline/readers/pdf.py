"""PDF files, page by page with pdfplumber, in logical reading order, page numbers kept.

``pdf_layout`` groups a page's glyphs into lines and columns into reading order; ``pdf_bidi`` puts
each line, drawn in visual order, back into logical order. Persian normalization happens later
(``pipeline.normalize``).
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.psparser import PSEOF

from pipeline.dates import date_from_metadata
from pipeline.limits import DEFAULT_LIMITS, Limits
from pipeline.readers.base import shorten, title_from_text
from pipeline.readers.ocr import Progress, ocr_pdf_pages
from pipeline.readers.pdf_bidi import (
    is_rtl_line,
    keep_persian_digits,
    logical_order,
    unit_class,
)
from pipeline.readers.pdf_layout import glyphs_from_chars, line_units, reading_order
from pipeline.readers.pdf_limits import check_pdf_limits
from pipeline.types import Document, Page, ReadError

logger = logging.getLogger(__name__)

EXTENSIONS = frozenset({".pdf"})

_PLACEHOLDER_TITLES = re.compile(r"^(?:untitled|title|no title|document\d*|doc\d*|none|unknown|\W*)$", re.IGNORECASE)
_OFFICE_TITLE_PREFIX = re.compile(r"^microsoft (?:word|powerpoint|excel) - ", re.IGNORECASE)
_FILE_EXTENSION_SUFFIX = re.compile(r"\.(?:docx?|pptx?|xlsx?|odt|rtf|pdf|indd|tex|txt)$", re.IGNORECASE)
_PAGE_NUMBER_LINE = re.compile(
    r"""^[\s\-–—|.]*
        (?:(?:page|p\.|pg\.|صفحه|ص)\s*)?            # "Page 3", "صفحه ۳"
        (?:\d+|(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3}))    # 3, ۳ or a roman numeral up to xxxix
        (?:\s*(?:/|of|از|-)\s*\d+)?                  # "3 / 11", "3 of 11", "۳ از ۱۱"
        [\s\-–—|.]*$""",
    re.IGNORECASE | re.VERBOSE,
)
_DIGITS = re.compile(r"\d+")


def _furniture_key(line: str) -> str:
    """A line's identity for spotting running headers and footers: digits masked, case folded."""
    return _DIGITS.sub("#", " ".join(line.split())).casefold()


def strip_page_furniture(page_texts: list[str], min_pages: int = 3, edge_lines: int = 3) -> list[str]:
    """Drop running headers/footers and bare page numbers from the top and bottom of each page.

    A line counts as a running header or footer when it (with digits masked) sits among the
    first or last ``edge_lines`` lines of more than half of the pages. Documents shorter than
    ``min_pages`` pages are returned unchanged: there is too little evidence.
    """
    if len(page_texts) < min_pages:
        return page_texts
    pages_lines = [[line for line in text.split("\n") if line.strip()] for text in page_texts]
    seen_on_pages: Counter[str] = Counter()
    for lines in pages_lines:
        edges = lines[:edge_lines] + lines[-edge_lines:]
        seen_on_pages.update({_furniture_key(line) for line in edges})
    # Only lines with letters: rows of figures that differ in their digits are content, not headers.
    repeated = {
        key for key, pages in seen_on_pages.items() if pages * 2 > len(page_texts) and any(ch.isalpha() for ch in key)
    }

    def is_furniture(line: str) -> bool:
        return _furniture_key(line) in repeated or bool(_PAGE_NUMBER_LINE.match(line))

    cleaned = []
    for lines in pages_lines:
        start, end = 0, len(lines)
        while start < min(edge_lines, end) and is_furniture(lines[start]):
            start += 1
        while end > max(start, len(lines) - edge_lines) and is_furniture(lines[end - 1]):
            end -= 1
        cleaned.append("\n".join(lines[start:end]))
    return cleaned


def _meaningful_pdf_title(raw_title: object) -> str:
    """The PDF's metadata Title cleaned up, or "" when it is a placeholder or a file name."""
    if not isinstance(raw_title, str):
        return ""
    title = " ".join(unicodedata.normalize("NFKC", raw_title).split())
    if any(unicodedata.category(ch) in ("Cc", "Co", "Cs") or ch == "\ufffd" for ch in title):
        return ""  # mis-decoded metadata
    title = _OFFICE_TITLE_PREFIX.sub("", title)
    title = _FILE_EXTENSION_SUFFIX.sub("", title).strip()
    if _PLACEHOLDER_TITLES.match(title):
        return ""
    return shorten(title)


class PdfReader:
    """Read a PDF page by page with pdfplumber, in logical reading order, page numbers kept.

    Args:
        x_tolerance_ratio: largest gap inside a word, as a share of the font size; smaller than
            a space so that words placed without space characters are not glued together.
        strip_furniture: drop running headers/footers and page numbers (documents of 3+ pages).
        limits: pages and inflated stream sizes, checked before any page is read.
    """

    kind = "pdf"

    def __init__(self, x_tolerance_ratio: float = 0.15, strip_furniture: bool = True,
                 progress: Progress | None = None, limits: Limits = DEFAULT_LIMITS):
        if not 0 < x_tolerance_ratio < 1:
            raise ValueError(f"x_tolerance_ratio must be between 0 and 1, got {x_tolerance_ratio}")
        self.x_tolerance_ratio = x_tolerance_ratio
        self.strip_furniture = strip_furniture
        self.progress = progress  # called after each page read by OCR
        self.limits = limits

    def read(self, data: bytes, path: Path) -> Document:
        if b"%PDF-" not in data[:1024]:
            raise ReadError(path, "not a PDF (corrupt file: no PDF header)")
        check_pdf_limits(data, path, self.limits)
        try:
            page_texts, metadata = self._extract(data)
        except Exception as exc:
            raise ReadError(path, _pdf_failure_reason(path, exc, data)) from exc
        recognized = ocr_pdf_pages(data, page_texts, path, self.progress)  # pages with no usable text layer
        page_texts = [recognized.get(number, text) for number, text in enumerate(page_texts, start=1)]
        if not any(text.strip() for text in page_texts):
            raise ReadError(path, "no text layer, and OCR found no text")
        if self.strip_furniture:
            page_texts = strip_page_furniture(page_texts)
        pages = [Page(number, text, ocr=number in recognized) for number, text in enumerate(page_texts, start=1)]
        title = _meaningful_pdf_title(metadata.get("Title")) or title_from_text("\n".join(page_texts))
        logger.debug("%s: %d PDF pages read, %d by OCR", path, len(pages), len(recognized))
        return Document(
            doc_id="", path=path, title=title or path.stem, pages=pages, kind=self.kind, **_pdf_details(metadata)
        )

    def _extract(self, data: bytes) -> tuple[list[str], dict]:
        """Every page's text (empty for a page without text) and the document metadata."""
        page_texts = []
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            metadata = dict(pdf.metadata or {})
            for page in pdf.pages:
                page_texts.append(self._page_text(page))
                page.close()  # frees pdfplumber's per-page object cache
        return page_texts, metadata

    def _page_text(self, page: pdfplumber.page.Page) -> str:
        """One page's text, line by line, columns one after another, each line in logical order."""
        glyphs = glyphs_from_chars(page.chars)
        rtl_page = _is_rtl_page(glyph.text for glyph in glyphs)
        lines = []
        for line in reading_order(glyphs, rtl_page):
            units = line_units(line, self.x_tolerance_ratio)
            text = logical_order(units, is_rtl_line(units, rtl_page)).strip()
            if text:
                lines.append(text)
        return keep_persian_digits("\n".join(lines))


def _is_rtl_page(texts: Iterable[str]) -> bool:
    """Whether most of a page's letters are right-to-left ones (Persian, Arabic)."""
    classes = [unit_class(ch) for text in texts for ch in text if ch.isalpha()]
    return classes.count("R") > classes.count("L")


def _pdf_failure_reason(path: Path, exc: Exception, data: bytes) -> str:
    """A short, human reason for a PDF that pdfplumber/pdfminer could not read."""
    cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc  # PdfminerException wraps
    logger.debug("%s: PDF parsing failed: %r", path, cause)
    if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
        return "encrypted PDF (password required)"
    if isinstance(cause, PSEOF) or b"%%EOF" not in data[-2048:]:
        return "truncated PDF (file ends too early)"
    return "corrupt PDF (cannot be parsed)"


def _pdf_details(metadata: dict) -> dict:
    """Author and date (CreationDate) from a PDF's metadata, as Document fields."""
    author = metadata.get("Author")
    date = date_from_metadata(metadata.get("CreationDate"), "pdf")
    return {
        "author": " ".join(author.split()) if isinstance(author, str) else "",
        "date": date.iso if date else "",
        "date_source": date.source if date else "",
    }
