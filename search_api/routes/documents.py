"""GET /documents: every document's summary, a page at a time; GET /documents/{doc_id}: one document
with each page's display text."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status

from index.records import DocumentListing, DocumentRecord
from search_api.models import ErrorResponse
from search_api.routes.deps import KavoshDep, SettingsDep, invalid

router = APIRouter(tags=["documents"])

# Document ids are sha256 hex digests; anything else cannot name a document.
_DOC_ID = re.compile(r"[0-9a-fA-F]{64}")
# A page cursor is the point id the next page starts at: a UUID.
_CURSOR = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
MAX_PAGE = 200


@router.get(
    "/documents",
    response_model=DocumentListing,
    responses={422: {"model": ErrorResponse, "description": "limit out of range, or not a cursor this API gave"}},
)
def documents(kavosh: KavoshDep, settings: SettingsDep,
              limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="documents per page")] = 50,
              after: Annotated[str | None, Query(max_length=36,
                                                 description="the previous page's `next`")] = None) -> DocumentListing:
    """Every document's summary, a page at a time, in the store's order (a large archive is not listed whole
    by ``/stats``). ``path`` only with ``KAVOSH_EXPOSE_PATHS``."""
    if after is not None and not _CURSOR.fullmatch(after):
        raise invalid("after", "not a cursor from this API (pass the previous page's `next`)")
    page = kavosh.documents(after=after, limit=limit)
    if not settings.expose_paths:
        for summary in page.documents:
            summary.path = None
    return page


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
