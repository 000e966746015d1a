"""Filters, date sort and facets over a small dated collection in two folders (fake embedder, real embedded store)."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.errors import InvalidQueryError
from index.records import SearchFilters

ENGLISH_2019 = ("Beijing, 12 March 2019. The Alliance of National and International Science Organizations (ANSO) "
                "held its first meeting on science diplomacy and climate research.")
PERSIAN_2024 = ("تهران، ۲۸ آذر ۱۴۰۳ — نشست دیپلماسی علم با حضور نمایندگان آنسو در دانشگاه تهران برگزار شد "
                "و درباره همکاری‌های علمی گفتگو کردند.")
UNDATED = "Science diplomacy helps researchers work together on climate and water security across borders."
QUERY = "science diplomacy"


def write_dated_corpus(folder: Path) -> Path:
    """Three text files: an English one of 2019 in archive/, a Persian one of 2024 and an undated one in news/."""
    (folder / "archive").mkdir(parents=True)
    (folder / "news").mkdir()
    (folder / "archive" / "anso-2019.en.txt").write_text(ENGLISH_2019, encoding="utf-8")
    (folder / "news" / "nokhbegan.fa.txt").write_text(PERSIAN_2024, encoding="utf-8")
    (folder / "news" / "undated.en.txt").write_text(UNDATED, encoding="utf-8")
    return folder


@pytest.fixture
def dated_kavosh(fake_kavosh, tmp_path):
    report = fake_kavosh.ingest([write_dated_corpus(tmp_path / "corpus")])
    assert not report.failed, report.failed
    return fake_kavosh


def sources(answer) -> set[str]:
    return {hit.source for hit in answer.results}


def test_hits_carry_their_documents_date_and_no_ocr_mark(dated_kavosh):
    dates = {hit.source: hit.date for hit in dated_kavosh.search(QUERY, k=5).results}
    assert dates == {"anso-2019.en.txt": "2019-03-12", "nokhbegan.fa.txt": "2024-12-18", "undated.en.txt": ""}
    assert not any(hit.ocr for hit in dated_kavosh.search(QUERY, k=5).results)


def test_a_date_range_keeps_only_documents_dated_inside_it(dated_kavosh):
    def between(date_from=None, date_to=None):
        return sources(dated_kavosh.search(QUERY, k=5, filters=SearchFilters(date_from=date_from, date_to=date_to)))

    assert between("2020-01-01") == {"nokhbegan.fa.txt"}
    assert between(date_to="2019-12-31") == {"anso-2019.en.txt"}
    assert between("2019-03-12", "2024-12-18") == {"anso-2019.en.txt", "nokhbegan.fa.txt"}
    assert between("2019-03-13", "2024-12-17") == set()


def test_year_folder_file_type_entity_and_ocr_filters(dated_kavosh):
    def narrowed(**fields):
        return sources(dated_kavosh.search(QUERY, k=5, filters=SearchFilters(**fields)))

    assert narrowed(year=2019) == {"anso-2019.en.txt"}
    assert narrowed(year=[2019, 2024]) == {"anso-2019.en.txt", "nokhbegan.fa.txt"}
    assert narrowed(folder="news") == {"nokhbegan.fa.txt", "undated.en.txt"}
    assert narrowed(file_type="text") == narrowed(ocr=False) == {"anso-2019.en.txt", "nokhbegan.fa.txt",
                                                                  "undated.en.txt"}
    assert narrowed(file_type="pdf") == narrowed(ocr=True) == set()
    # ANSO and آنسو are one entity across scripts
    assert narrowed(entity="org:anso") == {"anso-2019.en.txt", "nokhbegan.fa.txt"}


def test_sort_by_date_puts_the_newest_first_and_the_undated_last(dated_kavosh):
    answer = dated_kavosh.search(QUERY, k=5, sort="date")
    assert [hit.date for hit in answer.results] == ["2024-12-18", "2019-03-12", ""]
    assert answer.sort == "date"
    grouped = dated_kavosh.search(QUERY, k=5, sort="date", group="document")
    assert [document.source for document in grouped.documents][:2] == ["nokhbegan.fa.txt", "anso-2019.en.txt"]


def test_facets_count_the_filtered_collection_leaving_out_each_fields_own_filter(dated_kavosh):
    facets = dated_kavosh.search(QUERY, k=1).facets
    assert facets["lang"] == {"en": 2, "fa": 1}
    assert facets["year"] == {"2019": 1, "2024": 1}
    assert facets["folder"] == {"news": 2, "archive": 1}
    assert facets["file_type"] == {"text": 3}
    assert facets["entities"]["org:anso"] == 2
    narrowed = dated_kavosh.search(QUERY, k=1, filters=SearchFilters(year=2024)).facets
    assert narrowed["year"] == {"2019": 1, "2024": 1}  # the other year stays visible
    assert narrowed["folder"] == {"news": 1}


def test_document_record_keeps_date_and_where_it_came_from(dated_kavosh):
    hit = dated_kavosh.search(QUERY, k=5, filters=SearchFilters(year=2024)).results[0]
    document = dated_kavosh.document(hit.doc_id)
    assert (document.date, document.date_source) == ("2024-12-18", "text:jalali")


@pytest.mark.parametrize(("fields", "sort", "named"), [
    ({"date_from": "2024-13-01"}, "relevance", "date_from"),
    ({"date_to": "yesterday"}, "relevance", "date_to"),
    ({"date_from": "2024-01-02", "date_to": "2024-01-01"}, "relevance", "date_to"),
    ({"file_type": "exe"}, "relevance", "file_type"),
    ({}, "oldest", "sort"),
])
def test_bad_filters_name_the_field(dated_kavosh, fields, sort, named):
    with pytest.raises(InvalidQueryError, match=f"^{named}:"):
        dated_kavosh.search(QUERY, filters=SearchFilters(**fields), sort=sort)
