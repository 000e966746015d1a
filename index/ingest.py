"""Incremental, idempotent ingest: files → documents → chunks → vectors → store.

A document's id is the sha256 of its file's bytes, so an unchanged file is recognised before
anything is read or embedded. A changed file's new chunks are written before the old ones are
deleted, so the document never disappears from search. ``prune`` drops documents whose files are gone.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from index.embedders import Embedder
from index.lexical import document_vector
from index.store import StorePoint, VectorStore
from pipeline.chunking import Chunker
from pipeline.language import detect_language
from pipeline.normalize import display_text
from pipeline.readers import SUPPORTED_EXTENSIONS, read_document
from pipeline.types import Chunk, Document, ReadError, chunk_point_id, document_id

log = logging.getLogger(__name__)

EMBED_BATCH = 64
Progress = Callable[[str, int, int], None]


@dataclass
class FailedFile:
    path: str
    error: str


@dataclass
class IngestReport:
    files_seen: int = 0
    indexed: int = 0
    unchanged: int = 0
    failed: list[FailedFile] = field(default_factory=list)
    chunks_added: int = 0
    chunks_deleted: int = 0
    seconds: float = 0.0
    tokens_embedded: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def document_record_id(doc_id: str) -> str:
    """Point id of a document's record (chunk numbers start at 0, so -1 is free)."""
    return chunk_point_id(doc_id, -1)


def collect_files(paths: Iterable[Path], report: IngestReport) -> list[Path]:
    """The files to ingest under ``paths``, sorted; unusable paths go into ``report.failed``."""
    files: dict[Path, None] = {}
    for path in paths:
        path = Path(path).expanduser()
        if path.is_dir():
            for candidate in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in candidate.relative_to(path).parts)
                if candidate.is_file() and not hidden and candidate.suffix.lower() in SUPPORTED_EXTENSIONS:
                    files[candidate.resolve()] = None
        elif path.exists():
            files[path.resolve()] = None  # the reader reports an unsupported type with its reason
        else:
            report.failed.append(FailedFile(str(path), "no such file or directory"))
    return list(files)


class Ingester:
    """Reads, chunks, embeds and stores files; keeps the store in step with the files."""

    def __init__(self, store: VectorStore, embedder: Embedder, chunker: Chunker | None = None):
        self.store = store
        self.embedder = embedder
        budget = min(240, embedder.max_tokens - 2)
        self.chunker = chunker or Chunker(embedder.count_tokens, max_tokens=budget, overlap_tokens=40)

    def ingest(self, paths: Sequence[Path], prune: bool = False, progress: Progress | None = None) -> IngestReport:
        started = time.perf_counter()
        report = IngestReport()
        files = collect_files(paths, report)
        report.files_seen = len(files) + len(report.failed)
        records = {payload["doc_id"]: payload for _, payload in self.store.scroll({"kind": "document"})}
        doc_of_path = {path: doc_id for doc_id, record in records.items() for path in record.get("paths", [])}

        for done, path in enumerate(files, start=1):
            try:
                self._ingest_file(path, records, doc_of_path, report)
            except ReadError as error:
                report.failed.append(FailedFile(str(path), error.reason))
            except OSError as error:
                report.failed.append(FailedFile(str(path), error.strerror or str(error)))
            if progress:
                progress(str(path), done, len(files))

        if prune:
            for path in [path for path in doc_of_path if not Path(path).exists()]:
                self._detach(path, doc_of_path.pop(path), records, report)
        self.store.flush()
        report.seconds = round(time.perf_counter() - started, 3)
        return report

    def _ingest_file(self, path: Path, records: dict[str, dict], doc_of_path: dict[str, str],
                     report: IngestReport) -> None:
        key = str(path)
        doc_id = document_id(path.read_bytes())
        previous = doc_of_path.get(key)
        if doc_id in records:
            record = records[doc_id]
            if key not in record["paths"]:  # the same bytes under another name
                record["paths"].append(key)
                self._write_record(record)
                doc_of_path[key] = doc_id
            report.unchanged += 1
        else:
            document = read_document(path)
            doc_id = document.doc_id  # differs only if the file changed between the two reads
            chunks = self.prepare(document)
            report.tokens_embedded += self._write_chunks(document, chunks)
            record = self._record(document, chunks, key)
            self._write_record(record)
            records[doc_id] = record
            doc_of_path[key] = doc_id
            report.indexed += 1
            report.chunks_added += len(chunks)
            log.info("indexed %s: %d pages, %d chunks", path, len(document.pages), len(chunks))
        if previous is not None and previous != doc_id:  # the file's old content goes only now
            self._detach(key, previous, records, report)

    def prepare(self, document: Document) -> list[Chunk]:
        """Normalize the pages to display text, set the language, and chunk."""
        for page in document.pages:
            page.text = display_text(page.text)
        document.lang = detect_language(document.text)
        return self.chunker.split(document)

    def _write_chunks(self, document: Document, chunks: list[Chunk]) -> int:
        tokens = 0
        for start in range(0, len(chunks), EMBED_BATCH):
            batch = chunks[start : start + EMBED_BATCH]
            vectors = self.embedder.embed_passages([chunk.display_text for chunk in batch])
            points = []
            for chunk, vector in zip(batch, vectors, strict=True):
                payload = {"kind": "chunk", "doc_id": chunk.doc_id, "chunk_no": chunk.chunk_no,
                           "source": document.source, "path": str(document.path), "title": document.title,
                           "lang": chunk.lang, "page": chunk.page, "start": chunk.start, "end": chunk.end,
                           "text": chunk.display_text}
                points.append(StorePoint(chunk.chunk_id, payload, vector.tolist(),
                                         document_vector(chunk.display_text)))
                tokens += chunk.n_tokens
            self.store.upsert(points)
        return tokens

    @staticmethod
    def _record(document: Document, chunks: list[Chunk], path: str) -> dict[str, Any]:
        languages = sorted({chunk.lang for chunk in chunks})
        return {"kind": "document", "doc_id": document.doc_id, "title": document.title,
                "source": document.source, "paths": [path], "lang": document.lang, "languages": languages,
                "doc_kind": document.kind, "chunks": len(chunks),
                "tokens": sum(chunk.n_tokens for chunk in chunks),
                "pages": [{"number": page.number, "text": page.text} for page in document.pages],
                "indexed_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}

    def _write_record(self, record: dict[str, Any]) -> None:
        self.store.upsert([StorePoint(document_record_id(record["doc_id"]), record)])

    def _detach(self, path: str, doc_id: str, records: dict[str, dict], report: IngestReport) -> None:
        """Detach a file path from a document; delete the document when no file holds it any more."""
        record = records.get(doc_id)
        if record is None or path not in record["paths"]:
            return
        record["paths"].remove(path)
        if record["paths"]:
            self._write_record(record)
            return
        report.chunks_deleted += self.store.count({"kind": "chunk", "doc_id": doc_id})
        self.store.delete({"doc_id": doc_id})
        del records[doc_id]
        log.info("removed document %s (%s)", doc_id[:12], path)
