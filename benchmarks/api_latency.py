"""Search latency of the HTTP API on the demo corpus, at 1 and 8 concurrent clients.

Indexes the corpus into a temporary KAVOSH_HOME with the configured embedder (e5-small by
default), starts ``kavosh serve`` on a free loopback port, asks a fixed set of English and
Persian queries, and prints p50/p95/mean latency and throughput per concurrency level, and
what one search is made of (the server's ``timings``).

    .venv/bin/python benchmarks/api_latency.py [--rounds 10] [--concurrency 1 8] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = [
    "science diplomacy",
    "returning experts and elite scientists",
    "ANSO strategic plan 2020-2022",
    "international scientific cooperation between countries",
    "capacity building and training programmes",
    "Alliance of National and International Science Organizations newsletter",
    "climate change research",
    "scholarships for young scientists",
    "technology transfer to developing countries",
    "how can expatriate scientists help their home country",
    "دیپلماسی علم و فناوری",
    "بازگشت نخبگان به کشور",
    "همکاری‌های بین‌المللی علمی",
    "همکاریهای بین المللی",
    "مرکز تحقیقات سیاست علمی کشور",
    "شرکت‌های دانش‌بنیان",
    "مهاجرت نخبگان",
    "نشست تخصصی دیپلماسی علم",
    "نقش دانشگاه‌ها در توسعه",
    "سیاست علم و فناوری ایران",
]


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (no interpolation), in the values' unit."""
    ordered = sorted(values)
    rank = max(1, round(share * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_index(home: Path, corpus: Path) -> dict:
    from index.service import Kavosh
    from kavosh.settings import Settings

    with Kavosh.open(Settings(home=home)) as kavosh:
        report = kavosh.ingest([corpus]).to_dict()
        stats = kavosh.stats().to_dict()
    return {"report": report, "documents": stats["documents"], "chunks": stats["chunks"],
            "embedder": stats["embedder"]["name"]}


def start_server(home: Path, port: int, log: Path) -> subprocess.Popen:
    env = {**os.environ, "KAVOSH_HOME": str(home)}
    env.pop("KAVOSH_API_TOKEN", None)
    command = [sys.executable, "-m", "kavosh.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:]
            raise SystemExit(f"the server exited ({process.returncode}); see {log}:\n{tail}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"the server did not come up in 120 s; see {log}")


def run_level(base_url: str, clients: int, requests: int, k: int, mode: str) -> dict:
    """``requests`` searches spread over ``clients`` threads, each with its own connection."""
    work = [QUERIES[number % len(QUERIES)] for number in range(requests)]
    lock = threading.Lock()
    latencies: list[float] = []
    server_ms: list[float] = []
    timings: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []

    def client_loop() -> None:
        with httpx.Client(base_url=base_url, timeout=60) as http:
            while True:
                with lock:
                    if not work:
                        return
                    query = work.pop()
                started = time.perf_counter()
                answer = http.get("/search", params={"q": query, "k": k, "mode": mode})
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    if answer.status_code != 200:
                        errors.append(f"{answer.status_code}: {answer.text[:200]}")
                        continue
                    body = answer.json()
                    latencies.append(elapsed)
                    server_ms.append(body["took_ms"])
                    for name, value in (body.get("timings") or {}).items():
                        timings[name].append(value)

    started = time.perf_counter()
    threads = [threading.Thread(target=client_loop) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    if errors:
        raise SystemExit(f"{len(errors)} searches failed, e.g. {errors[0]}")
    return {
        "clients": clients,
        "requests": len(latencies),
        "p50_ms": round(percentile(latencies, 0.50), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "mean_ms": round(statistics.fmean(latencies), 1),
        "max_ms": round(max(latencies), 1),
        "throughput_rps": round(len(latencies) / wall, 1),
        "server_took_ms_mean": round(statistics.fmean(server_ms), 1),
        "timings_mean_ms": {name: round(statistics.fmean(values), 2) for name, values in timings.items()},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpora" / "seeds")
    parser.add_argument("--rounds", type=int, default=10, help="times each query is asked per level")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--mode", default="hybrid", choices=["hybrid", "dense", "lexical"])
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="kavosh-bench-") as temp:
        home = Path(temp) / "home"
        started = time.perf_counter()
        index = build_index(home, args.corpus)
        index["seconds"] = round(time.perf_counter() - started, 1)
        port = free_port()
        server = start_server(home, port, Path(temp) / "server.log")
        try:
            base_url = f"http://127.0.0.1:{port}"
            run_level(base_url, 1, len(QUERIES), args.k, args.mode)  # warm-up: every query once
            levels = [run_level(base_url, clients, args.rounds * len(QUERIES), args.k, args.mode)
                      for clients in args.concurrency]
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()

    load = [round(value, 1) for value in os.getloadavg()]
    result = {"cpus": os.cpu_count(), "load_average": load, "python": sys.version.split()[0],
              "queries": len(QUERIES), "k": args.k, "mode": args.mode, "index": index, "levels": levels}
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    print(f"corpus {args.corpus.name}: {index['documents']} documents, {index['chunks']} chunks, "
          f"embedder {index['embedder']}, indexed in {index['seconds']} s")
    print(f"{os.cpu_count()} CPUs, load average after the run {load} (other work skews these numbers)")
    print(f"{len(QUERIES)} queries (10 English, 10 Persian), k={args.k}, mode={args.mode}\n")
    header = ("clients", "requests", "p50 ms", "p95 ms", "mean ms", "max ms", "req/s")
    print(" ".join(f"{name:>8}" for name in header))
    for level in levels:
        row = ("clients", "requests", "p50_ms", "p95_ms", "mean_ms", "max_ms", "throughput_rps")
        print(" ".join(f"{level[key]:>8}" for key in row))
    single = levels[0]
    parts = single["timings_mean_ms"]
    inside = sum(parts.values())
    print(f"\none search at {single['clients']} client(s), mean ms: client-side {single['mean_ms']}, "
          f"server took_ms {single['server_took_ms_mean']}")
    for name, value in parts.items():
        print(f"  {name:<10} {value:>7}")
    print(f"  {'other':<10} {round(single['server_took_ms_mean'] - inside, 2):>7}  (validation, normalizing)")
    print(f"  {'http':<10} {round(single['mean_ms'] - single['server_took_ms_mean'], 2):>7}  "
          "(HTTP, JSON, threadpool hop)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
