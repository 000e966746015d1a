"""What the pages share: this session's API client, the last results, and how API errors are shown."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import streamlit as st

from search_api.client import ApiClient, ApiError

API_KEY = "kavosh_api"
RESULTS_KEY = "kavosh_results"  # chunk_id -> the search result, for the document view

T = TypeVar("T")


def get_api() -> ApiClient:
    """This session's API client, at ``KAVOSH_API_URL`` (http://127.0.0.1:8000 if unset)."""
    if API_KEY not in st.session_state:
        st.session_state[API_KEY] = ApiClient(os.environ.get("KAVOSH_API_URL") or None)
    return st.session_state[API_KEY]


def get_upload_api(token: str) -> ApiClient:
    """A client that may upload: the write endpoints need the API's token."""
    return ApiClient(get_api().base_url, token=token)


def call_api(action: Callable[[], T]) -> T | None:
    """Run one API call; if it fails, show why on the page (never a traceback) and return None."""
    try:
        return action()
    except ApiError as error:
        show_api_error(error)
    return None


def show_api_error(error: ApiError) -> None:
    """No status code: nothing answered. 4xx: the API's message. 5xx: the API failed."""
    if error.status_code is None:
        st.error(
            f"**The Kavosh API is not answering at** `{get_api().base_url}`.\n\n"
            "Start it with `kavosh serve`, or set `KAVOSH_API_URL` to where it runs, then reload this page.",
            icon=":material/cloud_off:",
        )
        st.caption(f"What happened: {error.message}")
        return
    detail = re.sub(rf"^{error.status_code}: ", "", error.message)
    if error.status_code >= 500:
        st.error(f"The API failed ({error.status_code}): {detail}", icon=":material/error:")
    else:
        st.warning(f"The API refused the request ({error.status_code}): {detail}", icon=":material/block:")


def remember_results(results: Iterable[Mapping[str, Any]]) -> None:
    """Keep the results on show, so the document view can mark a passage without searching again."""
    st.session_state[RESULTS_KEY] = {result["chunk_id"]: dict(result) for result in results}


def remembered_result(chunk_id: str) -> dict[str, Any] | None:
    return st.session_state.get(RESULTS_KEY, {}).get(chunk_id)
