"""A Qdrant server or cluster as the store, through ``qdrant-client`` (``KAVOSH_QDRANT_URL``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from index.store.base import (
    CHUNK_FIELDS,
    DENSE,
    DOCUMENT_FIELDS,
    HNSW_EF_CONSTRUCT,
    HNSW_M,
    LEXICAL,
    QUANTILE,
    SCHEMA_VERSION,
    SCROLL_PAGE,
    WINDOWS,
    QdrantStore,
    check_collection_name,
    collection_metadata,
    schema_of,
)
from index.store.reporting import ReportingEngine


class ServerStore(QdrantStore):
    """A Qdrant server or cluster through ``qdrant-client`` (``KAVOSH_QDRANT_URL``).

    Chunks go in the collection, document records in ``<collection>-documents`` (layout 1: both in
    the collection). ``url=":memory:"`` gives qdrant-client's in-process engine, which speaks the
    same API (tests). State (the last ingest) is kept in the collection's metadata.
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
        if self._client.collection_exists(collection):
            schema = self._schema = schema_of(self.metadata(), collection, url)
            self._chunks = collection
            self._documents = f"{collection}-documents" if schema >= 2 else collection

    def metadata(self) -> dict[str, Any] | None:
        if self._chunks is None and not self._client.collection_exists(self.collection):
            return None
        return dict(self._client.get_collection(self.collection).config.metadata or {})

    def create(self, embedder_name: str, dim: int) -> None:
        models = self._models
        documents = f"{self.collection}-documents"
        if self._client.collection_exists(documents):  # left by a creation that did not finish
            self._client.delete_collection(documents)
        self._client.create_collection(documents, vectors_config={}, on_disk_payload=True)
        self._client.create_collection(
            self.collection,
            vectors_config={DENSE: models.VectorParams(size=dim, distance=models.Distance.COSINE, on_disk=True),
                            WINDOWS: models.VectorParams(size=dim, distance=models.Distance.COSINE, on_disk=True,
                                                         multivector_config=models.MultiVectorConfig(
                                                             comparator=models.MultiVectorComparator.MAX_SIM))},
            sparse_vectors_config={LEXICAL: models.SparseVectorParams(modifier=models.Modifier.IDF)},
            hnsw_config=models.HnswConfigDiff(m=HNSW_M, ef_construct=HNSW_EF_CONSTRUCT),
            quantization_config=models.ScalarQuantization(scalar=models.ScalarQuantizationConfig(
                type=models.ScalarType.INT8, quantile=QUANTILE, always_ram=True)),
            on_disk_payload=True,
            metadata=collection_metadata(embedder_name, dim),
        )
        for collection, fields in ((self.collection, CHUNK_FIELDS), (documents, DOCUMENT_FIELDS)):
            for field, index_type in fields.items():
                self._client.create_payload_index(collection, field, models.PayloadSchemaType(index_type))
        self._chunks, self._documents, self._schema = self.collection, documents, SCHEMA_VERSION

    def _has_vector(self, name: str):
        return self._models.HasVectorCondition(has_vector=name)

    def _delete_ids(self, part, point_ids: list[str]) -> None:
        self._client.delete(part, points_selector=self._models.PointIdsList(points=point_ids), wait=True)

    def _write(self, part, points: list[tuple[str, dict[str, Any], dict[str, Any]]]) -> None:
        structs = [self._models.PointStruct(id=point_id, vector=vector, payload=payload)
                   for point_id, vector, payload in points]
        self._client.upsert(part, points=structs, wait=True)

    def _delete(self, part, native_filter) -> None:
        self._client.delete(part, points_selector=self._models.FilterSelector(filter=native_filter), wait=True)

    def _set_payload(self, part, native_filter, values: dict[str, Any]) -> None:
        self._client.set_payload(part, payload=values, points=native_filter, wait=True)

    def _count(self, part, native_filter) -> int:
        return self._client.count(part, count_filter=native_filter, exact=native_filter is not None).count

    def _facet(self, part, field: str, native_filter, limit: int) -> list:
        return self._client.facet(part, field, facet_filter=native_filter, limit=limit,
                                  exact=native_filter is not None).hits

    def _scroll_page(self, part, native_filter, offset, fields: Sequence[str] | None,
                     limit: int = SCROLL_PAGE) -> tuple[list, Any]:
        return self._client.scroll(part, scroll_filter=native_filter, limit=limit, offset=offset,
                                   with_payload=list(fields) if fields else True, with_vectors=False)

    def _search_batch(self, part, requests: list[tuple[Any, str, int, Any, Any]]) -> list[list]:
        models = self._models
        responses = self._client.query_batch_points(part, requests=[
            models.QueryRequest(query=vector, using=using, limit=limit, filter=native_filter, params=params,
                                with_payload=True)
            for vector, using, limit, native_filter, params in requests])
        return [response.points for response in responses]

    def read_state(self, name: str) -> dict[str, Any] | None:
        meta = self.metadata() or {}
        return meta.get(f"state_{name}")

    def write_state(self, name: str, value: dict[str, Any]) -> None:
        self._client.update_collection(self.collection, metadata={f"state_{name}": value})

    def drop(self) -> None:
        """Delete the collection and its document records (a re-index's old or unfinished collection)."""
        for name in dict.fromkeys([self.collection, f"{self.collection}-documents"]):
            if self._client.collection_exists(name):
                self._client.delete_collection(name)
        self._chunks = self._documents = None

    def flush(self) -> None:
        """A server makes writes durable itself (``wait=True``)."""

    def optimize(self) -> None:
        """A server builds its indexes itself, in the background."""

    def close(self) -> None:
        self._client.close()
