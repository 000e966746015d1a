"""One object that opens the embedder and the store and does every job: the CLI and the API use it.

    kavosh = Kavosh.open(settings)
    kavosh.search("science diplomacy", k=5)        # -> SearchResponse
    kavosh.ingest([Path("corpora/seeds")])         # -> IngestReport
    kavosh.document(doc_id), kavosh.stats()
    kavosh.close()

Searches may run from several threads at once; ingests run one at a time.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from index.batching import QueryBatcher
from index.check import CheckReport, check_index, repair_index
from index.embedders import Embedder, make_embedder
from index.records import (
    DEFAULT_SORT,
    DocumentListing,
    DocumentRecord,
    DocumentSummary,
    EmbedderInfo,
    IngestReport,
    LanguageCounts,
    PointKind,
    ReindexReport,
    SearchFilters,
    SearchResponse,
    SourceStats,
    Stats,
    StoreInfo,
)
from index.search import Searcher
from index.store import VectorStore, check_embedder, open_live, open_store, point_to
from index.vocabulary import Vocabulary
from pipeline.limits import DEFAULT_LIMITS, MB, Limits
from pipeline.types import LANGUAGES, document_id, source_names

if TYPE_CHECKING:
    from index.ingest import Ingester, Progress

log = logging.getLogger(__name__)

LAST_INGEST = "last_ingest"
CLOSE_WAIT = 10.0
# What a document listing needs of each record: everything but the pages' text.
# ``stats`` lists each document's summary up to this many; past it, ``sources_truncated`` says the list is cut.
# Measured on 676 documents (2 cores, load 8): 200 summaries 30 ms, 500 115 ms, 676 170 ms; counts alone 17 ms.
SOURCES_LIMIT = 200
DOCUMENT_PAGE = 50  # documents per page of the listing, by default
SUMMARY_FIELDS = ("doc_id", "title", "source", "lang", "chunks", "tokens", "page_count")
LISTING_FIELDS = (*SUMMARY_FIELDS, "paths", "doc_kind", "indexed_at", "date", "date_source", "author", "site_name")


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

    def __init__(self, store: VectorStore, embedder: Embedder, vocabulary: Vocabulary | None = None,
                 limits: Limits = DEFAULT_LIMITS):
        check_embedder(store, embedder.name, embedder.dim)
        self.store = store
        self.embedder = embedder
        self.vocabulary = vocabulary
        self.limits = limits
        self.searcher = Searcher(store, embedder, vocabulary=vocabulary)
        self._ingester: Ingester | None = None
        self._batcher: QueryBatcher | None = None
        self._ingest_lock = threading.Lock()
        self._searching: Counter[int] = Counter()  # searches under way, per searcher (a re-index swaps it)
        self._swap = threading.Condition()

    @classmethod
    def open(cls, settings: IndexSettings, *, embedder: Embedder | None = None,
             store: VectorStore | None = None) -> Kavosh:
        """Open the configured store (embedded, or a server) with the configured embedder."""
        store = store or open_live(settings.home, settings.collection, settings.qdrant_url,
                                   settings.qdrant_api_key)
        vocabulary = _vocabulary(settings, store.collection)
        try:
            return cls(store, embedder or make_embedder(settings.embedder), vocabulary, limits_of(settings))
        except BaseException:
            store.close()
            raise

    def search(self, query: str, k: int = 10, lang: str | None = None, mode: str = "hybrid",
               source: str | None = None, group: str = "passage", filters: SearchFilters | None = None,
               sort: str = DEFAULT_SORT) -> SearchResponse:
        with self._swap:
            searcher = self.searcher
            self._searching[id(searcher)] += 1
        try:
            return searcher.search(query, k=k, lang=lang, mode=mode, source=source, group=group,
                                   filters=filters, sort=sort)
        finally:
            with self._swap:
                self._searching[id(searcher)] -= 1
                self._swap.notify_all()

    def reindex(self, settings: IndexSettings, embedder: Embedder | None = None, drop_old: bool = False,
                progress: Progress | None = None) -> ReindexReport:
        """Rebuild the index beside the live one (with ``embedder``, or the same one), then switch to it.

        Searches keep answering from the old collection until the switch, and from the new one after.
        """
        from index import reindex

        started = time.perf_counter()
        embedder = embedder or self.embedder
        logical, previous = settings.collection, self.store.collection
        target = open_store(settings.home, reindex.physical_name(logical), settings.qdrant_url,
                            settings.qdrant_api_key)
        with self._ingest_lock:
            try:
                check_embedder(target, embedder.name, embedder.dim)
                vocabulary = _vocabulary(settings, target.collection)
                documents, chunks = reindex.build(self.store, target, embedder, vocabulary, progress)
            except BaseException:
                target.drop()
                raise
            point_to(settings.home, logical, target.collection, settings.qdrant_url,
                             settings.qdrant_api_key, live=self.store)
            old_store, old_vocabulary = self._switch(target, embedder, vocabulary)
        if drop_old:
            reindex.drop(old_store, logical)
        if old_vocabulary is not None:
            old_vocabulary.close()
        old_store.close()
        return ReindexReport(collection=target.collection, previous=previous, embedder=embedder.name,
                             documents=documents, chunks=chunks, dropped_previous=drop_old,
                             seconds=round(time.perf_counter() - started, 3))

    def _switch(self, store: VectorStore, embedder: Embedder, vocabulary: Vocabulary | None):
        """Send new searches to ``store``; wait for those under way on the old one; return the old parts."""
        searcher = Searcher(store, embedder, vocabulary=vocabulary)
        batcher = QueryBatcher(embedder) if self._batcher is not None else None
        if batcher is not None:
            searcher.embedder = batcher
        with self._swap:
            old = (self.searcher, self.store, self.vocabulary, self._batcher)
            self.searcher, self.store, self.embedder, self.vocabulary = searcher, store, embedder, vocabulary
            self._batcher, self._ingester = batcher, None
            self._swap.wait_for(lambda: self._searching[id(old[0])] == 0, timeout=60)
            del self._searching[id(old[0])]
        if old[3] is not None:
            old[3].close()
        return old[1], old[2]

    @property
    def ingester(self) -> Ingester:
        """The ingester, built on first use: a search-only process never loads the readers."""
        if self._ingester is None:
            from index.ingest import Ingester

            self._ingester = Ingester(self.store, self.embedder, vocabulary=self.vocabulary, limits=self.limits)
        return self._ingester

    def ingest(self, paths: Sequence[Path], prune: bool = False, progress: Progress | None = None,
               dask_workers: int | None = None, scheduler: str | None = None) -> IngestReport:
        """Index files; with ``dask_workers`` (a local cluster) or ``scheduler`` (a running one), on Dask."""
        with self._ingest_lock:
            ingester = self.ingester
            if dask_workers or scheduler:
                from index.ingest import Ingester

                ingester = Ingester(self.store, self.embedder, vocabulary=self.vocabulary, limits=self.limits,
                                    workers=dask_workers or 1, dask=True, scheduler=scheduler)
            report = ingester.ingest([Path(path) for path in paths], prune=prune, progress=progress)
            state = report.to_dict() | {"finished_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
            self.store.write_state(LAST_INGEST, state)
            return report

    def batch_queries(self, window_ms: float = 3.0, max_waiting: int = 256) -> None:
        """Embed concurrent searches' queries together (for a server); undone by ``close``."""
        if self._batcher is None:
            self._batcher = QueryBatcher(self.embedder, window_ms=window_ms, max_waiting=max_waiting)
            self.searcher.embedder = self._batcher

    def check(self, repair: bool = False) -> CheckReport:
        """What an interrupted ingest left inconsistent; with ``repair``, fixed (``kavosh check``)."""
        with self._ingest_lock:
            report = check_index(self.store)
            return repair_index(self.store, report) if repair else report

    def holds(self, path: Path) -> bool:
        """Whether the index holds this file's current bytes under this path (an upload that was indexed)."""
        path = Path(path).resolve()
        try:
            doc_id = document_id(path.read_bytes())
        except OSError:
            return False
        return any(str(path) in record.get("paths", [])
                   for _, record in self.store.scroll({"kind": PointKind.DOCUMENT, "doc_id": doc_id}, ("paths",)))

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

    def documents(self, after: str | None = None, limit: int = DOCUMENT_PAGE) -> DocumentListing:
        """One page of every document's summary, in the store's order; ``after`` is the last page's ``next``."""
        records, following = self.store.page({"kind": PointKind.DOCUMENT}, LISTING_FIELDS, after, limit)
        return DocumentListing(documents=[self._describe(record) for _, record in records], next=following,
                            total=self.document_count())

    @staticmethod
    def _describe(record: dict[str, Any]) -> DocumentSummary:
        paths = record.get("paths", [])
        return DocumentSummary(doc_id=record["doc_id"], title=record.get("title", ""),
                               source=record.get("source", ""), path=paths[0] if paths else "",
                               lang=record.get("lang", ""), kind=record.get("doc_kind", ""),
                               chunks=record.get("chunks", 0), tokens=record.get("tokens", 0),
                               indexed_at=record.get("indexed_at", ""), also_in=source_names(paths)[1:],
                               **{field: record.get(field, "") for field in ("date", "date_source", "author",
                                                                             "site_name")})

    def stats(self) -> Stats:
        """Documents and chunks in all and per language (the engine's counts and facets, no scan); the
        first ``SOURCES_LIMIT`` documents' summaries, by source; the embedder and the store.

        Listing every document's summary costs a scroll of all records (0.05 to 0.25 ms each, by load):
        0.36 s at 6,700 documents, seconds at a million passages; counts and facets cost the same at any size.
        """
        documents = self.store.facet("lang", {"kind": PointKind.DOCUMENT})
        chunks = self.store.facet("lang", {"kind": PointKind.CHUNK})
        languages = {language: LanguageCounts(documents=documents.get(language, 0), chunks=chunks.get(language, 0))
                     for language in sorted(set(LANGUAGES) | set(documents) | set(chunks))}
        records = list(islice(self.store.scroll({"kind": PointKind.DOCUMENT}, fields=SUMMARY_FIELDS),
                              SOURCES_LIMIT + 1))
        truncated = len(records) > SOURCES_LIMIT
        sources = sorted((SourceStats(source=record.get("source", ""), doc_id=record["doc_id"],
                                      title=record.get("title", ""), lang=record.get("lang", ""),
                                      pages=record.get("page_count", 0), chunks=record.get("chunks", 0),
                                      tokens=record.get("tokens", 0)) for _, record in records[:SOURCES_LIMIT]),
                         key=lambda source: source.source)
        total = self.document_count() if truncated else len(records)
        return Stats(documents=total, chunks=self.store.count({"kind": PointKind.CHUNK}),
                     languages=languages, sources=sources, sources_truncated=truncated,
                     embedder=EmbedderInfo(name=self.embedder.name, dim=self.embedder.dim),
                     store=StoreInfo(backend=self.store.backend, location=self.store.location,
                                     collection=self.store.collection, windows=self.store.has_windows()),
                     last_ingest=self.store.read_state(LAST_INGEST))

    def close(self, wait: float = CLOSE_WAIT) -> None:
        """Close the store once a running ingest has finished; after ``wait`` s, leave it to the process's end.

        Closing the engine under a running ingest could crash the process; left open, the store is
        released when the process ends, and the next ingest repairs what the ingest did not finish.
        """
        if self._batcher is not None:
            self._batcher.close()
            self._batcher = None
            self.searcher.embedder = self.embedder
        if not self._ingest_lock.acquire(timeout=wait):
            log.warning("an ingest is still running after %.0f s; the store closes when the process ends", wait)
            return
        try:
            if self.vocabulary is not None:
                self.vocabulary.close()
            self.store.close()
        finally:
            self._ingest_lock.release()

    def __enter__(self) -> Kavosh:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def _vocabulary(settings: IndexSettings, collection: str) -> Vocabulary | None:
    """The spelling table beside an embedded collection (see index.vocabulary).

    With a Qdrant server every API process would need the same file, so server collections
    canonicalize queries with hazm instead.
    """
    if settings.qdrant_url:
        return None
    return Vocabulary(Path(settings.home) / "vocabulary" / f"{collection}.sqlite")

