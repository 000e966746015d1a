"""One object that opens the embedder and the store and does every job: the CLI and the API use it.

    kavosh = Kavosh.open(settings)
    kavosh.search("science diplomacy", k=5)        # -> SearchResponse
    kavosh.ingest([Path("corpora/seeds")])         # -> IngestReport
    kavosh.document(doc_id), kavosh.stats()
    kavosh.close()

Searches may run from several threads at once; ingests run one at a time.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

from index.embedders import Embedder, make_embedder
from index.ingest import Ingester, Progress, source_names
from index.records import (
    DocumentRecord,
    DocumentSummary,
    EmbedderInfo,
    IngestReport,
    LanguageCounts,
    PointKind,
    SearchResponse,
    SourceStats,
    Stats,
    StoreInfo,
)
from index.search import Searcher
from index.store import VectorStore, check_embedder, open_store
from pipeline.limits import DEFAULT_LIMITS, MB, Limits
from pipeline.types import LANGUAGES

LAST_INGEST = "last_ingest"
# What a document listing needs of each record: everything but the pages' text.
SUMMARY_FIELDS = ("doc_id", "title", "source", "lang", "chunks", "tokens", "page_count")


class IndexSettings(Protocol):
    """What opening an index needs to know; the composition root's settings provide it."""

    home: Path
    collection: str
    embedder: str
    qdrant_url: str | None
    qdrant_api_key: str | None
    seconds_per_file: float
    max_file_mb: int
    max_pages: int


def limits_of(settings: IndexSettings) -> Limits:
    """The limits per file, with the three that settings may change."""
    return replace(DEFAULT_LIMITS, seconds_per_file=settings.seconds_per_file,
                   max_file_bytes=settings.max_file_mb * MB, max_pages=settings.max_pages)


class Kavosh:
    """The search index: ingest files, search them, describe what is indexed."""

    def __init__(self, store: VectorStore, embedder: Embedder, limits: Limits = DEFAULT_LIMITS):
        check_embedder(store, embedder.name, embedder.dim)
        self.store = store
        self.embedder = embedder
        self.searcher = Searcher(store, embedder)
        self.ingester = Ingester(store, embedder, limits=limits)
        self._ingest_lock = threading.Lock()

    @classmethod
    def open(cls, settings: IndexSettings, *, embedder: Embedder | None = None,
             store: VectorStore | None = None) -> Kavosh:
        """Open the configured store (embedded, or a server) with the configured embedder."""
        store = store or open_store(settings.home, settings.collection, settings.qdrant_url,
                                    settings.qdrant_api_key)
        try:
            return cls(store, embedder or make_embedder(settings.embedder), limits_of(settings))
        except BaseException:
            store.close()
            raise

    def search(self, query: str, k: int = 10, lang: str | None = None, mode: str = "hybrid",
               source: str | None = None) -> SearchResponse:
        return self.searcher.search(query, k=k, lang=lang, mode=mode, source=source)

    def ingest(self, paths: Sequence[Path], prune: bool = False, progress: Progress | None = None) -> IngestReport:
        with self._ingest_lock:
            report = self.ingester.ingest([Path(path) for path in paths], prune=prune, progress=progress)
            state = report.to_dict() | {"finished_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
            self.store.write_state(LAST_INGEST, state)
            return report

    def warm_up(self) -> None:
        """Load what the first search would otherwise wait for (hazm's normalizer, the model's kernels)."""
        self.search("دیپلماسی علم science", k=1)

    def document_count(self) -> int:
        return self.store.count({"kind": PointKind.DOCUMENT})

    def document(self, doc_id: str) -> DocumentRecord | None:
        """A document's metadata and its pages' display text, or None."""
        for _, record in self.store.scroll({"kind": PointKind.DOCUMENT, "doc_id": doc_id}):
            return DocumentRecord(**self._describe(record).model_dump(), pages=record.get("pages", []))
        return None

    @staticmethod
    def _describe(record: dict[str, Any]) -> DocumentSummary:
        paths = record.get("paths", [])
        return DocumentSummary(doc_id=record["doc_id"], title=record.get("title", ""),
                               source=record.get("source", ""), path=paths[0] if paths else "",
                               lang=record.get("lang", ""), kind=record.get("doc_kind", ""),
                               chunks=record.get("chunks", 0), tokens=record.get("tokens", 0),
                               indexed_at=record.get("indexed_at", ""), also_in=source_names(paths)[1:])

    def stats(self) -> Stats:
        """Documents and chunks in all, per language and per source; the embedder and the store."""
        records = [record for _, record in self.store.scroll({"kind": PointKind.DOCUMENT}, fields=SUMMARY_FIELDS)]
        documents = Counter(record.get("lang", "") for record in records)
        chunks = {language: self.store.count({"kind": PointKind.CHUNK, "lang": language}) for language in LANGUAGES}
        languages = {language: LanguageCounts(documents=documents.get(language, 0), chunks=chunks.get(language, 0))
                     for language in sorted(set(documents) | set(chunks))}
        sources = sorted((SourceStats(source=record.get("source", ""), doc_id=record["doc_id"],
                                      title=record.get("title", ""), lang=record.get("lang", ""),
                                      pages=record.get("page_count", 0), chunks=record.get("chunks", 0),
                                      tokens=record.get("tokens", 0)) for record in records),
                         key=lambda source: source.source)
        return Stats(documents=len(records), chunks=self.store.count({"kind": PointKind.CHUNK}),
                     languages=languages, sources=sources,
                     embedder=EmbedderInfo(name=self.embedder.name, dim=self.embedder.dim),
                     store=StoreInfo(backend=self.store.backend, location=self.store.location,
                                     collection=self.store.collection),
                     last_ingest=self.store.read_state(LAST_INGEST))

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Kavosh:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
