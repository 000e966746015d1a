"""Tests for pipeline.readers.registry: picking a reader, reading each file once, bad files and paths."""

from __future__ import annotations

import codecs
import hashlib
import os
from pathlib import Path

import pytest

from pipeline.readers import (
    SUPPORTED_EXTENSIONS,
    HtmlReader,
    MarkdownReader,
    PdfReader,
    TextReader,
    read_document,
    registry,
)
from pipeline.types import ReadError
from tests.pipeline.readers.helpers import NEWSLETTER_PDF, assert_read_error, make_pdf, write

# --------------------------------------------------------------------------- dispatch


def test_supported_extensions() -> None:
    text_formats = {".pdf", ".txt", ".md", ".markdown", ".html", ".htm", ".docx"}
    assert text_formats | {".png", ".jpg", ".jpeg", ".tif", ".tiff"} == SUPPORTED_EXTENSIONS
    assert isinstance(SUPPORTED_EXTENSIONS, frozenset)


@pytest.mark.parametrize(
    "name, content, kind",
    [
        ("notes.txt", "hello world", "text"),
        ("notes.md", "# Hello\n\nworld", "markdown"),
        ("notes.markdown", "# Hello\n\nworld", "markdown"),
        ("page.html", "<p>hello world</p>", "html"),
        ("page.HTM", "<p>hello world</p>", "html"),
        ("report.PDF", make_pdf([["hello world"]]), "pdf"),
    ],
)
def test_read_document_picks_reader_by_extension(tmp_path: Path, name: str, content, kind: str) -> None:
    path = write(tmp_path, name, content)
    document = read_document(path)
    assert document.kind == kind
    assert document.path == path
    assert document.doc_id == hashlib.sha256(path.read_bytes()).hexdigest()
    assert document.lang == ""
    assert "hello" in document.text.lower()
    assert [page.number for page in document.pages][0] == 1


def test_read_document_accepts_a_string_path(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", "some words")
    assert read_document(str(path)).pages[0].text == "some words"


def test_read_document_takes_bytes_already_in_memory(tmp_path: Path) -> None:
    data = make_pdf([["uploaded words"]])
    document = read_document(tmp_path / "never-written.pdf", data)
    assert document.pages[0].text == "uploaded words"
    assert document.doc_id == hashlib.sha256(data).hexdigest()
    assert document.path == tmp_path / "never-written.pdf"


@pytest.mark.parametrize("name", ["notes.txt", "notes.md", "page.html", "report.pdf"])
def test_each_file_is_read_once_and_hashed_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    path = write(tmp_path, name, make_pdf([["counted words"]]) if name.endswith(".pdf") else "counted words")
    calls: list[str] = []
    read_bytes, document_id = Path.read_bytes, registry.document_id
    monkeypatch.setattr(Path, "read_bytes", lambda self: calls.append("read") or read_bytes(self))
    monkeypatch.setattr(registry, "document_id", lambda data: calls.append("hash") or document_id(data))
    assert "counted words" in read_document(path).text
    assert sorted(calls) == ["hash", "read"]


@pytest.mark.parametrize("name, reason", [("empty.txt", "empty file"), ("slides.pptx", "unsupported file type .pptx")])
def test_bytes_in_memory_are_checked_like_files(tmp_path: Path, name: str, reason: str) -> None:
    with pytest.raises(ReadError, match=reason):
        read_document(tmp_path / name, b"" if name.endswith(".txt") else b"PK\x03\x04")


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.txt", b"", "empty file"),
        ("empty.pdf", b"", "empty file"),
        ("blank.md", b"  \n\t\r\n ", "empty file"),
        ("blank16.txt", codecs.BOM_UTF16_LE + " \n ".encode("utf-16-le"), "empty file"),
        ("binary.txt", bytes(range(256)) * 8, "binary data, not text"),
        ("controls.md", b"text\x01\x02\x03\x04\x05\x06\x07\x08" * 20, "binary data, not text"),
        ("pdf-named.txt", NEWSLETTER_PDF.read_bytes(), "binary data, not text"),
        ("bad-utf16.txt", codecs.BOM_UTF16_LE + b"a\x00\x00\xd8", "undecodable text"),
        ("markup-only.html", b"<html><head><script>x()</script></head><body><img src=a.png></body></html>",
         "no text content"),
        ("slides.pptx", b"PK\x03\x04 not really slides", "unsupported file type .pptx"),
        ("notes.docx", b"PK\x03\x04 not really a docx", "not a readable Word document"),
        ("scan.png", b"\x89PNG\r\n\x1a\n truncated", "not a readable image"),
        ("README", b"plain words", "unsupported file type (no extension)"),
    ],
)  # fmt: skip
def test_bad_files_raise_read_error(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    assert_read_error(write(tmp_path, name, content), reason)


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.pdf"
    with pytest.raises(ReadError, match="file not found") as error:
        read_document(path)
    assert str(path) in str(error.value)


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(ReadError, match="is a directory") as error:
        read_document(folder)
    assert str(folder) in str(error.value)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path, "locked.txt", "secret")
    path.chmod(0)
    try:
        with pytest.raises(ReadError, match="permission denied") as error:
            read_document(path)
        assert str(path) in str(error.value)
    finally:
        path.chmod(0o600)


def test_permission_denied_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "locked.pdf", make_pdf([["text"]]))

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(ReadError, match="permission denied") as error:
        read_document(path)
    assert str(path) in str(error.value)


@pytest.mark.parametrize("reader", [TextReader(), MarkdownReader(), HtmlReader(), PdfReader()])
def test_readers_used_directly_also_raise_read_error(tmp_path: Path, reader) -> None:
    with pytest.raises(ReadError, match="binary data|not a PDF"):
        reader.read(bytes(range(256)) * 8, tmp_path / "data.file")
