"""The store's interface and records, and what both Qdrant backends share (filters, paging, hits), written once.

A collection holds two kinds of points, told apart by the payload field ``kind``:
- ``chunk``: a passage, with a ``dense`` vector (cosine) and a ``lexical`` sparse vector (IDF modifier);
- ``document``: one per document, without vectors; its payload describes the document and its pages.
The collection records the embedder's name and dimension; opening it with another embedder fails.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from index.errors import EmbedderMismatchError, KavoshError

DENSE = "dense"
LEXICAL = "lexical"
INDEXED_FIELDS = ("kind", "doc_id", "lang", "source", "sources")
SCHEMA_VERSION = 1
SCROLL_PAGE = 256
COLLECTION_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")


def check_collection_name(name: str) -> str:
    """The name, or ValueError: a collection name becomes a folder name, so ``../x`` must not pass."""
    if not isinstance(name, str) or not COLLECTION_NAME.fullmatch(name):
        raise ValueError(f"collection: must be 1 to 64 letters, digits, '_' or '-' (got {name!r})")
    return name


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

    def delete_ids(self, point_ids: Sequence[str]) -> None: ...

    def set_payload(self, filters: Filters, values: dict[str, Any]) -> None: ...

    def count(self, filters: Filters) -> int: ...

    def scroll(self, filters: Filters, fields: Sequence[str] | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every matching point's id and payload (only ``fields`` of it, when given)."""
        ...

    def ids_without_vector(self, filters: Filters) -> list[str]:
        """Matching points that have no dense vector (a chunk whose write did not finish)."""
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


def collection_metadata(embedder_name: str, dim: int) -> dict[str, Any]:
    """What a new collection records about itself: the embedder it was built with and the layout's version."""
    return {"embedder": embedder_name, "dim": dim, "schema": SCHEMA_VERSION,
            "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}


class QdrantStore:
    """The store's methods over a Qdrant engine, shared by both backends.

    ``_models`` is the engine's module of request types (``qdrant_edge`` or ``qdrant_client.models``):
    both take the same keyword arguments for filters and sparse vectors. A backend supplies the
    engine calls (``_is_open``, ``_write``, ``_count``, ``_scroll_page``, ``_search``).
    """

    backend: str
    location: str
    collection: str
    _models: Any

    def _is_open(self) -> bool:
        raise NotImplementedError

    def _write(self, points: list[tuple[str, dict[str, Any], dict[str, Any]]]) -> None:
        """Upsert (id, named vectors, payload) triples."""
        raise NotImplementedError

    def _count(self, native_filter) -> int:
        raise NotImplementedError

    def _scroll_page(self, native_filter, offset, fields: Sequence[str] | None) -> tuple[list, Any]:
        """One page of records (with ``id`` and ``payload``) and the next page's offset, None at the end."""
        raise NotImplementedError

    def _search(self, vector, using: str, limit: int, native_filter) -> list:
        """The nearest points (with ``id``, ``score`` and ``payload``) to one named vector."""
        raise NotImplementedError

    def _has_vector(self, name: str):
        """The engine's condition "has the named vector"."""
        raise NotImplementedError

    def _filter(self, filters: Filters, without_vector: str | None = None):
        models = self._models
        must = [models.FieldCondition(key=key, match=models.MatchValue(value=value)) for key, value in filters.items()]
        return models.Filter(must=must, must_not=[self._has_vector(without_vector)] if without_vector else None)

    def _sparse(self, vector: SparseVector):
        return self._models.SparseVector(indices=vector.indices, values=vector.values)

    def _vectors(self, point: StorePoint) -> dict[str, Any]:
        vector: dict[str, Any] = {}
        if point.dense is not None:
            vector[DENSE] = [float(x) for x in point.dense]
        if point.sparse:
            vector[LEXICAL] = self._sparse(point.sparse)
        return vector

    def upsert(self, points: Sequence[StorePoint]) -> None:
        triples = [(point.id, self._vectors(point), point.payload) for point in points]
        if triples:
            self._write(triples)

    def count(self, filters: Filters) -> int:
        return self._count(self._filter(filters)) if self._is_open() else 0

    def scroll(self, filters: Filters, fields: Sequence[str] | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
        if not self._is_open():
            return
        native_filter = self._filter(filters)
        offset = None
        while True:
            records, offset = self._scroll_page(native_filter, offset, fields)
            for record in records:
                yield str(record.id), dict(record.payload or {})
            if offset is None:
                return

    def ids_without_vector(self, filters: Filters) -> list[str]:
        if not self._is_open():
            return []
        native_filter, offset, ids = self._filter(filters, without_vector=DENSE), None, []
        while True:
            records, offset = self._scroll_page(native_filter, offset, ("kind",))
            ids.extend(str(record.id) for record in records)
            if offset is None:
                return ids

    def _hits(self, vector, using: str, limit: int, filters: Filters) -> list[ScoredHit]:
        return [ScoredHit(str(point.id), float(point.score), dict(point.payload or {}))
                for point in self._search(vector, using, limit, self._filter(filters))]

    def query_dense(self, vector: Sequence[float], limit: int, filters: Filters) -> list[ScoredHit]:
        if not self._is_open():
            return []
        return self._hits([float(x) for x in vector], DENSE, limit, filters)

    def query_lexical(self, vector: SparseVector, limit: int, filters: Filters) -> list[ScoredHit]:
        if not self._is_open() or not vector:
            return []
        return self._hits(self._sparse(vector), LEXICAL, limit, filters)


class ReportingEngine:
    """An engine object (a shard, a client) whose failures become KavoshError naming ``what`` failed.

    ``ReportingEngine(shard, "the index at /x")``: a full disk in ``shard.update`` raises
    ``KavoshError("the index at /x failed (update): ...")``, one line for the CLI, a 503 for the API.
    """

    def __init__(self, target, what: str):
        self._target = target
        self._what = what

    def __getattr__(self, name: str):
        method = getattr(self._target, name)

        def call(*args, **kwargs):
            try:
                return method(*args, **kwargs)
            except Exception as error:
                raise KavoshError(f"{self._what} failed ({name}): {error}") from None

        return call
