"""What results by document cost: search time with group=passage and group=document, in-process.

Indexes the demo corpus and the evaluation distractors into a temporary KAVOSH_HOME with e5-small,
then asks api_latency's English and Persian queries in both groups at each k, and prints the median
and p95 of the search's own time (took_ms) and of its last step (rest_ms: duplicates, grouping,
highlights), with how many passages and documents came back.

    .venv/bin/python benchmarks/grouping_latency.py [--k 10 50] [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.api_latency import QUERIES, percentile  # noqa: E402
from index.service import Kavosh  # noqa: E402
from kavosh.settings import Settings  # noqa: E402

CORPUS = [ROOT / "corpora" / "seeds", ROOT / "corpora" / "eval" / "distractors"]


def measure(kavosh: Kavosh, k: int, group: str, rounds: int) -> dict[str, float]:
    took, rest, passages, documents = [], [], [], []
    for _ in range(rounds):
        for query in QUERIES:
            answer = kavosh.search(query, k=k, group=group)
            took.append(answer.took_ms)
            rest.append(answer.timings.get("rest_ms", 0.0))
            passages.append(len(answer.results))
            documents.append(len({hit.doc_id for hit in answer.results}))
    return {"p50": statistics.median(took), "p95": percentile(took, 0.95), "rest_p50": statistics.median(rest),
            "passages": statistics.fmean(passages), "documents": statistics.fmean(documents)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--k", type=int, nargs="+", default=[10, 50])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home, Kavosh.open(Settings(home=Path(home), embedder="e5-small")) as kavosh:
        report = kavosh.ingest(CORPUS)
        print(f"{report.indexed} documents, {report.chunks_added} passages; {len(QUERIES)} queries x {args.rounds}")
        kavosh.warm_up()
        print(f"{'k':>4} {'group':<9} {'took p50':>9} {'took p95':>9} {'rest p50':>9} {'passages':>9} {'documents':>9}")
        for k in args.k:
            for group in ("passage", "document"):
                row = measure(kavosh, k, group, args.rounds)
                print(f"{k:>4} {group:<9} {row['p50']:>7.1f}ms {row['p95']:>7.1f}ms {row['rest_p50']:>7.1f}ms "
                      f"{row['passages']:>9.1f} {row['documents']:>9.1f}")


if __name__ == "__main__":
    main()
