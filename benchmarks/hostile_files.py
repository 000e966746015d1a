"""What each hostile file costs now: seconds and the worker's peak memory, each in a fresh worker.

    python benchmarks/hostile_files.py

The files are those of tests/hostile.py (a 1 KB flate bomb of 200 MB, 100,000 pages, 120 KB of
"<a ", 64 KB of pathological Markdown, a 0.44 MB Persian line); each is prepared in a worker
process of its own, with the default limits.
"""

from __future__ import annotations

import os
import time

from pipeline.limits import DEFAULT_LIMITS
from pipeline.workers import ChunkerSpec, PrepareJob, PreparePool
from tests import hostile
from tests.fakes import word_counter

FILES = {
    "flate bomb (200 MB inflated)": ("bomb.pdf", hostile.flate_bomb_pdf),
    "PDF of 100,000 pages": ("long.pdf", hostile.many_pages_pdf),
    "120 KB of <a": ("anchors.html", hostile.anchor_soup_html),
    "64 KB of Markdown openers": ("brackets.md", hostile.pathological_markdown),
    "0.44 MB Persian line": ("line.fa.txt", hostile.long_persian_line),
}


def peak_megabytes(pid: int) -> float:
    """The process's peak resident memory (VmHWM), in MB."""
    with open(f"/proc/{pid}/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def main() -> None:
    print(f"load average: {' '.join(f'{value:.1f}' for value in os.getloadavg())}")
    with PreparePool(ChunkerSpec(word_counter), DEFAULT_LIMITS) as warm:  # the fork server, hazm loaded
        warm.submit(PrepareJob("warm.txt", b"Ready.")).result()
        baseline = peak_megabytes(warm._workers[0].process.pid)
    print(f"a fresh worker: {baseline:.0f} MB resident at its peak (hazm's tables shared with its fork server)")
    print(f"{'file':<30}{'bytes':>12}{'seconds':>9}{'peak MB':>9}  outcome")
    for label, (name, make) in FILES.items():
        data = make()
        with PreparePool(ChunkerSpec(word_counter), DEFAULT_LIMITS) as pool:
            pool.submit(PrepareJob("warm.txt", b"Ready.")).result()
            started = time.perf_counter()
            future = pool.submit(PrepareJob(name, data))
            error = future.exception()
            seconds = time.perf_counter() - started
            worker = pool._workers[0].process
            peak = peak_megabytes(worker.pid) if worker.is_alive() else float("nan")
        outcome = error.reason if error else f"read: {len(future.result().chunks)} passages"
        print(f"{label:<30}{len(data):>12,}{seconds:>9.2f}{peak:>9.0f}  {outcome}")


if __name__ == "__main__":
    main()
