"""GET /search with date range, sort=date, the newsroom filters and facets (fake embedder, real embedded store)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from search_api.main import create_app
from tests.index.test_filtering import QUERY, write_dated_corpus


@pytest.fixture
def dated_client(settings, fake_kavosh, tmp_path):
    report = fake_kavosh.ingest([write_dated_corpus(tmp_path / "corpus")])
    assert not report.failed, report.failed
    with TestClient(create_app(settings, fake_kavosh)) as client:
        yield client


def search(client, **params) -> dict:
    response = client.get("/search", params={"q": QUERY, "k": 5, **params})
    assert response.status_code == 200, response.text
    return response.json()


def test_date_range_and_sort_by_date(dated_client):
    assert [hit["source"] for hit in search(dated_client, date_from="2020-01-01")["results"]] == ["nokhbegan.fa.txt"]
    assert [hit["source"] for hit in search(dated_client, date_to="2019-12-31")["results"]] == ["anso-2019.en.txt"]
    answer = search(dated_client, sort="date")
    assert [hit["date"] for hit in answer["results"]] == ["2024-12-18", "2019-03-12", ""]
    assert answer["sort"] == "date"


def test_repeated_filters_match_any_value_and_fields_combine(dated_client):
    both = search(dated_client, year=[2019, 2024])
    assert {hit["source"] for hit in both["results"]} == {"anso-2019.en.txt", "nokhbegan.fa.txt"}
    news = search(dated_client, folder="news", entity="org:anso", file_type="text", ocr="false")
    assert [hit["source"] for hit in news["results"]] == ["nokhbegan.fa.txt"]
    assert search(dated_client, ocr="true")["results"] == []


def test_facets_come_with_every_search(dated_client):
    facets = search(dated_client)["facets"]
    assert facets["year"] == {"2019": 1, "2024": 1}
    assert facets["folder"] == {"news": 2, "archive": 1}
    assert facets["file_type"] == {"text": 3}
    assert facets["lang"] == {"en": 2, "fa": 1}
    assert facets["entities"]["org:anso"] == 2
    assert search(dated_client, folder="archive")["facets"]["year"] == {"2019": 1}


@pytest.mark.parametrize(("params", "field"), [
    ({"date_from": "2024-02-30"}, "date_from"),
    ({"date_to": "soon"}, "date_to"),
    ({"date_from": "2024-01-02", "date_to": "2024-01-01"}, "date_to"),
    ({"sort": "oldest"}, "sort"),
    ({"file_type": "exe"}, "file_type"),
    ({"year": "last"}, "year"),
    ({"year": ["2019", "9223372036854775808"]}, "year"),  # past the store's 64-bit integers: 4xx, not 500
    ({"ocr": "maybe"}, "ocr"),
])
def test_bad_filters_answer_422_naming_the_field(dated_client, params, field):
    response = dated_client.get("/search", params={"q": QUERY, **params})
    assert response.status_code == 422
    assert field in response.json()["detail"]
