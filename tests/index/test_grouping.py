"""Results by document: the grouping functions on hand-made rankings, and searches with group="document"."""

from __future__ import annotations

import pytest

from index.errors import InvalidQueryError
from index.grouping import best_passages_by_document, documents_of, passages_to_rank
from index.records import PASSAGES_PER_DOCUMENT, SearchHit, SearchResponse
from tests.search_api.conftest import write_reports


def hit(chunk_id: str, doc_id: str, score: float) -> SearchHit:
    return SearchHit(chunk_id=chunk_id, doc_id=doc_id, title=f"title of {doc_id}", source=f"{doc_id}.txt",
                     lang="fa" if doc_id.startswith("fa") else "en", page=1, text=chunk_id, score=score)


# Ranked best first: document "a" holds the first two places and four passages in all.
RANKED = [hit("a1", "a", 3.0), hit("a2", "a", 2.5), hit("fa1", "fa", 2.0), hit("a3", "a", 1.5),
          hit("a4", "a", 1.2), hit("b1", "b", 1.0), hit("fa2", "fa", 0.5), hit("c1", "c", 0.1)]


def ids(hits) -> list[str]:
    return [item.chunk_id for item in hits]


def test_each_document_keeps_its_best_passages_in_the_order_of_its_best_one():
    chosen = best_passages_by_document(RANKED, k=3)
    assert ids(chosen) == ["a1", "a2", "a3", "fa1", "fa2", "b1"]  # a4 is a's fourth; c is the fourth document


def test_k_counts_documents_and_per_document_caps_passages():
    assert ids(best_passages_by_document(RANKED, k=1)) == ["a1", "a2", "a3"]
    assert ids(best_passages_by_document(RANKED, k=10, per_document=1)) == ["a1", "fa1", "b1", "c1"]
    assert best_passages_by_document([], k=5) == []
    with pytest.raises(ValueError, match="at least 1"):
        best_passages_by_document(RANKED, k=0)


def test_documents_carry_their_passages_and_their_best_score():
    documents = documents_of(best_passages_by_document(RANKED, k=2))
    assert [(document.doc_id, document.score, ids(document.passages)) for document in documents] == [
        ("a", 3.0, ["a1", "a2", "a3"]), ("fa", 2.0, ["fa1", "fa2"])]
    assert (documents[1].title, documents[1].source, documents[1].lang) == ("title of fa", "fa.txt", "fa")


def test_a_search_ranks_enough_passages_to_fill_k_documents():
    assert passages_to_rank(10, "passage") == 10
    assert passages_to_rank(10, "document") == 10 * PASSAGES_PER_DOCUMENT


def test_an_old_answer_without_group_reads_as_passages():
    answer = SearchResponse.model_validate({"query": "q", "mode": "hybrid", "took_ms": 1.0, "results": []})
    assert (answer.group, answer.documents) == ("passage", None)


@pytest.fixture
def reports(fake_kavosh, tmp_path):
    """A six-passage English report, a one-passage English brief and a Persian news item."""
    report = fake_kavosh.ingest([write_reports(tmp_path / "reports")])
    assert not report.failed, report.failed
    return fake_kavosh


def test_by_document_the_report_shows_once_with_three_passages(reports):
    passages = reports.search("climate research teams", k=2)
    assert {item.source for item in passages.results} == {"report.en.txt"}  # one document fills the top

    answer = reports.search("climate research teams", k=2, group="document")
    assert answer.group == "document"
    # The second document is whichever ranks next in passage mode (neither of the others holds these words).
    runner_up = next(item.source for item in reports.search("climate research teams", k=10).results
                     if item.source != "report.en.txt")
    assert [document.source for document in answer.documents] == ["report.en.txt", runner_up]
    report = answer.documents[0]
    assert len(report.passages) == PASSAGES_PER_DOCUMENT
    assert [item.score for item in report.passages] == sorted((item.score for item in report.passages), reverse=True)
    assert report.score == report.passages[0].score
    assert ids(answer.results) == [item.chunk_id for document in answer.documents for item in document.passages]
    assert all(item.highlights for item in report.passages)  # the matched words are marked, as in passage mode


def test_grouping_reorders_nothing_it_picks_from_the_passage_ranking(reports):
    """The corpus is smaller than one language's candidates, so both searches rank every passage alike."""
    every_passage = reports.search("science diplomacy cooperation", k=100).results
    grouped = reports.search("science diplomacy cooperation", k=2, group="document")
    expected = best_passages_by_document(every_passage, k=2)
    assert [(item.chunk_id, item.score) for item in grouped.results] == [(item.chunk_id, item.score)
                                                                        for item in expected]


@pytest.mark.parametrize("mode", ["hybrid", "dense", "lexical"])
def test_every_mode_and_the_filters_group(reports, mode):
    answer = reports.search("science diplomacy", k=10, mode=mode, lang="en", group="document")
    assert answer.documents, mode
    assert len({document.doc_id for document in answer.documents}) == len(answer.documents)
    assert {document.lang for document in answer.documents} == {"en"}
    assert all(1 <= len(document.passages) <= PASSAGES_PER_DOCUMENT for document in answer.documents)


def test_passage_mode_has_no_documents_and_a_bad_group_names_the_field(reports):
    assert reports.search("science", k=3).documents is None
    with pytest.raises(InvalidQueryError, match="group: must be one of passage, document"):
        reports.search("science", group="page")
