"""The embedded store: the Qdrant engine in-process (``qdrant-edge-py``), a chunk shard and a document shard."""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from index.errors import KavoshError, StoreLockedError
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
from index.store.files import OwnerLock, private_dirs, write_json_atomically
from index.store.reporting import ReportingEngine


class EdgeStore(QdrantStore):
    """The Qdrant engine in-process (``qdrant-edge-py``), under ``home/collections/<collection>/``:
    ``shard/`` holds the chunks, ``documents/`` the document records (layout 1: both in ``shard/``).

    One process owns a shard: a second one fails to open its write-ahead log. That failure
    becomes a StoreLockedError naming the process that holds it.
    """

    backend = "embedded"

    def __init__(self, home: Path, collection: str):
        import qdrant_edge

        self._models = qdrant_edge
        self.collection = check_collection_name(collection)
        home = Path(home).expanduser().resolve()
        self.directory = home / "collections" / collection
        self.location = str(self.directory)
        self._shard_path = self.directory / "shard"
        self._documents_path = self.directory / "documents"
        self._meta_path = self.directory / "collection.json"
        private_dirs(home, home / "collections", self.directory)
        # One process owns a collection: it holds this lock (flock) from opening to closing, so a second
        # process, even one starting at the same moment on an empty home, never touches the shards.
        self._lock = OwnerLock(self.directory / "owner.lock")
        owner = {"pid": os.getpid(), "command": " ".join(Path(arg).name for arg in sys.argv[:2]) or "python"}
        if not self._lock.acquire(owner):
            raise StoreLockedError(self._locked_message())
        try:
            if self._meta_path.exists():
                schema = self._schema = schema_of(self.metadata(), collection, self.location)
                self._chunks = self._load(self._shard_path)
                self._documents = self._load(self._documents_path) if schema >= 2 else self._chunks
        except BaseException:
            for shard in self._shards():
                shard.close()
            self._chunks = self._documents = None
            self._lock.release()
            raise

    def _load(self, path: Path):
        try:
            return ReportingEngine(self._models.EdgeShard.load(str(path)), f"the index at {self.location}")
        except Exception as error:
            self._raise_open_error(error, "open", path)

    def _raise_open_error(self, error: Exception, action: str, path: Path):
        for shard in self._shards():
            shard.close()
        self._chunks = self._documents = None
        if "WouldBlock" in str(error):
            raise StoreLockedError(self._locked_message()) from None
        raise KavoshError(f"cannot {action} the index at {path}: {error}") from None

    def _locked_message(self) -> str:
        owner = self._lock.holder() or {}
        holder = f"process {owner['pid']} ({owner.get('command', '?')})" if "pid" in owner else "another process"
        return (f"the index at {self.directory} is in use by {holder}. One process owns an embedded "
                f"index: stop that process, or, if it is the API server, set KAVOSH_API_URL to its address "
                f"so that this command goes through it (adding files that way also needs KAVOSH_API_TOKEN).")

    def metadata(self) -> dict[str, Any] | None:
        if not self._meta_path.exists():
            return None
        try:
            meta = json.loads(self._meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise KavoshError(f"{self._meta_path}: the collection's description cannot be read ({error}); "
                              "restore it from a backup, or remove the collection's folder and ingest again") from None
        if not isinstance(meta, dict):
            raise KavoshError(f"{self._meta_path}: the collection's description is not a JSON object; "
                              "restore it from a backup, or remove the collection's folder and ingest again")
        return meta

    def _chunk_config(self, dim: int):
        """Chunks: int8 copies of the vectors in memory for HNSW search, the originals (for rescoring),
        and the payload on disk; the keyword index in memory."""
        qe = self._models
        max_sim = qe.MultiVectorConfig(qe.MultiVectorComparator.MaxSim)
        return qe.EdgeConfig(
            vectors={DENSE: qe.EdgeVectorParams(size=dim, distance=qe.Distance.Cosine, memory=qe.Memory.Cold),
                     WINDOWS: qe.EdgeVectorParams(size=dim, distance=qe.Distance.Cosine, memory=qe.Memory.Cold,
                                                  multivector_config=max_sim)},
            sparse_vectors={LEXICAL: qe.EdgeSparseVectorParams(modifier=qe.Modifier.Idf)},
            hnsw_config=qe.HnswIndexConfig(m=HNSW_M, ef_construct=HNSW_EF_CONSTRUCT, full_scan_threshold=10_000),
            quantization_config=qe.ScalarQuantizationConfig(type=qe.ScalarType.Int8, quantile=QUANTILE,
                                                            memory=qe.Memory.Pinned),
            payload_memory=qe.Memory.Cold,
        )

    def create(self, embedder_name: str, dim: int) -> None:
        qe = self._models
        self.directory.mkdir(parents=True, exist_ok=True)
        for path in (self._shard_path, self._documents_path):
            if path.exists():  # left by a creation that did not finish
                shutil.rmtree(path)
        # A shard needs a vector kind; document records have none, so an unused sparse one is declared.
        document_config = qe.EdgeConfig(sparse_vectors={LEXICAL: qe.EdgeSparseVectorParams()},
                                        payload_memory=qe.Memory.Cold)
        for path, config, fields, attribute in ((self._shard_path, self._chunk_config(dim), CHUNK_FIELDS, "_chunks"),
                                                (self._documents_path, document_config, DOCUMENT_FIELDS,
                                                 "_documents")):
            try:
                shard = ReportingEngine(qe.EdgeShard.create(str(path), config), f"the index at {self.location}")
            except Exception as error:
                self._raise_open_error(error, "create", path)
            setattr(self, attribute, shard)
            for field, index_type in fields.items():
                shard.update(qe.UpdateOperation.create_field_index(field, getattr(qe.PayloadSchemaType,
                                                                                  index_type.capitalize())))
        # Written last: a collection without it is an unfinished creation, and is created again.
        write_json_atomically(self._meta_path, collection_metadata(embedder_name, dim))
        self._schema = SCHEMA_VERSION

    def _has_vector(self, name: str):
        return self._models.HasVectorCondition(name)

    def _write(self, part, points: list[tuple[str, dict[str, Any], dict[str, Any]]]) -> None:
        qe = self._models
        part.update(qe.UpdateOperation.upsert_points(
            [qe.Point(id=point_id, vector=vector, payload=payload) for point_id, vector, payload in points]))

    def _delete(self, part, native_filter) -> None:
        part.update(self._models.UpdateOperation.delete_points_by_filter(native_filter))

    def _delete_ids(self, part, point_ids: list[str]) -> None:
        part.update(self._models.UpdateOperation.delete_points(point_ids))

    def _set_payload(self, part, native_filter, values: dict[str, Any]) -> None:
        part.update(self._models.UpdateOperation.set_payload_by_filter(native_filter, values))

    def _count(self, part, native_filter) -> int:
        return part.count(self._models.CountRequest(exact=native_filter is not None, filter=native_filter))

    def _facet(self, part, field: str, native_filter, limit: int) -> list:
        request = self._models.FacetRequest(key=field, limit=limit, exact=native_filter is not None,
                                            filter=native_filter)
        return part.facet(request).hits

    def _scroll_page(self, part, native_filter, offset, fields: Sequence[str] | None,
                     limit: int = SCROLL_PAGE) -> tuple[list, Any]:
        return part.scroll(self._models.ScrollRequest(
            offset=offset, limit=limit, filter=native_filter,
            with_payload=list(fields) if fields else True, with_vector=False))

    def _search_batch(self, part, requests: list[tuple[Any, str, int, Any, Any]]) -> list[list]:
        qe = self._models
        return part.query_batch(qe.QueryBatchRequest([
            qe.QueryRequest(limit=limit, query=qe.Query.Nearest(vector, using=using), filter=native_filter,
                            params=params, with_payload=True, with_vector=False)
            for vector, using, limit, native_filter, params in requests]))

    def read_state(self, name: str) -> dict[str, Any] | None:
        path = self.directory / f"{name}.json"
        try:
            return json.loads(path.read_text())
        except (OSError, ValueError):
            return None

    def write_state(self, name: str, value: dict[str, Any]) -> None:
        write_json_atomically(self.directory / f"{name}.json", value)

    def _shards(self) -> list:
        return [shard for shard in dict.fromkeys([self._chunks, self._documents]) if shard is not None]

    def flush(self) -> None:
        for shard in self._shards():
            shard.flush()

    def optimize(self) -> None:
        """Merge segments and build their indexes (HNSW, int8 copies, keyword index); blocks until done."""
        for shard in self._shards():
            shard.optimize()

    def drop(self) -> None:
        """Close the collection and delete it from disk (a re-index's old or unfinished collection)."""
        self.close()
        shutil.rmtree(self.directory, ignore_errors=True)

    def close(self) -> None:
        shards = self._shards()
        self._chunks = self._documents = None
        try:
            for shard in shards:
                shard.flush()
                shard.close()
        finally:
            self._lock.release()
