"""Find and repair what an interrupted ingest leaves in a collection (``kavosh check [--repair]``).

Ingest writes a document's chunks, then its record, then retires the version it replaces. A
process killed between two of those writes leaves one of these, and each has its repair:
- orphan chunks (chunks whose document has no record): deleted;
- chunks without a dense vector (a write that did not finish): deleted, and their document too;
- incomplete documents (a record with fewer chunks than it counts): deleted, so the next ingest
  indexes the file again;
- one path held by several records (the old version not yet retired): the path stays with the
  version that matches the file's bytes now (or the newest, when the file is gone);
- chunks whose file names disagree with their record's: set from the record.
Ingest runs the repair before it starts, so the next ingest after a crash restores a clean index.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from pathlib import Path
from typing import Any

from pydantic import Field

from index.records import PointKind, Record
from index.store import VectorStore
from pipeline.types import document_id, source_names

log = logging.getLogger(__name__)

CHUNK_FIELDS = ("doc_id", "chunk_no", "source", "sources", "path")
RECORD_FIELDS = ("doc_id", "paths", "chunks", "indexed_at")


class CheckReport(Record):
    """What ``kavosh check`` found (and, with ``--repair``, fixed)."""

    documents: int = 0
    chunks: int = 0
    orphan_chunks: list[str] = Field(default_factory=list, description="chunk ids whose document has no record")
    chunks_without_vectors: list[str] = Field(default_factory=list, description="chunk ids with no dense vector")
    incomplete_documents: list[str] = Field(default_factory=list, description="doc ids missing some of their chunks")
    duplicate_paths: dict[str, list[str]] = Field(default_factory=dict, description="path -> doc ids holding it")
    stale_file_names: list[str] = Field(default_factory=list, description="doc ids whose chunks name other files")
    repaired: bool = False

    @property
    def problems(self) -> int:
        return (len(self.orphan_chunks) + len(self.chunks_without_vectors) + len(self.incomplete_documents)
                + len(self.duplicate_paths) + len(self.stale_file_names))


def expected_chunk_names(paths: list[str]) -> dict[str, Any]:
    """What a document's chunks say about its files, given its record's paths."""
    names = source_names(paths)
    return {"sources": names, "source": names[0], "path": paths[0]} if paths else {}


def check_index(store: VectorStore) -> CheckReport:
    """Read every record and chunk (ids and a few fields) and list what is inconsistent."""
    records = {payload["doc_id"]: payload
               for _, payload in store.scroll({"kind": PointKind.DOCUMENT}, fields=RECORD_FIELDS)}
    chunks: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for point_id, payload in store.scroll({"kind": PointKind.CHUNK}, fields=CHUNK_FIELDS):
        chunks[payload.get("doc_id", "")].append((point_id, payload))
    report = CheckReport(documents=len(records), chunks=sum(len(points) for points in chunks.values()))
    report.chunks_without_vectors = sorted(store.ids_without_vector({"kind": PointKind.CHUNK}))
    holders: dict[str, list[str]] = defaultdict(list)
    for doc_id, record in sorted(records.items()):
        for path in record.get("paths", []):
            holders[path].append(doc_id)
        numbers = {payload.get("chunk_no") for _, payload in chunks.get(doc_id, [])}
        if not numbers >= set(range(int(record.get("chunks", 0)))):
            report.incomplete_documents.append(doc_id)
        expected = expected_chunk_names(record.get("paths", []))
        if any({key: payload.get(key) for key in expected} != expected for _, payload in chunks.get(doc_id, [])):
            report.stale_file_names.append(doc_id)
    report.orphan_chunks = sorted(point_id for doc_id, points in chunks.items() if doc_id not in records
                                  for point_id, _ in points)
    report.duplicate_paths = {path: doc_ids for path, doc_ids in sorted(holders.items()) if len(doc_ids) > 1}
    return report


def repair_index(store: VectorStore, report: CheckReport | None = None) -> CheckReport:
    """Fix what ``check_index`` found (checking first when no report is given); returns the report."""
    report = report or check_index(store)
    if not report.problems:
        return report
    log.warning("repairing the index: %d problems (%s)", report.problems, report.model_dump(exclude={"repaired"}))
    store.delete_ids(report.orphan_chunks)
    records = {payload["doc_id"]: payload
               for _, payload in store.scroll({"kind": PointKind.DOCUMENT}, fields=RECORD_FIELDS)}
    broken = set(report.incomplete_documents)
    if report.chunks_without_vectors:
        ids = set(report.chunks_without_vectors)
        broken |= {payload["doc_id"] for point_id, payload in store.scroll({"kind": PointKind.CHUNK}, ("doc_id",))
                   if point_id in ids}
    for doc_id in sorted(broken):
        store.delete({"doc_id": doc_id})
        records.pop(doc_id, None)
    store.delete_ids(report.chunks_without_vectors)  # any left without a document
    changed = {doc_id for doc_id in report.stale_file_names if doc_id in records}
    for path, doc_ids in report.duplicate_paths.items():
        holders = [doc_id for doc_id in doc_ids if doc_id in records]
        keep = _current_version(path, holders, records)
        for doc_id in holders:
            if doc_id != keep:
                records[doc_id]["paths"] = [held for held in records[doc_id]["paths"] if held != path]
                changed.add(doc_id)
    for doc_id in sorted(changed):
        paths = records[doc_id]["paths"]
        if not paths:
            store.delete({"doc_id": doc_id})
            continue
        expected = expected_chunk_names(paths)
        record_names = {"paths": paths, "source": expected["source"]}
        store.set_payload({"kind": PointKind.DOCUMENT, "doc_id": doc_id}, record_names)
        store.set_payload({"kind": PointKind.CHUNK, "doc_id": doc_id}, expected)
    store.flush()
    report.repaired = True
    return report


def _current_version(path: str, doc_ids: list[str], records: dict[str, dict[str, Any]]) -> str | None:
    """The document a path should stay with: the one its file's bytes are now, else the newest."""
    try:
        current = document_id(Path(path).read_bytes())
    except OSError:
        current = None
    if current in doc_ids:
        return current
    return max(doc_ids, key=lambda doc_id: (records[doc_id].get("indexed_at", ""), doc_id), default=None)
