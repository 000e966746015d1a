"""Merging the languages: each candidate passage's evidence as features, weighed by a ranker fitted on dev questions.

Multilingual embedders score same-language passages above relevant passages in the other language,
and keyword matches are same-language by nature. So each language is searched on its own and every
candidate gets features that are comparable across languages:

- ``dense_z``, ``window_z``: how many standard deviations the passage's cosine (and its best sentence
  window's, see ``index.windows``) stands above its own language's candidates;
- ``same_language``: whether the passage is in the query's language: at equal standing, the model's
  same-language scores are the inflated ones (shared topic words count for more within a language);
- ``coverage``: the share of the query's words the passage holds, by search key, counting a word's
  other-script spellings (``index.aliases``).

A logistic model over these (``index/ranker.json``, fitted by ``benchmarks/fit_ranker.py`` on the dev
questions only) orders the passages; a collection without windows uses the model fitted without them.
"""

from __future__ import annotations

import bisect
import json
import math
import statistics
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from index.aliases import enough_of
from index.store import ScoredHit

MODELS_FILE = Path(__file__).with_name("ranker.json")
MIN_SPREAD = 0.02  # floor for a language's score spread, so a tight pool does not blow scores up
PRIOR_WEIGHT = 2.0  # how many candidates' worth of the all-language statistics each language starts with
PREFIX_LETTERS = 4  # a query word this long also matches a longer word it begins (cooperation → cooperations)


def standardize(pools: dict[str, list[ScoredHit]], prior_weight: float = PRIOR_WEIGHT) -> dict[str, float]:
    """Each hit's score as standard deviations above the mean of its own language's candidates.

    A language's mean and spread are shrunk towards those of all candidates, as if
    ``prior_weight`` typical candidates were added to its pool: with many candidates a language
    is judged against itself, with one or two (a small collection) against the whole pool.
    """
    scores = [hit.score for pool in pools.values() for hit in pool]
    if not scores:
        return {}
    overall_mean = statistics.fmean(scores)
    overall_var = statistics.pvariance(scores) if len(scores) > 1 else 0.0
    standardized = {}
    for pool in pools.values():
        weight = len(pool) + prior_weight
        mean = (sum(hit.score for hit in pool) + prior_weight * overall_mean) / weight
        var = (sum((hit.score - mean) ** 2 for hit in pool) + prior_weight * overall_var) / weight
        spread = max(math.sqrt(var), MIN_SPREAD)
        standardized.update({hit.id: (hit.score - mean) / spread for hit in pool})
    return standardized


def word_matches(word_key: str, keys: Collection[str]) -> str | None:
    """The query key a text word matches: equal keys, or the longest query key of four letters or more that
    begins it. Looks up the word's own beginnings, so its cost does not grow with the query's length."""
    if word_key in keys:
        return word_key
    return next((word_key[:end] for end in range(len(word_key) - 1, PREFIX_LETTERS - 1, -1)
                 if word_key[:end] in keys), None)


class Words:
    """A passage's words (or all candidates'), asked whether they hold a word or a longer word it begins.

    Kept sorted, so a beginning is found by bisection: asking costs the same for a passage of 20 words
    or a candidate set of 20,000, whatever the query's length.
    """

    __slots__ = ("exact", "ordered")

    def __init__(self, words: Iterable[str]):
        self.exact = set(words)
        self.ordered = sorted(self.exact)

    def has(self, word: str) -> bool:
        if word in self.exact:
            return True
        if len(word) < PREFIX_LETTERS:
            return False
        at = bisect.bisect_left(self.ordered, word)
        return at < len(self.ordered) and self.ordered[at].startswith(word)


def holds(words: Words, key: str, alternatives: dict[str, set[str]]) -> bool:
    """Whether a passage holds a query word: itself, a longer word it begins, or one of its other spellings."""
    return words.has(key) or any(enough_of(other, words.has) for other in alternatives.get(key, ()))


def coverage(passage_keys: Words | Iterable[str], keys: set[str],
             alternatives: dict[str, set[str]] | None = None) -> float:
    """The share of the query's content words (``keys``) a passage holds (0 to 1), other spellings counted."""
    if not keys:
        return 0.0
    words = passage_keys if isinstance(passage_keys, Words) else Words(passage_keys)
    return sum(holds(words, key, alternatives or {}) for key in keys) / len(keys)


@dataclass
class Candidates:
    """The passages a query brought in, from every language and retriever, with their features (one row each)."""

    ids: list[str]
    payloads: dict[str, dict]
    features: dict[str, np.ndarray]
    known_share: float  # share of the query's words that some candidate holds: low for nonsense and absent names
    bm25: dict[str, float] = field(default_factory=dict)  # keyword score of the candidates keyword search found
    dense_scores: dict[str, float] = field(default_factory=dict)  # `dense` mode: standardized within dense pools

    def column(self, name: str) -> np.ndarray:
        return self.features[name]


def gather(dense: dict[str, list[ScoredHit]], windows: dict[str, list[ScoredHit]] | None,
           lexical: dict[str, list[ScoredHit]], query_language: str, keys: set[str],
           alternatives: dict[str, set[str]], passage_keys: Callable[[dict], set[str]]) -> Candidates:
    """Every candidate of every language with its features; a passage a retriever missed gets that retriever's
    lowest score in its language (it scored at most that)."""
    payloads: dict[str, dict] = {}
    language_of: dict[str, str] = {}
    for pools in (dense, windows or {}, lexical):
        for language, pool in pools.items():
            for hit in pool:
                payloads.setdefault(hit.id, hit.payload)
                language_of.setdefault(hit.id, language)
    ids = list(payloads)
    features = {"dense": _raw_scores(ids, language_of, dense)}
    features["dense_z"] = _standardized(ids, language_of, features["dense"])
    if windows is not None:
        features["window"] = _raw_scores(ids, language_of, windows)
        features["window_z"] = _standardized(ids, language_of, features["window"])
    features["same_language"] = np.array([float(language_of[i] == query_language) for i in ids])
    keys_of = {point_id: passage_keys(payloads[point_id]) for point_id in ids}
    features["coverage"] = np.array([coverage(Words(keys_of[i]), keys, alternatives) for i in ids])
    every_word = Words(set().union(*keys_of.values()) if ids else ())
    known = sum(holds(every_word, key, alternatives) for key in keys) / len(keys) if keys else 0.0
    bm25 = {hit.id: hit.score for pool in lexical.values() for hit in pool}
    return Candidates(ids, payloads, features, known, bm25, standardize(dense))


def _raw_scores(ids: list[str], language_of: dict[str, str], pools: dict[str, list[ScoredHit]]) -> np.ndarray:
    scores = {hit.id: hit.score for pool in pools.values() for hit in pool}
    lowest = {language: min((hit.score for hit in pool), default=None) for language, pool in pools.items()}
    floor = min((value for value in lowest.values() if value is not None), default=0.0)
    return np.array([scores.get(i, lowest.get(language_of[i]) if lowest.get(language_of[i]) is not None else floor)
                     for i in ids], dtype=float)


def _standardized(ids: list[str], language_of: dict[str, str], raw: np.ndarray) -> np.ndarray:
    pools: dict[str, list[ScoredHit]] = {}
    for point_id, score in zip(ids, raw, strict=True):
        pools.setdefault(language_of[point_id], []).append(ScoredHit(point_id, float(score), {}))
    standardized = standardize(pools)
    return np.array([standardized[i] for i in ids], dtype=float)


@dataclass(frozen=True)
class LogisticModel:
    """A fitted logistic model: standardized features times weights, plus a bias; ``logit`` is its score."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float

    @classmethod
    def from_dict(cls, data: dict) -> LogisticModel:
        return cls(tuple(data["features"]), tuple(data["mean"]), tuple(data["scale"]), tuple(data["weights"]),
                   float(data["bias"]))

    def to_dict(self) -> dict:
        return {"features": list(self.features), "mean": list(self.mean), "scale": list(self.scale),
                "weights": list(self.weights), "bias": self.bias}

    def logit(self, columns: dict[str, np.ndarray]) -> np.ndarray:
        total = np.full(len(next(iter(columns.values()))) if columns else 0, self.bias, dtype=float)
        for name, mean, scale, weight in zip(self.features, self.mean, self.scale, self.weights, strict=True):
            total += weight * (np.asarray(columns[name], dtype=float) - mean) / scale
        return total


def sigmoid(values: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(values, -40, 40)))


@lru_cache(maxsize=4)
def load_models(path: Path = MODELS_FILE) -> dict:
    """The fitted models (``benchmarks/fit_ranker.py`` writes them), read once."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def ranker(with_windows: bool, models: dict | None = None) -> LogisticModel:
    """The ranker for a collection with or without sentence windows."""
    models = models or load_models()
    return LogisticModel.from_dict(models["ranker"]["windows" if with_windows else "plain"])


def fit_logistic(columns: dict[str, np.ndarray], labels: np.ndarray, weights: np.ndarray | None = None,
                 l2: float = 1.0) -> LogisticModel:
    """Fit a logistic model by Newton's method with an L2 penalty on the (standardized) weights, not the bias.

    ``weights`` count each row (a question's candidates can be weighted so that groups of questions count alike).
    """
    names = tuple(columns)
    raw = np.column_stack([np.asarray(columns[name], dtype=float) for name in names])
    mean, scale = raw.mean(axis=0), raw.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    design = np.column_stack([(raw - mean) / scale, np.ones(len(raw))])
    labels = np.asarray(labels, dtype=float)
    row_weights = np.ones(len(raw)) if weights is None else np.asarray(weights, dtype=float)
    penalty = np.diag([l2] * len(names) + [0.0])
    coefficients = np.zeros(len(names) + 1)
    for _ in range(100):
        probability = sigmoid(design @ coefficients)
        gradient = design.T @ (row_weights * (probability - labels)) + penalty @ coefficients
        hessian = (design * (row_weights * probability * (1 - probability))[:, None]).T @ design + penalty
        step = np.linalg.solve(hessian + 1e-9 * np.eye(len(coefficients)), gradient)
        coefficients -= step
        if np.abs(step).max() < 1e-9:
            break
    return LogisticModel(names, tuple(mean.tolist()), tuple(scale.tolist()), tuple(coefficients[:-1].tolist()),
                         float(coefficients[-1]))
