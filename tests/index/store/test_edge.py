"""The embedded store (qdrant-edge-py): its data survives a reopen, and one process owns it."""

from __future__ import annotations

import json

import pytest

from index.errors import KavoshError, StoreLockedError
from index.store import EdgeStore, check_embedder
from tests.index.store.sample import fill, sample_points


def test_embedded_store_reopens_with_its_data(tmp_path):
    store = EdgeStore(tmp_path, "test")
    check_embedder(store, "toy", 3)
    fill(store)
    store.close()
    reopened = EdgeStore(tmp_path, "test")
    try:
        assert reopened.count({"kind": "chunk"}) == 4
        check_embedder(reopened, "toy", 3)
    finally:
        reopened.close()


def test_second_owner_of_an_embedded_store_gets_a_clear_message(tmp_path):
    first = EdgeStore(tmp_path, "test")
    check_embedder(first, "toy", 3)
    try:
        with pytest.raises(StoreLockedError, match=r"in use by process \d+.*KAVOSH_API_URL"):
            EdgeStore(tmp_path, "test")
    finally:
        first.close()


def _layout_1_index(home, schema: int = 1) -> None:
    """An index as Kavosh wrote it before document records moved apart: one shard holds both kinds."""
    import qdrant_edge as qe

    directory = home / "collections" / "test"
    shard = qe.EdgeShard.create(str(directory / "shard"), qe.EdgeConfig(
        vectors={"dense": qe.EdgeVectorParams(size=3, distance=qe.Distance.Cosine)},
        sparse_vectors={"lexical": qe.EdgeSparseVectorParams(modifier=qe.Modifier.Idf)}))
    for field in ("kind", "doc_id", "lang", "source", "sources"):
        shard.update(qe.UpdateOperation.create_field_index(field, qe.PayloadSchemaType.Keyword))
    points = []
    for point in sample_points():
        vector = {"dense": list(point.dense), "lexical": qe.SparseVector(point.sparse.indices, point.sparse.values)} \
            if point.dense else {}
        points.append(qe.Point(id=point.id, vector=vector, payload=point.payload))
    shard.update(qe.UpdateOperation.upsert_points(points))
    shard.close()
    (directory / "collection.json").write_text(json.dumps({"embedder": "toy", "dim": 3, "schema": schema}))


def test_an_index_of_the_first_layout_is_read_as_it_is(tmp_path):
    _layout_1_index(tmp_path)
    store = EdgeStore(tmp_path, "test")
    try:
        check_embedder(store, "toy", 3)
        assert store.count({"kind": "chunk"}) == 4 and store.count({"kind": "document"}) == 1
        assert [payload["title"] for _, payload in store.scroll({"kind": "document"})] == ["A"]
        assert {hit.payload["kind"] for hit in store.query_dense([1, 0, 0], 10, {"kind": "chunk"})} == {"chunk"}
        store.delete({"doc_id": "a"})
        assert store.count({"kind": "chunk"}) == 2 and store.count({"kind": "document"}) == 0
        assert not (tmp_path / "collections" / "test" / "documents").exists()
    finally:
        store.close()


def test_an_index_of_a_newer_layout_is_refused_with_what_to_do(tmp_path):
    _layout_1_index(tmp_path, schema=99)
    with pytest.raises(KavoshError, match=r"newer Kavosh \(index layout 99.*kavosh reindex"):
        EdgeStore(tmp_path, "test")


def test_document_records_are_kept_apart_from_the_chunks(tmp_path):
    store = EdgeStore(tmp_path, "test")
    check_embedder(store, "toy", 3)
    fill(store)
    store.close()
    directory = tmp_path / "collections" / "test"
    assert (directory / "shard").is_dir() and (directory / "documents").is_dir()
    reopened = EdgeStore(tmp_path, "test")
    try:
        assert reopened.count({"kind": "document"}) == 1 and reopened.count({"kind": "chunk"}) == 4
    finally:
        reopened.close()
