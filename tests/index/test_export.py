"""Exported results: the columns journalists need, Persian intact, no spreadsheet formulas."""

from __future__ import annotations

import csv
import io
import json

import pytest

from index.export import COLUMNS, document_link, export, export_rows

ANSWER = {
    "query": "دیپلماسی علم",
    "mode": "hybrid",
    "took_ms": 5.0,
    "results": [
        {"chunk_id": "c1", "doc_id": "d1", "title": "نشست دیپلماسی علم", "source": "meeting.fa.txt", "lang": "fa",
         "page": 1, "text": "نشست «دیپلماسی علم، فناوری و نوآوری» برگزار شد.", "score": 1.2, "highlights": [],
         "date": "2024-12-18"},
        {"chunk_id": "c2", "doc_id": "d2", "title": "=HYPERLINK(\"http://x\")", "source": "plan.en.pdf",
         "lang": "en", "page": 4, "text": "Science diplomacy, 2020-2022.", "score": 0.7, "highlights": []},
    ],
}


def test_rows_carry_rank_source_page_date_passage_and_a_link():
    rows = export_rows(ANSWER, "http://newsroom:8501/")
    assert [row["rank"] for row in rows] == [1, 2]
    assert rows[0]["date"] == "2024-12-18" and rows[1]["date"] == ""
    assert rows[0]["link"] == "http://newsroom:8501/document?doc=d1&chunk=c1&page=1"
    assert rows[1]["passage"] == "Science diplomacy, 2020-2022."


def test_csv_reads_back_with_persian_and_neutralized_formulas():
    text = export(ANSWER, "csv")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert tuple(rows[0]) == COLUMNS
    assert rows[0]["passage"] == "نشست «دیپلماسی علم، فناوری و نوآوری» برگزار شد."
    assert rows[1]["title"].startswith("'=")  # a spreadsheet shows it as text instead of running it


def test_json_is_the_rows():
    assert json.loads(export(ANSWER, "json")) == export_rows(ANSWER)


def test_an_unknown_format_is_refused_by_name():
    with pytest.raises(ValueError, match="format: must be one of csv, json"):
        export(ANSWER, "xlsx")


def test_a_hit_without_a_page_links_to_the_document():
    assert document_link({"doc_id": "d", "chunk_id": "c"}) == "http://127.0.0.1:8501/document?doc=d&chunk=c"
