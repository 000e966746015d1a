"""The server store (qdrant-client): failures name the server."""

from __future__ import annotations

import pytest

from index.errors import KavoshError
from index.store import ServerStore, check_embedder
from tests.index.store.sample import fill, sample_points


def test_an_unreachable_qdrant_server_is_a_clear_error():
    with pytest.raises(KavoshError, match=r"the Qdrant server at http://127.0.0.1:9 failed"):
        ServerStore("http://127.0.0.1:9", "test")


def _layout_1_collection(schema: int = 1):
    """A collection as Kavosh wrote it before document records moved apart: chunks and records together."""
    from qdrant_client import QdrantClient, models

    client = QdrantClient(location=":memory:")
    client.create_collection(
        "test", vectors_config={"dense": models.VectorParams(size=3, distance=models.Distance.COSINE)},
        sparse_vectors_config={"lexical": models.SparseVectorParams(modifier=models.Modifier.IDF)},
        metadata={"embedder": "toy", "dim": 3, "schema": schema})
    points = []
    for point in sample_points():
        vector = {"dense": list(point.dense), "lexical": models.SparseVector(
            indices=point.sparse.indices, values=point.sparse.values)} if point.dense else {}
        points.append(models.PointStruct(id=point.id, vector=vector, payload=point.payload))
    client.upsert("test", points=points)
    return client


def test_a_collection_of_the_first_layout_is_read_as_it_is():
    client = _layout_1_collection()
    store = ServerStore(":memory:", "test", client=client)
    check_embedder(store, "toy", 3)
    assert store.count({"kind": "chunk"}) == 4 and store.count({"kind": "document"}) == 1
    assert {hit.payload["kind"] for hit in store.query_dense([1, 0, 0], 10, {"kind": "chunk"})} == {"chunk"}
    store.delete({"doc_id": "a"})
    assert store.count({"kind": "chunk"}) == 2 and store.count({"kind": "document"}) == 0
    assert not client.collection_exists("test-documents")


def test_a_collection_of_a_newer_layout_is_refused_with_what_to_do():
    with pytest.raises(KavoshError, match=r"newer Kavosh \(index layout 99.*kavosh reindex"):
        ServerStore(":memory:", "test", client=_layout_1_collection(schema=99))


def test_document_records_go_to_their_own_collection():
    from qdrant_client import QdrantClient

    client = QdrantClient(location=":memory:")
    store = ServerStore(":memory:", "test", client=client)
    check_embedder(store, "toy", 3)
    fill(store)
    assert client.count("test").count == 4
    assert client.count("test-documents").count == 1
