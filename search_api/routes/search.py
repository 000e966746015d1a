"""GET /search: hybrid, dense or lexical search across Persian and English passages, or by document."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from index.records import (
    DEFAULT_GROUP,
    DEFAULT_MODE,
    DEFAULT_SORT,
    FILE_TYPES,
    MAX_QUERY_CHARS,
    MAX_RESULTS,
    PASSAGES_PER_DOCUMENT,
    SearchFilters,
    SearchGroup,
    SearchMode,
    SearchResponse,
    SearchSort,
)
from pipeline.types import LANGUAGES
from search_api.models import ErrorResponse
from search_api.routes.deps import KavoshDep

router = APIRouter(tags=["search"])

MAX_SOURCE_CHARS = 255
LanguageOrAll = Literal[(*LANGUAGES, "")]  # empty: every language
FileType = Literal[FILE_TYPES]


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
    date_from: Annotated[dt.date | None, Query(description="only documents dated on or after (YYYY-MM-DD)")] = None,
    date_to: Annotated[dt.date | None, Query(description="only documents dated on or before (YYYY-MM-DD)")] = None,
    year: Annotated[list[int] | None, Query(description="only documents of these years (repeat for several)")] = None,
    folder: Annotated[list[str] | None, Query(description="only files in folders of these names")] = None,
    file_type: Annotated[list[FileType] | None, Query(description="only these kinds of file")] = None,
    entity: Annotated[list[str] | None, Query(description="only passages naming one of these entity ids")] = None,
    ocr: Annotated[bool | None, Query(description="true: only passages read by OCR; false: only the others")] = None,
    sort: Annotated[SearchSort, Query(description="relevance (default), or date: the best results newest first")]
    = DEFAULT_SORT,
) -> SearchResponse:
    """The best passages for ``q``; a plain ``def``, so the search runs in the threadpool.

    Kavosh trims and checks ``q`` itself; its InvalidQueryError answers 422 naming the field.
    """
    filters = SearchFilters(date_from=date_from and date_from.isoformat(), date_to=date_to and date_to.isoformat(),
                            year=year, folder=folder, file_type=file_type, entity=entity, ocr=ocr)
    return kavosh.search(q, k=k, lang=lang or None, mode=mode, source=source or None, group=group,
                         filters=filters, sort=sort)
