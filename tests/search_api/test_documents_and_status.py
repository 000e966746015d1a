"""GET /documents/{doc_id}, /health, /stats, /docs, and error handling common to all routes."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from index.errors import KavoshError, StoreLockedError
from search_api.main import create_app


def _doc_id(client, query: str = "دیپلماسی علم") -> str:
    return client.get("/search", params={"q": query, "k": 1}).json()["results"][0]["doc_id"]


def test_document_has_metadata_and_page_texts(client):
    doc_id = _doc_id(client)

    answer = client.get(f"/documents/{doc_id}")

    assert answer.status_code == 200, answer.text
    document = answer.json()
    assert document["doc_id"] == doc_id
    assert document["source"] == "nokhbegan.fa.txt"
    assert document["lang"] == "fa"
    assert document["chunks"] >= 1
    assert document["pages"][0]["number"] == 1
    assert "دیپلماسی" in document["pages"][0]["text"]


def test_document_lists_the_other_files_with_the_same_bytes(client):
    doc_id = client.get("/search", params={"q": "returning experts", "source": "diplomacy.en.txt"}).json()[
        "results"][0]["doc_id"]
    document = client.get(f"/documents/{doc_id}").json()
    assert {document["source"], *document["also_in"]} == {"diplomacy.en.txt", "reposted-diplomacy.en.txt"}


def test_document_id_in_upper_case_is_found(client):
    doc_id = _doc_id(client)
    assert client.get(f"/documents/{doc_id.upper()}").status_code == 200


@pytest.mark.parametrize(
    "doc_id",
    [
        "0" * 64,
        "f" * 63,
        "not-a-document",
        "a/b/c",
        "../../etc/passwd",
        "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "سند-فارسی",
        "%00",
        "x" * 5000,
        "🙂",
    ],
)
def test_unknown_or_odd_document_ids_answer_404_with_a_message(client, doc_id):
    answer = client.get(f"/documents/{doc_id}")

    assert answer.status_code == 404, answer.text
    detail = answer.json()["detail"]
    # httpx folds "../" away before sending, so that one never reaches the route
    assert detail.startswith("doc_id: no document") or (doc_id.startswith("..") and detail == "Not Found")


def test_health_is_quick_and_small(client):
    answer = client.get("/health")

    assert answer.status_code == 200
    assert answer.json() == {"status": "ok", "documents": 3, "embedder": "fake-bow"}


def test_stats_counts_documents_per_language_and_source(client):
    stats = client.get("/stats").json()

    assert stats["documents"] == 3
    assert stats["chunks"] >= 3
    assert stats["languages"]["fa"]["documents"] == 1
    assert stats["languages"]["en"]["documents"] == 2
    assert {source["source"] for source in stats["sources"]} == {
        "diplomacy.en.txt", "diplomacy-copy.en.md", "nokhbegan.fa.txt"
    }
    assert stats["embedder"] == {"name": "fake-bow", "dim": 64}
    assert stats["store"]["collection"] == "kavosh"
    assert stats["last_ingest"]["indexed"] == 3


def test_openapi_documents_the_read_endpoints(read_only_client):
    docs = read_only_client.get("/docs")
    assert docs.status_code == 200
    assert "/docs-assets/swagger-ui-bundle.js" in docs.text and "cdn" not in docs.text.lower()
    assert read_only_client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200
    assert read_only_client.get("/docs-assets/swagger-ui.css").status_code == 200
    paths = read_only_client.get("/openapi.json").json()["paths"]
    assert {"/health", "/search", "/documents/{doc_id}", "/stats"} <= paths.keys()
    assert "/ingest" not in paths and "/jobs/{job_id}" not in paths


def test_without_a_token_there_is_no_ingest_endpoint(read_only_client):
    answer = read_only_client.post("/ingest", files={"files": ("a.txt", b"hello")})
    assert answer.status_code in (404, 405)
    assert "detail" in answer.json()
    assert read_only_client.get("/jobs/" + "0" * 32).status_code == 404


def test_unknown_path_and_wrong_method_answer_json(client):
    assert client.get("/nowhere").json() == {"detail": "Not Found"}
    answer = client.post("/search", params={"q": "x"})
    assert answer.status_code == 405
    assert "detail" in answer.json()


class _BrokenKavosh:
    """A service that fails the way a store that went away fails, or with a bug."""

    def __init__(self, error: Exception):
        self.error = error

    def search(self, *args, **kwargs):
        raise self.error

    stats = document = search


@pytest.mark.parametrize("failure", [
    KavoshError("the Qdrant server at http://q:6333 failed (query_points): unreachable"),
    StoreLockedError("the index at /srv/kavosh/collections/kavosh is in use by process 42"),
    OSError(28, "No space left on device", "/srv/kavosh/collections/kavosh/last_ingest.json"),
])
def test_a_service_failure_answers_503_without_paths_or_addresses(settings, failure, caplog):
    app = create_app(settings, _BrokenKavosh(failure))
    with TestClient(app) as client:
        answer = client.get("/search", params={"q": "x"})
    assert answer.status_code == 503
    detail = answer.json()["detail"]
    assert "the server log has the details" in detail
    assert "/srv" not in detail and "6333" not in detail and "http" not in detail
    assert "/srv" in caplog.text or "6333" in caplog.text  # the operator still learns what happened


def test_a_bug_answers_500_without_a_traceback(settings):
    app = create_app(settings, _BrokenKavosh(RuntimeError("secret internal state")))
    with TestClient(app, raise_server_exceptions=False) as client:
        answer = client.get("/stats")
    assert answer.status_code == 500
    assert answer.json() == {"detail": "internal error (RuntimeError); the server log has the details"}
    assert "Traceback" not in answer.text and "secret" not in answer.text


def test_documents_are_listed_a_page_at_a_time_without_server_paths(client):
    total = client.get("/stats").json()["documents"]
    seen, after = [], None
    while True:
        answer = client.get("/documents", params={"limit": 2, **({"after": after} if after else {})})
        assert answer.status_code == 200, answer.text
        page = answer.json()
        assert page["total"] == total and len(page["documents"]) <= 2
        assert all(summary["path"] is None and summary["title"] for summary in page["documents"])
        seen.extend(summary["doc_id"] for summary in page["documents"])
        after = page["next"]
        if after is None:
            break
    assert len(seen) == len(set(seen)) == total >= 3


@pytest.mark.parametrize(("params", "field"), [
    ({"limit": 0}, "limit"),
    ({"limit": 201}, "limit"),
    ({"after": "../../etc"}, "after"),
    ({"after": "6f1c2d3e-8a4b-5c6d-9e0f-a1b2c3d4e5ZZ"}, "after"),
])
def test_a_bad_page_request_is_refused_naming_the_field(client, params, field):
    answer = client.get("/documents", params=params)
    assert answer.status_code == 422
    assert field in answer.text
