"""ui.api: the UI's HTTP client turns answers into dicts and failures into ApiError / ApiUnreachable."""

from __future__ import annotations

import socket

import httpx
import pytest

from ui.api import DEFAULT_API_URL, ApiError, ApiUnreachable, KavoshApi, api_url_from_env


def api_answering(handler) -> KavoshApi:
    return KavoshApi("http://kavosh.test/", transport=httpx.MockTransport(handler))


def test_search_sends_only_the_filters_given():
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url)
        return httpx.Response(200, json={"query": "علم", "mode": "dense", "took_ms": 1, "results": []})

    api = api_answering(handler)
    assert api.search("علم", k=5, mode="dense")["mode"] == "dense"
    api.search("science", lang="en", source="a.pdf")
    assert seen[0].path == "/search" and dict(seen[0].params) == {"q": "علم", "k": "5", "mode": "dense"}
    assert dict(seen[1].params) == {
        "q": "science",
        "k": "10",
        "mode": "hybrid",
        "lang": "en",
        "source": "a.pdf",
    }


def test_ingest_uploads_files_with_the_token():
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.method == "POST" and request.url.path == "/ingest"
        assert request.headers["Authorization"] == "Bearer s3cret"
        body = request.read()
        assert b'name="files"; filename="a.txt"' in body and b"hello" in body
        return httpx.Response(202, json={"id": "j1", "status": "queued"})

    assert api_answering(handler).ingest([("a.txt", b"hello")], token="s3cret") == {
        "id": "j1",
        "status": "queued",
    }


@pytest.mark.parametrize(
    "status, body, detail",
    [
        (404, {"detail": "doc_id: no document 'x'"}, "doc_id: no document 'x'"),
        (
            422,
            {"detail": [{"loc": ["query", "k"], "msg": "Input should be a valid integer"}]},
            "Input should be a valid integer",
        ),
        (500, None, "Internal Server Error"),
    ],
)
def test_errors_carry_the_api_message(status, body, detail):
    def handler(request: httpx.Request) -> httpx.Response:
        if body is None:
            return httpx.Response(status, text="Internal Server Error")
        return httpx.Response(status, json=body)

    with pytest.raises(ApiError) as caught:
        api_answering(handler).document("x")
    assert caught.value.status_code == status and caught.value.detail == detail


def test_nothing_listening_is_unreachable():
    with socket.socket() as probe:  # a port that was free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    api = KavoshApi(f"http://127.0.0.1:{port}", timeout=2)
    with pytest.raises(ApiUnreachable) as caught:
        api.health()
    assert caught.value.base_url == f"http://127.0.0.1:{port}"
    assert str(port) in str(caught.value)


def test_api_url_from_env(monkeypatch):
    monkeypatch.delenv("KAVOSH_API_URL", raising=False)
    assert api_url_from_env() == DEFAULT_API_URL
    monkeypatch.setenv("KAVOSH_API_URL", "http://search.example:9000/")
    assert api_url_from_env() == "http://search.example:9000"
    assert KavoshApi().base_url == "http://search.example:9000"
