"""GET /search: hybrid, dense or lexical search across Persian and English passages, or by document."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from index.records import (
    DEFAULT_GROUP,
    DEFAULT_MODE,
    MAX_QUERY_CHARS,
    MAX_RESULTS,
    PASSAGES_PER_DOCUMENT,
    SearchGroup,
    SearchMode,
    SearchResponse,
)
from pipeline.types import LANGUAGES
from search_api.models import ErrorResponse
from search_api.routes.deps import KavoshDep

router = APIRouter(tags=["search"])

MAX_SOURCE_CHARS = 255
LanguageOrAll = Literal[(*LANGUAGES, "")]  # empty: every language


@router.get(
    "/search",
    response_model=SearchResponse,
    responses={422: {"model": ErrorResponse, "description": "a parameter is missing or out of range"}},
)
def search(
    kavosh: KavoshDep,
    q: Annotated[str, Query(description=f"the query, 1 to {MAX_QUERY_CHARS} characters after trimming")],
    k: Annotated[
        int, Query(ge=1, le=MAX_RESULTS, description="how many passages to return (documents with group=document)")
    ] = 10,
    lang: Annotated[
        LanguageOrAll | None, Query(description="only passages in this language (fa, en); empty: all")
    ] = None,
    mode: Annotated[SearchMode, Query(description="hybrid (default), dense (meaning), lexical (words)")] = DEFAULT_MODE,
    source: Annotated[
        str | None, Query(max_length=MAX_SOURCE_CHARS, description="only this file name, exactly")
    ] = None,
    group: Annotated[
        SearchGroup,
        Query(description=f"passage (default): the best passages; document: each document once with its best "
              f"{PASSAGES_PER_DOCUMENT} passages, in `documents`"),
    ] = DEFAULT_GROUP,
) -> SearchResponse:
    """The best passages for ``q``; a plain ``def``, so the search runs in the threadpool.

    Kavosh trims and checks ``q`` itself; its InvalidQueryError answers 422 naming the field.
    """
    return kavosh.search(q, k=k, lang=lang or None, mode=mode, source=source or None, group=group)
