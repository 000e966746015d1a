"""A few chunks of two documents in two languages, and one document record, for the store tests."""

from __future__ import annotations

from index.store import SparseVector, StorePoint

POINT_IDS = [f"6f1c2d3e-8a4b-5c6d-9e0f-a1b2c3d4e5{n:02d}" for n in range(10)]


def chunk(n: int, doc_id: str, lang: str, dense, terms: list[int]) -> StorePoint:
    payload = {"kind": "chunk", "doc_id": doc_id, "lang": lang, "source": f"{doc_id}.txt", "text": f"chunk {n}"}
    return StorePoint(POINT_IDS[n], payload, dense, SparseVector(terms, [1.0] * len(terms)))


def sample_points() -> list[StorePoint]:
    """Four chunks (documents a in English, b in Persian) and the record of document a."""
    return [
        chunk(0, "a", "en", [1, 0, 0], [1, 2]),
        chunk(1, "a", "en", [0.9, 0.1, 0], [2]),
        chunk(2, "b", "fa", [0, 1, 0], [3]),
        chunk(3, "b", "fa", [0, 0.8, 0.2], [2, 3]),
        StorePoint(POINT_IDS[9], {"kind": "document", "doc_id": "a", "title": "A"}),
    ]


def fill(store) -> None:
    store.upsert(sample_points())
