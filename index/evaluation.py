"""Ranking quality on questions with known answers, per direction (en→fa, fa→en, same language).

A questions file is JSON lines: ``{"id", "query", "query_lang", "target_lang",
"relevant": [{"source": file name, "contains": words inside the answering passage}]}``.
A hit is relevant when it comes from that file and its text contains those words (compared by
search key, so ZWNJ, digits and letter variants do not matter).
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from pipeline.normalize import search_key


def load_queries(path: Path) -> list[dict[str, Any]]:
    """Read and check a questions file; a bad line raises ValueError naming the file and line."""
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
            if not question["query"].strip() or not question["relevant"]:
                raise ValueError("empty query or no relevant passages")
            for answer in question["relevant"]:
                answer["source"], answer["contains"]  # noqa: B018 - both keys are required
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise ValueError(f"{path}:{number}: not a valid question ({error})") from None
        questions.append(question)
    if not questions:
        raise ValueError(f"{path}: no questions")
    return questions


def _is_relevant(hit: dict[str, Any], question: dict[str, Any]) -> bool:
    text_key = search_key(hit["text"])
    return any(hit["source"] == answer["source"] and search_key(answer["contains"]) in text_key
               for answer in question["relevant"])


def evaluate(kavosh, questions: list[dict[str, Any]], k: int = 10, mode: str = "hybrid") -> dict[str, Any]:
    """Hit rate at 1, 5 and k and mean reciprocal rank, overall and per direction."""
    per_question = []
    for question in questions:
        answer = kavosh.search(question["query"], k=k, mode=mode, lang=question.get("lang")).to_dict()
        rank = next((position for position, hit in enumerate(answer["results"], start=1)
                     if _is_relevant(hit, question)), None)
        direction = f"{question.get('query_lang', '?')}→{question.get('target_lang', '?')}"
        per_question.append({"id": question.get("id", ""), "query": question["query"], "direction": direction,
                             "rank": rank, "took_ms": answer["took_ms"]})

    groups: dict[str, list[dict]] = defaultdict(list)
    for row in per_question:
        groups[row["direction"]].append(row)
        groups["all"].append(row)
    summary = {name: _metrics(rows, k) for name, rows in sorted(groups.items())}
    return {"k": k, "mode": mode, "questions": len(questions), "summary": summary, "per_question": per_question}


def _metrics(rows: list[dict], k: int) -> dict[str, float]:
    ranks = [row["rank"] for row in rows]

    def hit_rate(depth: int) -> float:
        return round(sum(1 for rank in ranks if rank is not None and rank <= depth) / len(ranks), 3)

    return {"n": len(rows), "hit@1": hit_rate(1), "hit@5": hit_rate(5), f"hit@{k}": hit_rate(k),
            "mrr": round(sum(1 / rank for rank in ranks if rank) / len(ranks), 3)}


def format_report(report: dict[str, Any]) -> str:
    k = report["k"]
    lines = [f"{report['questions']} questions, mode {report['mode']}, k={k}",
             f"{'direction':<10} {'n':>4} {'hit@1':>7} {'hit@5':>7} {f'hit@{k}':>7} {'MRR':>7}"]
    for name, metrics in report["summary"].items():
        lines.append(f"{name:<10} {metrics['n']:>4} {metrics['hit@1']:>7.3f} {metrics['hit@5']:>7.3f} "
                     f"{metrics[f'hit@{k}']:>7.3f} {metrics['mrr']:>7.3f}")
    misses = [row for row in report["per_question"] if row["rank"] is None]
    if misses:
        lines.append(f"not found in the top {k}:")
        lines.extend(f"  {row['id']} {row['direction']}: {row['query']}" for row in misses)
    return "\n".join(lines)
