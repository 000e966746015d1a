"""A small client of the Kavosh API for the CLI and the UI: dicts in, dicts out, one error type."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from search_api.errors import ApiError

DEFAULT_URL = "http://127.0.0.1:8000"

__all__ = ["DEFAULT_URL", "ApiClient", "ApiError"]


class ApiClient:
    """Talks to a running ``kavosh serve``.

    Args:
        base_url: e.g. ``http://127.0.0.1:8000`` (``KAVOSH_API_URL``).
        token: the server's ``KAVOSH_API_TOKEN``, needed for ``ingest`` and ``job``.
        timeout: seconds to wait for each answer.
    """

    def __init__(self, base_url: str | None = None, token: str | None = None, timeout: float = 30.0):
        self.base_url = (base_url or DEFAULT_URL).rstrip("/")
        self.token = token
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._http = httpx.Client(base_url=self.base_url, headers=headers, timeout=timeout)

    def __enter__(self) -> ApiClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def health(self) -> dict[str, Any]:
        return self._request("GET", "/health")

    def search(
        self,
        query: str,
        k: int = 10,
        lang: str | None = None,
        mode: str = "hybrid",
        source: str | None = None,
        group: str = "passage",
        filters: dict[str, Any] | None = None,
        sort: str = "relevance",
    ) -> dict[str, Any]:
        """``group="document"``: the best ``k`` documents, each with its best passages; ``filters`` as
        ``SearchFilters.params()`` gives them (date_from, date_to, year, folder, file_type, entity, ocr)."""
        params: dict[str, Any] = {"q": query, "k": k, "mode": mode}
        if lang:
            params["lang"] = lang
        if source:
            params["source"] = source
        if group != "passage":  # the default; a server from before grouping still answers
            params["group"] = group
        if sort != "relevance":
            params["sort"] = sort
        params.update(filters or {})
        return self._request("GET", "/search", params=params)

    def document(self, doc_id: str) -> dict[str, Any]:
        return self._request("GET", f"/documents/{quote(doc_id, safe='')}")

    def documents(self, after: str | None = None, limit: int = 50) -> dict[str, Any]:
        """One page of the document listing; pass its ``next`` as ``after`` for the following page."""
        return self._request("GET", "/documents", params={"limit": limit, **({"after": after} if after else {})})

    def stats(self) -> dict[str, Any]:
        return self._request("GET", "/stats")

    def ingest(self, paths: Iterable[str | Path], collection: str | None = None,
               names: Sequence[str] | None = None) -> dict[str, Any]:
        """Upload files to index; returns the queued job (``id``, ``status``, ...).

        ``names`` are what the server keeps each file as (a relative path such as ``a/report.txt``,
        so that files of the same name from different folders stay apart); default: the base names.
        """
        paths = [Path(path) for path in paths]
        names = list(names) if names is not None else [path.name for path in paths]
        handles = []
        try:
            files = []
            for path, name in zip(paths, names, strict=True):
                try:
                    handle = path.open("rb")
                except OSError as exc:
                    raise ApiError(f"{path}: cannot read the file ({exc.strerror or exc})") from exc
                handles.append(handle)
                files.append(("files", (name, handle, "application/octet-stream")))
            data = {"collection": collection} if collection else None
            return self._request("POST", "/ingest", files=files, data=data)
        finally:
            for handle in handles:
                handle.close()

    def job(self, job_id: str) -> dict[str, Any]:
        return self._request("GET", f"/jobs/{quote(job_id, safe='')}")

    def wait_for_job(self, job_id: str, timeout: float = 600.0, poll: float = 0.5) -> dict[str, Any]:
        """Poll a job until it is ``done`` or ``failed``; ApiError if that takes over ``timeout`` s."""
        deadline = time.monotonic() + timeout
        while True:
            job = self.job(job_id)
            if job.get("status") in ("done", "failed"):
                return job
            if time.monotonic() > deadline:
                raise ApiError(f"ingest job {job_id} still {job.get('status')} after {timeout:.0f} s")
            time.sleep(poll)

    def _request(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.TimeoutException as exc:
            raise ApiError(f"the Kavosh API at {self.base_url} did not answer in time ({exc})") from exc
        except httpx.HTTPError as exc:
            raise ApiError(
                f"cannot reach the Kavosh API at {self.base_url} ({exc}); is `kavosh serve` running "
                "and KAVOSH_API_URL right?"
            ) from exc
        if response.is_error:
            raise ApiError(f"{response.status_code}: {_detail(response)}", status_code=response.status_code)
        try:
            return response.json()
        except ValueError as exc:
            raise ApiError(f"the API at {self.base_url} answered {path} with something not JSON") from exc


def _detail(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200] or response.reason_phrase
    if isinstance(body, dict) and "detail" in body:
        return str(body["detail"])
    return str(body)[:200]
