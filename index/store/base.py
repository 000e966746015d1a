"""The store's interface and records, and what both Qdrant backends share (routing, filters, queries), written once.

An index holds two kinds of points, told apart by the payload field ``kind``:
- ``chunk``: a passage, with a ``dense`` vector (cosine), a ``lexical`` sparse vector (IDF modifier) and,
  since layout 3, a ``windows`` multivector (one vector per window of two sentences, scored by MaxSim:
  a query's best window, see ``index.windows``);
- ``document``: one per document, without vectors; its payload describes the document and its pages.
Since layout 2 they live in two parts: chunks in the collection that search reads, document
records (with every page's text) beside it, so they weigh neither on search nor on its memory.
An index of layout 1 (both kinds in one collection) or 2 (no windows) is read as it is: search ranks
without windows until `kavosh reindex` rebuilds it in the current layout.
The collection records the embedder's name and dimension; opening it with another embedder fails.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence
from typing import Any, Protocol

from index.errors import EmbedderMismatchError, KavoshError
from index.records import PointKind
from index.store.points import Filters, Range, ScoredHit, SparseVector, StorePoint, StoreQuery

DENSE = "dense"
LEXICAL = "lexical"
WINDOWS = "windows"  # multivector of a passage's sentence windows (layout 3 and later)
# Indexed payload fields and their index type. Chunks indexed before issue 9 lack the newsroom fields
# (folder ... ocr): filters on them match nothing and facets are empty until `kavosh reindex`.
CHUNK_FIELDS = {"kind": "keyword", "doc_id": "keyword", "lang": "keyword", "source": "keyword",
                "sources": "keyword", "folder": "keyword", "file_type": "keyword", "entities": "keyword",
                "day": "integer", "year": "integer", "ocr": "integer"}
# ``ocr`` is 1 or 0, not a bool: qdrant-edge-py 0.x turns a bool in a match into an integer, so a bool
# payload never matches (tests/index/test_filtering.py checks the filter end to end).
DOCUMENT_FIELDS = {"kind": "keyword", "doc_id": "keyword", "lang": "keyword", "source": "keyword"}
# Index layouts: 1: chunks and document records in one collection; 2: document records apart;
# 3: chunks carry their sentence windows' vectors.
SCHEMA_VERSION = 3
WINDOWS_SINCE = 3
SCROLL_PAGE = 256
# A chunk's content words (``keys``, a list of words without spaces) are stored as one string: the
# engine converts a list element by element, which made writing a chunk 3x and reading a hit 2x slower.
PACKED_FIELD = "keys"
# Dense search settings, chosen by measurement (docs/benchmarks.md, "Search at archive scale").
HNSW_M = 16
HNSW_EF_CONSTRUCT = 64
HNSW_EF = 96  # candidates explored per dense query
QUANTILE = 0.99  # int8 quantization clips the rarest 1 % of values
OVERSAMPLING = 2.0  # int8 candidates rescored with the original vectors, per result wanted
COLLECTION_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")


def check_collection_name(name: str) -> str:
    """The name, or ValueError: a collection name becomes a folder name, so ``../x`` must not pass."""
    if not isinstance(name, str) or not COLLECTION_NAME.fullmatch(name):
        raise ValueError(f"collection: must be 1 to 64 letters, digits, '_' or '-' (got {name!r})")
    return name


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

    def facet(self, field: str, filters: Filters, limit: int = 100) -> dict[str, int]:
        """How many matching points hold each value of an indexed ``field`` (the ``limit`` commonest)."""
        ...

    def scroll(self, filters: Filters, fields: Sequence[str] | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every matching point's id and payload (only ``fields`` of it, when given)."""
        ...

    def page(self, filters: Filters, fields: Sequence[str] | None, start: str | None,
             limit: int) -> tuple[list[tuple[str, dict[str, Any]]], str | None]:
        """Up to ``limit`` matching points from point id ``start`` on, and the id the next page starts at."""
        ...

    def query_batch(self, queries: Sequence[StoreQuery]) -> list[list[ScoredHit]]:
        """Several queries in one call to the engine; one list of hits per query, in order."""
        ...

    def ids_without_vector(self, filters: Filters) -> list[str]:
        """Matching points that have no dense vector (a chunk whose write did not finish)."""
        ...

    def query_dense(self, vector: Sequence[float], limit: int, filters: Filters) -> list[ScoredHit]: ...

    def query_lexical(self, vector: SparseVector, limit: int, filters: Filters) -> list[ScoredHit]: ...

    def has_windows(self) -> bool:
        """Whether chunks carry sentence-window vectors (collections created before them do not)."""
        ...

    def query_windows(self, vector: Sequence[float], limit: int, filters: Filters) -> list[ScoredHit]:
        """Passages by their best window's cosine to ``vector``; nothing in a collection without windows."""
        ...

    def read_state(self, name: str) -> dict[str, Any] | None: ...

    def write_state(self, name: str, value: dict[str, Any]) -> None: ...

    def flush(self) -> None: ...

    def optimize(self) -> None:
        """Build the search indexes after bulk writes (blocks until done); a server does this itself."""
        ...

    def drop(self) -> None:
        """Delete the whole collection (after a re-index, or when building one failed)."""
        ...

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


def schema_of(meta: dict[str, Any] | None, collection: str, location: str) -> int:
    """The layout version an existing collection was written with; a newer one than this code reads is refused."""
    schema = int((meta or {}).get("schema", 1))
    if schema > SCHEMA_VERSION:
        raise KavoshError(
            f"collection {collection!r} at {location} was written by a newer Kavosh (index layout {schema}; "
            f"this version reads layouts up to {SCHEMA_VERSION}). Upgrade Kavosh, or rebuild the index "
            f"for this version with `kavosh reindex`.")
    return schema


class QdrantStore:
    """The store's methods over a Qdrant engine, shared by both backends.

    A backend holds two parts (an embedded shard or a server collection each): ``_chunks``, which
    search reads, and ``_documents``, the document records; in a layout-1 index both are the same.
    ``_models`` is the engine's module of request types (``qdrant_edge`` or ``qdrant_client.models``):
    both take the same keyword arguments for filters, sparse vectors and search parameters. A
    backend supplies the engine calls on one part (``_write``, ``_delete``, ``_set_payload``,
    ``_count``, ``_facet``, ``_scroll_page``, ``_search_batch``).
    """

    backend: str
    location: str
    collection: str
    _models: Any
    _chunks: Any = None
    _documents: Any = None
    _schema: int = SCHEMA_VERSION  # the layout of the open index

    def _write(self, part, points: list[tuple[str, dict[str, Any], dict[str, Any]]]) -> None:
        """Upsert (id, named vectors, payload) triples."""
        raise NotImplementedError

    def _delete(self, part, native_filter) -> None:
        raise NotImplementedError

    def _set_payload(self, part, native_filter, values: dict[str, Any]) -> None:
        raise NotImplementedError

    def _delete_ids(self, part, point_ids: list[str]) -> None:
        raise NotImplementedError

    def _count(self, part, native_filter) -> int:
        raise NotImplementedError

    def _facet(self, part, field: str, native_filter, limit: int) -> list:
        """Hits with ``value`` and ``count``."""
        raise NotImplementedError

    def _scroll_page(self, part, native_filter, offset, fields: Sequence[str] | None) -> tuple[list, Any]:
        """One page of records (with ``id`` and ``payload``) and the next page's offset, None at the end."""
        raise NotImplementedError

    def _search_batch(self, part, requests: list[tuple[Any, str, int, Any, Any]]) -> list[list]:
        """For each (vector, vector name, limit, filter, search params): the nearest points, with payloads."""
        raise NotImplementedError

    # -- routing: which part a filter or a point belongs to ----------------------------------------

    @property
    def _split(self) -> bool:
        return self._documents is not self._chunks

    def _parts(self, filters: Filters) -> list[tuple[Any, Filters]]:
        """The parts that hold points matching ``filters``, each with the filters it needs."""
        if self._chunks is None:
            return []
        if not self._split:
            return [(self._chunks, filters)]
        rest = {key: value for key, value in filters.items() if key != "kind"}
        kind = filters.get("kind")
        if kind == PointKind.DOCUMENT:
            return [(self._documents, rest)]
        if kind == PointKind.CHUNK:
            return [(self._chunks, rest)]
        return [(self._chunks, filters), (self._documents, filters)]

    def _part_of(self, point: StorePoint):
        return self._documents if point.payload.get("kind") == PointKind.DOCUMENT else self._chunks

    # -- what the store does, in both backends ----------------------------------------------------

    def _has_vector(self, name: str):
        """The engine's condition "has the named vector"."""
        raise NotImplementedError

    def _filter(self, filters: Filters, without_vector: str | None = None):
        return self._models.Filter(must=[self._condition(key, value) for key, value in filters.items()],
                                   must_not=[self._has_vector(without_vector)] if without_vector else None)

    def _condition(self, key: str, value: Any):
        """One filter condition in the engine's terms: a range, any of a list, or one exact value."""
        models = self._models
        if isinstance(value, Range):
            range_type = getattr(models, "RangeFloat", None) or models.Range  # qdrant_edge / qdrant_client
            return models.FieldCondition(key=key, range=range_type(gte=value.gte, lte=value.lte))
        if isinstance(value, list | tuple | set):
            return models.FieldCondition(key=key, match=models.MatchAny(any=list(value)))
        return models.FieldCondition(key=key, match=models.MatchValue(value=value))

    def _sparse(self, vector: SparseVector):
        return self._models.SparseVector(indices=vector.indices, values=vector.values)

    def _vectors(self, point: StorePoint) -> dict[str, Any]:
        vector: dict[str, Any] = {}
        if point.dense is not None:
            vector[DENSE] = point.dense if isinstance(point.dense, list) else [float(x) for x in point.dense]
        if point.sparse:
            vector[LEXICAL] = self._sparse(point.sparse)
        if point.windows and self.has_windows():
            vector[WINDOWS] = [[float(x) for x in window] for window in point.windows]
        return vector

    @staticmethod
    def _packed(payload: dict[str, Any]) -> dict[str, Any]:
        words = payload.get(PACKED_FIELD)
        return payload if not isinstance(words, list) else payload | {PACKED_FIELD: " ".join(words)}

    @staticmethod
    def _unpacked(payload: dict[str, Any] | None) -> dict[str, Any]:
        payload = dict(payload or {})
        if isinstance(payload.get(PACKED_FIELD), str):
            payload[PACKED_FIELD] = payload[PACKED_FIELD].split()
        return payload

    def upsert(self, points: Sequence[StorePoint]) -> None:
        by_part: dict[int, tuple[Any, list]] = {}
        for point in points:
            part = self._part_of(point)
            triple = (point.id, self._vectors(point), self._packed(point.payload))
            by_part.setdefault(id(part), (part, []))[1].append(triple)
        for part, triples in by_part.values():
            self._write(part, triples)

    def delete(self, filters: Filters) -> None:
        for part, part_filters in self._parts(filters):
            self._delete(part, self._filter(part_filters))

    def delete_ids(self, point_ids: Sequence[str]) -> None:
        if point_ids:
            for part, _ in self._parts({}):
                self._delete_ids(part, list(point_ids))

    def set_payload(self, filters: Filters, values: dict[str, Any]) -> None:
        for part, part_filters in self._parts(filters):
            self._set_payload(part, self._filter(part_filters), values)

    def _count_filter(self, filters: Filters):
        """The filter for a count or facet; None for no condition, which lets the engine read the segments'
        and payload indexes' totals instead of visiting every point."""
        return self._filter(filters) if filters else None

    def count(self, filters: Filters) -> int:
        return sum(self._count(part, self._count_filter(part_filters)) for part, part_filters in self._parts(filters))

    def facet(self, field: str, filters: Filters, limit: int = 100) -> dict[str, int]:
        counts: dict[str, int] = {}
        for part, part_filters in self._parts(filters):
            for hit in self._facet(part, field, self._count_filter(part_filters), limit):
                counts[hit.value] = counts.get(hit.value, 0) + hit.count
        return counts

    def scroll(self, filters: Filters, fields: Sequence[str] | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
        for part, part_filters in self._parts(filters):
            native_filter = self._filter(part_filters)
            offset = None
            while True:
                records, offset = self._scroll_page(part, native_filter, offset, fields)
                for record in records:
                    yield str(record.id), self._unpacked(record.payload)
                if offset is None:
                    break

    def page(self, filters: Filters, fields: Sequence[str] | None, start: str | None,
             limit: int) -> tuple[list[tuple[str, dict[str, Any]]], str | None]:
        """Up to ``limit`` records from point id ``start`` on (None: the first), and where the next page starts."""
        parts = self._parts(filters)
        if len(parts) != 1:
            raise ValueError("a page lists points of one kind")
        part, part_filters = parts[0]
        records, offset = self._scroll_page(part, self._filter(part_filters), start, fields, limit)
        return [(str(record.id), self._unpacked(record.payload)) for record in records], \
            None if offset is None else str(offset)

    def query_batch(self, queries: Sequence[StoreQuery]) -> list[list[ScoredHit]]:
        results: list[list[ScoredHit]] = [[] for _ in queries]
        by_part: dict[int, tuple[Any, list[int], list]] = {}
        for number, query in enumerate(queries):
            if isinstance(query.vector, SparseVector) and not query.vector:
                continue  # no keyword to look for
            if query.windows and not self.has_windows():
                continue  # an index of an older layout: no windows to match
            for part, part_filters in self._parts(query.filters)[:1]:  # vectors live with the chunks
                _, numbers, requests = by_part.setdefault(id(part), (part, [], []))
                numbers.append(number)
                requests.append(self._request(query, part_filters))
        for part, numbers, requests in by_part.values():
            for number, points in zip(numbers, self._search_batch(part, requests), strict=True):
                results[number] = [ScoredHit(str(point.id), float(point.score), self._unpacked(point.payload))
                                   for point in points]
        return results

    def _request(self, query: StoreQuery, filters: Filters) -> tuple[Any, str, int, Any, Any]:
        models = self._models
        if isinstance(query.vector, SparseVector):
            return self._sparse(query.vector), LEXICAL, query.limit, self._filter(filters), None
        params = models.SearchParams(hnsw_ef=max(HNSW_EF, query.limit), quantization=models.QuantizationSearchParams(
            rescore=True, oversampling=OVERSAMPLING))
        dense = query.vector if isinstance(query.vector, list) else [float(x) for x in query.vector]
        if query.windows:
            return [dense], WINDOWS, query.limit, self._filter(filters), params
        return dense, DENSE, query.limit, self._filter(filters), params

    def ids_without_vector(self, filters: Filters) -> list[str]:
        ids: list[str] = []
        for part, part_filters in self._parts(filters)[:1]:  # vectors live with the chunks
            native_filter, offset = self._filter(part_filters, without_vector=DENSE), None
            while True:
                records, offset = self._scroll_page(part, native_filter, offset, ("kind",))
                ids.extend(str(record.id) for record in records)
                if offset is None:
                    break
        return ids

    def query_dense(self, vector: Sequence[float], limit: int, filters: Filters) -> list[ScoredHit]:
        return self.query_batch([StoreQuery(vector, limit, filters)])[0]

    def query_lexical(self, vector: SparseVector, limit: int, filters: Filters) -> list[ScoredHit]:
        return self.query_batch([StoreQuery(vector, limit, filters)])[0]

    def has_windows(self) -> bool:
        return self._chunks is not None and self._schema >= WINDOWS_SINCE

    def query_windows(self, vector: Sequence[float], limit: int, filters: Filters) -> list[ScoredHit]:
        return self.query_batch([StoreQuery(vector, limit, filters, windows=True)])[0]
