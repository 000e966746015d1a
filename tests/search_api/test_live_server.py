"""The real server (`kavosh serve`, uvicorn, the bundled model) over HTTP, through ApiClient."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from search_api.client import ApiClient, ApiError
from tests.conftest import LIVE_API_TOKEN as LIVE_TOKEN  # what live_api_url gives the server

pytestmark = pytest.mark.slow


@pytest.fixture
def api(live_api_url):
    with ApiClient(live_api_url, token=LIVE_TOKEN, timeout=30) as client:
        yield client


def test_health_and_stats_over_http(api):
    health = api.health()
    assert health["status"] == "ok"
    assert health["documents"] == 5
    assert health["embedder"] == api.stats()["embedder"]["name"]
    assert api.stats()["languages"]["fa"]["documents"] == 3


def test_cross_language_search_over_http(api):
    answer = api.search("science diplomacy", k=10, lang="fa")

    assert answer["results"]
    assert {hit["lang"] for hit in answer["results"]} == {"fa"}
    assert {"embed_ms"} <= answer["timings"].keys()
    document = api.document(answer["results"][0]["doc_id"])
    assert document["pages"] and document["source"].endswith(".fa.txt")


def test_bad_input_over_http_is_an_api_error_with_the_message(api):
    with pytest.raises(ApiError, match=r"^422: k: must be at most 100") as error:
        api.search("x", k=101)
    assert error.value.status_code == 422
    with pytest.raises(ApiError, match="404: doc_id: no document"):
        api.document("../../etc/passwd")


def test_a_very_long_url_is_refused_not_a_crash(live_api_url):
    answer = httpx.get(f"{live_api_url}/search", params={"q": "a" * 60_000}, timeout=10)
    assert answer.status_code in (400, 414, 422, 431)
    assert httpx.get(f"{live_api_url}/health", timeout=10).status_code == 200


def test_eight_concurrent_clients_get_the_serial_answers(api):
    queries = ["science diplomacy", "دیپلماسی علم", "returning experts", "نخبگان", "strategic plan",
               "همکاری بین المللی", "newsletter", "climate"]
    serial = {query: [hit["chunk_id"] for hit in api.search(query)["results"]] for query in queries}

    with ThreadPoolExecutor(8) as pool:
        parallel = dict(zip(queries, pool.map(lambda q: [h["chunk_id"] for h in api.search(q)["results"]],
                                              queries), strict=True))

    assert parallel == serial


def test_ingest_over_http_then_search(api, tmp_path):
    upload = tmp_path / "rasad.fa.txt"
    upload.write_text("رصدخانه ملی ایران با تلسکوپ سه متری در قله گرگش آغاز به کار کرد.", encoding="utf-8")

    job = api.wait_for_job(api.ingest([upload])["id"], timeout=120, poll=0.2)

    assert job["status"] == "done", job
    assert job["report"]["indexed"] == 1
    hits = api.search("رصدخانه تلسکوپ گرگش", k=3, lang="fa")["results"]
    assert hits[0]["source"] == "rasad.fa.txt"


def test_ingest_over_http_without_the_token_is_refused(live_api_url, tmp_path):
    upload = tmp_path / "x.txt"
    upload.write_text("hello")
    with ApiClient(live_api_url) as anonymous, pytest.raises(ApiError, match="^401: Authorization"):
        anonymous.ingest([upload])
