"""Ranking quality of Kavosh's fusion against the naive alternatives and a language oracle, on bilingual questions.

    python benchmarks/ranking_ablation.py [--home DIR] [--corpus PATH ...]
        [--questions corpora/eval/demo-questions.jsonl] [--split dev|heldout|all] [--markdown]

Indexes the corpus (default: the demo corpus) into a temporary home, or uses --home, then scores:
  dense-one-pool     one dense query over both languages, raw cosine (what a plain vector search does)
  rrf-one-pool       reciprocal-rank fusion of that dense list and one BM25 list (plain hybrid)
  dense              Kavosh: dense per language, standardized within each language, merged
  hybrid             Kavosh: the above plus keyword evidence (the default)
  lexical            Kavosh: keywords alone
  dense-oracle-lang  dense search restricted to the answer's language (told where to look: the model's
                     ceiling for the merge; a question answered in both languages is not restricted)
Prints each one's report for --split, or with --markdown one table per split (heldout, dev) of MRR@10
with its 95 % bootstrap interval per group, and hit@1, hit@10 and nDCG@10 of hybrid.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from index.embedders import make_embedder
from index.evaluation import evaluate, format_report, load_queries, summarize
from index.lexical import query_vector
from index.records import SearchResponse
from index.search import _hit
from index.service import Kavosh
from kavosh.settings import Settings
from pipeline.normalize import display_text
from pipeline.types import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
POOL = 60
RRF_K = 60
VARIANTS = ("hybrid", "dense", "lexical", "dense-one-pool", "rrf-one-pool", "dense-oracle-lang")


class QueryCache:
    """The configured embedder, embedding each query once: every variant asks for the same queries."""

    def __init__(self, embedder):
        self._embedder = embedder
        self._queries: dict[str, object] = {}

    def __getattr__(self, name: str):
        return getattr(self._embedder, name)

    def embed_query(self, text: str):
        if text not in self._queries:
            self._queries[text] = self._embedder.embed_query(text)
        return self._queries[text]


class OnePoolSearch:
    """The naive baselines, with the same store and embedder as Kavosh."""

    def __init__(self, kavosh: Kavosh, fuse_lexical: bool):
        self.kavosh = kavosh
        self.fuse_lexical = fuse_lexical

    def search(self, query: str, k: int = 10, mode: str = "", lang: str | None = None) -> SearchResponse:
        store, normalized = self.kavosh.store, display_text(query)
        dense = store.query_dense(self.kavosh.embedder.embed_query(normalized), POOL, {"kind": "chunk"})
        scores = {hit.id: hit.score for hit in dense}
        payloads = {hit.id: hit.payload for hit in dense}
        if self.fuse_lexical:
            lexical = store.query_lexical(query_vector(normalized), POOL, {"kind": "chunk"})
            payloads.update((hit.id, hit.payload) for hit in lexical)
            scores = {}
            for ranked in (dense, lexical):
                for rank, hit in enumerate(ranked, start=1):
                    scores[hit.id] = scores.get(hit.id, 0.0) + 1 / (RRF_K + rank)
        ranked_ids = sorted(scores, key=scores.__getitem__, reverse=True)[:k]
        return SearchResponse(query=query, mode="dense", took_ms=0.0,  # a naive ranking: not one of the modes
                              results=[_hit(point_id, payloads[point_id]) for point_id in ranked_ids])


def run_variant(name: str, kavosh: Kavosh, questions: list[dict], k: int) -> dict:
    """One variant's report over the questions."""
    if name in ("dense-one-pool", "rrf-one-pool"):
        return evaluate(OnePoolSearch(kavosh, fuse_lexical=name == "rrf-one-pool"), questions, k=k, mode=name)
    if name == "dense-oracle-lang":
        told = [{**question, "lang": question["target_lang"]} if question.get("target_lang") in LANGUAGES
                else question for question in questions]
        return evaluate(kavosh, told, k=k, mode="dense")
    return evaluate(kavosh, questions, k=k, mode=name)


def markdown_tables(reports: dict[str, dict], k: int) -> str:
    """Per split, one row per group: MRR@k [interval] of every variant, then hit@1, hit@k and nDCG@k of hybrid."""
    lines = []
    for split in _splits(reports["hybrid"]["per_question"]):
        summaries = {name: summarize([row for row in report["per_question"] if split in ("all", row["split"])],
                                     k)["groups"]
                     for name, report in reports.items()}
        lines += ["", f"{split}:", "",
                  "| group | n | " + " | ".join(f"{name} MRR@{k}" for name in reports)
                  + f" | hybrid hit@1 | hybrid hit@{k} | hybrid nDCG@{k} |",
                  "| --- | ---: |" + " ---: |" * (len(reports) + 3)]
        for group, hybrid in summaries["hybrid"].items():
            cells = [_cell(summaries[name][group], "mrr") for name in reports]
            cells += [_cell(hybrid, measure) for measure in ("hit@1", f"hit@{k}", f"ndcg@{k}")]
            lines.append(f"| {group} | {hybrid['n']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _splits(rows: list[dict]) -> list[str]:
    """The splits the questions have, held-out first; ``all`` for questions without splits."""
    present = {row["split"] for row in rows}
    return [split for split in ("heldout", "dev") if split in present] or ["all"]


def _cell(summary: dict, measure: str) -> str:
    low, high = summary["ci"][measure]
    return f"{summary[measure]:.2f} [{low:.2f}, {high:.2f}]"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, help="an index to use (default: build one of --corpus)")
    parser.add_argument("--corpus", type=Path, nargs="+", default=[ROOT / "corpora" / "seeds"],
                        help="files and folders to index when --home is not given")
    parser.add_argument("--questions", type=Path, default=ROOT / "corpora" / "eval" / "demo-questions.jsonl")
    parser.add_argument("--split", choices=("dev", "heldout", "all"), default="all")
    parser.add_argument("--variants", nargs="+", choices=VARIANTS, default=list(VARIANTS))
    parser.add_argument("--markdown", action="store_true", help="print tables per split instead of reports")
    parser.add_argument("--k", type=int, default=10)
    args = parser.parse_args()
    if args.markdown and "hybrid" not in args.variants:
        parser.error("--markdown needs the hybrid variant")
    questions = load_queries(args.questions, split=args.split)

    with tempfile.TemporaryDirectory() as scratch:
        home = args.home or Path(scratch)
        settings = Settings(home=home)
        with Kavosh.open(settings, embedder=QueryCache(make_embedder(settings.embedder))) as kavosh:
            if args.home is None:
                kavosh.ingest(args.corpus)
            reports = {}
            for name in args.variants:
                reports[name] = run_variant(name, kavosh, questions, args.k)
                if not args.markdown:
                    print(f"== {name}")
                    print(format_report(reports[name]).split("\nnot found")[0])
    if args.markdown:
        print(markdown_tables(reports, args.k))


if __name__ == "__main__":
    main()
