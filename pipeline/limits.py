"""What one file may cost, stated once: size, pages, inflated bytes, characters, seconds, memory.

The readers stop a runaway where that is cheap (a PDF's page count before any page is read, a
compressed stream before it is inflated, a long line before hazm sees it); the worker processes
of ``pipeline.workers`` bound what is left by time and memory. A file over a limit fails with one
line that names the limit, and the ingest of the other files goes on.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.types import Document, ReadError

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """The most one file may cost; ``KAVOSH_MAX_FILE_MB``, ``KAVOSH_MAX_PAGES`` and
    ``KAVOSH_SECONDS_PER_FILE`` change the three an operator may need to."""

    max_file_bytes: int = 200 * MB  # bigger files fail before they are read
    max_pages: int = 2_000  # counted before any page is extracted
    max_stream_bytes: int = 64 * MB  # one compressed PDF stream, inflated (a 1 KB flate bomb makes 200 MB)
    max_chars: int = 20_000_000  # characters of text in one file, about 10,000 dense pages
    max_line_chars: int = 10_000  # longer lines are normalized in pieces (hazm's rules grow with the line)
    seconds_per_file: float = 300.0  # a worker still busy with one file after this is killed
    worker_memory_mb: int = 2_048  # address space of one worker process (RLIMIT_AS)

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise ValueError(f"limit {name} must be a positive number, got {value!r}")


DEFAULT_LIMITS = Limits()


def check_file_size(size: int, path: Path, limits: Limits) -> None:
    """Refuse a file over ``max_file_bytes`` before its bytes are read."""
    if size > limits.max_file_bytes:
        limit = megabytes(limits.max_file_bytes)
        raise ReadError(path, f"file too large ({megabytes(size)} MB; the limit is {limit} MB)")


def megabytes(size: int) -> str:
    """``1.4`` or ``200``: a size in MB as people write it."""
    return f"{size / MB:.1f}".removesuffix(".0")


def check_characters(document: Document, limits: Limits) -> None:
    """Refuse a document whose text is over ``max_chars`` characters."""
    characters = sum(len(page.text) for page in document.pages)
    if characters > limits.max_chars:
        raise ReadError(document.path, f"too much text ({characters:,} characters; "
                                       f"the limit is {limits.max_chars:,})")


def check_page_count(pages: int, path: Path, limits: Limits) -> None:
    """Refuse a document of more than ``max_pages`` pages."""
    if pages > limits.max_pages:
        raise ReadError(path, f"too many pages (at least {pages:,}; the limit is {limits.max_pages:,})")
