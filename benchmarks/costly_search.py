"""The costliest searches a client may ask: CPU time per search by k and query length, in-process.

Indexes the demo corpus into a temporary KAVOSH_HOME with e5-small (or opens ``--home``), then asks an
English and a Persian query, short and at the length limit (MAX_QUERY_CHARS), at k=10 and k=100, and
prints the median wall and CPU time of the search (CPU of every thread of this process, the
embedder's included) with its parts from ``timings``.

    .venv/bin/python benchmarks/costly_search.py [--home DIR] [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.records import MAX_QUERY_CHARS  # noqa: E402
from index.service import Kavosh  # noqa: E402
from kavosh.settings import Settings  # noqa: E402

ENGLISH = ("What did the officials say about science diplomacy, international cooperation among researchers, "
           "fellowships for young scientists, knowledge-based companies and the water crisis in the region? ")
PERSIAN = ("مسئولان دربارهٔ دیپلماسی علم و فناوری، همکاری‌های بین‌المللی پژوهشگران، شرکت‌های دانش‌بنیان "
           "و بحران آب در منطقه چه گفتند؟ ")


def at_limit(sentence: str) -> str:
    """The sentence repeated up to the query length limit, cut at a word."""
    text = (sentence * (MAX_QUERY_CHARS // len(sentence) + 1))[:MAX_QUERY_CHARS]
    return text.rsplit(" ", 1)[0]


def measure(kavosh: Kavosh, query: str, k: int, rounds: int) -> dict[str, float]:
    wall, cpu, parts = [], [], {}
    for _ in range(rounds):
        started, started_cpu = time.perf_counter(), time.process_time()
        answer = kavosh.search(query, k=k)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        for name, value in answer.timings.items():
            parts.setdefault(name, []).append(value)
    return {"wall": statistics.median(wall), "cpu": statistics.median(cpu),
            **{name: statistics.median(values) for name, values in parts.items()}}


def run(kavosh: Kavosh, rounds: int) -> None:
    kavosh.warm_up()
    print(f"{'query':<16} {'chars':>5} {'k':>4} {'wall':>8} {'cpu':>8} {'embed':>8} {'store':>8} {'rest':>8}")
    for name, sentence in (("English", ENGLISH), ("Persian", PERSIAN)):
        for length, query in (("short", sentence.split(",")[0]), ("at the limit", at_limit(sentence))):
            for k in (10, 100):
                row = measure(kavosh, query, k, rounds)
                parts = " ".join(f"{row.get(part, 0):>6.0f}ms" for part in ("embed_ms", "store_ms", "rest_ms"))
                label = f"{name} {length}"
                print(f"{label:<16} {len(query):>5} {k:>4} {row['wall']:>6.0f}ms {row['cpu']:>6.0f}ms {parts}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, help="an existing KAVOSH_HOME to search (default: index the demo)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if args.home:
        with Kavosh.open(Settings(home=args.home)) as kavosh:
            run(kavosh, args.rounds)
        return
    with tempfile.TemporaryDirectory() as home, Kavosh.open(Settings(home=Path(home), embedder="e5-small")) as kavosh:
        report = kavosh.ingest([ROOT / "corpora" / "seeds"])
        print(f"{report.indexed} documents, {report.chunks_added} passages")
        run(kavosh, args.rounds)


if __name__ == "__main__":
    main()
