"""The evaluation: metric math on hand-made rankings, bootstrap intervals, splits, and the question sets' answers."""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path

import pytest

from index.evaluation import (
    bootstrap_interval,
    check_answers,
    evaluate,
    format_report,
    indexed_passages,
    load_queries,
    score_ranking,
)
from tests.fakes import FakeEmbedder

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT / "corpora" / "eval"
GROUPS = {"en→fa", "fa→en", "en→en", "fa→fa", "names", "numbers", "two-passage"}


class Ranked:
    """A searcher that answers every query with a fixed list of (source, text) hits."""

    def __init__(self, rankings: dict[str, list[tuple[str, str]]]):
        self.rankings = rankings
        self.calls: list[dict] = []

    def search(self, query, k=10, mode="hybrid", lang=None):
        self.calls.append({"query": query, "k": k, "mode": mode, "lang": lang})
        hits = [{"source": source, "text": text} for source, text in self.rankings[query][:k]]
        return _Answer({"query": query, "mode": mode, "took_ms": 1.0, "results": hits})


class _Answer:
    def __init__(self, answer: dict):
        self.answer = answer

    def to_dict(self) -> dict:
        return self.answer


def question(qid, query, *answers, group=None, split=None, query_lang="en", target_lang="fa"):
    item = {"id": qid, "query": query, "query_lang": query_lang, "target_lang": target_lang,
            "relevant": [dict(zip(("source", "contains", "part"), answer, strict=False)) for answer in answers]}
    item.update({key: value for key, value in (("group", group), ("split", split)) if value})
    return item


OTHER = ("other.txt", "nothing to see")
ANSWER = ("news.fa.txt", "نشست در روز سه‌شنبه ۲۹ مهرماه ۱۴۰۴ برگزار شد")


# ---- metric math on hand-made rankings

def test_first_relevant_rank_gives_reciprocal_rank_and_ndcg():
    assert score_ranking([set(), {1}, set()], n_parts=1, k=10) == {
        "rank": 2, "ndcg": round(1 / math.log2(3), 4), "parts_found": 1, "parts": 1}
    assert score_ranking([{1}], n_parts=1, k=10)["ndcg"] == 1.0
    assert score_ranking([set(), set()], n_parts=1, k=10) == {"rank": None, "ndcg": 0.0, "parts_found": 0, "parts": 1}


def test_a_second_passage_with_the_same_answer_adds_nothing_but_a_second_part_does():
    same_part_twice = score_ranking([{1}, {1}, set()], n_parts=2, k=10)
    two_parts = score_ranking([{1}, set(), {2}], n_parts=2, k=10)
    ideal = 1 + 1 / math.log2(3)
    assert same_part_twice["ndcg"] == round(1 / ideal, 4) and same_part_twice["parts_found"] == 1
    assert two_parts["ndcg"] == round((1 + 1 / math.log2(4)) / ideal, 4) and two_parts["parts_found"] == 2
    assert score_ranking([{1, 2}, {1, 2}], n_parts=2, k=10)["ndcg"] == round(ideal / ideal, 4)


def test_hits_below_k_do_not_count():
    assert score_ranking([set(), set(), {1}], n_parts=1, k=2)["rank"] is None


def test_evaluate_judges_by_file_and_folded_words_and_averages_per_direction_and_group():
    questions = [
        # the answer's words typed with Latin digits and without ZWNJ still match the passage
        question("a", "q1", ("news.fa.txt", "سهشنبه 29 مهرماه"), group="numbers", split="dev"),
        question("b", "q2", ("news.fa.txt", "۲۹ مهرماه"), group="numbers", split="heldout"),
        question("c", "q3", ("news.fa.txt", "۲۹ مهرماه"), group="en→fa", split="dev"),
        question("d", "q4", ("elsewhere.fa.txt", "۲۹ مهرماه"), group="en→fa", split="dev"),  # right words, wrong file
    ]
    searcher = Ranked({"q1": [ANSWER, OTHER], "q2": [OTHER, ANSWER], "q3": [OTHER] * 4 + [ANSWER], "q4": [ANSWER]})
    report = evaluate(searcher, questions, k=10, mode="dense")
    assert [row["rank"] for row in report["per_question"]] == [1, 2, 5, None]
    assert {call["mode"] for call in searcher.calls} == {"dense"}
    numbers, cross = report["groups"]["numbers"], report["groups"]["en→fa"]
    assert numbers["n"] == 2 and numbers["hit@1"] == 0.5 and numbers["mrr"] == 0.75 and numbers["hit@10"] == 1.0
    assert cross["hit@5"] == 0.5 and cross["mrr"] == 0.1
    assert cross["ndcg@10"] == pytest.approx(1 / math.log2(6) / 2, abs=1e-3)
    assert report["summary"]["en→fa"]["n"] == 4 and report["summary"]["all"]["mrr"] == round((1 + 0.5 + 0.2) / 4, 3)
    assert report["splits"] == ["dev", "heldout"]


def test_the_report_keeps_its_old_fields_and_adds_ndcg_and_intervals():
    questions = [question(str(n), f"q{n}", ANSWER[:1] + ("۲۹ مهرماه",)) for n in range(6)]
    rankings = {f"q{n}": [OTHER] * n + [ANSWER] for n in range(6)}
    report = evaluate(Ranked(rankings), questions, k=10)
    assert {"k", "mode", "questions", "summary", "per_question"} <= set(report)
    summary = report["summary"]["en→fa"]
    assert {"n", "hit@1", "hit@5", "hit@10", "mrr", "ndcg@10", "ci"} <= set(summary)
    assert set(report["per_question"][0]) >= {"id", "query", "direction", "rank", "took_ms"}
    text = format_report(report)
    assert "hit@1" in text and "[" in text and "group" not in text  # no groups given: one table


def test_the_report_counts_the_questions_flagged_weak():
    class Weak(Ranked):
        def search(self, query, k=10, mode="hybrid", lang=None):
            answer = super().search(query, k, mode, lang)
            answer.answer["weak"] = query == "q0"
            return answer

    questions = [question(str(n), f"q{n}", ANSWER[:1] + ("۲۹ مهرماه",)) for n in range(3)]
    report = evaluate(Weak({f"q{n}": [ANSWER] for n in range(3)}), questions, k=10)
    assert [row["weak"] for row in report["per_question"]] == [True, False, False]
    assert "flagged weak (no strong match): 1 of 3: 0" in format_report(report)
    assert "flagged weak (no strong match): 0 of 3" in format_report(evaluate(Ranked(
        {f"q{n}": [ANSWER] for n in range(3)}), questions, k=10))


# ---- bootstrap intervals

def test_every_interval_holds_its_point_estimate():
    questions = [question(str(n), f"q{n}", ANSWER[:1] + ("۲۹ مهرماه",), group=["names", "numbers"][n % 2])
                 for n in range(40)]
    rankings = {f"q{n}": [OTHER] * (n % 13) + [ANSWER] for n in range(40)}
    report = evaluate(Ranked(rankings), questions, k=10)
    for table in (report["summary"], report["groups"]):
        for summary in table.values():
            for name, (low, high) in summary["ci"].items():
                assert low <= summary[name] <= high, (name, summary)
    assert report["groups"]["all"]["ci"]["mrr"][0] < report["groups"]["all"]["ci"]["mrr"][1]


def test_bootstrap_is_repeatable_and_narrows_with_more_questions():
    values = [1.0, 0.0, 0.5, 1.0, 0.0, 0.25, 1.0, 0.0]
    assert bootstrap_interval(values) == bootstrap_interval(values)
    assert bootstrap_interval([0.7] * 5) == [0.7, 0.7]
    low, high = bootstrap_interval(values)
    wide_low, wide_high = bootstrap_interval(values * 10)
    assert high - low > wide_high - wide_low > 0
    with pytest.raises(ValueError):
        bootstrap_interval([])


# ---- questions files and splits

def write_questions(path: Path, items: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(item, ensure_ascii=False) for item in items), encoding="utf-8")
    return path


def test_split_keeps_its_questions_and_all_keeps_every_one(tmp_path):
    path = write_questions(tmp_path / "q.jsonl", [question("a", "q", ANSWER, split="dev"),
                                                 question("b", "q", ANSWER, split="heldout"),
                                                 question("c", "q", ANSWER)])
    assert [item["id"] for item in load_queries(path, split="dev")] == ["a"]
    assert [item["id"] for item in load_queries(path, split="heldout")] == ["b"]
    assert [item["id"] for item in load_queries(path)] == ["a", "b", "c"]


@pytest.mark.parametrize(("item", "words"), [
    (question("a", "q", ANSWER, split="test"), "split must be one of dev, heldout"),
    (question("a", "q", ("news.fa.txt", "x", "two")), "part must be a whole number"),
    (question("a", "q", ("news.fa.txt", "  ")), "source file name and the words"),
])
def test_a_bad_question_names_the_file_line_and_field(tmp_path, item, words):
    path = write_questions(tmp_path / "q.jsonl", [question("ok", "q", ANSWER), item])
    with pytest.raises(ValueError, match=f"q.jsonl:2: .*{words}"):
        load_queries(path)


def test_a_split_without_questions_and_an_unknown_split_are_errors(tmp_path):
    path = write_questions(tmp_path / "q.jsonl", [question("a", "q", ANSWER)])
    with pytest.raises(ValueError, match="no questions in the heldout split"):
        load_queries(path, split="heldout")
    with pytest.raises(ValueError, match="split: must be one of"):
        load_queries(path, split="train")


def test_kavosh_eval_split_flag_evaluates_only_that_split(tmp_path, capsys):
    from kavosh.cli import main

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "news.en.txt").write_text("The forum took place in Budapest with 1,100 participants.", encoding="utf-8")
    answer = ("news.en.txt", "1,100 participants")
    path = write_questions(tmp_path / "q.jsonl", [
        question("a", "How many came to the forum?", answer, split="dev", target_lang="en"),
        question("b", "Where was the forum?", answer, split="heldout", target_lang="en"),
        question("c", "Budapest forum", answer, split="dev", target_lang="en")])
    assert main(["ingest", str(docs)]) == 0
    capsys.readouterr()
    assert main(["eval", str(path), "--split", "heldout", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["questions"] == 1 and report["splits"] == ["heldout"]
    assert [row["id"] for row in report["per_question"]] == ["b"] and report["per_question"][0]["rank"] == 1
    assert main(["eval", str(path), "--split", "dev"]) == 0
    assert capsys.readouterr().out.startswith("2 questions (split: dev)")
    with pytest.raises(SystemExit):
        main(["eval", str(path), "--split", "train"])


def test_the_bigger_set_covers_every_group_in_both_splits():
    questions = load_queries(EVAL / "questions.jsonl")
    assert len(questions) >= 150
    assert len({item["id"] for item in questions}) == len(questions)
    by_group = Counter(item["group"] for item in questions)
    assert set(by_group) == GROUPS
    for group, count in by_group.items():
        heldout = sum(1 for item in questions if item["group"] == group and item["split"] == "heldout")
        assert 0.25 <= heldout / count <= 0.4, (group, heldout, count)
    directions = Counter(f"{item['query_lang']}→{item['target_lang']}" for item in questions)
    assert min(directions[name] for name in ("en→fa", "fa→en", "en→en", "fa→fa")) >= 25
    assert all(len({answer.get("part", 1) for answer in item["relevant"]}) >= 2
               for item in questions if item["group"] == "two-passage")


# ---- every answer can be found, in its own file only

class RealTokensFakeVectors(FakeEmbedder):
    """Chunks exactly as the bundled model does (its token counter) but embeds with the fake vectors: fast."""

    def __init__(self, e5):
        self.max_tokens = e5.max_tokens
        self.count_tokens = e5.count_tokens


@pytest.fixture(scope="module")
def eval_corpus_passages(tmp_path_factory, e5):
    """The display text of every passage of corpora/seeds and corpora/eval/distractors, as ingest stores it."""
    from index.service import Kavosh
    from kavosh.settings import Settings

    home = tmp_path_factory.mktemp("eval-corpus")
    with Kavosh.open(Settings(home=home), embedder=RealTokensFakeVectors(e5)) as kavosh:
        report = kavosh.ingest([ROOT / "corpora" / "seeds", EVAL / "distractors"])
        assert not report.failed, report.failed
        return indexed_passages(kavosh.store)


@pytest.mark.parametrize("name", ["questions.jsonl", "demo-questions.jsonl"])
def test_every_answer_is_in_a_passage_of_its_file_and_in_no_other_file(eval_corpus_passages, name):
    assert check_answers(load_queries(EVAL / name), eval_corpus_passages) == []


def test_the_answer_check_reports_missing_shared_and_single_passage_answers():
    passages = [("a.txt", "Alpha beta gamma."), ("b.txt", "Gamma delta."), ("a.txt", "Epsilon zeta.")]
    questions = [question("missing", "q", ("a.txt", "omega")),
                 question("shared", "q", ("a.txt", "gamma")),
                 question("one-passage", "q", ("a.txt", "alpha", 1), ("a.txt", "beta", 2)),
                 question("fine", "q", ("a.txt", "alpha", 1), ("a.txt", "zeta", 2), ("b.txt", "delta", 2))]
    problems = check_answers(questions, passages)
    assert problems == ["missing: 'omega' is in no passage of a.txt",
                        "shared: 'gamma' is also in b.txt",
                        "one-passage: one passage answers all 2 parts"]


def test_the_distractors_are_a_modest_bilingual_set():
    files = sorted((EVAL / "distractors").iterdir())
    persian = [path for path in files if ".fa." in path.name]
    english = [path for path in files if ".en." in path.name]
    assert len(files) >= 12 and len(persian) >= 6 and len(english) >= 6
    assert {path.suffix for path in english} == {".txt", ".md", ".html"}
    assert sum(path.stat().st_size for path in files) < 300_000
