"""What the pages share: this session's API client, the last results, and how API errors are shown."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import streamlit as st

from ui.api import ApiError, ApiUnreachable, KavoshApi

API_KEY = "kavosh_api"  # tests put a fake client here before the first run
RESULTS_KEY = "kavosh_results"  # chunk_id -> the search result, for the document view

T = TypeVar("T")


def get_api() -> KavoshApi:
    """This session's API client, made on first use from ``KAVOSH_API_URL``."""
    if API_KEY not in st.session_state:
        st.session_state[API_KEY] = KavoshApi()
    return st.session_state[API_KEY]


def call_api(action: Callable[[], T]) -> T | None:
    """Run one API call; if it fails, show why on the page (never a traceback) and return None."""
    try:
        return action()
    except ApiUnreachable as error:
        show_unreachable(error)
    except ApiError as error:
        show_api_error(error)
    return None


def show_unreachable(error: ApiUnreachable) -> None:
    st.error(
        f"**The Kavosh API is not answering at** `{error.base_url}`.\n\n"
        "Start it with `kavosh serve`, or set `KAVOSH_API_URL` to where it runs, then reload this page.",
        icon=":material/cloud_off:",
    )
    st.caption(f"What happened: {error.reason}")


def show_api_error(error: ApiError) -> None:
    if error.status_code >= 500:
        st.error(f"The API failed ({error.status_code}): {error.detail}", icon=":material/error:")
    else:
        st.warning(
            f"The API refused the request ({error.status_code}): {error.detail}", icon=":material/block:"
        )


def remember_results(results: Iterable[Mapping[str, Any]]) -> None:
    """Keep the results on show, so the document view can mark a passage without searching again."""
    st.session_state[RESULTS_KEY] = {result["chunk_id"]: dict(result) for result in results}


def remembered_result(chunk_id: str) -> dict[str, Any] | None:
    return st.session_state.get(RESULTS_KEY, {}).get(chunk_id)
