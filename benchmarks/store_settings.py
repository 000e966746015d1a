"""Which store settings to use at scale: the same synthetic collection built with each, and searched.

Builds N passages as ``benchmarks/scale.py`` does (real demo passages and embeddings, replicated
with varied words and noisy vectors) into an embedded store whose chunk shard is configured by
each variant, optimizes it, then, in a fresh process, runs what one hybrid search asks of the
store (dense and keyword queries per language, 60 candidates each, in one ``query_batch``) for
72 English and Persian queries, and compares the dense hits with an exact search.

    python benchmarks/store_settings.py --passages 100000 [--variants chosen before ...]

Per variant it prints: build seconds (write, optimize; wall and CPU), store time per search
(p50/p95 wall, mean CPU), dense recall@10 against exact search (by id, and by score: hits
scoring at least the exact 10th best), the time to list every document's summary (a scroll) and to
count chunks and documents per language (counts and facets), peak RSS of the searching process,
and disk use.
"""

from __future__ import annotations

import argparse
import json
import pickle
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from scale import disk_mb, load_seeds, peak_rss_mb, queries, synthetic_batches  # noqa: E402

from index.embedders import make_embedder  # noqa: E402
from index.lexical import query_vector  # noqa: E402
from index.service import Kavosh  # noqa: E402
from index.store import EdgeStore, StoreQuery  # noqa: E402
from index.store.base import DENSE, LEXICAL  # noqa: E402
from kavosh.settings import Settings  # noqa: E402
from pipeline.normalize import display_text  # noqa: E402

CANDIDATES = 60


def chunk_config(qe, variant: str, dim: int):
    """The chunk shard's configuration for a variant; ``chosen`` is what EdgeStore uses."""
    vectors = {"memory": qe.Memory.Cold}
    sparse = {"modifier": qe.Modifier.Idf}
    extra = {"hnsw_config": qe.HnswIndexConfig(m=16, ef_construct=64, full_scan_threshold=10_000),
             "quantization_config": qe.ScalarQuantizationConfig(type=qe.ScalarType.Int8, quantile=0.99,
                                                                memory=qe.Memory.Pinned),
             "payload_memory": qe.Memory.Cold}
    if variant in ("before", "defaults-optimized"):  # what Kavosh used before: engine defaults
        vectors, extra = {}, {}
    if variant == "vectors-in-ram":
        vectors = {"memory": qe.Memory.Cached}
    if variant == "no-quantization":
        extra.pop("quantization_config")
    if variant == "ef-construct-100":
        extra["hnsw_config"] = qe.HnswIndexConfig(m=16, ef_construct=100, full_scan_threshold=10_000)
    if variant == "keyword-index-on-disk":
        sparse["memory"] = qe.Memory.Cold
    return qe.EdgeConfig(vectors={DENSE: qe.EdgeVectorParams(size=dim, distance=qe.Distance.Cosine, **vectors)},
                         sparse_vectors={LEXICAL: qe.EdgeSparseVectorParams(**sparse)}, **extra)


VARIANTS = ("chosen", "before", "defaults-optimized", "one-shard", "vectors-in-ram", "no-quantization",
            "ef-construct-100", "keyword-index-on-disk")
LAYOUT_1 = ("before", "defaults-optimized", "one-shard")  # document records beside the chunks


def build(home: Path, variant: str, passages: int, seeds_file: Path) -> dict:
    """Write the collection with this variant's settings; ``before`` is the engine's defaults, document
    records beside the chunks and no ``optimize()``, as Kavosh wrote indexes before."""
    seeds, vectors = pickle.loads(seeds_file.read_bytes())
    import qdrant_edge

    EdgeStore._chunk_config = lambda self, dim: chunk_config(qdrant_edge, variant, dim)
    store = EdgeStore(home, "kavosh")
    store.create("e5-small", len(next(iter(vectors.values()))))
    if variant in LAYOUT_1:
        store._documents.close()
        shutil.rmtree(store.directory / "documents")
        store._documents = store._chunks
        store._meta_path.write_text(json.dumps(store.metadata() | {"schema": 1}))
    started = time.perf_counter()
    for batch, _ in synthetic_batches(seeds, vectors, passages):
        store.upsert(batch)
    store.flush()
    wrote, wrote_cpu = time.perf_counter(), time.process_time()
    if variant != "before":
        store.optimize()
    seconds = {"write": round(wrote - started, 1), "optimize": round(time.perf_counter() - wrote, 1),
               "optimize_cpu": round(time.process_time() - wrote_cpu, 1)}
    store.close()
    return seconds


def search(home: Path, queries_file: Path) -> dict:
    """Store time of hybrid searches' queries, dense recall against exact search, and peak RSS."""
    store = EdgeStore(home, "kavosh")
    qe = store._models
    asked = pickle.loads(queries_file.read_bytes())
    batches = [[StoreQuery(dense, CANDIDATES, {"kind": "chunk", "lang": lang}) for lang in ("fa", "en")]
               + [StoreQuery(sparse, CANDIDATES, {"kind": "chunk", "lang": lang}) for lang in ("fa", "en")]
               for dense, sparse in asked]
    for batch in batches[:10]:
        store.query_batch(batch)
    wall, cpu, by_id, by_score = [], [], [], []
    for batch in batches:
        started, cpu_started = time.perf_counter(), time.process_time()
        results = store.query_batch(batch)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
        for query, hits in zip(batch[:2], results[:2], strict=True):
            part, part_filters = store._parts(query.filters)[0]
            exact = part.query(qe.QueryRequest(
                limit=10, query=qe.Query.Nearest(list(map(float, query.vector)), using=DENSE),
                filter=store._filter(part_filters),
                params=qe.SearchParams(exact=True, quantization=qe.QuantizationSearchParams(ignore=True))))
            if len(exact) == 10:
                by_id.append(len({str(point.id) for point in exact} & {hit.id for hit in hits[:10]}) / 10)
                by_score.append(sum(hit.score >= exact[-1].score - 1e-6 for hit in hits[:10]) / 10)
    started = time.perf_counter()
    summaries = sum(1 for _ in store.scroll({"kind": "document"}, fields=("doc_id", "title", "source", "lang")))
    scroll_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    store.count({"kind": "chunk"}), store.facet("lang", {"kind": "chunk"}), store.facet("lang", {"kind": "document"})
    counts_ms = (time.perf_counter() - started) * 1000
    store.close()
    ordered = sorted(wall)
    return {"store_p50_ms": round(ordered[len(ordered) // 2], 1),
            "store_p95_ms": round(ordered[int(len(ordered) * 0.95)], 1),
            "store_cpu_ms": round(statistics.fmean(cpu), 1), "recall10_by_id": round(statistics.fmean(by_id), 3),
            "recall10_by_score": round(statistics.fmean(by_score), 3),
            "documents_scroll_ms": round(scroll_ms, 1), "documents": summaries, "counts_ms": round(counts_ms, 1),
            "rss_mb": round(peak_rss_mb())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--variants", nargs="+", default=list(VARIANTS), choices=VARIANTS)
    parser.add_argument("--step", choices=("build", "search"), help=argparse.SUPPRESS)
    parser.add_argument("--home", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.step == "build":
        print(json.dumps(build(args.home, args.variants[0], args.passages, args.data)))
        return 0
    if args.step == "search":
        print(json.dumps(search(args.home, args.data)))
        return 0

    with tempfile.TemporaryDirectory(prefix="kavosh-settings-") as temp:
        seeds_file, queries_file = Path(temp) / "seeds.pickle", Path(temp) / "queries.pickle"
        with Kavosh.open(Settings(home=Path(temp) / "seeds")) as kavosh:
            seeds_file.write_bytes(pickle.dumps(load_seeds(kavosh)))
        embedder = make_embedder("e5-small")
        texts = [display_text(query) for query in queries()]
        queries_file.write_bytes(pickle.dumps([(embedder.embed_query(text).tolist(), query_vector(text))
                                               for text in texts]))
        for variant in args.variants:
            home = Path(temp) / variant
            run = [sys.executable, __file__, "--home", str(home), "--passages", str(args.passages),
                   "--variants", variant]
            built = subprocess.run([*run, "--step", "build", "--data", str(seeds_file)],
                                   capture_output=True, text=True, check=True)
            searched = subprocess.run([*run, "--step", "search", "--data", str(queries_file)],
                                      capture_output=True, text=True, check=True)
            result = {"variant": variant, "passages": args.passages, "build": json.loads(built.stdout),
                      **json.loads(searched.stdout), "disk_mb": disk_mb(home)}
            print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
