"""Pick the reader for a file by its extension; read the file once, hash it once."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from pipeline.limits import DEFAULT_LIMITS, Limits, check_characters, check_file_size
from pipeline.readers import html, markdown, pdf, text
from pipeline.readers.base import Reader, check_is_file, check_not_empty, read_file
from pipeline.types import Document, ReadError, document_id

_READERS: dict[str, type[Reader]] = {
    **dict.fromkeys(pdf.EXTENSIONS, pdf.PdfReader),
    **dict.fromkeys(text.EXTENSIONS, text.TextReader),
    **dict.fromkeys(markdown.EXTENSIONS, markdown.MarkdownReader),
    **dict.fromkeys(html.EXTENSIONS, html.HtmlReader),
}
SUPPORTED_EXTENSIONS = frozenset(_READERS)


def reader_for(path: Path, limits: Limits = DEFAULT_LIMITS) -> Reader:
    """A reader for this file's (case-insensitive) extension; ReadError for a type Kavosh cannot read."""
    extension = path.suffix.lower()
    if extension not in _READERS:
        shown = extension or "(no extension)"
        supported = " ".join(sorted(SUPPORTED_EXTENSIONS))
        raise ReadError(path, f"unsupported file type {shown} (supported: {supported})")
    reader = _READERS[extension]
    return reader(limits=limits) if reader is pdf.PdfReader else reader()


def read_document(path: Path | str, data: bytes | None = None, doc_id: str | None = None,
                  limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read one file with the reader for its extension; raise ReadError if it cannot be read.

    Pass ``data`` when the file's bytes are already in memory (an upload, or bytes already
    hashed by the caller): the file is then not opened at all; and ``doc_id`` when the caller
    has hashed them already (it must be ``document_id(data)``). A file over one of ``limits``
    fails with a ReadError that names the limit.
    """
    path = Path(path)
    if data is None:
        check_is_file(path)
    reader = reader_for(path, limits)
    if data is None:
        check_file_size(path.stat().st_size, path, limits)
        data = read_file(path)
    check_file_size(len(data), path, limits)
    check_not_empty(data, path)
    document = reader.read(data, path)
    check_characters(document, limits)
    return dataclasses.replace(document, doc_id=doc_id or document_id(data))
