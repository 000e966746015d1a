"""Fit the ranker and the confidence models on the dev questions and write them to index/ranker.json.

    python benchmarks/fit_ranker.py --home $KAVOSH_HOME [--output index/ranker.json]

The home must hold corpora/seeds and corpora/eval/distractors indexed with sentence windows. Only
the `dev` split of corpora/eval/questions.jsonl and of corpora/eval/no-answer.jsonl is read: the
held-out questions judge the result (``kavosh eval --split heldout``) and are never fitted on.

- ranker (``windows`` and, for collections without windows, ``plain``): logistic regression of "the
  passage answers" on the candidate features, same- and cross-language questions weighted alike;
- confidence: P(answerable) from the share of the query's words found among the candidates and the raw
  cosine of the ranker's best passage (dev questions against dev no-answer queries; ``portable``: the
  words alone, for other embedders), times P(this passage | answerable) from its ranker score; the weak
  threshold flags at most ``--flag-real`` of the dev questions.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
from ranker_data import (
    QUESTIONS,
    ROOT,
    collect,
    cross_validated,
    fit_ranker,
    load_no_answer,
    summary,
)

from index.embedders import make_embedder
from index.evaluation import load_queries
from index.fusion import fit_logistic, sigmoid
from index.service import Kavosh
from kavosh.settings import Settings

RANKER_FEATURES = {"windows": ["dense_z", "window_z", "same_language", "coverage"],
                   "plain": ["dense_z", "same_language", "coverage"]}


def fit_confidence(ranker, real, none, flag_real: float) -> dict:
    """The confidence models over one ranker; each weak threshold flags at most ``flag_real`` of the real questions."""
    scores = [ranker.logit(sample.candidates.features) for sample in real]
    hit = fit_logistic({"ranker": np.concatenate(scores)}, np.concatenate([sample.labels for sample in real]))
    queries = [*real, *none]
    best = [int(np.argmax(ranker.logit(sample.candidates.features))) for sample in queries]
    columns = {"known_share": np.array([sample.candidates.known_share for sample in queries]),
               "top_dense": np.array([s.candidates.features["dense"][i] for s, i in zip(queries, best, strict=True)])}
    answerable = np.array([1.0] * len(real) + [0.0] * len(none))
    fitted = {"hit": hit.to_dict()}
    for name, features in (("query", ["known_share", "top_dense"]), ("portable", ["known_share"])):
        model = fit_logistic({feature: columns[feature] for feature in features}, answerable)
        chance = sigmoid(model.logit(columns))
        threshold = float(np.quantile(chance[: len(real)], flag_real))
        print(f"  {name} ({', '.join(features)}): weak below {threshold:.4f}: dev questions flagged "
              f"{np.mean(chance[: len(real)] < threshold):.3f}, dev no-answer queries flagged "
              f"{np.mean(chance[len(real) :] < threshold):.3f}")
        fitted[name] = {"model": model.to_dict(), "threshold": round(threshold, 6)}
    return fitted


def _scorer(model):
    return lambda sample: model.logit(sample.candidates.features)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True, help="an index of the seeds and the distractors")
    parser.add_argument("--output", type=Path, default=ROOT / "index" / "ranker.json")
    parser.add_argument("--flag-real", type=float, default=0.03, help="share of dev questions the threshold may flag")
    args = parser.parse_args()
    questions = load_queries(QUESTIONS, split="dev")
    no_answer = load_no_answer(split="dev")
    settings = Settings(home=args.home)
    models: dict = {"fitted_on": {"questions": f"{QUESTIONS.relative_to(ROOT)} (dev, {len(questions)})",
                                  "no_answer": f"no-answer.jsonl (dev, {len(no_answer)})",
                                  "date": time.strftime("%Y-%m-%d"), "embedder": settings.embedder},
                    "ranker": {}, "confidence": {}}
    with Kavosh.open(settings, embedder=make_embedder(settings.embedder)) as kavosh:
        if not kavosh.store.has_windows():
            parser.error(f"{args.home}: the collection has no sentence windows; index it again with this version")
        for variant, features in RANKER_FEATURES.items():
            real = collect(kavosh.searcher, questions, windows=variant == "windows")
            none = collect(kavosh.searcher, no_answer, windows=variant == "windows")
            ranker = fit_ranker(real, features)
            models["ranker"][variant] = ranker.to_dict()
            rows = cross_validated(real, lambda train, f=features: _scorer(fit_ranker(train, f)))
            groups = summary(rows)
            print(f"{variant}: 5-fold dev MRR@10 " + ", ".join(f"{name} {g['mrr']:.3f}" for name, g in groups.items()))
            print("  weights " + ", ".join(f"{name} {weight:+.2f}" for name, weight in
                                          zip(ranker.features, ranker.weights, strict=True)))
            models["confidence"][variant] = fit_confidence(ranker, real, none, args.flag_real)
    args.output.write_text(json.dumps(models, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
