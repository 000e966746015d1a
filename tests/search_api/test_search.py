"""GET /search: the JSON contract, filters, duplicates, and every kind of bad input."""

from __future__ import annotations

import threading
import time

import pytest
from fastapi.testclient import TestClient

from search_api.main import create_app
from tests.search_api.conftest import write_reports

CONTRACT_KEYS = {"query", "mode", "took_ms", "results"}
HIT_KEYS = {"chunk_id", "doc_id", "title", "source", "lang", "page", "text", "score", "highlights"}


def test_search_answers_the_contract(client):
    answer = client.get("/search", params={"q": "  science diplomacy  ", "k": 5})

    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body.keys() >= CONTRACT_KEYS
    assert body["query"] == "science diplomacy"
    assert body["mode"] == "hybrid"
    assert isinstance(body["took_ms"], int | float)
    assert 1 <= len(body["results"]) <= 5
    for hit in body["results"]:
        assert hit.keys() >= HIT_KEYS
        assert isinstance(hit["score"], float)
        assert isinstance(hit["page"], int)
        assert hit["lang"] in ("fa", "en")
        for start, end in hit["highlights"]:
            assert 0 <= start < end <= len(hit["text"])
    top = body["results"][0]
    marked = [top["text"][start:end].lower() for start, end in top["highlights"]]
    assert marked[:2] == ["science", "diplomacy"]


def test_duplicate_text_is_shown_once_with_the_other_source(client):
    body = client.get("/search", params={"q": "returning experts laboratories", "lang": "en"}).json()

    top = body["results"][0]
    assert {"diplomacy.en.txt", "diplomacy-copy.en.md"} <= {top["source"], *top["also_in"]}
    duplicates = [hit for hit in body["results"] if hit["text"] == top["text"]]
    assert len(duplicates) == 1


@pytest.mark.parametrize("mode", ["hybrid", "dense", "lexical"])
def test_every_mode_answers(client, mode):
    body = client.get("/search", params={"q": "دیپلماسی علم", "mode": mode}).json()

    assert body["mode"] == mode
    assert body["results"], mode
    assert body["results"][0]["source"] == "nokhbegan.fa.txt"


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_language_filter(client, lang):
    body = client.get("/search", params={"q": "science دیپلماسی", "lang": lang}).json()

    assert body["results"]
    assert {hit["lang"] for hit in body["results"]} == {lang}


def test_source_filter_is_an_exact_file_name(client):
    body = client.get("/search", params={"q": "science", "source": "diplomacy-copy.en.md"}).json()
    assert body["results"]
    assert {hit["source"] for hit in body["results"]} <= {"diplomacy-copy.en.md"} | {
        source for hit in body["results"] for source in hit["also_in"]
    }

    assert client.get("/search", params={"q": "science", "source": "nothing.pdf"}).json()["results"] == []


def test_query_of_1000_characters_after_trimming_is_accepted(client):
    answer = client.get("/search", params={"q": "   " + "a" * 1000 + "   "})
    assert answer.status_code == 200, answer.text


@pytest.mark.parametrize(
    "params, field, words",
    [
        ({"q": "x", "k": "0"}, "k", "at least 1"),
        ({"q": "x", "k": "101"}, "k", "at most 100"),
        ({"q": "x", "k": "-5"}, "k", "at least 1"),
        ({"q": "x", "k": "abc"}, "k", "integer"),
        ({"q": "x", "k": "1.5"}, "k", "integer"),
        ({"q": "x", "k": ""}, "k", "integer"),
        ({"q": "x", "mode": "foo"}, "mode", "hybrid"),
        ({"q": "x", "mode": "HYBRID"}, "mode", "one of"),
        ({"q": "x", "lang": "de"}, "lang", "'fa'"),
        ({"q": "x", "group": "page"}, "group", "'passage'"),
        ({"q": "x", "group": ""}, "group", "'document'"),
        ({}, "q", "required"),
        ({"k": "5"}, "q", "required"),
        ({"q": ""}, "q", "empty"),
        ({"q": "   "}, "q", "empty"),
        ({"q": "\t\n \u3000"}, "q", "empty"),
        ({"q": "a" * 1001}, "q", "1000"),
        ({"q": "x", "source": "s" * 256}, "source", "255"),
    ],
)
def test_bad_input_answers_422_naming_the_field(client, params, field, words):
    answer = client.get("/search", params=params)

    assert answer.status_code == 422, answer.text
    detail = answer.json()["detail"]
    assert isinstance(detail, str)
    assert detail.startswith(f"{field}:"), detail
    assert words in detail, detail


def test_several_bad_fields_are_all_named(client):
    detail = client.get("/search", params={"q": "x", "k": "0", "mode": "foo"}).json()["detail"]
    assert "k:" in detail and "mode:" in detail


@pytest.mark.parametrize(
    "query",
    [
        "\x00",
        "a\x00b",
        "\u200c\u200f\u202e",  # ZWNJ, RLM, RLO: nothing searchable
        "???!!!...",
        "🔍🇮🇷",
        "'; DROP TABLE chunks; --",
        "%s %d {0} {}",
        "*:* OR 1=1",
        "می‌شود همکاری‌های",
        "ك ي ۱۲۳ ١٢٣",
        "a" * 1000,
        "دیپلماسی " * 100,
    ],
)
def test_odd_queries_never_answer_5xx(client, query):
    answer = client.get("/search", params={"q": query, "k": 100})
    assert answer.status_code in (200, 422), answer.text
    assert "detail" in answer.json() or "results" in answer.json()


@pytest.mark.parametrize("source", ["\x00", "../../etc/passwd", "*", "diplomacy.en.txt\n", "گزارش.pdf", " "])
def test_odd_source_filters_find_nothing_without_error(client, source):
    answer = client.get("/search", params={"q": "science", "source": source})
    assert answer.status_code == 200, answer.text
    assert answer.json()["results"] == []


def test_invalid_utf8_in_the_query_string_is_not_a_server_error(client):
    answer = client.get("/search?q=%ff%fe%ED%A0%80&k=3")
    assert answer.status_code in (200, 422), answer.text


def test_search_does_not_block_the_event_loop(api_settings, indexed_kavosh):
    """A slow search runs in the threadpool: /health answers meanwhile."""

    class SlowKavosh:
        def __getattr__(self, name):
            return getattr(indexed_kavosh, name)

        def search(self, *args, **kwargs):
            time.sleep(1.0)
            return indexed_kavosh.search(*args, **kwargs)

    with TestClient(create_app(api_settings, SlowKavosh())) as client:
        slow = threading.Thread(target=client.get, args=("/search",), kwargs={"params": {"q": "science"}})
        slow.start()
        time.sleep(0.1)
        started = time.perf_counter()
        assert client.get("/health").status_code == 200
        assert time.perf_counter() - started < 0.7
        slow.join()


def test_concurrent_searches_give_the_same_answers_as_serial_ones(client):
    queries = ["science diplomacy", "دیپلماسی علم", "returning experts", "همکاری", "climate water"] * 4
    expected = {q: [hit["chunk_id"] for hit in client.get("/search", params={"q": q}).json()["results"]]
                for q in set(queries)}
    answers: dict[int, list[str]] = {}

    def ask(number: int, query: str) -> None:
        answer = client.get("/search", params={"q": query})
        answers[number] = [hit["chunk_id"] for hit in answer.json()["results"]]

    threads = [threading.Thread(target=ask, args=(number, q)) for number, q in enumerate(queries)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert {number: answers.get(number) for number in range(len(queries))} == {
        number: expected[q] for number, q in enumerate(queries)
    }


def test_an_empty_language_means_all_languages(client):
    answer = client.get("/search", params={"q": "science", "lang": ""})
    assert answer.status_code == 200
    assert {hit["lang"] for hit in answer.json()["results"]} == {"fa", "en"}


@pytest.fixture
def reports_client(settings, fake_kavosh, tmp_path):
    """The API over documents of several passages each (tests/search_api/conftest.py: write_reports)."""
    report = fake_kavosh.ingest([write_reports(tmp_path / "reports")])
    assert not report.failed, report.failed
    with TestClient(create_app(settings, fake_kavosh)) as test_client:
        yield test_client


def test_group_document_answers_documents_with_their_passages(reports_client):
    answer = reports_client.get("/search", params={"q": "climate research teams", "k": 2, "group": "document"})

    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body.keys() >= CONTRACT_KEYS | {"group", "documents"} and body["group"] == "document"
    documents = body["documents"]
    # The second document is whichever ranks next in passage mode (neither of the others holds these words).
    passages = reports_client.get("/search", params={"q": "climate research teams", "k": 10}).json()["results"]
    runner_up = next(hit["source"] for hit in passages if hit["source"] != "report.en.txt")
    assert [document["source"] for document in documents] == ["report.en.txt", runner_up]
    for document in documents:
        assert document.keys() >= {"doc_id", "title", "source", "lang", "score", "passages"}
        assert 1 <= len(document["passages"]) <= 3
        assert {hit["doc_id"] for hit in document["passages"]} == {document["doc_id"]}
        assert document["score"] == max(hit["score"] for hit in document["passages"])
    assert len(documents[0]["passages"]) == 3  # the report has six passages: its best three are shown
    # Old clients read `results`: the same passages, document after document.
    assert body["results"] == [hit for document in documents for hit in document["passages"]]
    for hit in body["results"]:
        assert hit.keys() >= HIT_KEYS


def test_passages_stay_the_default_group(reports_client):
    body = reports_client.get("/search", params={"q": "climate research teams", "k": 2}).json()
    assert body["group"] == "passage" and body["documents"] is None
    assert [hit["source"] for hit in body["results"]] == ["report.en.txt", "report.en.txt"]
