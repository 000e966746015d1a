"""The questions' candidates with their features and labels: what fit_ranker.py fits and fusion_ablation.py compares.

Candidates come from the real search path (``Searcher.candidates_for``), so the features a model is
fitted on are the ones it sees when it ranks.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.evaluation import answer_parts, parts_answered, score_ranking, summarize  # noqa: E402
from index.fusion import Candidates, LogisticModel, fit_logistic  # noqa: E402
from index.search import Searcher  # noqa: E402

QUESTIONS = ROOT / "corpora" / "eval" / "questions.jsonl"
NO_ANSWER = ROOT / "corpora" / "eval" / "no-answer.jsonl"
K = 10


@dataclass
class Sample:
    """One question (or no-answer query) with its candidates and, per candidate, the answer parts it holds."""

    question: dict
    candidates: Candidates
    parts: list[set[int]]
    keys: set[str]  # the query's content words
    alternatives: dict[str, set[str]]  # their other spellings

    @property
    def labels(self) -> np.ndarray:
        return np.array([1.0 if parts else 0.0 for parts in self.parts])

    @property
    def same_language(self) -> bool:
        return self.question.get("query_lang") == self.question.get("target_lang")


class WithoutWindows:
    """A store seen as if its collection had no sentence windows (what an older collection gives)."""

    def __init__(self, store):
        self._store = store

    def __getattr__(self, name: str):
        return getattr(self._store, name)

    def has_windows(self) -> bool:
        return False


def load_no_answer(path: Path = NO_ANSWER, split: str = "dev") -> list[dict]:
    """The no-answer queries of one split (``all``: every one)."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [row for row in rows if split in ("all", row["split"])]


def collect(searcher: Searcher, questions: list[dict], windows: bool = True) -> list[Sample]:
    """Each question's candidates (with or without the collection's windows) and what each one answers."""
    if not windows:
        searcher = Searcher(WithoutWindows(searcher.store), searcher.embedder, vocabulary=searcher.vocabulary)
    samples = []
    for question in questions:
        candidates, keys, alternatives = searcher.candidates_for(question["query"], K, None, None)
        parts = answer_parts(question) if question.get("relevant") else {}
        answered = [parts_answered(candidates.payloads[i].get("source", ""), candidates.payloads[i].get("text", ""),
                                   parts) if parts else set() for i in candidates.ids]
        samples.append(Sample(question, candidates, answered, keys, alternatives))
    return samples


def balanced_weights(samples: list[Sample]) -> np.ndarray:
    """A weight per candidate row so that same-language and cross-language questions count alike in a fit.

    The set has two cross-language questions for each same-language one; unweighted, a model would learn
    that mix as a prior against the query's language.
    """
    same = np.array([sample.same_language for sample in samples])
    share = same.mean() if 0 < same.mean() < 1 else 0.5
    per_question = np.where(same, 0.5 / share, 0.5 / (1 - share))
    return np.concatenate([np.full(len(sample.candidates.ids), weight)
                           for sample, weight in zip(samples, per_question, strict=True)])


def fit_ranker(samples: list[Sample], features: list[str]) -> LogisticModel:
    """A logistic ranker over ``features``, same- and cross-language questions weighted alike."""
    columns = {name: np.concatenate([s.candidates.features[name] for s in samples]) for name in features}
    labels = np.concatenate([sample.labels for sample in samples])
    return fit_logistic(columns, labels, balanced_weights(samples))


def rank(samples: list[Sample], scorer: Callable[[Sample], np.ndarray], k: int = K) -> list[dict]:
    """Per-question rows (as ``kavosh eval`` reports them) of the ranking ``scorer`` gives each sample."""
    rows = []
    for sample in samples:
        scores = scorer(sample)
        order = np.argsort(-scores, kind="stable")
        kept = Searcher._collapse_duplicates([sample.candidates.ids[i] for i in order], sample.candidates.payloads, k)
        position = {point_id: index for index, point_id in enumerate(sample.candidates.ids)}
        question = sample.question
        rows.append({"id": question.get("id", ""), "query": question["query"],
                     "direction": f"{question.get('query_lang', '?')}→{question.get('target_lang', '?')}",
                     "group": question.get("group"), "split": question.get("split"),
                     **score_ranking([sample.parts[position[hit.chunk_id]] for hit in kept],
                                     len(answer_parts(question)), k)})
    return rows


def cross_validated(samples: list[Sample], fit: Callable[[list[Sample]], Callable[[Sample], np.ndarray]],
                    folds: int = 5, seed: int = 0) -> list[dict]:
    """Rows of each question ranked by a model fitted on the other folds (a fair dev figure for a fitted idea)."""
    order = np.random.default_rng(seed).permutation(len(samples))
    fold_of = np.empty(len(samples), dtype=int)
    fold_of[order] = np.arange(len(samples)) % folds
    rows: list[dict | None] = [None] * len(samples)
    for fold in range(folds):
        train = [sample for sample, f in zip(samples, fold_of, strict=True) if f != fold]
        scorer = fit(train)
        held = [index for index, f in enumerate(fold_of) if f == fold]
        for index, row in zip(held, rank([samples[i] for i in held], scorer), strict=True):
            rows[index] = row
    return rows


def summary(rows: list[dict], k: int = K) -> dict:
    return summarize(rows, k)["groups"]
