"""Qdrant storage behind one interface: the embedded engine (``edge``) or a Qdrant server (``server``).

``points`` holds the records, ``base`` the interface and the code both backends share.
"""

from __future__ import annotations

from pathlib import Path

from index.store.base import VectorStore, check_collection_name, check_embedder
from index.store.edge import EdgeStore
from index.store.points import Filters, Range, ScoredHit, SparseVector, StorePoint, StoreQuery
from index.store.server import ServerStore

__all__ = ["EdgeStore", "Filters", "Range", "ScoredHit", "ServerStore", "SparseVector", "StorePoint", "StoreQuery",
           "VectorStore", "check_collection_name", "check_embedder", "open_live", "open_store", "point_to"]


def open_store(home: Path, collection: str, qdrant_url: str | None = None,
               qdrant_api_key: str | None = None) -> VectorStore:
    """The store the settings name: a Qdrant server when a URL is given, else the embedded engine."""
    if qdrant_url:
        return ServerStore(qdrant_url, collection, api_key=qdrant_api_key)
    return EdgeStore(home, collection)


POINTER = "points_to"  # state on a collection name's own collection: the collection a re-index built


def open_live(home: Path, logical: str, qdrant_url: str | None, qdrant_api_key: str | None) -> VectorStore:
    """The collection ``logical`` means: itself, or the one its pointer names after a re-index."""
    store = open_store(home, logical, qdrant_url, qdrant_api_key)
    target = (store.read_state(POINTER) or {}).get("collection") if store.metadata() is not None else None
    if not target or target == logical:
        return store
    store.close()
    return open_store(home, target, qdrant_url, qdrant_api_key)


def point_to(home: Path, logical: str, physical: str, qdrant_url: str | None, qdrant_api_key: str | None,
             live: VectorStore | None = None) -> None:
    """Make ``logical`` mean ``physical`` (one atomic write on the name's own collection)."""
    if live is not None and live.collection == logical:
        live.write_state(POINTER, {"collection": physical})
        return
    store = open_store(home, logical, qdrant_url, qdrant_api_key)
    try:
        store.write_state(POINTER, {"collection": physical})
    finally:
        store.close()
