"""Search at archive scale: build a collection of N passages from the demo corpus, then measure search.

The demo corpus's real passages (Persian and English, ``corpora/seeds``) are embedded once with
the bundled e5-small, then replicated until there are N: copy 0 is the corpus as it is; every
other copy of a document gets its own ids and file name, 5 to 50 % of its passages' words
replaced by other words of the same language (so keyword matching and duplicate collapsing do
real work), and noise on its vectors that grows with the words replaced. Chunks and document
records are built by ``index.ingest`` (``chunk_point``, ``document_record``) and written through
the store's ``upsert``, as ingest writes them (a copy's passage names its seed's entities, found
once); then the store is optimized.

A fresh process then opens the index as ``kavosh search`` does (query embedding included) and
measures hybrid, dense and lexical search for one client, hybrid for 1, 8 and 64 concurrent clients (their
queries embedded together, as ``kavosh serve`` does), and ``stats``; it reports its own peak
resident memory.

    python benchmarks/scale.py --passages 100000 [--home DIR] [--json]

With ``--home DIR`` the collection stays there: ``KAVOSH_HOME=DIR kavosh search ...`` uses it.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from unittest import mock

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from api_latency import QUERIES, percentile  # noqa: E402

from index.ingest import chunk_point, document_record, document_record_id, newsroom_fields  # noqa: E402
from index.service import Kavosh  # noqa: E402
from index.store import StorePoint  # noqa: E402
from kavosh.settings import Settings  # noqa: E402
from pipeline.normalize import terms, tokenize  # noqa: E402
from pipeline.prepare import PreparedDocument, prepare_document  # noqa: E402
from pipeline.readers import SUPPORTED_EXTENSIONS  # noqa: E402
from pipeline.types import Chunk  # noqa: E402

SEEDS = ROOT / "corpora" / "seeds"
QUESTIONS = ROOT / "corpora" / "eval" / "demo-questions.jsonl"
WRITE_BATCH = 1024
MODES = ("hybrid", "dense", "lexical")
CLIENTS = (1, 8, 64)  # concurrent hybrid searches; ``concurrent_1`` is one client through the same batching


class _Template:
    """A seed chunk cut into text between words and words (surface form and lexical terms), with its vector."""

    def __init__(self, chunk: Chunk, vector: np.ndarray):
        self.chunk = chunk
        self.vector = vector
        text = chunk.display_text
        tokens = tokenize(text)
        self.gaps = [text[: tokens[0].start] if tokens else text]
        self.gaps += [text[before.end : after.start] for before, after in zip(tokens, tokens[1:], strict=False)]
        self.gaps.append(text[tokens[-1].end :] if tokens else "")
        self.words = [(text[token.start : token.end], terms(text[token.start : token.end])) for token in tokens]


class Replicator:
    """Makes copy ``n`` of a seed document: new ids, words replaced, vectors moved a little."""

    def __init__(self, seeds: list[PreparedDocument], vectors: dict[str, np.ndarray], seed: int = 7):
        self.seeds = seeds
        self.templates = {chunk.chunk_id: _Template(chunk, vectors[chunk.chunk_id])
                          for prepared in seeds for chunk in prepared.chunks}
        self.vocabulary: dict[str, list[tuple[str, list[str]]]] = {}
        for template in self.templates.values():
            self.vocabulary.setdefault(template.chunk.lang, []).extend(template.words)
        self.random = random.Random(seed)
        self.noise = np.random.default_rng(seed)

    def copy(self, prepared: PreparedDocument, n: int) -> tuple[PreparedDocument, list[np.ndarray]]:
        if n == 0:
            return prepared, [self.templates[chunk.chunk_id].vector for chunk in prepared.chunks]
        document = prepared.document
        doc_id = hashlib.sha256(f"{document.doc_id}:{n}".encode()).hexdigest()
        path = document.path.parent / f"{document.path.stem}-{n:06d}{document.path.suffix}"
        share = self.random.uniform(0.05, 0.5)
        chunks, vectors = [], []
        for chunk in prepared.chunks:
            template = self.templates[chunk.chunk_id]
            text, chunk_terms = self._vary(template, share)
            chunks.append(replace(chunk, doc_id=doc_id, display_text=text, terms=chunk_terms))
            vectors.append(template.vector)
        noisy = np.asarray(vectors) + self.noise.normal(0.0, 0.01 + 0.03 * share, (len(vectors), len(vectors[0])))
        noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
        copy = replace(document, doc_id=doc_id, path=path, title=f"{document.title} ({n})")
        return PreparedDocument(copy, chunks), list(noisy.astype(np.float32))

    def _vary(self, template: _Template, share: float) -> tuple[str, list[str]]:
        vocabulary = self.vocabulary[template.chunk.lang]
        parts, chunk_terms = [template.gaps[0]], []
        for word, gap in zip(template.words, template.gaps[1:], strict=True):
            if self.random.random() < share:
                word = vocabulary[self.random.randrange(len(vocabulary))]
            parts += [word[0], gap]
            chunk_terms += word[1]
        return "".join(parts), chunk_terms


def load_seeds(kavosh: Kavosh) -> tuple[list[PreparedDocument], dict[str, np.ndarray]]:
    """The demo corpus prepared as ingest prepares it, and each chunk's embedding."""
    files = sorted(path for path in SEEDS.iterdir() if path.suffix.lower() in SUPPORTED_EXTENSIONS)
    seeds = [prepare_document(path.resolve(), kavosh.ingester.chunker) for path in files]
    chunks = [chunk for prepared in seeds for chunk in prepared.chunks]
    vectors = kavosh.embedder.embed_passages([chunk.display_text for chunk in chunks])
    return seeds, {chunk.chunk_id: vector for chunk, vector in zip(chunks, vectors, strict=True)}


def synthetic_batches(seeds: list[PreparedDocument], vectors: dict[str, np.ndarray],
                      passages: int) -> Iterator[tuple[list[StorePoint], int]]:
    """Batches of points as ingest writes them (chunks, then their document's record), ``passages``
    chunks in all, with the number of documents written so far."""
    replicator = Replicator(seeds, vectors)
    # A copy names its seed passage's entities, found once: finding them again in every copy is ingest's
    # work, not the index's; with it the build took about 45 ms a passage under load (12 hours at a million).
    entities = {chunk.chunk_id: newsroom_fields(seed.document, chunk)["entities"]
                for seed in seeds for chunk in seed.chunks}
    written = documents = 0
    batch: list[StorePoint] = []
    for n in itertools.count():
        for seed in seeds:
            prepared, chunk_vectors = replicator.copy(seed, n)
            prepared = PreparedDocument(prepared.document, prepared.chunks[: passages - written])
            paths = [str(prepared.document.path)]
            with mock.patch("index.ingest.extract_entities", return_value=[]):
                points = [chunk_point(prepared.document, chunk, paths, vector)
                          for chunk, vector in zip(prepared.chunks, chunk_vectors, strict=False)]
            for point, chunk in zip(points, seed.chunks, strict=False):
                point.payload["entities"] = entities[chunk.chunk_id]
            batch += points
            batch.append(StorePoint(document_record_id(prepared.doc_id), document_record(prepared, paths)))
            written += len(prepared.chunks)
            documents += 1
            if len(batch) >= WRITE_BATCH or written >= passages:
                yield batch, documents
                batch = []
            if written >= passages:
                return


def build(home: Path, passages: int) -> dict:
    """Write ``passages`` chunks (and their documents' records) into the index at ``home``; optimize it."""
    started = time.perf_counter()
    with Kavosh.open(Settings(home=home)) as kavosh:
        seeds, vectors = load_seeds(kavosh)
        if kavosh.vocabulary is not None:  # the spellings ingest counts; the copies' words are the seeds'
            kavosh.vocabulary.add(sum((prepared.spellings for prepared in seeds), Counter()))
        seeded = time.perf_counter()
        documents = 0
        for batch, documents in synthetic_batches(seeds, vectors, passages):
            kavosh.store.upsert(batch)
            if documents % 2000 < 60:
                print(f"  {documents} documents written", file=sys.stderr, flush=True)
        kavosh.store.flush()
        wrote = time.perf_counter()
        kavosh.store.optimize()
        optimized = time.perf_counter()
    return {"documents": documents, "seconds": {"seed_embed": round(seeded - started, 1),
                                                "write": round(wrote - seeded, 1),
                                                "optimize": round(optimized - wrote, 1)},
            "total": round(optimized - started, 1)}


def queries() -> list[str]:
    """English and Persian queries: the API benchmark's and the evaluation questions."""
    questions = [json.loads(line)["query"] for line in QUESTIONS.read_text().splitlines() if line.strip()]
    return QUERIES + questions


def _summary(latencies: list[float]) -> dict[str, float]:
    return {f"p{int(share * 100)}_ms": round(percentile(latencies, share), 1) for share in (0.5, 0.95, 0.99)}


def one_client(kavosh: Kavosh, asked: list[str], mode: str, rounds: int) -> tuple[dict, dict]:
    """Latency percentiles of one client's searches, and the mean of each part of a search (its
    ``timings``, plus ``cpu_ms``: the process's CPU time per search, which other work on the machine
    inflates far less than wall time)."""
    latencies, timings = [], {}
    for _ in range(rounds):
        for query in asked:
            started, cpu = time.perf_counter(), time.process_time()
            response = kavosh.search(query, k=10, mode=mode)
            latencies.append((time.perf_counter() - started) * 1000)
            for name, value in {**response.timings, "cpu_ms": (time.process_time() - cpu) * 1000}.items():
                timings.setdefault(name, []).append(value)
    return _summary(latencies), {name: round(statistics.fmean(values), 1) for name, values in timings.items()}


def concurrent(kavosh: Kavosh, asked: list[str], clients: int, rounds: int) -> dict:
    work = [query for _ in range(rounds) for query in asked]
    lock = threading.Lock()
    latencies: list[float] = []

    def client() -> None:
        while True:
            with lock:
                if not work:
                    return
                query = work.pop()
            started = time.perf_counter()
            kavosh.search(query, k=10, mode="hybrid")
            with lock:
                latencies.append((time.perf_counter() - started) * 1000)

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    summary = _summary(latencies)
    return {"p50_ms": summary["p50_ms"], "p95_ms": summary["p95_ms"], "rps": round(len(latencies) / wall, 1)}


def store_counts(kavosh: Kavosh) -> dict:
    """What a status needs of the store, by counts and facets: documents and chunks, in all and per language."""
    return {kind: {"all": kavosh.store.count({"kind": kind}), "lang": kavosh.store.facet("lang", {"kind": kind})}
            for kind in ("document", "chunk")}


def measure(home: Path, rounds: int) -> dict:
    """Open the index as `kavosh search` does and time searches and stats (run in a fresh process)."""
    started = time.perf_counter()
    with Kavosh.open(Settings(home=home)) as kavosh:
        kavosh.warm_up()
        opened = round(time.perf_counter() - started, 2)
        asked = queries()
        for query in asked[:10]:
            kavosh.search(query, k=10)
        search, parts = {}, {}
        for mode in MODES:
            search[mode], parts[mode] = one_client(kavosh, asked, mode, rounds)
        kavosh.batch_queries()  # as `kavosh serve` does: concurrent queries are embedded together
        for clients in CLIENTS:  # hybrid searches per second as clients grow, the first figure the baseline
            search[f"concurrent_{clients}"] = concurrent(kavosh, asked, clients, rounds)
        stats_times, counts_times = [], []
        for _ in range(3):
            tick = time.perf_counter()
            stats = kavosh.stats()
            stats_times.append((time.perf_counter() - tick) * 1000)
            tick = time.perf_counter()
            store_counts(kavosh)
            counts_times.append((time.perf_counter() - tick) * 1000)
    rss_mb = peak_rss_mb()
    return {"passages": stats.chunks, "documents": stats.documents, "search": search,
            "stats_ms": round(statistics.median(stats_times), 1),
            "store_counts_ms": round(statistics.median(counts_times), 1), "rss_mb": round(rss_mb),
            "open_seconds": opened, "timings_mean_ms": parts, "queries": len(asked) * rounds}


def peak_rss_mb() -> float:
    """This process's peak resident memory. Not ``ru_maxrss``: a child started by a large parent inherits
    the parent's peak through fork and exec, which made the searching process look as large as the builder."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def disk_mb(path: Path) -> float:
    """Space the files under ``path`` take on disk (allocated blocks, so sparse files count what they use)."""
    return round(sum(file.stat().st_blocks * 512 for file in path.rglob("*") if file.is_file()) / 2**20)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--passages", type=int, default=10_000, help="passages to index (up to 1,000,000)")
    parser.add_argument("--home", type=Path, help="keep the index here (KAVOSH_HOME) instead of a temporary folder")
    parser.add_argument("--rounds", type=int, default=2, help="times each of the 72 queries is asked per mode")
    parser.add_argument("--measure-only", action="store_true", help="measure the index already at --home")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    if args.passages < 1:
        parser.error("--passages must be at least 1")
    if args.measure_only:
        if args.home is None:
            parser.error("--measure-only needs --home")
        print(json.dumps(measure(args.home.expanduser().resolve(), args.rounds), ensure_ascii=False))
        return 0

    with tempfile.TemporaryDirectory(prefix="kavosh-scale-") as temp:
        home = (args.home or Path(temp) / "home").expanduser().resolve()
        load_before = os.getloadavg()[0]
        built = build(home, args.passages)
        child = subprocess.run([sys.executable, __file__, "--measure-only", "--home", str(home),
                                "--rounds", str(args.rounds)], capture_output=True, text=True, cwd=ROOT)
        if child.returncode != 0:
            raise SystemExit(f"measuring failed:\n{child.stderr[-3000:]}")
        measured = json.loads(child.stdout.strip().splitlines()[-1])
        result = {"passages": measured.pop("passages"), "documents": measured.pop("documents"),
                  "build_seconds": built["total"], "build": built["seconds"], **measured,
                  "disk_mb": disk_mb(home), "cpus": os.cpu_count(),
                  "load_average": [round(load_before, 1), round(os.getloadavg()[0], 1)]}
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
