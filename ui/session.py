"""What the pages share: this session's API client, the last results, and how API errors are shown."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import streamlit as st

from search_api.client import ApiClient, ApiError
from ui.i18n import t
from ui.render import markdown_escape

API_KEY = "kavosh_api"
TOKEN_KEY = "kavosh_read_token"  # the access token the user gave, when the API needs one to read
RESULTS_KEY = "kavosh_results"  # chunk_id -> the search result, for the document view

T = TypeVar("T")


def get_api() -> ApiClient:
    """This session's API client, at ``KAVOSH_API_URL`` (http://127.0.0.1:8000 if unset).

    It sends the access token this session's user entered, if the API asked for one
    (``KAVOSH_READ_TOKEN`` on the server): the UI is behind the same token as the API.
    """
    if API_KEY not in st.session_state:
        st.session_state[API_KEY] = ApiClient(os.environ.get("KAVOSH_API_URL") or None,
                                              token=st.session_state.get(TOKEN_KEY))
    return st.session_state[API_KEY]


def use_token(token: str) -> None:
    """From now on this session reads with ``token`` (a new client is made on the next call)."""
    st.session_state[TOKEN_KEY] = token.strip() or None
    st.session_state.pop(API_KEY, None)


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


def show_api_error(error: ApiError, ask_token: bool = True) -> None:
    """No status code: nothing answered. 401: ask for the access token (``ask_token``). Other 4xx: the
    API's message. 5xx: the API failed."""
    if error.status_code is None:
        st.error(t("api_not_answering", url=get_api().base_url), icon=":material/cloud_off:")
        st.caption(t("what_happened", message=markdown_escape(error.message)))
        return
    if error.status_code == 401 and ask_token:
        ask_for_token()
        return
    # The message may repeat what the user (or a crafted link) sent: shown as text, not Markdown.
    detail = markdown_escape(re.sub(rf"^{error.status_code}: ", "", error.message))
    if error.status_code >= 500:
        st.error(t("api_failed", status=error.status_code, detail=detail), icon=":material/error:")
    else:
        st.warning(t("api_refused", status=error.status_code, detail=detail), icon=":material/block:")


def ask_for_token() -> None:
    """The API reads only with a token (KAVOSH_READ_TOKEN): ask this session's user for it."""
    st.warning(t("token_needed"), icon=":material/lock:")
    with st.form("access-token"):
        token = st.text_input(t("access_token"), type="password", help=t("access_token_help"))
        if st.form_submit_button(t("use_token")):
            use_token(token)
            st.rerun()


def remember_results(results: Iterable[Mapping[str, Any]]) -> None:
    """Keep the results on show, so the document view can mark a passage without searching again."""
    st.session_state[RESULTS_KEY] = {result["chunk_id"]: dict(result) for result in results}


def remembered_result(chunk_id: str) -> dict[str, Any] | None:
    return st.session_state.get(RESULTS_KEY, {}).get(chunk_id)
