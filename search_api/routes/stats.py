"""GET /stats: what is indexed (documents, chunks, per language and source) and with what."""

from __future__ import annotations

from fastapi import APIRouter

from search_api.models import StatsResponse
from search_api.routes.deps import KavoshDep

router = APIRouter(tags=["status"])


@router.get("/stats", response_model=StatsResponse)
def stats(kavosh: KavoshDep) -> dict:
    return kavosh.stats()
