"""A Qdrant server or cluster as the store, through ``qdrant-client`` (``KAVOSH_QDRANT_URL``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from index.store.base import (
    DENSE,
    INDEXED_FIELDS,
    LEXICAL,
    SCROLL_PAGE,
    QdrantStore,
    ReportingEngine,
    check_collection_name,
    collection_metadata,
)


class ServerStore(QdrantStore):
    """A Qdrant server or cluster through ``qdrant-client`` (``KAVOSH_QDRANT_URL``).

    ``url=":memory:"`` gives qdrant-client's in-process engine, which speaks the same API (tests).
    State (the last ingest) is kept in the collection's metadata.
    """

    backend = "server"

    def __init__(self, url: str, collection: str, api_key: str | None = None, client=None):
        from qdrant_client import QdrantClient, models

        self._models = models
        self.collection = check_collection_name(collection)
        self.location = url
        if client is None:
            client = QdrantClient(location=":memory:") if url == ":memory:" else \
                QdrantClient(url=url, api_key=api_key, timeout=30)
        self._client = ReportingEngine(client, f"the Qdrant server at {url}")
        self._exists = self._client.collection_exists(collection)

    def metadata(self) -> dict[str, Any] | None:
        if not self._exists:
            return None
        return dict(self._client.get_collection(self.collection).config.metadata or {})

    def create(self, embedder_name: str, dim: int) -> None:
        models = self._models
        self._client.create_collection(
            self.collection,
            vectors_config={DENSE: models.VectorParams(size=dim, distance=models.Distance.COSINE)},
            sparse_vectors_config={LEXICAL: models.SparseVectorParams(modifier=models.Modifier.IDF)},
            metadata=collection_metadata(embedder_name, dim),
        )
        for field in INDEXED_FIELDS:
            self._client.create_payload_index(self.collection, field, models.PayloadSchemaType.KEYWORD)
        self._exists = True

    def _is_open(self) -> bool:
        return self._exists

    def _has_vector(self, name: str):
        return self._models.HasVectorCondition(has_vector=name)

    def _write(self, points: list[tuple[str, dict[str, Any], dict[str, Any]]]) -> None:
        structs = [self._models.PointStruct(id=point_id, vector=vector, payload=payload)
                   for point_id, vector, payload in points]
        self._client.upsert(self.collection, points=structs, wait=True)

    def delete(self, filters) -> None:
        self._client.delete(self.collection, points_selector=self._models.FilterSelector(
            filter=self._filter(filters)), wait=True)

    def delete_ids(self, point_ids: Sequence[str]) -> None:
        if point_ids:
            self._client.delete(self.collection, points_selector=self._models.PointIdsList(points=list(point_ids)),
                                wait=True)

    def set_payload(self, filters, values: dict[str, Any]) -> None:
        self._client.set_payload(self.collection, payload=values, points=self._filter(filters), wait=True)

    def _count(self, native_filter) -> int:
        return self._client.count(self.collection, count_filter=native_filter, exact=True).count

    def _scroll_page(self, native_filter, offset, fields: Sequence[str] | None) -> tuple[list, Any]:
        return self._client.scroll(self.collection, scroll_filter=native_filter, limit=SCROLL_PAGE,
                                   offset=offset, with_payload=list(fields) if fields else True,
                                   with_vectors=False)

    def _search(self, vector, using: str, limit: int, native_filter) -> list:
        return self._client.query_points(self.collection, query=vector, using=using, limit=limit,
                                         query_filter=native_filter, with_payload=True).points

    def read_state(self, name: str) -> dict[str, Any] | None:
        meta = self.metadata() or {}
        return meta.get(f"state_{name}")

    def write_state(self, name: str, value: dict[str, Any]) -> None:
        self._client.update_collection(self.collection, metadata={f"state_{name}": value})

    def flush(self) -> None:
        """A server makes writes durable itself (``wait=True``)."""

    def close(self) -> None:
        self._client.close()

