"""GET /health: is the service up, how many documents, which embedder."""

from __future__ import annotations

from fastapi import APIRouter

from index.records import Health
from search_api.routes.deps import KavoshDep

router = APIRouter(tags=["status"])


@router.get("/health", response_model=Health)
def health(kavosh: KavoshDep) -> Health:
    """Answers quickly: one count in the store, not the full ``/stats`` (which reads every record)."""
    documents = kavosh.document_count()
    return Health(documents=documents, embedder=kavosh.embedder.name)
