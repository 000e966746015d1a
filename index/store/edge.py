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
    WINDOWS,
    QdrantStore,
    collection_metadata,
)


class EdgeStore(QdrantStore):
    """The Qdrant engine in-process (``qdrant-edge-py``), one shard per collection under ``home``.

    One process owns a shard: a second one fails to open its write-ahead log. That failure
    becomes a StoreLockedError naming the process that holds it.
    """

    backend = "embedded"

    def __init__(self, home: Path, collection: str):
        import qdrant_edge

        self._models = qdrant_edge
        self.collection = collection
        self.directory = Path(home).expanduser().resolve() / "collections" / collection
        self.location = str(self.directory)
        self._shard_path = self.directory / "shard"
        self._owner_path = self.directory / "owner.json"
        self._meta_path = self.directory / "collection.json"
        self._shard = None
        if self._meta_path.exists():
            self._open()

    def _open(self) -> None:
        try:
            self._shard = self._models.EdgeShard.load(str(self._shard_path))
        except Exception as error:
            self._raise_open_error(error, "open")
        self._write_owner()

    def _raise_open_error(self, error: Exception, action: str):
        if "WouldBlock" in str(error):
            raise StoreLockedError(self._locked_message()) from None
        raise KavoshError(f"cannot {action} the index at {self._shard_path}: {error}") from None

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
        qe = self._models
        self.directory.mkdir(parents=True, exist_ok=True)
        if self._shard_path.exists():  # left by a creation that did not finish
            shutil.rmtree(self._shard_path)
        max_sim = qe.MultiVectorConfig(qe.MultiVectorComparator.MaxSim)
        config = qe.EdgeConfig(
            vectors={DENSE: qe.EdgeVectorParams(size=dim, distance=qe.Distance.Cosine),
                     WINDOWS: qe.EdgeVectorParams(size=dim, distance=qe.Distance.Cosine, multivector_config=max_sim)},
            sparse_vectors={LEXICAL: qe.EdgeSparseVectorParams(modifier=qe.Modifier.Idf)},
        )
        try:
            self._shard = qe.EdgeShard.create(str(self._shard_path), config)
        except Exception as error:
            self._raise_open_error(error, "create")
        self._write_owner()
        for field in INDEXED_FIELDS:
            self._shard.update(qe.UpdateOperation.create_field_index(field, qe.PayloadSchemaType.Keyword))
        self._meta_path.write_text(json.dumps(collection_metadata(embedder_name, dim)))

    def _is_open(self) -> bool:
        return self._shard is not None

    def _write(self, points: list[tuple[str, dict[str, Any], dict[str, Any]]]) -> None:
        qe = self._models
        self._shard.update(qe.UpdateOperation.upsert_points(
            [qe.Point(id=point_id, vector=vector, payload=payload) for point_id, vector, payload in points]))

    def delete(self, filters) -> None:
        self._shard.update(self._models.UpdateOperation.delete_points_by_filter(self._filter(filters)))

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
