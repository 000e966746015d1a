"""Pick the reader for a file by its extension; read the file once, hash it once; date what has no date."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from pipeline.dates import date_from_text
from pipeline.limits import DEFAULT_LIMITS, Limits, check_characters, check_file_size
from pipeline.readers import docx, markdown, ocr, pdf, text, web
from pipeline.readers.base import Reader, check_is_file, check_not_empty, read_file
from pipeline.types import Document, ReadError, document_id

_READERS: dict[str, type[Reader]] = {
    **dict.fromkeys(pdf.EXTENSIONS, pdf.PdfReader),
    **dict.fromkeys(text.EXTENSIONS, text.TextReader),
    **dict.fromkeys(markdown.EXTENSIONS, markdown.MarkdownReader),
    **dict.fromkeys(web.EXTENSIONS, web.WebPageReader),
    **dict.fromkeys(docx.EXTENSIONS, docx.DocxReader),
    **dict.fromkeys(ocr.IMAGE_EXTENSIONS, ocr.ImageReader),
}
_OCR_READERS = (pdf.PdfReader, ocr.ImageReader)  # they take a progress callback for OCR'd pages
SUPPORTED_EXTENSIONS = frozenset(_READERS)


def reader_for(path: Path, progress: ocr.Progress | None = None, limits: Limits = DEFAULT_LIMITS) -> Reader:
    """A reader for this file's (case-insensitive) extension; ReadError for a type Kavosh cannot read."""
    extension = path.suffix.lower()
    if extension not in _READERS:
        shown = extension or "(no extension)"
        supported = " ".join(sorted(SUPPORTED_EXTENSIONS))
        raise ReadError(path, f"unsupported file type {shown} (supported: {supported})")
    reader_class = _READERS[extension]
    if reader_class is pdf.PdfReader:
        return reader_class(progress=progress, limits=limits)
    return reader_class(progress=progress) if reader_class in _OCR_READERS else reader_class()


def read_document(path: Path | str, data: bytes | None = None, doc_id: str | None = None,
                  progress: ocr.Progress | None = None, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read one file with the reader for its extension; raise ReadError if it cannot be read.

    Pass ``data`` when the file's bytes are already in memory (an upload, or bytes already
    hashed by the caller): the file is then not opened at all; and ``doc_id`` when the caller
    has hashed them already (it must be ``document_id(data)``). ``progress(done, total)`` is called
    after each page that goes through OCR. A document whose metadata gives no date, or a scan (whose
    metadata date is the day it was scanned), is dated by the dateline of its first page if it has one.
    A file over one of ``limits`` fails with a ReadError that names the limit.
    """
    path = Path(path)
    if data is None:
        check_is_file(path)
    reader = reader_for(path, progress, limits)
    if data is None:
        check_file_size(path.stat().st_size, path, limits)
        data = read_file(path)
    check_file_size(len(data), path, limits)
    check_not_empty(data, path)
    document = dataclasses.replace(reader.read(data, path), doc_id=doc_id or document_id(data))
    check_characters(document, limits)
    scanned = all(page.ocr for page in document.pages)  # its metadata date is the day it was scanned
    if (scanned or not document.date) and (dateline := date_from_text(document.pages[0].text)):
        document = dataclasses.replace(document, date=dateline.iso, date_source=dateline.source)
    return document
