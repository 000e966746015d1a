"""Read PDF, plain-text, Markdown, HTML and Word files, and scans and images by OCR, into Documents of
raw, logical-order pages.

One module per format; ``registry`` picks one by extension. Every failure becomes a ``ReadError``
naming the file and a short reason, so a batch ingest can report the bad file and go on.
Persian normalization happens later (``pipeline.normalize``); readers only get the characters
out in reading order.
"""

from pipeline.readers.base import Reader, decode_text
from pipeline.readers.docx import DocxReader
from pipeline.readers.html import HtmlReader
from pipeline.readers.markdown import MarkdownReader, markdown_to_text, strip_markdown_inline
from pipeline.readers.ocr import ImageReader, Progress
from pipeline.readers.pdf import PdfReader, strip_page_furniture
from pipeline.readers.pdf_bidi import to_logical_order
from pipeline.readers.registry import SUPPORTED_EXTENSIONS, read_document, reader_for
from pipeline.readers.text import TextReader
from pipeline.readers.web import WebPageReader

__all__ = [
    "SUPPORTED_EXTENSIONS",
    "DocxReader",
    "HtmlReader",
    "ImageReader",
    "MarkdownReader",
    "PdfReader",
    "Progress",
    "Reader",
    "TextReader",
    "WebPageReader",
    "decode_text",
    "markdown_to_text",
    "read_document",
    "reader_for",
    "strip_markdown_inline",
    "strip_page_furniture",
    "to_logical_order",
]
