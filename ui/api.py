"""The UI's one way to the Kavosh API: a thin httpx client and the errors the pages show.

Used until ``search_api.client.ApiClient`` exists; the pages only call the methods below,
so swapping the client is a change to this file alone.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

import httpx

DEFAULT_API_URL = "http://127.0.0.1:8000"


class ApiError(Exception):
    """The API answered, but with an error; ``detail`` is its message."""

    def __init__(self, status_code: int, detail: str) -> None:
        super().__init__(f"{status_code}: {detail}")
        self.status_code = status_code
        self.detail = detail


class ApiUnreachable(Exception):
    """Nothing answered at the API's address (not started, wrong KAVOSH_API_URL, timed out)."""

    def __init__(self, base_url: str, reason: str) -> None:
        super().__init__(f"cannot reach the Kavosh API at {base_url}: {reason}")
        self.base_url = base_url
        self.reason = reason


def api_url_from_env() -> str:
    """Where the API is: ``KAVOSH_API_URL``, or the address ``kavosh serve`` uses by default."""
    return (os.environ.get("KAVOSH_API_URL") or DEFAULT_API_URL).rstrip("/")


class KavoshApi:
    """Calls the API's endpoints and returns their JSON as dicts; raises ApiError or ApiUnreachable."""

    def __init__(
        self, base_url: str | None = None, timeout: float = 30.0, transport: httpx.BaseTransport | None = None
    ) -> None:
        self.base_url = (base_url or api_url_from_env()).rstrip("/")
        self._http = httpx.Client(base_url=self.base_url, timeout=timeout, transport=transport)

    def _request(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.TransportError as exc:  # connection refused, DNS, timeouts
            raise ApiUnreachable(self.base_url, str(exc) or type(exc).__name__) from exc
        if response.status_code >= 400:
            raise ApiError(response.status_code, _detail(response))
        try:
            return response.json()
        except ValueError as exc:
            raise ApiError(response.status_code, "the API answered with something that is not JSON") from exc

    def health(self) -> dict[str, Any]:
        return self._request("GET", "/health")

    def search(
        self,
        query: str,
        *,
        k: int = 10,
        lang: str | None = None,
        mode: str = "hybrid",
        source: str | None = None,
    ) -> dict[str, Any]:
        params: dict[str, Any] = {"q": query, "k": k, "mode": mode}
        if lang:
            params["lang"] = lang
        if source:
            params["source"] = source
        return self._request("GET", "/search", params=params)

    def document(self, doc_id: str) -> dict[str, Any]:
        return self._request("GET", f"/documents/{quote(doc_id, safe='')}")

    def stats(self) -> dict[str, Any]:
        return self._request("GET", "/stats")

    def ingest(
        self, files: Sequence[tuple[str, bytes]], *, token: str, collection: str | None = None
    ) -> dict[str, Any]:
        """Upload files for indexing; returns the new job (``id``, ``status``, ``progress``, ...)."""
        multipart = [("files", (name, content)) for name, content in files]
        data = {"collection": collection} if collection else None
        return self._request("POST", "/ingest", files=multipart, data=data, headers=_bearer(token))

    def job(self, job_id: str, *, token: str) -> dict[str, Any]:
        return self._request("GET", f"/jobs/{quote(job_id, safe='')}", headers=_bearer(token))


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _detail(response: httpx.Response) -> str:
    """The message of a 4xx/5xx answer: its ``detail`` field, else the start of its body."""
    try:
        body = response.json()
    except ValueError:
        return response.text[:200] or response.reason_phrase
    detail = body.get("detail") if isinstance(body, dict) else None
    if isinstance(detail, str):
        return detail
    if detail is not None:  # FastAPI's validation errors: a list of {"loc", "msg"}
        messages = (str(item.get("msg", item)) if isinstance(item, dict) else str(item) for item in detail)
        return "; ".join(messages)
    return response.text[:200]
