"""Re-index without downtime: build a new collection beside the live one, then switch searches over at once.

``kavosh reindex --embedder NAME`` re-chunks and re-embeds every stored document (from the pages kept
in its record, so the original files need not exist any more) into ``<name>--<time>``, while the
live collection keeps answering. Then the collection name is pointed at the new one in one step:
the live collection's ``points_to`` state (a file replaced by rename in the embedded engine, one
metadata update on a Qdrant server). Opening the name follows the pointer; the old collection stays
until ``--drop-old``.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from index.embedders import Embedder
from index.ingest import EMBED_BATCH, chunk_point, document_record, document_record_id, learn_spellings
from index.records import PointKind
from index.store import StorePoint, VectorStore
from index.vocabulary import Vocabulary
from index.windows import window_vectors
from pipeline.chunking import Chunker
from pipeline.normalize import spelling_counts
from pipeline.prepare import PreparedDocument
from pipeline.types import Document, Page

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]


def physical_name(logical: str) -> str:
    """A new collection for a re-index of ``logical``: the name and the UTC time, sortable."""
    return f"{logical}--{time.strftime('%Y%m%d-%H%M%S', time.gmtime())}"


def stored_documents(store: VectorStore) -> list[dict[str, Any]]:
    """Every document record with its pages, in a stable order."""
    records = [record for _, record in store.scroll({"kind": PointKind.DOCUMENT})]
    return sorted(records, key=lambda record: record["doc_id"])


def prepare_stored(record: dict[str, Any], chunker: Chunker) -> PreparedDocument:
    """A stored document (its pages are display text already) chunked again for another embedder."""
    pages = [Page(number=page["number"], text=page["text"], ocr=bool(page.get("ocr"))) for page in record["pages"]]
    paths = record.get("paths") or [record.get("source", "")]
    document = Document(doc_id=record["doc_id"], path=Path(paths[0]), title=record.get("title", ""), pages=pages,
                        kind=record.get("doc_kind", ""), lang=record.get("lang", ""))
    for field in ("date", "date_source", "author", "site_name"):
        if record.get(field):
            document = replace(document, **{field: record[field]})
    spellings: Counter = Counter()
    for page in pages:
        spellings.update(spelling_counts(page.text))
    return PreparedDocument(document, chunker.split(document), spellings)


def build(source: VectorStore, target: VectorStore, embedder: Embedder, vocabulary: Vocabulary | None,
          progress: Progress | None = None) -> tuple[int, int]:
    """Copy every document of ``source`` into ``target``, chunked and embedded for ``embedder``."""
    chunker = Chunker(embedder.count_tokens, max_tokens=min(240, embedder.max_tokens - 2), overlap_tokens=40)
    records = stored_documents(source)
    chunks_written = 0
    for done, record in enumerate(records, start=1):
        prepared = prepare_stored(record, chunker)
        paths = record.get("paths") or [record.get("source", "")]
        for start in range(0, len(prepared.chunks), EMBED_BATCH):
            batch = prepared.chunks[start : start + EMBED_BATCH]
            texts = [chunk.display_text for chunk in batch]
            vectors = embedder.embed_passages(texts)
            windows = window_vectors(embedder, texts, vectors) if target.has_windows() else [None] * len(batch)
            target.upsert([chunk_point(prepared.document, chunk, paths, vector, chunk_windows)
                           for chunk, vector, chunk_windows in zip(batch, vectors, windows, strict=True)])
        new_record = document_record(prepared, paths) | {"indexed_at": record.get("indexed_at", "")}
        target.upsert([StorePoint(document_record_id(record["doc_id"]), new_record)])
        if vocabulary is not None:
            learn_spellings(vocabulary, prepared)
        chunks_written += len(prepared.chunks)
        if progress:
            progress(record.get("source", ""), done, len(records))
    target.flush()
    target.optimize()
    return len(records), chunks_written


def drop(store: VectorStore, logical: str) -> None:
    """Remove an old collection's passages and records; a name's own collection keeps its pointer."""
    if store.collection == logical:
        store.delete({"kind": PointKind.CHUNK})
        store.delete({"kind": PointKind.DOCUMENT})
        store.flush()
    else:
        store.drop()
