"""Qdrant storage behind one interface: the embedded engine (``edge``) or a Qdrant server (``server``).

``base`` holds the interface, the records and the code both backends share.
"""

from __future__ import annotations

from pathlib import Path

from index.store.base import (
    Filters,
    Range,
    ScoredHit,
    SparseVector,
    StorePoint,
    StoreQuery,
    VectorStore,
    check_embedder,
)
from index.store.edge import EdgeStore
from index.store.server import ServerStore

__all__ = ["EdgeStore", "Filters", "Range", "ScoredHit", "ServerStore", "SparseVector", "StorePoint", "StoreQuery",
           "VectorStore", "check_embedder", "open_store"]


def open_store(home: Path, collection: str, qdrant_url: str | None = None,
               qdrant_api_key: str | None = None) -> VectorStore:
    """The store the settings name: a Qdrant server when a URL is given, else the embedded engine."""
    if qdrant_url:
        return ServerStore(qdrant_url, collection, api_key=qdrant_api_key)
    return EdgeStore(home, collection)
