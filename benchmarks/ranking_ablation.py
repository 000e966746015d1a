"""Ranking quality of Kavosh's fusion against the naive alternatives, on bilingual questions with known answers.

    python benchmarks/ranking_ablation.py [--home DIR] [--questions corpora/eval/demo-questions.jsonl]

Indexes the demo corpus into a temporary home (or uses --home), then prints hit@1/5/10 and MRR per
direction for:
  dense-one-pool   one dense query over both languages, raw cosine (what a plain vector search does)
  rrf-one-pool     reciprocal-rank fusion of that dense list and one BM25 list (plain hybrid)
  dense            Kavosh: dense per language, standardized within each language, merged
  hybrid           Kavosh: the above plus keyword evidence (the default)
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from index.evaluation import evaluate, format_report, load_queries
from index.lexical import query_vector
from index.records import SearchResponse
from index.search import _hit
from index.service import Kavosh
from kavosh.settings import Settings
from pipeline.normalize import display_text

ROOT = Path(__file__).resolve().parent.parent
POOL = 60
RRF_K = 60


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
        return SearchResponse(query=query, mode=mode or "dense", took_ms=0.0,
                              results=[_hit(point_id, payloads[point_id]) for point_id in ranked_ids])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, help="an index of the demo corpus to use (default: build one)")
    parser.add_argument("--questions", type=Path, default=ROOT / "corpora" / "eval" / "demo-questions.jsonl")
    parser.add_argument("--k", type=int, default=10)
    args = parser.parse_args()
    questions = load_queries(args.questions)

    with tempfile.TemporaryDirectory() as scratch:
        home = args.home or Path(scratch)
        with Kavosh.open(Settings(home=home)) as kavosh:
            if args.home is None:
                kavosh.ingest([ROOT / "corpora" / "seeds"])
            variants = {"dense-one-pool": (OnePoolSearch(kavosh, fuse_lexical=False), "dense"),
                        "rrf-one-pool": (OnePoolSearch(kavosh, fuse_lexical=True), "hybrid"),
                        "dense": (kavosh, "dense"), "hybrid": (kavosh, "hybrid")}
            for name, (searcher, mode) in variants.items():
                report = evaluate(searcher, questions, k=args.k, mode=mode)
                print(f"== {name}")
                print(format_report(report).split("\nnot found")[0])


if __name__ == "__main__":
    main()
