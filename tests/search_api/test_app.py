"""The app factory, its lifespan, settings overrides, serve(), and the validation messages."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from index.errors import StoreLockedError
from index.service import Kavosh
from kavosh.settings import get_settings
from search_api import main
from search_api.main import create_app, describe_validation_error
from search_api.routes.deps import get_settings as api_settings


def test_lifespan_opens_kavosh_from_the_settings_and_closes_it(settings, fake_embedder, monkeypatch):
    opened = []

    def open_with_fake(given, **kwargs):
        opened.append(Kavosh(*_store_and(given, fake_embedder)))
        return opened[-1]

    monkeypatch.setattr(Kavosh, "open", staticmethod(open_with_fake))
    app = create_app(settings)
    with TestClient(app) as client:
        assert client.get("/health").json() == {"status": "ok", "documents": 0, "embedder": "fake-bow"}
        assert app.state.kavosh is opened[0]
    assert app.state.kavosh is None
    # Closed at shutdown: the embedded store can be opened again in this process.
    with Kavosh(*_store_and(settings, fake_embedder)) as again:
        assert again.stats().to_dict()["documents"] == 0


def _store_and(settings, embedder):
    from index.store import open_store

    return open_store(settings.home, settings.collection, None, None), embedder


def test_serve_settings_come_from_the_environment(monkeypatch, fake_kavosh):
    monkeypatch.setenv("KAVOSH_API_TOKEN", "from-env-long-enough-token")
    get_settings.cache_clear()
    with TestClient(create_app(get_settings(), kavosh=fake_kavosh)) as client:
        paths = client.get("/openapi.json").json()["paths"]
        assert "/ingest" in paths
        no_token = client.post("/ingest", files={"files": ("a.txt", b"x")})
        assert no_token.status_code == 401
        with_token = client.post("/ingest", files={"files": ("a.txt", b"some words")},
                                 headers={"Authorization": "Bearer from-env-long-enough-token"})
        assert with_token.status_code == 202


def test_dependency_override_of_get_settings_is_honoured(settings, fake_kavosh):
    app = create_app(settings.model_copy(update={"api_token": "token-number-one-0001"}), fake_kavosh)
    app.dependency_overrides[api_settings] = lambda: settings.model_copy(update={"api_token": "token-number-two-0002"})
    with TestClient(app) as client:
        upload = {"files": ("a.txt", b"some words")}
        answer = client.post("/ingest", files=upload, headers={"Authorization": "Bearer token-number-one-0001"})
        assert answer.status_code == 401
        answer = client.post("/ingest", files=upload, headers={"Authorization": "Bearer token-number-two-0002"})
        assert answer.status_code == 202


def test_serve_reports_a_locked_store_before_starting(settings, monkeypatch):
    def locked(*args, **kwargs):
        raise StoreLockedError("the index in /x is held by another process (pid 42); stop it first")

    monkeypatch.setattr(Kavosh, "open", staticmethod(locked))
    started = []
    monkeypatch.setattr("uvicorn.run", lambda *args, **kwargs: started.append(args))

    with pytest.raises(StoreLockedError, match="held by another process"):
        main.serve(settings, "127.0.0.1", 0)
    assert started == []


def test_serve_runs_uvicorn_on_the_app_and_closes_kavosh(settings, monkeypatch):
    class Opened:
        closed = warmed_up = batching = False

        def warm_up(self):
            self.warmed_up = True

        def batch_queries(self):
            self.batching = True

        def close(self):
            self.closed = True

    opened = Opened()
    monkeypatch.setattr(Kavosh, "open", staticmethod(lambda given: opened))
    runs = []
    monkeypatch.setattr("uvicorn.run", lambda app, **kwargs: runs.append((app, kwargs)))

    main.serve(settings, "127.0.0.1", 8123)

    app, options = runs[0]
    assert app.state.kavosh is opened
    assert options["host"] == "127.0.0.1" and options["port"] == 8123 and options["workers"] == 1
    assert opened.warmed_up and opened.batching and opened.closed


@pytest.mark.parametrize(
    "error, message",
    [
        ({"type": "missing", "loc": ("query", "q")}, "q: is required"),
        ({"type": "int_parsing", "loc": ("query", "k"), "input": "abc"}, "k: must be an integer (got 'abc')"),
        ({"type": "greater_than_equal", "loc": ("query", "k"), "input": "0", "ctx": {"ge": 1}},
         "k: must be at least 1 (got '0')"),
        ({"type": "less_than_equal", "loc": ("query", "k"), "input": "101", "ctx": {"le": 100}},
         "k: must be at most 100 (got '101')"),
        ({"type": "literal_error", "loc": ("query", "mode"), "input": "foo",
          "ctx": {"expected": "'hybrid', 'dense' or 'lexical'"}},
         "mode: must be one of 'hybrid', 'dense' or 'lexical' (got 'foo')"),
        ({"type": "string_too_long", "loc": ("query", "source"), "input": "s" * 300,
          "ctx": {"max_length": 255}},
         "source: must be at most 255 characters (got 300)"),
        ({"type": "int_parsing", "loc": ("query", "k"), "input": "9" * 100},
         "k: must be an integer (got '" + "9" * 35 + "...')"),
        ({"type": "something_new", "loc": ("body", "files", 0), "msg": "Odd"}, "files.0: Odd"),
    ],
)
def test_validation_messages_name_the_field(error, message):
    assert describe_validation_error(error) == message
