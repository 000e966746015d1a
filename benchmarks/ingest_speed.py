"""Ingest speed: index a corpus into a fresh temporary home and print where the time goes.

    python benchmarks/ingest_speed.py [PATH ...]      (default: corpora/seeds)
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from index.service import Kavosh
from kavosh.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[ROOT / "corpora" / "seeds"])
    parser.add_argument("--embedder", default="e5-small")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as home:
        started = time.perf_counter()
        kavosh = Kavosh.open(Settings(home=Path(home), embedder=args.embedder))
        open_seconds = time.perf_counter() - started
        with kavosh:
            report = kavosh.ingest(args.paths)
            again = kavosh.ingest(args.paths)
            stats = kavosh.stats().to_dict()

    pages = sum(source["pages"] for source in stats["sources"])
    print(f"embedder {stats['embedder']['name']}; opened in {open_seconds:.2f} s")
    print(f"documents {stats['documents']}, pages {pages}, chunks {stats['chunks']}, "
          f"tokens {report.tokens_embedded}, failed {len(report.failed)}")
    print(f"ingest {report.seconds:.2f} s = " + ", ".join(f"{stage} {seconds:.2f} s"
                                                       for stage, seconds in report.stage_seconds.items()))
    embed = report.stage_seconds["embed"]
    if embed:
        print(f"embedding {report.tokens_embedded / embed:.0f} tokens/s, {stats['chunks'] / embed:.1f} chunks/s")
    print(f"re-ingest of the unchanged corpus: {again.seconds:.2f} s, {again.unchanged} unchanged, "
          f"{again.chunks_added} chunks embedded")


if __name__ == "__main__":
    main()
