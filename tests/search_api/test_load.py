"""A bounded load test on loopback: a real `kavosh serve` (uvicorn, the bundled model) answers 200
concurrent searches while an upload job indexes files, with no errors; p95 latency is printed.

Timings depend on the machine and its load; the test asserts only that nothing failed.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.conftest import ROOT, free_port, stop, wait_until_up

pytestmark = pytest.mark.slow

SEARCHES = 200
CONCURRENCY = 50
API_TOKEN = "load-test-api-token-0123456789"
READ_TOKEN = "load-test-read-token-0123456789"
QUERIES = ["science diplomacy", "دیپلماسی علم", "climate change research", "همکاری بین المللی",
           "young scientists fellowships", "نشست نخبگان", "ANSO strategic plan", "water security"]


@pytest.fixture
def server(tmp_path, demo_home):
    home = tmp_path / "home"
    shutil.copytree(demo_home, home)
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("KAVOSH_")}
    env.update({"KAVOSH_HOME": str(home), "KAVOSH_API_TOKEN": API_TOKEN, "KAVOSH_READ_TOKEN": READ_TOKEN})
    process = subprocess.Popen([sys.executable, "-m", "kavosh.cli", "serve", "--port", str(port)], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{url}/health", process, timeout=120)
        yield url
    finally:
        stop(process)


def test_concurrent_searches_with_an_upload_job_have_no_errors(server):
    read = {"Authorization": f"Bearer {READ_TOKEN}"}
    upload_files = [("files", (f"batch/note-{number}.en.txt",
                               f"Load test note {number} on observatories and telescopes. ".encode() * 40))
                    for number in range(8)]
    with httpx.Client(base_url=server, timeout=120) as http:
        job = http.post("/ingest", files=upload_files, headers={"Authorization": f"Bearer {API_TOKEN}"})
        assert job.status_code == 202, job.text

        def search(number: int) -> tuple[int, float]:
            started = time.perf_counter()
            answer = http.get("/search", params={"q": QUERIES[number % len(QUERIES)], "k": 10}, headers=read)
            return answer.status_code, time.perf_counter() - started

        started = time.perf_counter()
        with ThreadPoolExecutor(CONCURRENCY) as pool:
            outcomes = list(pool.map(search, range(SEARCHES)))
        wall = time.perf_counter() - started
        deadline = time.monotonic() + 300
        while (status := http.get(f"/jobs/{job.json()['id']}",
                                  headers={"Authorization": f"Bearer {API_TOKEN}"}).json())["status"] in (
                "queued", "running") and time.monotonic() < deadline:
            time.sleep(0.5)

    errors = [code for code, _ in outcomes if code != 200]
    latencies = sorted(seconds for _, seconds in outcomes)
    p50 = statistics.median(latencies) * 1000
    p95 = latencies[int(0.95 * len(latencies)) - 1] * 1000
    print(f"\nload: {SEARCHES} searches, {CONCURRENCY} at a time, with an 8-file upload job: "
          f"{len(errors)} errors, p50 {p50:.0f} ms, p95 {p95:.0f} ms, max {latencies[-1] * 1000:.0f} ms, "
          f"{SEARCHES / wall:.1f} searches/s; job {status['status']}, {status['report']['indexed']} indexed")
    assert errors == []
    assert status["status"] == "done" and status["report"]["indexed"] == 8
