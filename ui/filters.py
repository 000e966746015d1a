"""The search page's filters: a date range, sort, and facet multiselects with counts, all bound to the URL.

The facet widgets list the values the last answer counted, so they are drawn after the search; the
search reads their current values first (from the session, or from the URL on a shared link).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from index.records import SEARCH_SORTS
from ui.i18n import t

# (widget key and API parameter, label, facet field in the answer)
FACETS = (("year", "year", "year"), ("folder", "folder", "folder"), ("file_type", "file_type", "file_type"),
          ("entity", "entity", "entities"))  # (key, words in ui.i18n, facet field)
DATE_FIELDS = ("date_from", "date_to")


def chosen(key: str) -> list[str]:
    """A facet widget's values: this session's, or the link's on a first visit."""
    if key in st.session_state:
        return [str(value) for value in st.session_state[key] or []]
    return st.query_params.get_all(key)


def show_date_and_sort(container) -> dict[str, Any]:
    """Date range and sort widgets; the API parameters they set."""
    params: dict[str, Any] = {}
    for key in DATE_FIELDS:
        value = container.text_input(t(key), key=key, bind="query-params", placeholder="2024-12-18").strip()
        if value:
            params[key] = value
    sort = container.segmented_control(t("sort"), list(SEARCH_SORTS), default=SEARCH_SORTS[0], required=True,
                                       key="sort", bind="query-params",
                                       help=t("sort_help"))
    if sort and sort != SEARCH_SORTS[0]:
        params["sort"] = sort
    return params


def facet_params() -> dict[str, list[str]]:
    """The facet values chosen, as API parameters."""
    return {key: values for key, _, _ in FACETS if (values := chosen(key))}


def show_facets(container, facets: dict[str, dict[str, int]]) -> None:
    """One multiselect per facet, each value with how many passages hold it."""
    for key, label, field in FACETS:
        counts = facets.get(field) or {}
        options = list(dict.fromkeys([*counts, *chosen(key)]))
        if not options:
            continue
        first = None if key in st.session_state else chosen(key)  # a shared link's values, on a first visit
        container.multiselect(t(label), options, default=first, key=key, bind="query-params",
                              format_func=lambda value, counts=counts: f"{value} ({counts.get(value, 0)})")
