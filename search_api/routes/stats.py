"""GET /stats: what is indexed (documents, chunks, per language and source) and with what."""

from __future__ import annotations

from fastapi import APIRouter

from index.records import Stats
from search_api.routes.deps import KavoshDep

router = APIRouter(tags=["status"])


@router.get("/stats", response_model=Stats)
def stats(kavosh: KavoshDep) -> Stats:
    return kavosh.stats()
