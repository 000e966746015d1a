"""Plain-text files: decoded, read as one page; the title is the first headline-like line."""

from __future__ import annotations

from pathlib import Path

from pipeline.readers.base import OnePageReader, decode_text

EXTENSIONS = frozenset({".txt"})


class TextReader(OnePageReader):
    """Read a plain-text file as one page; the title is its first line with letters."""

    kind = "text"
    empty_reason = "empty file (whitespace only)"

    def extract(self, data: bytes, path: Path) -> tuple[str, list[str]]:
        return decode_text(data, path), []
