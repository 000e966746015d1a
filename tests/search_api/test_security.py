"""Who may talk to the API: the read token, token strength, the Host allow-list, the brake on wrong
tokens, and what the answers disclose of the server."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from search_api.main import create_app
from search_api.security import allowed_hosts, host_name
from tests.search_api.conftest import AUTH, TOKEN, wait_for_job

READ_TOKEN = "reader-token-for-the-newsroom"
READ = {"Authorization": f"Bearer {READ_TOKEN}"}
SOME_ID = "0" * 64


@pytest.fixture
def guarded(api_settings, indexed_kavosh):
    settings = api_settings.model_copy(update={"read_token": READ_TOKEN, "max_auth_failures": 3})
    with TestClient(create_app(settings, indexed_kavosh)) as client:
        yield client


@pytest.mark.parametrize("path, params", [("/search", {"q": "science"}), ("/stats", {}),
                                          (f"/documents/{SOME_ID}", {})])
def test_with_a_read_token_reading_needs_it(guarded, path, params):
    assert guarded.get(path, params=params).status_code == 401
    assert guarded.get(path, params=params, headers=READ).status_code in (200, 404)
    assert guarded.get(path, params=params, headers=AUTH).status_code in (200, 404)  # the API token reads too


def test_health_and_the_schema_stay_open_for_monitoring(guarded):
    assert guarded.get("/health").status_code == 200
    schema = guarded.get("/openapi.json").json()
    assert "401" in schema["paths"]["/search"]["get"]["responses"]


def test_the_read_token_does_not_upload(guarded):
    answer = guarded.post("/ingest", files={"files": ("a.txt", b"words")}, headers=READ)
    assert answer.status_code == 401


def test_without_a_read_token_reading_is_open(client):
    assert client.get("/search", params={"q": "science"}).status_code == 200


@pytest.mark.parametrize("field", ["api_token", "read_token"])
def test_a_short_token_is_refused_at_start(settings, fake_kavosh, field):
    with pytest.raises(ValueError, match=rf"KAVOSH_{field.upper()}: must be at least 16 characters \(got 6\)"):
        create_app(settings.model_copy(update={field: "abc123"}), fake_kavosh)


def test_wrong_tokens_are_braked_per_client_address(guarded):
    for _ in range(3):
        assert guarded.get("/stats", headers={"Authorization": "Bearer nope"}).status_code == 401
    braked = guarded.get("/stats", headers=READ)
    assert braked.status_code == 429
    assert 1 <= int(braked.headers["retry-after"]) <= 61
    assert braked.json()["detail"].startswith("Authorization: too many wrong tokens")
    upload = guarded.post("/ingest", files={"files": ("a.txt", b"words")}, headers=AUTH)
    assert upload.status_code == 429  # the same brake in front of uploads
    with TestClient(guarded.app, client=("10.0.0.7", 5000)) as other:
        assert other.get("/stats", headers=READ).status_code == 200


def test_the_brake_releases_after_its_window(guarded, monkeypatch):
    for _ in range(3):
        guarded.get("/stats")
    assert guarded.get("/stats", headers=READ).status_code == 429
    import search_api.security as security

    later = security.time.monotonic() + security.AUTH_WINDOW + 1
    monkeypatch.setattr(security.time, "monotonic", lambda: later)
    assert guarded.get("/stats", headers=READ).status_code == 200


@pytest.mark.parametrize("host, allowed", [
    ("localhost:8000", True), ("127.0.0.1", True), ("[::1]:8000", True), ("LOCALHOST", True),
    ("attacker.example", False), ("attacker.example:8000", False), ("127.0.0.1.attacker.example", False), ("", False),
])
def test_the_host_header_must_name_this_api(settings, fake_kavosh, host, allowed):
    app = create_app(settings.model_copy(update={"allowed_hosts": ""}), fake_kavosh)
    with TestClient(app) as client:
        answer = client.get("/health", headers={"Host": host})
    assert (answer.status_code == 200) is allowed
    if not allowed:
        assert answer.status_code == 400 and "KAVOSH_ALLOWED_HOSTS" in answer.json()["detail"]


def test_the_bound_address_and_configured_names_are_allowed():
    assert {"10.1.2.3", "localhost"} <= allowed_hosts("", "10.1.2.3")
    assert "0.0.0.0" not in allowed_hosts("", "0.0.0.0")
    assert "kavosh.newsroom.lan" in allowed_hosts("kavosh.newsroom.lan, other", "127.0.0.1")
    assert allowed_hosts("*", "127.0.0.1") is None
    assert host_name("[::1]:8000") == "::1" and host_name("Example.org:80") == "example.org"


def test_stats_and_documents_show_no_server_paths(fresh_client, api_settings):
    upload = fresh_client.post("/ingest", files={"files": ("broken.txt", b"\x00\x01\x02" * 50)}, headers=AUTH)
    wait_for_job(fresh_client, upload.json()["id"])
    stats = fresh_client.get("/stats").json()
    assert stats["store"] == {"backend": "embedded", "location": None, "collection": "kavosh", "windows": True}
    assert [item["path"] for item in stats["last_ingest"]["failed"]] == ["broken.txt"]
    document = fresh_client.get(f"/documents/{stats['sources'][0]['doc_id']}").json()
    assert document["path"] is None
    home = str(api_settings.home)
    assert home not in str(stats) and home not in str(document)


def test_an_admin_flag_shows_the_paths(api_settings, indexed_kavosh):
    settings = api_settings.model_copy(update={"expose_paths": True})
    with TestClient(create_app(settings, indexed_kavosh)) as client:
        stats = client.get("/stats").json()
        assert stats["store"]["location"].startswith(str(api_settings.home))
        document = client.get(f"/documents/{stats['sources'][0]['doc_id']}").json()
        assert document["path"].startswith("/")


def test_token_check_compares_either_token(guarded):
    assert guarded.get("/stats", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
