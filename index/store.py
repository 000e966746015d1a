"""Qdrant storage behind one interface: the embedded engine (qdrant-edge-py) or a Qdrant server (qdrant-client).

A collection holds two kinds of points, told apart by the payload field ``kind``:
- ``chunk``: a passage, with a ``dense`` vector (cosine) and a ``lexical`` sparse vector (IDF modifier);
- ``document``: one per document, without vectors; its payload describes the document and its pages.
The collection records the embedder's name and dimension; opening it with another embedder fails.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from index.errors import EmbedderMismatchError, KavoshError, StoreLockedError

log = logging.getLogger(__name__)

DENSE = "dense"
LEXICAL = "lexical"
INDEXED_FIELDS = ("kind", "doc_id", "lang", "source", "sources")
SCHEMA_VERSION = 1
SCROLL_PAGE = 256


@dataclass(frozen=True)
class SparseVector:
    """Indices and weights of a sparse vector (see index.lexical)."""

    indices: list[int]
    values: list[float]

    def __bool__(self) -> bool:
        return bool(self.indices)


@dataclass
class StorePoint:
    """A point to write: a chunk (with vectors) or a document record (``dense`` and ``sparse`` None)."""

    id: str
    payload: dict[str, Any]
    dense: Sequence[float] | None = None
    sparse: SparseVector | None = None


@dataclass
class ScoredHit:
    id: str
    score: float
    payload: dict[str, Any]


# Filters are plain {field: value} maps; every condition must match.
Filters = dict[str, str]


class VectorStore(Protocol):
    backend: str
    location: str
    collection: str

    def metadata(self) -> dict[str, Any] | None: ...

    def create(self, embedder_name: str, dim: int) -> None: ...

    def upsert(self, points: Sequence[StorePoint]) -> None: ...

    def delete(self, filters: Filters) -> None: ...

    def set_payload(self, filters: Filters, values: dict[str, Any]) -> None: ...

    def count(self, filters: Filters) -> int: ...

    def scroll(self, filters: Filters, fields: Sequence[str] | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every matching point's id and payload (only ``fields`` of it, when given)."""
        ...

    def query_dense(self, vector: Sequence[float], limit: int, filters: Filters) -> list[ScoredHit]: ...

    def query_lexical(self, vector: SparseVector, limit: int, filters: Filters) -> list[ScoredHit]: ...

    def read_state(self, name: str) -> dict[str, Any] | None: ...

    def write_state(self, name: str, value: dict[str, Any]) -> None: ...

    def flush(self) -> None: ...

    def close(self) -> None: ...


def check_embedder(store: VectorStore, embedder_name: str, dim: int) -> None:
    """Create the collection for this embedder, or check that it was built with it."""
    meta = store.metadata()
    if meta is None:
        store.create(embedder_name, dim)
        return
    if meta.get("embedder") != embedder_name or int(meta.get("dim", -1)) != dim:
        raise EmbedderMismatchError(
            f"collection {store.collection!r} at {store.location} was built with embedder "
            f"{meta.get('embedder')!r} (dim {meta.get('dim')}), but {embedder_name!r} (dim {dim}) is "
            f"configured. Set KAVOSH_EMBEDDER={meta.get('embedder')} or use another --collection."
        )


def _collection_metadata(embedder_name: str, dim: int) -> dict[str, Any]:
    return {"embedder": embedder_name, "dim": dim, "schema": SCHEMA_VERSION,
            "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}


class EdgeStore:
    """The Qdrant engine in-process (``qdrant-edge-py``), one shard per collection under ``home``.

    One process owns a shard: a second one fails to open its write-ahead log. That failure
    becomes a StoreLockedError naming the process that holds it.
    """

    backend = "embedded"

    def __init__(self, home: Path, collection: str):
        import qdrant_edge

        self._qe = qdrant_edge
        self.collection = collection
        self.directory = Path(home).expanduser().resolve() / "collections" / collection
        self.location = str(self.directory)
        self._shard_path = self.directory / "shard"
        self._owner_path = self.directory / "owner.json"
        self._shard = None
        if self._meta_path.exists():
            self._open()

    @property
    def _meta_path(self) -> Path:
        return self.directory / "collection.json"

    def _open(self) -> None:
        try:
            self._shard = self._qe.EdgeShard.load(str(self._shard_path))
        except Exception as error:
            if "WouldBlock" in str(error):
                raise StoreLockedError(self._locked_message()) from None
            raise KavoshError(f"cannot open the index at {self._shard_path}: {error}") from None
        self._write_owner()

    def _locked_message(self) -> str:
        holder = "another process"
        try:
            owner = json.loads(self._owner_path.read_text())
            holder = f"process {owner['pid']} ({owner['command']})"
        except (OSError, ValueError, KeyError):
            pass
        return (f"the index at {self.directory} is in use by {holder}. One process owns an embedded "
                f"index: stop that process, or, if it is the API server, set KAVOSH_API_URL to its address "
                f"so that this command goes through it (adding files that way also needs KAVOSH_API_TOKEN).")

    def _write_owner(self) -> None:
        owner = {"pid": os.getpid(), "command": " ".join(Path(arg).name for arg in sys.argv[:2]) or "python"}
        self._owner_path.write_text(json.dumps(owner))

    def metadata(self) -> dict[str, Any] | None:
        if self._shard is None or not self._meta_path.exists():
            return None
        return json.loads(self._meta_path.read_text())

    def create(self, embedder_name: str, dim: int) -> None:
        qe = self._qe
        self.directory.mkdir(parents=True, exist_ok=True)
        if self._shard_path.exists():  # left by a creation that did not finish
            shutil.rmtree(self._shard_path)
        config = qe.EdgeConfig(
            vectors={DENSE: qe.EdgeVectorParams(size=dim, distance=qe.Distance.Cosine)},
            sparse_vectors={LEXICAL: qe.EdgeSparseVectorParams(modifier=qe.Modifier.Idf)},
        )
        try:
            self._shard = qe.EdgeShard.create(str(self._shard_path), config)
        except Exception as error:
            if "WouldBlock" in str(error):
                raise StoreLockedError(self._locked_message()) from None
            raise KavoshError(f"cannot create the index at {self._shard_path}: {error}") from None
        self._write_owner()
        for field in INDEXED_FIELDS:
            self._shard.update(qe.UpdateOperation.create_field_index(field, qe.PayloadSchemaType.Keyword))
        self._meta_path.write_text(json.dumps(_collection_metadata(embedder_name, dim)))

    def _filter(self, filters: Filters):
        qe = self._qe
        return qe.Filter(must=[qe.FieldCondition(key=key, match=qe.MatchValue(value))
                               for key, value in filters.items()])

    def upsert(self, points: Sequence[StorePoint]) -> None:
        qe = self._qe
        edge_points = []
        for point in points:
            vector: dict[str, Any] = {}
            if point.dense is not None:
                vector[DENSE] = [float(x) for x in point.dense]
            if point.sparse:
                vector[LEXICAL] = qe.SparseVector(point.sparse.indices, point.sparse.values)
            edge_points.append(qe.Point(id=point.id, vector=vector, payload=point.payload))
        if edge_points:
            self._shard.update(qe.UpdateOperation.upsert_points(edge_points))

    def delete(self, filters: Filters) -> None:
        self._shard.update(self._qe.UpdateOperation.delete_points_by_filter(self._filter(filters)))

    def set_payload(self, filters: Filters, values: dict[str, Any]) -> None:
        self._shard.update(self._qe.UpdateOperation.set_payload_by_filter(self._filter(filters), values))

    def count(self, filters: Filters) -> int:
        if self._shard is None:
            return 0
        return self._shard.count(self._qe.CountRequest(exact=True, filter=self._filter(filters)))

    def scroll(self, filters: Filters, fields: Sequence[str] | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
        if self._shard is None:
            return
        offset = None
        while True:
            request = self._qe.ScrollRequest(offset=offset, limit=SCROLL_PAGE, filter=self._filter(filters),
                                             with_payload=list(fields) if fields else True, with_vector=False)
            records, offset = self._shard.scroll(request)
            for record in records:
                yield str(record.id), dict(record.payload or {})
            if offset is None:
                return

    def _query(self, query, limit: int, filters: Filters) -> list[ScoredHit]:
        request = self._qe.QueryRequest(limit=limit, query=query, filter=self._filter(filters),
                                        with_payload=True, with_vector=False)
        return [ScoredHit(str(point.id), float(point.score), dict(point.payload or {}))
                for point in self._shard.query(request)]

    def query_dense(self, vector: Sequence[float], limit: int, filters: Filters) -> list[ScoredHit]:
        if self._shard is None:
            return []
        return self._query(self._qe.Query.Nearest([float(x) for x in vector], using=DENSE), limit, filters)

    def query_lexical(self, vector: SparseVector, limit: int, filters: Filters) -> list[ScoredHit]:
        if self._shard is None or not vector:
            return []
        sparse = self._qe.SparseVector(vector.indices, vector.values)
        return self._query(self._qe.Query.Nearest(sparse, using=LEXICAL), limit, filters)

    def read_state(self, name: str) -> dict[str, Any] | None:
        path = self.directory / f"{name}.json"
        try:
            return json.loads(path.read_text())
        except (OSError, ValueError):
            return None

    def write_state(self, name: str, value: dict[str, Any]) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        temporary = self.directory / f".{name}.json.tmp"
        temporary.write_text(json.dumps(value, ensure_ascii=False))
        temporary.replace(self.directory / f"{name}.json")

    def flush(self) -> None:
        if self._shard is not None:
            self._shard.flush()

    def close(self) -> None:
        if self._shard is not None:
            self._shard.flush()
            self._shard.close()
            self._shard = None
            self._owner_path.unlink(missing_ok=True)


class ServerStore:
    """A Qdrant server or cluster through ``qdrant-client`` (``KAVOSH_QDRANT_URL``).

    ``url=":memory:"`` gives qdrant-client's in-process engine, which speaks the same API (tests).
    State (the last ingest) is kept in the collection's metadata.
    """

    backend = "server"

    def __init__(self, url: str, collection: str, api_key: str | None = None, client=None):
        from qdrant_client import QdrantClient, models

        self._models = models
        self.collection = collection
        self.location = url
        if client is None:
            client = QdrantClient(location=":memory:") if url == ":memory:" else \
                QdrantClient(url=url, api_key=api_key, timeout=30)
        self._client = _ReportingClient(client, url)
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
            metadata=_collection_metadata(embedder_name, dim),
        )
        for field in INDEXED_FIELDS:
            self._client.create_payload_index(self.collection, field, models.PayloadSchemaType.KEYWORD)
        self._exists = True

    def _filter(self, filters: Filters):
        models = self._models
        return models.Filter(must=[models.FieldCondition(key=key, match=models.MatchValue(value=value))
                                   for key, value in filters.items()])

    def upsert(self, points: Sequence[StorePoint]) -> None:
        models = self._models
        structs = []
        for point in points:
            vector: dict[str, Any] = {}
            if point.dense is not None:
                vector[DENSE] = [float(x) for x in point.dense]
            if point.sparse:
                vector[LEXICAL] = models.SparseVector(indices=point.sparse.indices, values=point.sparse.values)
            structs.append(models.PointStruct(id=point.id, vector=vector, payload=point.payload))
        if structs:
            self._client.upsert(self.collection, points=structs, wait=True)

    def delete(self, filters: Filters) -> None:
        self._client.delete(self.collection, points_selector=self._models.FilterSelector(
            filter=self._filter(filters)), wait=True)

    def set_payload(self, filters: Filters, values: dict[str, Any]) -> None:
        self._client.set_payload(self.collection, payload=values, points=self._filter(filters), wait=True)

    def count(self, filters: Filters) -> int:
        if not self._exists:
            return 0
        return self._client.count(self.collection, count_filter=self._filter(filters), exact=True).count

    def scroll(self, filters: Filters, fields: Sequence[str] | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
        if not self._exists:
            return
        offset = None
        while True:
            records, offset = self._client.scroll(self.collection, scroll_filter=self._filter(filters),
                                                  limit=SCROLL_PAGE, offset=offset,
                                                  with_payload=list(fields) if fields else True,
                                                  with_vectors=False)
            for record in records:
                yield str(record.id), dict(record.payload or {})
            if offset is None:
                return

    def _query(self, query, using: str, limit: int, filters: Filters) -> list[ScoredHit]:
        response = self._client.query_points(self.collection, query=query, using=using, limit=limit,
                                             query_filter=self._filter(filters), with_payload=True)
        return [ScoredHit(str(point.id), float(point.score), dict(point.payload or {}))
                for point in response.points]

    def query_dense(self, vector: Sequence[float], limit: int, filters: Filters) -> list[ScoredHit]:
        if not self._exists:
            return []
        return self._query([float(x) for x in vector], DENSE, limit, filters)

    def query_lexical(self, vector: SparseVector, limit: int, filters: Filters) -> list[ScoredHit]:
        if not self._exists or not vector:
            return []
        sparse = self._models.SparseVector(indices=vector.indices, values=vector.values)
        return self._query(sparse, LEXICAL, limit, filters)

    def read_state(self, name: str) -> dict[str, Any] | None:
        meta = self.metadata() or {}
        return meta.get(f"state_{name}")

    def write_state(self, name: str, value: dict[str, Any]) -> None:
        self._client.update_collection(self.collection, metadata={f"state_{name}": value})

    def flush(self) -> None:
        """A server makes writes durable itself (``wait=True``)."""

    def close(self) -> None:
        self._client.close()


class _ReportingClient:
    """A qdrant-client whose failures (server down, timeouts, refusals) become KavoshError naming the server."""

    def __init__(self, client, url: str):
        self._client = client
        self._url = url

    def __getattr__(self, name: str):
        method = getattr(self._client, name)

        def call(*args, **kwargs):
            try:
                return method(*args, **kwargs)
            except Exception as error:
                raise KavoshError(f"the Qdrant server at {self._url} failed ({name}): {error}") from None

        return call


def open_store(home: Path, collection: str, qdrant_url: str | None = None,
               qdrant_api_key: str | None = None) -> VectorStore:
    """The store the settings name: a Qdrant server when a URL is given, else the embedded engine."""
    if qdrant_url:
        return ServerStore(qdrant_url, collection, api_key=qdrant_api_key)
    return EdgeStore(home, collection)
