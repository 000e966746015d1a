"""OCR: text recognized in page images by Tesseract (Persian and English), for scanned PDFs and image files.

Tesseract comes from Debian (tesseract-ocr, tesseract-ocr-fas, tesseract-ocr-eng; scripts/install.sh) and
runs through pytesseract; PDF pages are rendered with pypdfium2. Each page is read with one model, chosen
by Tesseract's script detection (OSD) on a 150 dpi copy: Persian for Arabic script, English for Latin.
Where OSD cannot tell (little text), the page is read as Persian, and again as English if that finds
mostly Latin letters and digits. One pass with both models ("fas+eng") was slower and read common Persian
words as Latin ones (علم → ale); a Persian pass over an English page is slower still
(benchmarks/ocr_quality.py). Only PDF pages whose text layer has no
usable text are recognized (``ocr_pdf_pages``); image files (.png, .jpg, .tif …) always are
(``ImageReader``). Recognized pages are marked ``Page.ocr`` and then go through the same normalization
and chunking as any text. OCR takes seconds a page, so callers may pass ``progress(done, total)``.
"""

from __future__ import annotations

import io
import logging
import threading
from collections.abc import Callable
from pathlib import Path

import pypdfium2
import pytesseract
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from pipeline.language import LATIN_LETTER, PERSIAN_LETTER
from pipeline.readers.base import shorten, title_from_text
from pipeline.types import Document, Page, ReadError

logger = logging.getLogger(__name__)

IMAGE_EXTENSIONS = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"})
OCR_LANGUAGES = {"Arabic": "fas", "Latin": "eng"}  # Tesseract's model for each script OSD names
_OSD_SCALE = 0.5  # script detection needs no more than 150 dpi
_NOT_INSTALLED = "needs OCR, but Tesseract is not installed (see scripts/install.sh)"
OCR_DPI = 300  # Tesseract reads best with text 20–30 pixels high: 10–12 pt type at 300 dpi
OCR_PAGE_TIMEOUT_S = 120
MIN_USABLE_LETTERS = 20  # a page whose text layer has fewer letters is read as a scan
_SMALL_IMAGE = 1200  # pixels on the longer side: a screenshot or a phone crop, enlarged twice before OCR
_INK = 160  # gray levels darker than this are ink
_MIN_INK_SHARE = 0.0005  # a rendered page with less ink than this is blank and is not recognized

Progress = Callable[[int, int], None]  # (pages recognized so far, pages to recognize)

# PDFium is not thread-safe; the API's ingest worker and a CLI ingest may share one process.
_PDFIUM_LOCK = threading.Lock()


class OcrUnavailable(ReadError):
    """Tesseract, or its Persian or English data, is not installed."""


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def needs_ocr(text: str) -> bool:
    """Whether a page's text layer holds too little text to be the page (a scan, perhaps with a stamp)."""
    return _letters(text) < MIN_USABLE_LETTERS


def _blank(image: Image.Image) -> bool:
    """Whether a grayscale page image has (almost) no ink: nothing to recognize."""
    dark = sum(image.histogram()[:_INK])
    return dark < _MIN_INK_SHARE * image.width * image.height


def recognize(image: Image.Image, path: Path) -> str:
    """The text Tesseract reads in one page image, lines in reading order; "" for a blank page."""
    image = ImageOps.exif_transpose(image).convert("L")
    if max(image.size) < _SMALL_IMAGE:
        image = image.resize((image.width * 2, image.height * 2), Image.Resampling.LANCZOS)
    if _blank(image):
        return ""
    language = OCR_LANGUAGES.get(_script(image, path))
    return _tesseract(image, language, path) if language else read_persian_first(image, path)


def read_persian_first(image: Image.Image, path: Path) -> str:
    """A page whose script is unknown: read as Persian, and again as English if that finds mostly Latin."""
    text = _tesseract(image, OCR_LANGUAGES["Arabic"], path)
    latin = len(LATIN_LETTER.findall(text)) + sum(ch.isascii() and ch.isdigit() for ch in text)
    if len(PERSIAN_LETTER.findall(text)) < latin:
        text = _tesseract(image, OCR_LANGUAGES["Latin"], path)  # read as Persian, Latin is digits and strays
    return text


def _script(image: Image.Image, path: Path) -> str:
    """The script Tesseract's OSD sees on a page ("Arabic", "Latin" …); "" when it cannot tell."""
    small = image.resize((int(image.width * _OSD_SCALE), int(image.height * _OSD_SCALE)))
    try:
        osd = pytesseract.image_to_osd(small, output_type=pytesseract.Output.DICT, timeout=OCR_PAGE_TIMEOUT_S)
        return osd["script"]
    except pytesseract.TesseractNotFoundError as exc:
        raise OcrUnavailable(path, _NOT_INSTALLED) from exc
    except (pytesseract.TesseractError, RuntimeError, KeyError):  # too few characters, no OSD model, timeout
        return ""


def _tesseract(image: Image.Image, language: str, path: Path) -> str:
    """One Tesseract pass; a missing program or model, a failure or a timeout becomes one clear ReadError."""
    try:
        return pytesseract.image_to_string(image, lang=language, timeout=OCR_PAGE_TIMEOUT_S).strip()
    except pytesseract.TesseractNotFoundError as exc:
        raise OcrUnavailable(path, _NOT_INSTALLED) from exc
    except pytesseract.TesseractError as exc:
        if "Failed loading language" in str(exc.message):
            raise OcrUnavailable(path, f"needs OCR, but Tesseract has no {language!r} language data") from exc
        raise ReadError(path, f"OCR failed ({' '.join(str(exc.message).split())[:200]})") from exc
    except RuntimeError as exc:  # pytesseract's timeout
        raise ReadError(path, f"OCR took over {OCR_PAGE_TIMEOUT_S} s on one page") from exc


def ocr_pdf_pages(data: bytes, page_texts: list[str], path: Path, progress: Progress | None = None) -> dict[int, str]:
    """Recognized text of the PDF pages without usable text, by page number (1-based).

    A page keeps its text layer when OCR finds no more letters in it. Without Tesseract the pages are
    left as they are (logged) so a born-digital PDF with a blank page still reads; the caller fails
    only when no page has any text.
    """
    todo = [number for number, text in enumerate(page_texts, start=1) if needs_ocr(text)]
    recognized: dict[int, str] = {}
    if not todo:
        return recognized
    with _PDFIUM_LOCK:
        pdf = pypdfium2.PdfDocument(data)
    try:
        for done, number in enumerate(todo, start=1):
            with _PDFIUM_LOCK:
                image = pdf[number - 1].render(scale=OCR_DPI / 72, grayscale=True).to_pil()
            text = recognize(image, path)
            if _letters(text) > _letters(page_texts[number - 1]):
                recognized[number] = text
            if progress:
                progress(done, len(todo))
    except OcrUnavailable as exc:
        if not any(not needs_ocr(text) for text in page_texts):
            raise
        logger.warning("%s: %d page(s) without text left unread: %s", path, len(todo), exc.reason)
    finally:
        with _PDFIUM_LOCK:
            pdf.close()
    return recognized


class ImageReader:
    """Read an image file (a scan or a photo of a page; every frame of a TIFF) through OCR."""

    kind = "image"

    def __init__(self, progress: Progress | None = None):
        self.progress = progress

    def read(self, data: bytes, path: Path) -> Document:
        try:
            with Image.open(io.BytesIO(data)) as image:
                frames = [frame.copy() for frame in ImageSequence.Iterator(image)]
        except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError) as exc:
            raise ReadError(path, f"not a readable image ({type(exc).__name__})") from exc
        pages = []
        for number, frame in enumerate(frames, start=1):
            text = recognize(frame, path)
            if text:
                pages.append(Page(number, text, ocr=True))
            if self.progress:
                self.progress(number, len(frames))
        if not pages:
            raise ReadError(path, "no text found in the image (OCR)")
        title = title_from_text(pages[0].text) or path.stem
        return Document(doc_id="", path=path, title=shorten(title), pages=pages, kind=self.kind)
