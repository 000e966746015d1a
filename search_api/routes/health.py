"""GET /health: is the service up, how many documents, which embedder."""

from __future__ import annotations

from fastapi import APIRouter

from search_api.models import HealthResponse
from search_api.routes.deps import KavoshDep

router = APIRouter(tags=["status"])


@router.get("/health", response_model=HealthResponse)
def health(kavosh: KavoshDep) -> dict:
    """Answers quickly: one count in the store, not the full ``/stats`` (which reads every record)."""
    documents = kavosh.store.count({"kind": "document"})
    return {"status": "ok", "documents": documents, "embedder": kavosh.embedder.name}
