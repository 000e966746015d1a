"""How sure a hit is: the probability that it answers the query, and whether anything in the collection matches.

Standardized scores make the best of noise look confident («zzzzqqq nonexistent» stands 2 deviations
above its pool, like a real answer), so the confidence does not read them alone. It is the product of
- the chance that the collection answers the query at all, from the share of the query's words that
  some candidate holds (nonsense, absent names and off-topic questions use words the archive lacks)
  and the raw cosine of the ranker's best passage;
- the chance that this passage is the answer, given that there is one, from its ranker score.
Both are logistic models fitted on the dev questions and the dev no-answer queries
(``benchmarks/fit_ranker.py``). A response is ``weak`` when the first chance is below the fitted
threshold: then no hit can be a strong match. Raw cosines belong to one embedder; with another, the
chance of an answer is read from the words alone (the ``portable`` model).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from index.fusion import LogisticModel, load_models, sigmoid


@dataclass(frozen=True)
class ConfidenceModel:
    hit: LogisticModel  # feature "ranker": the ranker's score of the passage
    query: LogisticModel  # features among "known_share" and "top_dense" (raw cosine of the ranker's best passage)
    threshold: float  # below it, the collection likely holds no answer: the response is weak

    def answerable(self, known_share: float, top_dense: float) -> float:
        """The chance that the collection answers the query at all."""
        columns = {"known_share": np.array([known_share]), "top_dense": np.array([top_dense])}
        return float(sigmoid(self.query.logit({name: columns[name] for name in self.query.features}))[0])

    def confidences(self, ranker_scores: np.ndarray, answerable: float) -> np.ndarray:
        """Each passage's chance of answering the query (ranker scores in, probabilities out)."""
        return sigmoid(self.hit.logit({"ranker": np.asarray(ranker_scores, dtype=float)})) * answerable

    def is_weak(self, answerable: float) -> bool:
        """Nothing in the collection is likely to answer: no hit is a strong match."""
        return answerable < self.threshold


def confidence_model(with_windows: bool, embedder: str, models: dict | None = None) -> ConfidenceModel:
    """The confidence model for a collection with or without sentence windows, searched with ``embedder``."""
    models = models or load_models()
    data = models["confidence"]["windows" if with_windows else "plain"]
    query = data["query"] if embedder == models["fitted_on"]["embedder"] else data["portable"]
    return ConfidenceModel(LogisticModel.from_dict(data["hit"]), LogisticModel.from_dict(query["model"]),
                           float(query["threshold"]))
