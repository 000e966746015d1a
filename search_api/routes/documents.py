"""GET /documents/{doc_id}: a document's metadata and each page's display text."""

from __future__ import annotations

import re

from fastapi import APIRouter, HTTPException, status

from index.records import DocumentRecord
from search_api.models import ErrorResponse
from search_api.routes.deps import KavoshDep, SettingsDep

router = APIRouter(tags=["documents"])

# Document ids are sha256 hex digests; anything else cannot name a document.
_DOC_ID = re.compile(r"[0-9a-fA-F]{64}")


@router.get(
    "/documents/{doc_id:path}",
    response_model=DocumentRecord,
    responses={
        404: {"model": ErrorResponse, "description": "no document has this id"},
        422: {"model": ErrorResponse},
    },
)
def document(doc_id: str, kavosh: KavoshDep, settings: SettingsDep) -> DocumentRecord:
    """``doc_id`` is a search hit's ``doc_id`` (the sha256 of the file's bytes); ``path`` only with
    ``KAVOSH_EXPOSE_PATHS`` (the file's place on the server is no reader's business)."""
    found = kavosh.document(doc_id.lower()) if _DOC_ID.fullmatch(doc_id) else None
    if found is None:
        shown = doc_id if len(doc_id) <= 80 else doc_id[:77] + "..."
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"doc_id: no document with id {shown!r}")
    if not settings.expose_paths:
        found.path = None
    return found
