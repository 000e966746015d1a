"""What the store reads and writes: points, sparse vectors, hits, filters and queries (both backends alike)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["Filters", "Range", "ScoredHit", "SparseVector", "StorePoint", "StoreQuery"]


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
    windows: Sequence[Sequence[float]] | None = None  # sentence windows' vectors; kept only from layout 3 on


@dataclass
class ScoredHit:
    id: str
    score: float
    payload: dict[str, Any]


@dataclass(frozen=True)
class Range:
    """A filter value matching numbers between ``gte`` and ``lte`` (inclusive; None leaves that side open)."""

    gte: int | float | None = None
    lte: int | float | None = None


# Filters are plain {field: value} maps; every condition must match. A value is matched exactly
# (str, int, bool), a list matches any of its values, and a Range matches numbers between its bounds.
Filters = dict[str, Any]


@dataclass(frozen=True)
class StoreQuery:
    """One nearest-neighbour query: a dense vector, or a sparse (keyword) one.

    With ``windows``, a dense vector is matched against the passages' sentence windows (best window).
    """

    vector: Sequence[float] | SparseVector
    limit: int
    filters: Filters
    windows: bool = False
