"""Ranking quality on questions with known answers: hit@k, MRR and nDCG per direction and per group,
each with a bootstrap confidence interval so that noise is visible.

A questions file is JSON lines: ``{"id", "query", "query_lang", "target_lang",
"relevant": [{"source": file name, "contains": words inside the answering passage}]}``, and optionally
``"group"`` (what kind of question: reported on its own) and ``"split"`` (``dev`` for tuning,
``heldout`` for the final judgement). A hit is relevant when it comes from that file and its text
contains those words (compared by search key without spaces, so ZWNJ, spacing, digits and letter
variants do not matter: normalization may join `تعیین شده` into `تعیین‌شده`).

The entries of ``relevant`` are alternatives: any one answers the question. A question whose answer
spans several passages numbers its entries with ``"part"`` (1, 2, …; entries sharing a number are
alternatives for that part); nDCG then rewards finding every part.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.normalize import search_key

SPLITS = ("dev", "heldout")
RESAMPLES = 1000  # bootstrap resamples of the questions for each confidence interval
SEED = 20241125  # fixed, so the same ranks give the same intervals
LEVEL = 0.95


def load_queries(path: Path, split: str = "all") -> list[dict[str, Any]]:
    """Read and check a questions file, keeping the questions of one split (``all``: every question).

    A bad line raises ValueError naming the file and line; so does a split that leaves no question.
    """
    if split not in (*SPLITS, "all"):
        raise ValueError(f"split: must be one of {', '.join(SPLITS)} or all, got {split!r}")
    questions = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"{path}: cannot read questions: {error}") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            question = json.loads(line)
            _check_question(question)
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise ValueError(f"{path}:{number}: not a valid question ({error})") from None
        questions.append(question)
    if not questions:
        raise ValueError(f"{path}: no questions")
    if split != "all":
        questions = [question for question in questions if question.get("split") == split]
        if not questions:
            raise ValueError(f"{path}: no questions in the {split} split")
    return questions


def _check_question(question: dict[str, Any]) -> None:
    if not question["query"].strip() or not question["relevant"]:
        raise ValueError("empty query or no relevant passages")
    for answer in question["relevant"]:
        if not isinstance(answer["source"], str) or not answer["contains"].strip():
            raise ValueError("an answer needs a source file name and the words it contains")
        if not isinstance(answer.get("part", 1), int) or isinstance(answer.get("part", 1), bool):
            raise ValueError(f"part must be a whole number, got {answer['part']!r}")
    if question.get("split", SPLITS[0]) not in SPLITS:
        raise ValueError(f"split must be one of {', '.join(SPLITS)}, got {question['split']!r}")


def answer_parts(question: dict[str, Any]) -> dict[int, list[dict[str, str]]]:
    """The question's answer parts, each a list of alternative passages (one part unless numbered)."""
    parts: dict[int, list[dict[str, str]]] = defaultdict(list)
    for answer in question["relevant"]:
        parts[answer.get("part", 1)].append(answer)
    return dict(parts)


def phrase_key(text: str) -> str:
    """The search key without its spaces: how answer words are found in a passage.

    The display text's normalization joins some words the question's author wrote apart (hazm turns
    `تعیین شده` into `تعیین‌شده`), which search keys keep apart; without spaces both forms meet.
    """
    return search_key(text).replace(" ", "")


def _contains(source: str, text_key: str, answer: dict[str, str]) -> bool:
    return source == answer["source"] and phrase_key(answer["contains"]) in text_key


def parts_answered(source: str, text: str, parts: dict[int, list[dict[str, str]]]) -> set[int]:
    """The parts that a passage (its file name and display text) answers."""
    text_key = phrase_key(text)
    return {number for number, answers in parts.items()
            if any(_contains(source, text_key, answer) for answer in answers)}


def score_ranking(answered: list[set[int]], n_parts: int, k: int) -> dict[str, Any]:
    """Rank of the first relevant hit and nDCG@k of one ranking, given the parts each hit answers.

    A hit gains 1 when it answers a part no better-ranked hit answered (a second passage with the
    same answer adds nothing); the ideal ranking puts one passage per part first.
    """
    rank, found, dcg = None, set(), 0.0
    for position, parts in enumerate(answered[:k], start=1):
        if parts and rank is None:
            rank = position
        new = parts - found
        if new:
            found.add(min(new))
            dcg += 1 / math.log2(position + 1)
    ideal = sum(1 / math.log2(position + 1) for position in range(1, min(n_parts, k) + 1))
    return {"rank": rank, "ndcg": round(dcg / ideal, 4), "parts_found": len(found), "parts": n_parts}


def evaluate(kavosh, questions: list[dict[str, Any]], k: int = 10, mode: str = "hybrid") -> dict[str, Any]:
    """Hit rate at 1, 5 and k, MRR@k and nDCG@k with confidence intervals, overall, per direction and per group."""
    per_question = []
    for question in questions:
        answer = kavosh.search(question["query"], k=k, mode=mode, lang=question.get("lang")).to_dict()
        parts = answer_parts(question)
        answered = [parts_answered(hit["source"], hit["text"], parts) for hit in answer["results"]]
        direction = f"{question.get('query_lang', '?')}→{question.get('target_lang', '?')}"
        per_question.append({"id": question.get("id", ""), "query": question["query"], "direction": direction,
                             "group": question.get("group", direction), "split": question.get("split"),
                             **score_ranking(answered, len(parts), k), "took_ms": answer["took_ms"],
                             "weak": bool(answer.get("weak", False))})

    return {"k": k, "mode": mode, **summarize(per_question, k), "per_question": per_question}


def summarize(per_question: list[dict[str, Any]], k: int) -> dict[str, Any]:
    """The measures of scored questions (``per_question`` rows of a report) overall, per direction and per group."""
    by_direction: dict[str, list[dict]] = defaultdict(list)
    by_group: dict[str, list[dict]] = defaultdict(list)
    for row in per_question:
        by_direction[row["direction"]].append(row)
        by_group[row["group"]].append(row)
    by_direction["all"] = by_group["all"] = per_question
    return {"questions": len(per_question), "splits": sorted({row["split"] for row in per_question if row["split"]}),
            "summary": {name: metrics(rows, k) for name, rows in sorted(by_direction.items())},
            "groups": {name: metrics(rows, k) for name, rows in sorted(by_group.items())}}


def metrics(rows: list[dict], k: int) -> dict[str, Any]:
    """The mean of each measure over ``rows`` (questions), with its bootstrap interval under ``ci``."""
    ranks = [row["rank"] for row in rows]
    values = {
        "hit@1": [float(rank == 1) for rank in ranks],
        "hit@5": [float(rank is not None and rank <= 5) for rank in ranks],
        f"hit@{k}": [float(rank is not None) for rank in ranks],
        "mrr": [1 / rank if rank else 0.0 for rank in ranks],
        f"ndcg@{k}": [row["ndcg"] for row in rows],
    }
    summary: dict[str, Any] = {"n": len(rows)}
    summary.update((name, round(float(np.mean(column)), 3)) for name, column in values.items())
    summary["ci"] = {name: bootstrap_interval(column) for name, column in values.items()}
    return summary


def bootstrap_interval(values: Iterable[float], resamples: int = RESAMPLES, seed: int = SEED,
                       level: float = LEVEL) -> list[float]:
    """Percentile bootstrap interval of the mean: resample the questions with replacement ``resamples`` times."""
    data = np.asarray(list(values), dtype=float)
    if data.size == 0:
        raise ValueError("no values to resample")
    rng = np.random.default_rng(seed)
    means = data[rng.integers(0, data.size, size=(resamples, data.size))].mean(axis=1)
    low, high = np.quantile(means, [(1 - level) / 2, (1 + level) / 2])
    return [round(float(low), 3), round(float(high), 3)]


def indexed_passages(store) -> list[tuple[str, str]]:
    """(file name, display text) of every passage in a store: what search results are judged on."""
    return [(payload.get("source", ""), payload.get("text", ""))
            for _, payload in store.scroll({"kind": "chunk"}, fields=("source", "text"))]


def check_answers(questions: list[dict[str, Any]], passages: list[tuple[str, str]]) -> list[str]:
    """What is wrong with a question set over an index, one line each (none: every question can be scored).

    An answer's words must be in a passage of its file (else the question can never be a hit) and in
    no other file (else another file may answer it, yet count as a miss). A question in several parts
    must need several passages: no one passage may answer every part.
    """
    keyed = [(source, phrase_key(text)) for source, text in passages]
    problems = []
    for question in questions:
        parts = answer_parts(question)
        for answer in question["relevant"]:
            words = phrase_key(answer["contains"])
            holders = {source for source, text_key in keyed if words in text_key}
            if answer["source"] not in holders:
                problems.append(f"{question['id']}: {answer['contains']!r} is in no passage of {answer['source']}")
            others = sorted(holders - {answer["source"]})
            if others:
                problems.append(f"{question['id']}: {answer['contains']!r} is also in {', '.join(others)}")
        if len(parts) > 1 and any(len(parts_answered(source, text, parts)) == len(parts) for source, text in passages):
            problems.append(f"{question['id']}: one passage answers all {len(parts)} parts")
    return problems


def _cell(summary: dict[str, Any], name: str) -> str:
    low, high = summary["ci"][name]
    return f"{summary[name]:.3f} [{low:.2f}, {high:.2f}]"


def _measures(k: int) -> tuple[list[str], str]:
    """The measures a table shows, and its header's measure columns."""
    measures = ["hit@1", f"hit@{k}", "mrr", f"ndcg@{k}"]
    labels = {"mrr": f"MRR@{k}", f"ndcg@{k}": f"nDCG@{k}"}
    return measures, "".join(f" {labels.get(name, name):<20}" for name in measures)


def format_comparison(reports: list[dict[str, Any]]) -> str:
    """One line per embedder (its report's ``embedder`` and ``collection``): every question, side by side."""
    measures, columns = _measures(reports[0]["k"])
    width = max(len(report["embedder"]) for report in reports)
    lines = [f"embedders compared on {reports[0]['questions']} questions; [95% bootstrap interval]",
             f"{'embedder':<{width}} {'n':>4}{columns}  collection"]
    for report in reports:
        overall = report["summary"]["all"]
        lines.append(f"{report['embedder']:<{width}} {overall['n']:>4}"
                     + "".join(f" {_cell(overall, name):<20}" for name in measures) + f"  {report['collection']}")
    return "\n".join(lines)


def format_report(report: dict[str, Any]) -> str:
    k = report["k"]
    measures, columns = _measures(k)
    header = f"{'':<12} {'n':>4}" + columns
    splits = f" (split: {', '.join(report['splits'])})" if report.get("splits") else ""
    lines = [f"{report['questions']} questions{splits}, mode {report['mode']}, k={k}; [95% bootstrap interval]"]
    tables = [("direction", report["summary"])]
    if report["groups"].keys() != report["summary"].keys():
        tables.append(("group", report["groups"]))
    for title, table in tables:
        lines.append(title + header[len(title):])
        for name, summary in table.items():
            lines.append(f"{name:<12} {summary['n']:>4}" + "".join(f" {_cell(summary, m):<20}" for m in measures))
    weak = [row["id"] for row in report["per_question"] if row.get("weak")]
    lines.append(f"flagged weak (no strong match): {len(weak)} of {report['questions']}"
                 + (f": {' '.join(weak)}" if weak else ""))
    misses = [row for row in report["per_question"] if row["rank"] is None]
    if misses:
        lines.append(f"not found in the top {k}:")
        lines.extend(f"  {row['id']} {row['direction']}: {row['query']}" for row in misses)
    return "\n".join(lines)
