"""What every reader shares: the reader interface, file checks, titles, text decoding, one-page documents."""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata
from pathlib import Path
from typing import Protocol

import charset_normalizer

from pipeline.types import Document, Page, ReadError

logger = logging.getLogger(__name__)

MAX_TITLE_CHARS = 150


class Reader(Protocol):
    """Anything that turns one file's bytes into a Document.

    ``doc_id`` is left empty: ``read_document`` hashes the bytes once and fills it in.
    """

    kind: str

    def read(self, data: bytes, path: Path) -> Document: ...


# --------------------------------------------------------------------------- files


def check_is_file(path: Path) -> None:
    """Fail early, with a clear reason, on paths that are missing, directories or special files."""
    try:
        if path.is_dir():
            raise ReadError(path, "is a directory, not a file")
        if not path.exists():
            raise ReadError(path, "file not found")
        if not path.is_file():
            raise ReadError(path, "not a regular file")
    except OSError as exc:  # e.g. a parent directory without search permission
        raise ReadError(path, f"cannot access file ({exc.strerror or exc})") from exc


def read_file(path: Path) -> bytes:
    """The bytes of a file already checked with ``check_is_file``; unreadable files become ReadError."""
    try:
        return path.read_bytes()
    except PermissionError as exc:
        raise ReadError(path, "permission denied") from exc
    except OSError as exc:
        raise ReadError(path, f"cannot read file ({exc.strerror or exc})") from exc


def check_not_empty(data: bytes, path: Path) -> None:
    """Empty and whitespace-only files have nothing to index."""
    if not data.strip():
        raise ReadError(path, "empty file" if not data else "empty file (whitespace only)")


# --------------------------------------------------------------------------- titles

_DATE = re.compile(r"\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b|\b\d{1,2}[-/.]\d{1,2}[-/.]\d{4}\b")


def title_from_text(text: str) -> str:
    """The first line that reads like a headline or a lead, trimmed to a title's length; "" if none.

    Scraped pages often start with furniture (a date line, "live", "today: -"): lines of fewer
    than three words or with a date in them are passed over, and a long lead is cut at its first
    sentence end.
    """
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if any(ch.isalpha() for ch in line)]
    if not lines:
        return ""
    line = next((line for line in lines[:10] if len(line.split()) >= 3 and not _DATE.search(line)), lines[0])
    first_sentence = re.split(r"(?<=[.!?؟])\s", line, maxsplit=1)[0]
    return shorten(first_sentence)


def shorten(title: str, limit: int = MAX_TITLE_CHARS) -> str:
    """Cut a long title at a word boundary so that it fits in ``limit`` characters."""
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    cut = title[: limit - 1].rsplit(" ", 1)[0] or title[: limit - 1]
    return cut.rstrip(" ,،;:-") + "…"


# --------------------------------------------------------------------------- one-page documents


class OnePageReader:
    """A reader for formats that have no pages: the whole text is page 1.

    Subclasses say how to get the text and their format's own title candidates out of the bytes;
    the first non-empty candidate wins, then the first headline-like line, then the file name.
    """

    kind = ""
    empty_reason = "no text content"

    def extract(self, data: bytes, path: Path) -> tuple[str, list[str]]:
        """The file's text and its title candidates, best first."""
        raise NotImplementedError

    def read(self, data: bytes, path: Path) -> Document:
        text, titles = self.extract(data, path)
        return one_page_document(path, self.kind, text, titles, self.empty_reason)


def one_page_document(path: Path, kind: str, text: str, titles: list[str], empty_reason: str, **details) -> Document:
    """A Document whose whole text is page 1, titled by the first non-empty candidate, a headline-like
    line or the file name; ``details`` are further Document fields (date, author, site_name)."""
    text = text.strip()
    if not text:
        raise ReadError(path, empty_reason)
    title = next((title for title in titles if title), "") or title_from_text(text) or path.stem
    return Document(doc_id="", path=path, title=shorten(title), pages=[Page(1, text)], kind=kind, **details)


# --------------------------------------------------------------------------- text decoding

# Longest BOM first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v\x1b")
_MAX_CONTROL_SHARE = 0.02


def decode_text(data: bytes, path: Path, declared_encoding: str | None = None) -> str:
    """Decode a text file's bytes: BOM, then a declared charset, UTF-8, Windows-1256, a detector.

    Newlines come back as ``\\n``. Binary data and undecodable bytes raise ReadError.
    """
    text = _decode(data, path, declared_encoding)
    if _looks_binary(text):
        raise ReadError(path, "binary data, not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes, path: Path, declared_encoding: str | None) -> str:
    """Pick the encoding of ``data`` and decode it (newlines untouched)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise ReadError(path, f"undecodable text (invalid {encoding.upper()} after its BOM)") from exc
    if b"\x00" in data:
        raise ReadError(path, "binary data, not text")
    if declared_encoding:
        try:
            return data.decode(declared_encoding)
        except (UnicodeDecodeError, LookupError):
            logger.debug("%s: declared charset %s does not fit, guessing", path, declared_encoding)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    as_utf8 = data.decode("utf-8", errors="replace")
    bad_sequences = as_utf8.count("\ufffd")
    good_sequences = sum(1 for ch in as_utf8 if ord(ch) > 0x7F) - bad_sequences
    if good_sequences >= 10 * bad_sequences:  # UTF-8 but for a stray byte or two
        logger.debug("%s: UTF-8 with %d undecodable bytes replaced", path, bad_sequences)
        return as_utf8
    # Persian and Arabic files from Windows: charset detectors often misjudge short ones.
    as_arabic_windows = data.decode("cp1256")  # every byte is defined in Windows-1256
    if _mostly_arabic_script(as_arabic_windows):
        logger.debug("%s: decoded as Windows-1256", path)
        return as_arabic_windows
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise ReadError(path, "undecodable text (unknown encoding)")
    logger.debug("%s: charset-normalizer chose %s", path, best.encoding)
    return str(best)


def _mostly_arabic_script(text: str) -> bool:
    """Whether most non-ASCII characters of ``text`` are Arabic-script letters, marks or ZWNJ."""
    non_ascii = [ch for ch in text if ord(ch) > 0x7F]
    if not non_ascii:
        return False
    arabic = sum(1 for ch in non_ascii if ch == "\u200c" or unicodedata.name(ch, "").startswith("ARABIC"))
    return arabic / len(non_ascii) >= 0.7


def _looks_binary(text: str) -> bool:
    """Whether decoded text holds NULs or more control characters than any real text does."""
    sample = text[:20_000]
    if "\x00" in sample:
        return True
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS)
    return controls > _MAX_CONTROL_SHARE * max(len(sample), 1)
