"""Cross-language search on the demo corpus with the real model and the real embedded engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.evaluation import evaluate, load_queries

pytestmark = pytest.mark.slow
QUESTIONS = Path(__file__).resolve().parents[2] / "corpora" / "eval" / "demo-questions.jsonl"


def test_the_demo_corpus_is_indexed_in_both_languages(demo_kavosh):
    stats = demo_kavosh.stats().to_dict()
    assert stats["documents"] == 5
    assert stats["languages"]["fa"]["documents"] == 3 and stats["languages"]["en"]["documents"] == 2
    pdf_pages = {source["source"]: source["pages"] for source in stats["sources"] if source["source"].endswith(".pdf")}
    assert pdf_pages == {"anso-strategic-plan-2020-2022-draft.en.pdf": 11, "anso-newsletter-25-dec-2024.en.pdf": 7}


def test_a_persian_question_finds_the_english_passage(demo_kavosh):
    results = demo_kavosh.search("مجمع جهانی علم بوداپست چند شرکت‌کننده داشت؟", k=10).results
    english = [hit for hit in results if hit.lang == "en"]
    answer = next(hit for hit in english[:5] if "1,100 participants" in hit.text)
    assert answer.source == "anso-newsletter-25-dec-2024.en.pdf"
    assert 1 <= answer.page <= 7


def test_an_english_question_finds_the_persian_passage(demo_kavosh):
    results = demo_kavosh.search("second meeting of Iranian experts who returned home", k=10).results
    persian = [hit for hit in results if hit.lang == "fa"]
    assert persian and persian[0].source == "iribnews-returned-experts-meeting.fa.txt"


def test_both_languages_appear_in_the_first_results(demo_kavosh):
    langs = [hit.lang for hit in demo_kavosh.search("science diplomacy", k=6).results]
    assert {"fa", "en"} <= set(langs)


@pytest.mark.parametrize("query", ["همکاری‌های بین‌المللی", "همکاری های بین المللی", "همکاریهای بینالمللی"])
def test_zwnj_space_and_joined_queries_find_and_mark_the_same_words(demo_kavosh, query):
    hit = demo_kavosh.search(query, k=1, lang="fa", mode="lexical").results[0]
    marked = {hit.text[start:end] for start, end in hit.highlights}
    assert any(word.replace("\u200c", "").startswith("همکاری") for word in marked), marked


def test_cross_language_ranking_quality_does_not_regress(demo_kavosh):
    """Bilingual questions with known answers (corpora/eval): the right passage in the top 10.

    Measured when this was written (docs/quality.md): hit@10 en→fa 0.75, fa→en 1.00, MRR of the
    same-language keyword questions 0.87 (en) and 0.88 (fa); plain dense search over both languages
    at once found the cross-language answers for 0.62 and 0.69.
    """
    report = evaluate(demo_kavosh, load_queries(QUESTIONS), k=10, mode="hybrid")
    summary = report["summary"]
    assert summary["en→fa"]["hit@10"] >= 0.65
    assert summary["fa→en"]["hit@10"] >= 0.85
    assert summary["en→en"]["mrr"] >= 0.75 and summary["fa→fa"]["mrr"] >= 0.75
    assert summary["all"]["mrr"] >= 0.5
