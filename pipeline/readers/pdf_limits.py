"""A PDF's limits, checked before pdfplumber reads a page: page count and inflated stream sizes.

pdfminer inflates a compressed stream whole, in memory: a 1 KB stream flate-compressed twice
becomes 200 MB, and a 16 MB file can hold 100,000 pages. Both are found here in milliseconds.
"""

from __future__ import annotations

import io
import itertools
import logging
import re
import zlib
from pathlib import Path

from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser

from pipeline.limits import Limits, check_page_count, megabytes
from pipeline.types import ReadError

logger = logging.getLogger(__name__)

_STREAM_START = re.compile(rb"stream(?:\r\n|\n|\r)")  # "endstream" too: told apart below
_PAGE_TREE_NODE = re.compile(rb"/Type\s*/Pages\b")
_COUNT = re.compile(rb"/Count\s+(\d+)")
_FILTERS = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_NAME = re.compile(rb"/([A-Za-z0-9]+)")
_IMAGE = re.compile(rb"/Subtype\s*/Image")
_FLATE = frozenset({b"FlateDecode", b"Fl"})
_HEADER_BYTES = 4096  # how far back from `stream` its dictionary is looked for


def check_pdf_limits(data: bytes, path: Path, limits: Limits) -> None:
    """Raise ReadError if a stream inflates past ``max_stream_bytes`` or the PDF has too many pages.

    A PDF that pdfminer cannot parse passes: the reader then says why it cannot be read.
    """
    _check_streams(data, path, limits.max_stream_bytes)
    check_page_count(_declared_page_count(data), path, limits)
    try:
        pages = _walk_pages(data, limits.max_pages + 1)
    except Exception as exc:  # a corrupt or encrypted file: the reader reports it
        logger.debug("%s: pages not counted: %r", path, exc)
        return
    check_page_count(pages, path, limits)


def _declared_page_count(data: bytes) -> int:
    """The largest /Count of the page tree nodes written in the clear; 0 if they are all compressed.

    A regular expression over the bytes: parsing a 100,000-page tree takes pdfminer seconds.
    """
    largest = 0
    for node in _PAGE_TREE_NODE.finditer(data):
        start = data.rfind(b"obj", 0, node.start())
        end = data.find(b"endobj", node.end())
        count = _COUNT.search(data, max(start, 0), end if end >= 0 else len(data))
        if count:
            largest = max(largest, int(count.group(1)))
    return largest


def _walk_pages(data: bytes, enough: int) -> int:
    """The pages found walking the page tree, counting at most ``enough`` (the declared count may lie)."""
    document = PDFDocument(PDFParser(io.BytesIO(data)))
    return sum(1 for _ in itertools.islice(PDFPage.create_pages(document), enough))


def _check_streams(data: bytes, path: Path, limit: int) -> None:
    """Inflate every flate-compressed stream that text extraction would read, up to ``limit`` bytes each.

    Images are passed over (text extraction never decodes them); so are filters other than flate,
    which the worker's time and memory limits bound.
    """
    for match in _STREAM_START.finditer(data):
        if data[max(0, match.start() - 3) : match.start()] == b"end":
            continue
        begin = max(0, match.start() - _HEADER_BYTES)
        header = data[max(begin, data.rfind(b"obj", begin, match.start())) : match.start()]
        filters = _FILTERS.search(header)
        if not filters or _IMAGE.search(header):
            continue
        end = data.find(b"endstream", match.end())
        content = data[match.end() : end if end >= 0 else len(data)]
        for name in _NAME.findall(filters.group(1)):
            if name not in _FLATE:
                break
            try:
                content = zlib.decompressobj().decompress(content, limit + 1)
            except zlib.error:
                break  # corrupt: pdfminer reports it, or reads what it can
            if len(content) > limit:
                raise ReadError(path, f"a compressed stream inflates past {megabytes(limit)} MB "
                                      f"(a decompression bomb?)")
