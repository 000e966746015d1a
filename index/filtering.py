"""Narrowing a search (date range, year, folder, file type, entity, OCR), sorting by date, and facet counts.

The fields live on each chunk's payload (``index.ingest.newsroom_fields``). A collection indexed
before they existed has none: its filters on them match nothing and its facets are empty until
``kavosh reindex`` (or a fresh ingest) writes them.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from index.errors import InvalidQueryError
from index.records import FACET_FIELDS, FILE_TYPES, SEARCH_SORTS, SearchFilters, SearchHit
from index.store import Filters, Range, VectorStore

log = logging.getLogger(__name__)

FACET_LIMIT = 20  # the commonest values shown per facet
STORE_FIELD = {"date_from": "day", "date_to": "day", "year": "year", "folder": "folder",
               "file_type": "file_type", "entity": "entities", "ocr": "ocr"}  # filter -> payload field


def day_number(value: str, field: str) -> int:
    """An ISO date as the integer YYYYMMDD stored in ``day``, or InvalidQueryError naming ``field``."""
    try:
        return int(dt.date.fromisoformat(value.strip()).strftime("%Y%m%d"))
    except ValueError:
        raise InvalidQueryError(f"{field}: not an ISO date (YYYY-MM-DD): {value!r}") from None


def validate_filters(narrow: SearchFilters, sort: str) -> None:
    """InvalidQueryError naming the first bad field."""
    if sort not in SEARCH_SORTS:
        raise InvalidQueryError(f"sort: must be one of {', '.join(SEARCH_SORTS)}, got {sort!r}")
    low = day_number(narrow.date_from, "date_from") if narrow.date_from else None
    high = day_number(narrow.date_to, "date_to") if narrow.date_to else None
    if low is not None and high is not None and low > high:
        raise InvalidQueryError(f"date_to: {narrow.date_to} is before date_from {narrow.date_from}")
    odd_years = [year for year in narrow.year if not 1 <= year <= 9999]  # the store's integers are 64-bit
    if odd_years:
        raise InvalidQueryError(f"year: must be between 1 and 9999, got {odd_years[0]}")
    unknown = [kind for kind in narrow.file_type if kind not in FILE_TYPES]
    if unknown:
        raise InvalidQueryError(f"file_type: must be among {', '.join(FILE_TYPES)}, got {unknown[0]!r}")


def store_filters(narrow: SearchFilters | None) -> Filters:
    """The store conditions for the filters that are set."""
    if narrow is None:
        return {}
    filters: Filters = {}
    if narrow.date_from or narrow.date_to:
        filters["day"] = Range(gte=day_number(narrow.date_from, "date_from") if narrow.date_from else None,
                               lte=day_number(narrow.date_to, "date_to") if narrow.date_to else None)
    for name in ("year", "folder", "file_type", "entity"):
        values = getattr(narrow, name)
        if values:
            filters[STORE_FIELD[name]] = values[0] if len(values) == 1 else list(values)
    if narrow.ocr is not None:
        filters["ocr"] = int(narrow.ocr)  # stored as 1 or 0 (index.store.base.CHUNK_FIELDS)
    return filters


def newest_first(hits: Sequence[SearchHit]) -> list[SearchHit]:
    """Hits by their document's date, newest first; undated ones last, each group keeping its order."""
    return sorted(hits, key=lambda hit: hit.date or "", reverse=True) if any(hit.date for hit in hits) else list(hits)


def facet_counts(store: VectorStore, filters: Filters) -> dict[str, dict[str, int]]:
    """Each facet field's commonest values among the passages ``filters`` match, that field's own filter left out
    (so a chosen year still shows the other years). A field the collection has no index for counts nothing."""
    counts: dict[str, dict[str, int]] = {}
    for field in FACET_FIELDS:
        others = {key: value for key, value in filters.items() if key != field}
        try:
            values = store.facet(field, others, limit=FACET_LIMIT)
        except Exception as error:  # an index from before these fields: nothing to count
            log.debug("no facet on %s: %s", field, error)
            values = {}
        counts[field] = {str(value): count for value, count in sorted(values.items(), key=lambda item: -item[1])}
    return counts
