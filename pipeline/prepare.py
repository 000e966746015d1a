"""The pipeline's one entry: a file (a path, or bytes and a name) becomes a prepared document with its chunks.

    chunker = Chunker(embedder.count_tokens, max_tokens=240, overlap_tokens=40)
    prepared = prepare_document(Path("report.pdf"), chunker)           # reads the file once
    prepared = prepare_document(Path("report.pdf"), chunker, data=raw)  # bytes already in memory

Reading, normalizing, language detection and chunking happen here and nowhere else; the index
embeds and stores what comes out. The function is pure (no global state besides cached tables),
so ingest can run it in worker processes beside the embedder.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pipeline.chunking import Chunker
from pipeline.language import detect_language
from pipeline.limits import DEFAULT_LIMITS, Limits
from pipeline.normalize import display_text, spelling_counts
from pipeline.readers import read_document
from pipeline.types import Chunk, Document


@dataclass
class PreparedDocument:
    """A document with its pages as display text, its language set, its chunks, and how its words are written."""

    document: Document
    chunks: list[Chunk]
    spellings: Counter[tuple[str, str]] = field(default_factory=Counter)
    vectors: Any = None  # the chunks' embeddings, when a worker computed them (index.distributed)

    @property
    def doc_id(self) -> str:
        return self.document.doc_id

    @property
    def tokens(self) -> int:
        return sum(chunk.n_tokens for chunk in self.chunks)


def prepare_document(path: Path | str, chunker: Chunker, data: bytes | None = None,
                     doc_id: str | None = None, limits: Limits = DEFAULT_LIMITS) -> PreparedDocument:
    """Read ``path`` (or ``data``, its bytes, whose hash ``doc_id`` may be known), normalize, detect, chunk.

    Raises:
        ReadError: the file cannot be read or is over one of ``limits``; the message names it and says why.
    """
    raw = read_document(Path(path), data, doc_id, limits=limits)
    pages = [replace(page, text=display_text(page.text, limits.max_line_chars)) for page in raw.pages]
    document = replace(raw, pages=pages, lang=detect_language("\n\n".join(page.text for page in pages)))
    spellings = Counter()
    for page in pages:
        spellings.update(spelling_counts(page.text))
    return PreparedDocument(document, chunker.split(document), spellings)

