"""Every idea tried for merging the languages, on dev (fitted ideas: 5-fold cross-validated) and held out.

    python benchmarks/fusion_ablation.py --home $KAVOSH_HOME [--markdown] [--no-answer]

The home must hold corpora/seeds and corpora/eval/distractors indexed with sentence windows. Each idea
reranks the same candidates (``Searcher.candidates_for``); a fitted idea is fitted on dev only (for
its held-out figure on all of dev, for its dev figure on the other four fifths). Prints MRR@10 with its
95 % bootstrap interval per group, and hit@10 overall. ``--no-answer`` adds how often the shipped
models flag the no-answer queries and the real questions as weak.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
from ranker_data import QUESTIONS, Sample, collect, cross_validated, fit_ranker, load_no_answer, rank, summary

from index.embedders import make_embedder
from index.evaluation import load_queries
from index.fusion import coverage, standardize
from index.service import Kavosh
from index.store import ScoredHit
from kavosh.settings import Settings
from pipeline.chunking import sentence_spans

GROUPS = ("all", "en→fa", "fa→en", "en→en", "fa→fa", "names", "numbers", "two-passage")
Scorer = Callable[[Sample], np.ndarray]


def column(name: str) -> Scorer:
    return lambda sample: sample.candidates.features[name]


def combined(**weights: float) -> Scorer:
    return lambda sample: sum(weight * sample.candidates.features[name] for name, weight in weights.items())


def oracle(sample: Sample) -> np.ndarray:
    """Dense per language, restricted to the answer's language (told where to look)."""
    scores = dense_per_language(sample)
    target = sample.question.get("target_lang")
    if target in ("fa", "en"):
        languages = np.array([sample.candidates.payloads[i].get("lang") for i in sample.candidates.ids])
        scores = np.where(languages == target, scores, -np.inf)
    return scores


def dense_per_language(sample: Sample) -> np.ndarray:
    return np.array([sample.candidates.dense_scores.get(i, -np.inf) for i in sample.candidates.ids])


def interleaved(sample: Sample) -> np.ndarray:
    """The two languages' lists by dense standing, alternating, the language with the better first passage first."""
    z, same = sample.candidates.features["dense_z"], sample.candidates.features["same_language"]
    lists = [sorted(np.flatnonzero(same == flag), key=lambda i: -z[i]) for flag in (1.0, 0.0)]
    lists.sort(key=lambda indices: -z[indices[0]] if indices else np.inf)
    order = [i for pair in zip(*lists, strict=False) for i in pair]
    longer = max(lists, key=len)
    order += longer[len(min(lists, key=len)):]
    scores = np.empty(len(z))
    scores[order] = -np.arange(len(order))
    return scores


def without_aliases(sample: Sample) -> np.ndarray:
    """The coverage column with each word only as typed (no other-script spellings)."""
    return np.array([coverage(set(sample.candidates.payloads[i].get("keys", [])), sample.keys)
                     for i in sample.candidates.ids])


def add_columns(samples: list[Sample], kavosh: Kavosh, sentences: dict[str, np.ndarray]) -> None:
    """Columns only the ablation needs: background standing, coverage without aliases, one-sentence windows."""
    store, embedder = kavosh.store, kavosh.embedder
    for sample in samples:
        candidates = sample.candidates
        embedding = embedder.embed_query(kavosh.searcher.canonical(sample.question["query"]))
        background = {}
        for language in ("fa", "en"):
            every = store.query_dense(embedding, 100_000, {"kind": "chunk", "lang": language})
            background.update(standardize({language: every}, prior_weight=0.0))
        candidates.features["background_z"] = np.array([background.get(i, -3.0) for i in candidates.ids])
        candidates.features["coverage_typed"] = without_aliases(sample)
        single = {i: float(np.max(sentences[i] @ embedding)) for i in candidates.ids if i in sentences}
        raw = [single.get(i, float(candidates.features["dense"][n])) for n, i in enumerate(candidates.ids)]
        pools: dict[str, list[ScoredHit]] = {}
        for point_id, score, same in zip(candidates.ids, raw, candidates.features["same_language"], strict=True):
            pools.setdefault(str(same), []).append(ScoredHit(point_id, score, {}))
        z = standardize(pools)
        candidates.features["sentence_z"] = np.array([z[i] for i in candidates.ids])


def sentence_vectors(kavosh: Kavosh, cache: Path) -> dict[str, np.ndarray]:
    """Every passage's one-sentence window vectors (embedded once, kept in ``cache``)."""
    passages = sorted(kavosh.store.scroll({"kind": "chunk"}, fields=("text",)))
    digest = hashlib.sha256("".join(point_id for point_id, _ in passages).encode()).hexdigest()[:16]
    path = cache / f"kavosh-sentences-{digest}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    texts, owners = [], []
    for point_id, payload in passages:
        text = payload.get("text", "")
        for start, end in sentence_spans(text) or [(0, len(text))]:
            texts.append(text[start:end])
            owners.append(point_id)
    vectors = kavosh.embedder.embed_passages(texts)
    found: dict[str, list] = {}
    for owner, vector in zip(owners, vectors, strict=True):
        found.setdefault(owner, []).append(vector)
    result = {owner: np.vstack(rows) for owner, rows in found.items()}
    path.write_bytes(pickle.dumps(result))
    return result


def fitted(features: list[str], balanced: bool = True) -> Callable[[list[Sample]], Scorer]:
    def fit(train: list[Sample]) -> Scorer:
        model = fit_ranker(train, features) if balanced else _unbalanced(train, features)
        return lambda sample: model.logit(sample.candidates.features)
    return fit


def _unbalanced(train: list[Sample], features: list[str]):
    from index.fusion import fit_logistic
    columns = {name: np.concatenate([s.candidates.features[name] for s in train]) for name in features}
    return fit_logistic(columns, np.concatenate([s.labels for s in train]))


def prior(train: list[Sample]) -> Scorer:
    """dense_z minus β for the query's own language, β chosen on the training questions."""
    best = max(np.arange(0, 2.01, 0.25), key=lambda beta: np.mean(
        [1 / row["rank"] if row["rank"] else 0 for row in rank(train, combined(dense_z=1.0, same_language=-beta))]))
    return combined(dense_z=1.0, same_language=-best)


IDEAS: list[tuple[str, Scorer | None, Callable | None]] = [
    ("dense over both languages, raw cosine", column("dense"), None),
    ("dense per language, standardized (`--mode dense`)", dense_per_language, None),
    ("dense, told the answer's language (oracle)", oracle, None),
    ("background: standing against all of a language's passages", column("background_z"), None),
    ("query-language prior: dense_z − β·same language (β on dev)", None, prior),
    ("interleave the languages by rank", interleaved, None),
    ("sentence windows (2 sentences, MaxSim) alone", column("window_z"), None),
    ("dense_z + window_z", combined(dense_z=1.0, window_z=1.0), None),
    ("dense_z + one-sentence windows", combined(dense_z=1.0, sentence_z=1.0), None),
    ("fitted: dense_z, same language, coverage", None, fitted(["dense_z", "same_language", "coverage"])),
    ("fitted: + windows (**shipped**)", None, fitted(["dense_z", "window_z", "same_language", "coverage"])),
    ("fitted: + windows, coverage without aliases", None,
     fitted(["dense_z", "window_z", "same_language", "coverage_typed"])),
    ("fitted: + windows, not balanced (the set's mix as a prior)", None,
     fitted(["dense_z", "window_z", "same_language", "coverage"], balanced=False)),
    ("fitted: + windows + raw cosines", None,
     fitted(["dense_z", "window_z", "same_language", "coverage", "dense", "window"])),
    ("fitted: + windows + background", None,
     fitted(["dense_z", "window_z", "same_language", "coverage", "background_z"])),
    ("fitted: windows, coverage (no language feature)", None, fitted(["dense_z", "window_z", "coverage"])),
]


def cell(groups: dict, group: str, measure: str = "mrr") -> str:
    if group not in groups:
        return "–"
    low, high = groups[group]["ci"][measure]
    return f"{groups[group][measure]:.2f} [{low:.2f}, {high:.2f}]"


def no_answer_rates(kavosh: Kavosh) -> list[str]:
    """How often the shipped models flag no-answer queries and real questions as weak, per split."""
    lines = ["| split | no-answer queries flagged | real questions flagged |", "| --- | ---: | ---: |"]
    for split in ("dev", "heldout"):
        none = load_no_answer(split=split)
        real = load_queries(QUESTIONS, split=split)
        flagged = sum(kavosh.search(row["query"]).weak for row in none)
        wrong = [row["id"] for row in real if kavosh.search(row["query"]).weak]
        lines.append(f"| {split} | {flagged}/{len(none)} | {len(wrong)}/{len(real)} {' '.join(wrong)} |")
    for row in load_no_answer(split="all"):
        answer = kavosh.search(row["query"])
        best = max((hit.confidence for hit in answer.results), default=0.0)
        lines.append(f"|   {row['split']} {row['kind']} | {row['query']} | weak {answer.weak}, best {best:.3f} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--no-answer", action="store_true", help="also report the weak flags")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()))
    args = parser.parse_args()
    settings = Settings(home=args.home)
    with Kavosh.open(settings, embedder=make_embedder(settings.embedder)) as kavosh:
        sentences = sentence_vectors(kavosh, args.cache)
        splits = {split: collect(kavosh.searcher, load_queries(QUESTIONS, split=split)) for split in ("dev", "heldout")}
        for samples in splits.values():
            add_columns(samples, kavosh, sentences)
        for split in ("dev", "heldout"):
            print(f"\n{split} ({len(splits[split])} questions), MRR@10 [95 % interval]; hit@10 of all:\n")
            print("| idea | " + " | ".join(GROUPS) + " | hit@10 all |")
            print("| --- |" + " ---: |" * (len(GROUPS) + 1))
            for name, scorer, fit in IDEAS:
                if fit is None:
                    rows = rank(splits[split], scorer)
                elif split == "dev":
                    rows = cross_validated(splits["dev"], fit)
                else:
                    rows = rank(splits["heldout"], fit(splits["dev"]))
                groups = summary(rows)
                print(f"| {name} | " + " | ".join(cell(groups, group) for group in GROUPS)
                      + f" | {cell(groups, 'all', 'hit@10')} |")
        if args.no_answer:
            print("\n" + "\n".join(no_answer_rates(kavosh)))


if __name__ == "__main__":
    main()
