"""`kavosh check`: each kind of damage an interrupted ingest leaves is found, and --repair fixes it."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.check import check_index, repair_index
from index.ingest import document_record_id
from index.records import PointKind
from index.store import StorePoint
from pipeline.types import chunk_point_id, document_id
from tests.search_api.conftest import write_corpus


@pytest.fixture
def indexed(fake_kavosh, tmp_path):
    folder = write_corpus(tmp_path / "corpus")
    assert not fake_kavosh.ingest([folder]).failed
    return fake_kavosh, folder


def _record(kavosh, path: Path) -> dict:
    doc_id = document_id(path.read_bytes())
    return next(payload for _, payload in kavosh.store.scroll({"kind": PointKind.DOCUMENT, "doc_id": doc_id}))


def test_a_clean_index_has_no_problems(indexed):
    kavosh, _ = indexed
    report = check_index(kavosh.store)
    assert report.problems == 0 and report.documents == report.chunks == 3


def test_orphan_chunks_are_found_and_deleted(indexed):
    kavosh, folder = indexed
    doc_id = _record(kavosh, folder / "nokhbegan.fa.txt")["doc_id"]
    kavosh.store.delete_ids([document_record_id(doc_id)])  # the record never got written
    report = kavosh.check()
    assert report.orphan_chunks and not report.repaired
    assert kavosh.check(repair=True).repaired
    assert kavosh.store.count({"doc_id": doc_id}) == 0
    assert check_index(kavosh.store).problems == 0


def test_a_path_held_by_two_records_stays_with_the_files_bytes(indexed):
    kavosh, folder = indexed
    path = folder / "nokhbegan.fa.txt"
    record = _record(kavosh, path)
    stale = "0" * 64  # an older version of the file whose retirement was interrupted
    kavosh.store.upsert([StorePoint(document_record_id(stale), {**record, "doc_id": stale, "chunks": 0,
                                                                "indexed_at": "2000-01-01T00:00:00Z"})])
    report = check_index(kavosh.store)
    assert report.duplicate_paths == {str(path.resolve()): sorted([record["doc_id"], stale])}
    repair_index(kavosh.store, report)
    assert kavosh.store.count({"doc_id": stale}) == 0
    assert kavosh.store.count({"doc_id": record["doc_id"], "kind": PointKind.DOCUMENT}) == 1
    assert check_index(kavosh.store).problems == 0


def test_missing_chunks_and_missing_vectors_remove_the_document_for_the_next_ingest(indexed):
    kavosh, folder = indexed
    english = _record(kavosh, folder / "diplomacy.en.txt")["doc_id"]
    persian = _record(kavosh, folder / "nokhbegan.fa.txt")["doc_id"]
    kavosh.store.delete_ids([chunk_point_id(english, 0)])
    kavosh.store.upsert([StorePoint(chunk_point_id(persian, 0), {"kind": PointKind.CHUNK, "doc_id": persian,
                                                                 "chunk_no": 0})])  # no vectors
    report = check_index(kavosh.store)
    assert report.incomplete_documents == [english]
    assert report.chunks_without_vectors == [chunk_point_id(persian, 0)]
    repair_index(kavosh.store, report)
    assert kavosh.store.count({"doc_id": english}) == kavosh.store.count({"doc_id": persian}) == 0
    again = kavosh.ingest([folder])
    assert again.indexed == 2 and check_index(kavosh.store).problems == 0


def test_chunks_naming_other_files_than_their_record_are_corrected(indexed):
    kavosh, folder = indexed
    doc_id = _record(kavosh, folder / "diplomacy.en.txt")["doc_id"]
    kavosh.store.set_payload({"kind": PointKind.CHUNK, "doc_id": doc_id}, {"sources": ["diplomacy.en.txt"]})
    assert check_index(kavosh.store).stale_file_names == [doc_id]
    repair_index(kavosh.store)
    sources = {tuple(payload["sources"]) for _, payload in kavosh.store.scroll({"doc_id": doc_id,
                                                                                "kind": PointKind.CHUNK})}
    assert sources == {("diplomacy.en.txt", "reposted-diplomacy.en.txt")}


def test_the_same_bytes_under_two_names_are_named_by_the_first_path_whatever_the_order(fake_kavosh, tmp_path):
    """Paths are kept sorted, so an index built in two steps equals one built at once."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "b.en.txt").write_text("Water security research. " * 10)
    fake_kavosh.ingest([folder])
    (folder / "a.en.txt").write_text("Water security research. " * 10)
    fake_kavosh.ingest([folder])
    hit = fake_kavosh.search("water security", k=1).results[0]
    assert (hit.source, hit.also_in) == ("a.en.txt", ["b.en.txt"])
