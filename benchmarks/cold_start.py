"""A one-off `kavosh search` from the shell: wall time and peak memory, English and Persian.

    KAVOSH_HOME=/path/to/an/index python benchmarks/cold_start.py [--runs 5]

Each run is a fresh process (`kavosh search QUERY --json`), timed by /usr/bin/time-like rusage.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

QUERIES = {"en": "science diplomacy and returning experts", "fa": "دیپلماسی علم و فناوری"}


def one_run(query: str) -> tuple[float, float, float]:
    """Wall seconds, the process's peak RSS in MB, and the search's own took_ms."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    answer = subprocess.run([sys.executable, "-m", "kavosh.cli", "search", query, "--k", "10", "--json"],
                            capture_output=True, text=True, check=True, env=os.environ)
    wall = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(peak, before) / 1024, json.loads(answer.stdout)["took_ms"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    for language, query in QUERIES.items():
        runs = [one_run(query) for _ in range(args.runs)]
        walls, peaks, took = zip(*runs, strict=True)
        print(f"{language}: wall median {statistics.median(walls):.2f} s (min {min(walls):.2f}), "
              f"peak RSS {max(peaks):.0f} MB, search took_ms median {statistics.median(took):.0f}")


if __name__ == "__main__":
    main()
