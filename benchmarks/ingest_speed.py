"""Ingest speed beside the bare embedder's, in one run: how much of the reading and chunking the pipeline hides.

    python benchmarks/ingest_speed.py [PATH ...]            (default: corpora/seeds)
    python benchmarks/ingest_speed.py --passages 10000       (seeds replicated with variations)

A first ingest into a fresh temporary home is timed; then the bare embedder embeds exactly the
texts that ingest embedded, in the same batches: the passages and, in an index with sentence
windows, each batch's windows (``index.windows``). The ratio of the two times is printed (the
target is at most 1.1), and what the windows cost beside the passages alone. The machine's load
average is printed too: on a shared machine, compare only the figures of one run.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from pathlib import Path

from index.ingest import EMBED_BATCH
from index.service import Kavosh
from index.windows import window_vectors
from kavosh.settings import Settings
from pipeline.prepare import prepare_document

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpora" / "seeds"
DIGITS = "0123456789"


def replicate(seeds: Path, target: Path, passages: int, passages_per_copy: int) -> int:
    """Copies of the seed files with variations (digits changed, paragraphs shuffled, an edition line),
    so that each copy is a new document; PDFs get a trailing comment. Returns the number of files."""
    copies = max(1, -(-passages // max(passages_per_copy, 1)))
    randomness = random.Random(12)
    files = 0
    for copy in range(copies):
        for seed in sorted(seeds.iterdir()):
            name = target / f"{seed.stem}.{copy:04d}{seed.suffix}"
            if seed.suffix == ".pdf":
                name.write_bytes(seed.read_bytes() + f"\n% copy {copy}\n".encode())
            else:
                paragraphs = seed.read_text(encoding="utf-8").split("\n\n")
                head, body = paragraphs[:1], paragraphs[1:]
                randomness.shuffle(body)
                text = "\n\n".join(head + [f"Edition {copy}."] + body)
                shifted = text.translate(str.maketrans("0123456789", DIGITS[copy % 10 :] + DIGITS[: copy % 10]))
                name.write_text(shifted, encoding="utf-8")
            files += 1
    return files


def load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[SEEDS])
    parser.add_argument("--passages", type=int, help="build a corpus of about this many passages from the seeds")
    parser.add_argument("--embedder", default="e5-small")
    parser.add_argument("--workers", type=int, help="worker processes (default: one per core but one)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        settings = Settings(home=scratch / "home", embedder=args.embedder)
        paths = args.paths
        with Kavosh.open(settings) as kavosh:
            if args.passages:
                per_copy = sum(len(prepare_document(seed, kavosh.ingester.chunker).chunks)
                               for seed in sorted(SEEDS.iterdir()))
                corpus = scratch / "corpus"
                corpus.mkdir()
                files = replicate(SEEDS, corpus, args.passages, per_copy)
                paths = [corpus]
                print(f"corpus: {files} files from {SEEDS.name} ({per_copy} passages a copy)")
            print(f"load average before: {load()} on {os.cpu_count()} cores")
            if args.workers is not None:
                kavosh.ingester.workers = args.workers
            report = kavosh.ingest(paths)
            again = kavosh.ingest(paths)
            passages = [payload["text"] for _, payload in kavosh.store.scroll({"kind": "chunk"}, fields=("text",))]
            windows = kavosh.store.has_windows()
            bare = windows_part = 0.0
            for start in range(0, len(passages), EMBED_BATCH):
                batch = passages[start : start + EMBED_BATCH]
                started = time.perf_counter()
                vectors = kavosh.embedder.embed_passages(batch)
                middle = time.perf_counter()
                if windows:
                    window_vectors(kavosh.embedder, batch, vectors)
                bare += time.perf_counter() - started
                windows_part += time.perf_counter() - middle
            embedder = kavosh.embedder.name
            workers = kavosh.ingester.workers
    print(f"load average after: {load()}")
    print(f"embedder {embedder}; {workers} worker process(es); {report.indexed} documents, "
          f"{len(passages)} passages, {report.tokens_embedded} tokens, {len(report.failed)} failed")
    print(f"{'bare embedder':<16}{bare:9.1f} s  {len(passages) / bare:7.1f} passages/s"
          + (f"  (sentence windows {windows_part:.1f} s of it: x{bare / (bare - windows_part):.2f} the passages alone)"
             if windows else "  (no sentence windows)"))
    print(f"{'first ingest':<16}{report.seconds:9.1f} s  {len(passages) / report.seconds:7.1f} passages/s")
    print(f"ratio ingest / bare embedder: {report.seconds / bare:.2f}")
    print("ingest stages (this process): " + ", ".join(f"{stage} {seconds:.1f} s"
                                                       for stage, seconds in report.stage_seconds.items()))
    print(f"re-ingest of the unchanged corpus: {again.seconds:.2f} s, {again.unchanged} unchanged, "
          f"{again.chunks_added} passages embedded")


if __name__ == "__main__":
    main()
