"""Incremental, idempotent ingest: files → documents → chunks → vectors → store.

A document's id is the sha256 of its file's bytes, so an unchanged file is recognised before
anything is read or embedded. A changed file's new chunks are written before the old ones are
deleted, so the document never disappears from search. ``prune`` drops documents whose files are gone.

Files are prepared (read, normalized, chunked) ahead in worker processes (``pipeline.workers``)
while this process embeds the chunks of the files before them; a few files at most are in flight,
so memory stays bounded. Each file costs at most its limits (``pipeline.limits``).
"""

from __future__ import annotations

import contextlib
import logging
import stat
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from index.aliases import parenthesis_aliases
from index.check import expected_chunk_names, repair_index
from index.embedders import Embedder
from index.lexical import document_vector
from index.progress import IngestCounts, Progress, ProgressCaller, progress_caller
from index.records import FailedFile, IngestReport, PointKind
from index.store import StorePoint, VectorStore
from index.vocabulary import Vocabulary
from index.windows import window_vectors
from pipeline.chunking import Chunker
from pipeline.entities import extract_entities
from pipeline.limits import DEFAULT_LIMITS, Limits, check_file_size
from pipeline.prepare import PreparedDocument
from pipeline.readers import SUPPORTED_EXTENSIONS
from pipeline.types import Chunk, Document, ReadError, chunk_point_id, document_id
from pipeline.workers import (
    ChunkerSpec,
    InProcessPreparer,
    PrepareJob,
    PreparePool,
    Preparer,
    default_workers,
)

log = logging.getLogger(__name__)

EMBED_BATCH = 64
STAGES = ("prepare", "embed", "store")  # "prepare": what this process spent on preparing, or waiting for it
@contextlib.contextmanager
def _timed(report: IngestReport, stage: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        spent = report.stage_seconds.get(stage, 0.0) + time.perf_counter() - started
        report.stage_seconds[stage] = round(spent, 3)


def document_record_id(doc_id: str) -> str:
    """Point id of a document's record (chunk numbers start at 0, so -1 is free)."""
    return chunk_point_id(doc_id, -1)


def chunk_point(document: Document, chunk: Chunk, paths: Sequence[str], vector: np.ndarray,
                windows: list[list[float]] | None = None) -> StorePoint:
    """A chunk as the store keeps it: its embedding, its sentence windows' (``index.windows``), its keyword
    vector and the payload search reads."""
    payload = {"kind": PointKind.CHUNK, "doc_id": chunk.doc_id, "chunk_no": chunk.chunk_no,
               **expected_chunk_names(list(paths)), "title": document.title,
               "lang": chunk.lang, "page": chunk.page, "start": chunk.start, "end": chunk.end,
               "text": chunk.display_text, "keys": sorted(set(chunk.terms))} | newsroom_fields(document, chunk)
    return StorePoint(chunk.chunk_id, payload, vector.tolist(), document_vector(chunk.terms), windows=windows)


def newsroom_fields(document: Document, chunk: Chunk) -> dict[str, Any]:
    """What a chunk is filtered and counted by: its document's date, folder and kind, OCR, the entities it names."""
    fields: dict[str, Any] = {"folder": Path(document.path).parent.name, "file_type": document.kind,
                              "ocr": int(chunk.ocr),  # 1 or 0: see index.store.base.CHUNK_FIELDS
                              "entities": list(dict.fromkeys(entity.canonical for entity in
                                                             extract_entities(chunk.display_text, chunk.lang)))}
    if document.date:
        fields |= {"date": document.date, "day": int(document.date.replace("-", "")), "year": int(document.date[:4])}
    return fields


def document_record(prepared: PreparedDocument, paths: Sequence[str]) -> dict[str, Any]:
    """A document's record: what listings show, and each page's display text."""
    document = prepared.document
    return {"kind": PointKind.DOCUMENT, "doc_id": document.doc_id, "title": document.title,
            "source": expected_chunk_names(list(paths))["source"], "paths": list(paths), "lang": document.lang,
            "doc_kind": document.kind, "chunks": len(prepared.chunks), "tokens": prepared.tokens,
            "page_count": len(document.pages), "date": document.date, "date_source": document.date_source,
            "author": document.author, "site_name": document.site_name,
            "pages": [{"number": page.number, "text": page.text} for page in document.pages],
            "indexed_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}


def learn_spellings(vocabulary: Vocabulary, prepared: PreparedDocument) -> None:
    """Count a document's spellings and the acronyms it spells out (``index.aliases``) in the vocabulary."""
    vocabulary.add(prepared.spellings)
    vocabulary.add_acronyms(parenthesis_aliases(*(page.text for page in prepared.document.pages)))


def collect_files(paths: Iterable[Path], report: IngestReport) -> list[Path]:
    """The files to ingest under ``paths``, sorted; unusable paths go into ``report.failed``.

    Only regular files are read (a device such as /dev/zero or a FIFO would never end), and a
    link inside a folder that leads out of it is skipped (``report.skipped``): indexing a folder
    takes only what is in it.
    """
    files: dict[Path, None] = {}
    for path in paths:
        path = Path(path).expanduser()
        if path.is_dir():
            root = path.resolve()
            for candidate in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in candidate.relative_to(path).parts)
                if hidden or candidate.suffix.lower() not in SUPPORTED_EXTENSIONS or not candidate.is_file():
                    continue
                target = candidate.resolve()
                if not target.is_relative_to(root):
                    report.skipped.append(FailedFile(path=str(candidate), error="a link to a file outside the folder"))
                elif _is_regular(target):
                    files[target] = None
        elif not path.exists():
            report.failed.append(FailedFile(path=str(path), error="no such file or directory"))
        elif not _is_regular(path):
            report.failed.append(FailedFile(path=str(path), error="not a regular file (a device, FIFO or socket)"))
        else:
            files[path.resolve()] = None  # the reader reports an unsupported type with its reason
    return list(files)


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


@dataclass
class _Pending:
    """A document being prepared, or prepared and waiting for its batch to be embedded."""

    paths: list[str]
    replaces: dict[str, str]  # path -> id of the document that path held before
    future: Future  # of its PreparedDocument
    size: int  # bytes, for the time-left estimate
    prepared: PreparedDocument | None = None


@dataclass
class _Run:
    """The state of one ingest: what the store holds, what waits to be embedded, the report."""

    report: IngestReport
    records: dict[str, dict[str, Any]]  # doc_id -> {"doc_id", "paths"} of each document record
    doc_of_path: dict[str, str]
    preparing: dict[str, _Pending] = field(default_factory=dict)  # submitted, in submission order
    pending: dict[str, _Pending] = field(default_factory=dict)  # prepared, waiting to be embedded
    counts: IngestCounts = field(default_factory=IngestCounts)

    @property
    def pending_chunks(self) -> int:
        return sum(len(item.prepared.chunks) for item in self.pending.values())

    def waiting(self, doc_id: str) -> _Pending | None:
        """The document with this id if it is being prepared or waits to be embedded in this run."""
        return self.preparing.get(doc_id) or self.pending.get(doc_id)


class Ingester:
    """Reads, chunks, embeds and stores files; keeps the store in step with the files.

    Chunks of several small files are embedded together (batches of EMBED_BATCH): the embedder
    is several times faster on full batches than on the few chunks of one news item.

    Args:
        limits: what one file may cost (``pipeline.limits``).
        workers: processes that prepare files beside the embedder; None picks ``default_workers()``
            when the embedder can count tokens in a worker, 0 prepares in this process (no time or
            memory limit: tests and tiny runs).
        chunker_spec: how workers build the chunker; by default from the embedder's token counter.
    """

    def __init__(self, store: VectorStore, embedder: Embedder, chunker: Chunker | None = None, *,
                 vocabulary: Vocabulary | None = None, limits: Limits = DEFAULT_LIMITS, workers: int | None = None,
                 chunker_spec: ChunkerSpec | None = None, dask: bool = False, scheduler: str | None = None):
        self.store = store
        self.embedder = embedder
        self.vocabulary = vocabulary
        self.limits = limits
        budget = min(240, embedder.max_tokens - 2)
        self.chunker = chunker or Chunker(embedder.count_tokens, max_tokens=budget, overlap_tokens=40)
        factory = getattr(embedder, "token_counter_factory", None)
        if chunker_spec is None and chunker is None and factory is not None:
            chunker_spec = ChunkerSpec(factory(), max_tokens=budget, overlap_tokens=40)
        if workers and chunker_spec is None:
            raise ValueError("workers need a chunker_spec: this embedder cannot count tokens in another process")
        self.chunker_spec = chunker_spec
        self.workers = (default_workers() if chunker_spec else 0) if workers is None else workers
        self.dask, self.scheduler = dask or scheduler is not None, scheduler
        if self.dask and chunker_spec is None:
            raise ValueError("Dask ingest needs an embedder whose tokenizer can travel to the workers")

    def ingest(self, paths: Sequence[Path], prune: bool = False, progress: Progress | None = None) -> IngestReport:
        report = IngestReport(stage_seconds=dict.fromkeys(STAGES, 0.0))
        repair_index(self.store)  # what an interrupted ingest left behind
        files = collect_files(paths, report)
        report.files_seen = len(files) + len(report.failed)
        records = {payload["doc_id"]: payload
                   for _, payload in self.store.scroll({"kind": PointKind.DOCUMENT}, fields=("doc_id", "paths"))}
        doc_of_path = {path: doc_id for doc_id, record in records.items() for path in record.get("paths", [])}
        run = _Run(report, records, doc_of_path)
        run.counts.files_total = len(files)
        run.counts.bytes_total = sum(_size(path) for path in files)
        tell = progress_caller(progress)
        # Files in flight, at most: enough to keep every worker busy while this process writes.
        ahead = (8 if self.dask else 2) * max(self.workers, 1) + 2 if self.workers or self.dask else 0
        with self._preparer() as preparer:
            for path in files:
                try:
                    submitted = self._admit(path, run, preparer)
                except (ReadError, OSError) as error:
                    reason = error.reason if isinstance(error, ReadError) else error.strerror or str(error)
                    self._fail(run, [str(path)], reason)
                    submitted = False
                if not submitted:  # done with already: unchanged, a copy, or failed
                    self._file_done(run, str(path), _size(path), tell)
                while run.preparing and (len(run.preparing) > ahead or _first(run.preparing).future.done()):
                    self._collect(run, tell)
            while run.preparing:
                self._collect(run, tell)
        self._flush(run)

        if prune:
            for path in [path for path in doc_of_path if not Path(path).exists()]:
                self._detach(path, doc_of_path.pop(path), run)
        self.store.flush()
        report.seconds = round(time.perf_counter() - run.counts.started, 3)
        return report

    def _preparer(self) -> Preparer:
        """A Dask cluster, worker processes (started with the first file to prepare), or this process."""
        if self.dask:
            from index.distributed import DaskPreparer

            return DaskPreparer(self.chunker_spec, self.limits, self.embedder.name, self.scheduler,
                                workers=max(1, self.workers))
        if self.workers:
            return PreparePool(self.chunker_spec, self.limits, self.workers)
        return InProcessPreparer(self.chunker, self.limits)

    def _admit(self, path: Path, run: _Run, preparer: Preparer) -> bool:
        """Hash the file; skip it if indexed or already seen in this run, else submit it. True if submitted."""
        key = str(path)
        size = path.stat().st_size
        check_file_size(size, path, self.limits)
        data = path.read_bytes()
        doc_id = document_id(data)
        previous = run.doc_of_path.get(key)
        waiting = run.waiting(doc_id)
        if waiting is not None:  # the same bytes as a file read earlier in this run
            waiting.paths = sorted([*waiting.paths, key])
            if previous is not None and previous != doc_id:
                waiting.replaces[key] = previous
            run.report.unchanged += 1
            return False
        if doc_id in run.records:
            record = run.records[doc_id]
            if key not in record["paths"]:  # the same bytes under another name; the first path names it
                record["paths"] = sorted([*record["paths"], key])
                self._save_paths(record)
                run.doc_of_path[key] = doc_id
            run.report.unchanged += 1
            if previous is not None and previous != doc_id:
                self._detach(key, previous, run)
            return False
        replaces = {key: previous} if previous is not None and previous != doc_id else {}
        with _timed(run.report, "prepare"):  # in this process, preparing happens here
            future = preparer.submit(PrepareJob(key, data, doc_id))
        run.preparing[doc_id] = _Pending([key], replaces, future, size)
        return True

    def _collect(self, run: _Run, tell: ProgressCaller | None) -> None:
        """Take the oldest submitted document when it is prepared; embed a batch when one is full."""
        doc_id = next(iter(run.preparing))
        item = run.preparing.pop(doc_id)
        with _timed(run.report, "prepare"):  # waiting for a worker: time the pipeline did not hide
            error = item.future.exception()
        if error is None:
            item.prepared = item.future.result()
            run.pending[doc_id] = item
        elif isinstance(error, ReadError):
            run.report.unchanged -= len(item.paths) - 1  # its copies were counted as unchanged
            self._fail(run, item.paths, error.reason)
        else:
            raise error
        self._file_done(run, item.paths[0], item.size, tell)
        if run.pending_chunks >= EMBED_BATCH:
            self._flush(run)

    @staticmethod
    def _fail(run: _Run, paths: list[str], reason: str) -> None:
        run.report.failed.extend(FailedFile(path=path, error=reason) for path in paths)

    @staticmethod
    def _file_done(run: _Run, path: str, size: int, tell: ProgressCaller | None) -> None:
        run.counts.files_done += 1
        run.counts.bytes_done += size
        run.counts.passages = run.report.chunks_added
        if tell:
            tell(path, run.counts)

    def _flush(self, run: _Run) -> None:
        """Embed and store the waiting documents, then retire the versions they replace."""
        if not run.pending:
            return
        chunks = [(item, chunk) for item in run.pending.values() for chunk in item.prepared.chunks]
        for start in range(0, len(chunks), EMBED_BATCH):
            run.report.tokens_embedded += self._write_chunks(chunks[start : start + EMBED_BATCH], run.report)
        for doc_id, item in run.pending.items():
            record = document_record(item.prepared, item.paths)
            with _timed(run.report, "store"):
                self._write_record(record)
            if self.vocabulary is not None:
                learn_spellings(self.vocabulary, item.prepared)
            run.records[doc_id] = record
            run.doc_of_path.update(dict.fromkeys(item.paths, doc_id))
            run.report.indexed += 1
            run.report.chunks_added += len(item.prepared.chunks)
            log.info("indexed %s: %d pages, %d chunks", item.paths[0], len(item.prepared.document.pages),
                     len(item.prepared.chunks))
            for path, old_id in item.replaces.items():  # the file's old content goes only now
                self._detach(path, old_id, run)
        run.pending.clear()

    def _write_chunks(self, batch: list[tuple[_Pending, Chunk]], report: IngestReport) -> int:
        """Embed one batch of chunks and store them with their payloads; returns the tokens embedded."""
        if all(item.prepared.vectors is not None for item, _ in batch):  # embedded by a Dask worker
            vectors = [item.prepared.vectors[chunk.chunk_no] for item, chunk in batch]
        else:
            with _timed(report, "embed"):
                vectors = self.embedder.embed_passages([chunk.display_text for _, chunk in batch])
        windows = [None] * len(batch)
        if self.store.has_windows():
            with _timed(report, "embed"):
                windows = window_vectors(self.embedder, [chunk.display_text for _, chunk in batch], vectors)
        points = [chunk_point(item.prepared.document, chunk, item.paths, vector, chunk_windows)
                  for (item, chunk), vector, chunk_windows in zip(batch, vectors, windows, strict=True)]
        with _timed(report, "store"):
            self.store.upsert(points)
        return sum(chunk.n_tokens for _, chunk in batch)

    def _write_record(self, record: dict[str, Any]) -> None:
        self.store.upsert([StorePoint(document_record_id(record["doc_id"]), record)])

    def _save_paths(self, record: dict[str, Any]) -> None:
        """Store a document's changed file list on its record and its chunks; the first file names it."""
        names = expected_chunk_names(record["paths"])
        self.store.set_payload({"kind": PointKind.DOCUMENT, "doc_id": record["doc_id"]},
                               {"paths": record["paths"], "source": names["source"]})
        self.store.set_payload({"kind": PointKind.CHUNK, "doc_id": record["doc_id"]}, names)

    def _detach(self, path: str, doc_id: str, run: _Run) -> None:
        """Detach a file path from a document; delete the document when no file holds it any more."""
        record = run.records.get(doc_id)
        if record is None or path not in record["paths"]:
            return
        record["paths"].remove(path)
        if record["paths"]:
            self._save_paths(record)
            return
        run.report.chunks_deleted += self.store.count({"kind": PointKind.CHUNK, "doc_id": doc_id})
        self.store.delete({"doc_id": doc_id})
        del run.records[doc_id]
        log.info("removed document %s (%s)", doc_id[:12], path)


def _first(preparing: dict[str, _Pending]) -> _Pending:
    return next(iter(preparing.values()))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
