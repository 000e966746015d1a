"""The records carried through the pipeline: a read document, its pages, its chunks."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# Fixed namespace so that chunk point ids are the same on every machine.
KAVOSH_NAMESPACE = uuid.UUID("6f1c2d3e-8a4b-5c6d-9e0f-a1b2c3d4e5f6")

LANGUAGES = ("fa", "en")  # the languages passages are indexed and filtered by


def document_id(content: bytes) -> str:
    """The id of a document: sha256 of the file's bytes, as hex."""
    return hashlib.sha256(content).hexdigest()


def chunk_point_id(doc_id: str, chunk_no: int) -> str:
    """Deterministic Qdrant point id of chunk ``chunk_no`` of a document."""
    return str(uuid.uuid5(KAVOSH_NAMESPACE, f"{doc_id}:{chunk_no}"))


def source_names(paths: Sequence[str]) -> list[str]:
    """The file names (what users see and filter on) of a document's paths, first path first."""
    return list(dict.fromkeys(Path(path).name for path in paths))


@dataclass
class Page:
    """One page of a document (a text file is one page), as display text.

    ``number`` is 1-based, as printed on a PDF viewer's page counter; ``ocr`` is set when the text was
    recognized from the page's image (a scan) rather than read from a text layer.
    """

    number: int
    text: str
    ocr: bool = False


@dataclass
class Document:
    """A file read into pages, before chunking."""

    doc_id: str
    path: Path
    title: str
    pages: list[Page]
    kind: str  # "pdf", "text", "markdown", "html", "docx" or "image"
    lang: str = ""  # "fa", "en" or "mixed"; set by pipeline.language
    date: str = ""  # ISO date (YYYY-MM-DD) from the file's metadata or a dateline; "" if none is known
    date_source: str = ""  # where the date came from: "metadata:pdf", "text:jalali" … (pipeline.dates)
    author: str = ""  # from the file's metadata (PDF Author, DOCX core properties, a web page's byline)
    site_name: str = ""  # a web page's outlet ("خبرگزاری صدا و سیما"); "" for other files

    @property
    def source(self) -> str:
        """The file name users see and filter on."""
        return self.path.name

    @property
    def text(self) -> str:
        return "\n\n".join(page.text for page in self.pages)


@dataclass
class Chunk:
    """A passage of one page, the unit that is embedded, indexed and returned.

    ``start``/``end`` are character offsets of ``display_text`` in its page's text.
    """

    doc_id: str
    chunk_no: int
    page: int
    start: int
    end: int
    lang: str
    display_text: str
    terms: list[str]  # content words' search keys, in order (see pipeline.normalize.terms)
    n_tokens: int = 0
    ocr: bool = False  # its page's text came from OCR

    @property
    def chunk_id(self) -> str:
        return chunk_point_id(self.doc_id, self.chunk_no)


class ReadError(Exception):
    """A file could not be read; the message names the file and the reason."""

    def __init__(self, path: Path | str, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")
