"""The embedded store: the Qdrant engine in-process (``qdrant-edge-py``), one shard per collection."""

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
    DENSE,
    INDEXED_FIELDS,
    LEXICAL,
    SCROLL_PAGE,
    QdrantStore,
    ReportingEngine,
    check_collection_name,
    collection_metadata,
)
from index.store.files import OwnerLock, private_dirs, write_json_atomically


class EdgeStore(QdrantStore):
    """The Qdrant engine in-process (``qdrant-edge-py``), one shard per collection under ``home``.

    One process owns a collection: it holds a lock file (``flock``) from opening to closing, so a
    second process, even one starting at the same moment on an empty home, gets a StoreLockedError
    naming the holder and never touches the shard. Engine failures (disk full, a corrupt shard)
    become KavoshError naming the index.
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
        self._meta_path = self.directory / "collection.json"
        self._shard = None
        private_dirs(home, home / "collections", self.directory)
        self._lock = OwnerLock(self.directory / "owner.lock")
        owner = {"pid": os.getpid(), "command": " ".join(Path(arg).name for arg in sys.argv[:2]) or "python"}
        if not self._lock.acquire(owner):
            raise StoreLockedError(self._locked_message())
        try:
            if self._meta_path.exists():
                self._open()
        except BaseException:
            self._lock.release()
            raise

    def _open(self) -> None:
        try:
            shard = self._models.EdgeShard.load(str(self._shard_path))
            self._shard = ReportingEngine(shard, f"the index at {self.location}")
        except Exception as error:
            self._raise_open_error(error, "open")

    def _raise_open_error(self, error: Exception, action: str):
        if "WouldBlock" in str(error):
            raise StoreLockedError(self._locked_message()) from None
        raise KavoshError(f"cannot {action} the index at {self._shard_path}: {error}") from None

    def _locked_message(self) -> str:
        owner = self._lock.holder() or {}
        holder = f"process {owner['pid']} ({owner.get('command', '?')})" if "pid" in owner else "another process"
        return (f"the index at {self.directory} is in use by {holder}. One process owns an embedded "
                f"index: stop that process, or, if it is the API server, set KAVOSH_API_URL to its address "
                f"so that this command goes through it (adding files that way also needs KAVOSH_API_TOKEN).")

    def metadata(self) -> dict[str, Any] | None:
        if self._shard is None or not self._meta_path.exists():
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

    def create(self, embedder_name: str, dim: int) -> None:
        """Create the shard; this process holds the owner lock, so a shard left here is a failed creation's."""
        qe = self._models
        if self._shard_path.exists():
            shutil.rmtree(self._shard_path)
        config = qe.EdgeConfig(
            vectors={DENSE: qe.EdgeVectorParams(size=dim, distance=qe.Distance.Cosine)},
            sparse_vectors={LEXICAL: qe.EdgeSparseVectorParams(modifier=qe.Modifier.Idf)},
        )
        try:
            self._shard = ReportingEngine(qe.EdgeShard.create(str(self._shard_path), config),
                                          f"the index at {self.location}")
        except Exception as error:
            self._raise_open_error(error, "create")
        for field in INDEXED_FIELDS:
            self._shard.update(qe.UpdateOperation.create_field_index(field, qe.PayloadSchemaType.Keyword))
        # Written last: a collection without it is an unfinished creation, and is created again.
        write_json_atomically(self._meta_path, collection_metadata(embedder_name, dim))

    def _is_open(self) -> bool:
        return self._shard is not None

    def _has_vector(self, name: str):
        return self._models.HasVectorCondition(name)

    def _write(self, points: list[tuple[str, dict[str, Any], dict[str, Any]]]) -> None:
        qe = self._models
        self._shard.update(qe.UpdateOperation.upsert_points(
            [qe.Point(id=point_id, vector=vector, payload=payload) for point_id, vector, payload in points]))

    def delete(self, filters) -> None:
        self._shard.update(self._models.UpdateOperation.delete_points_by_filter(self._filter(filters)))

    def delete_ids(self, point_ids: Sequence[str]) -> None:
        if point_ids:
            self._shard.update(self._models.UpdateOperation.delete_points(list(point_ids)))

    def set_payload(self, filters, values: dict[str, Any]) -> None:
        self._shard.update(self._models.UpdateOperation.set_payload_by_filter(self._filter(filters), values))

    def _count(self, native_filter) -> int:
        return self._shard.count(self._models.CountRequest(exact=True, filter=native_filter))

    def _scroll_page(self, native_filter, offset, fields: Sequence[str] | None) -> tuple[list, Any]:
        return self._shard.scroll(self._models.ScrollRequest(
            offset=offset, limit=SCROLL_PAGE, filter=native_filter,
            with_payload=list(fields) if fields else True, with_vector=False))

    def _search(self, vector, using: str, limit: int, native_filter) -> list:
        qe = self._models
        return self._shard.query(qe.QueryRequest(limit=limit, query=qe.Query.Nearest(vector, using=using),
                                                 filter=native_filter, with_payload=True, with_vector=False))

    def read_state(self, name: str) -> dict[str, Any] | None:
        path = self.directory / f"{name}.json"
        try:
            return json.loads(path.read_text())
        except (OSError, ValueError):
            return None

    def write_state(self, name: str, value: dict[str, Any]) -> None:
        write_json_atomically(self.directory / f"{name}.json", value)

    def flush(self) -> None:
        if self._shard is not None:
            self._shard.flush()

    def close(self) -> None:
        try:
            if self._shard is not None:
                shard, self._shard = self._shard, None
                shard.flush()
                shard.close()
        finally:
            self._lock.release()

