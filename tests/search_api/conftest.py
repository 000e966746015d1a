"""API fixtures: a small bilingual index with the fake embedder, served through TestClient."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kavosh.settings import Settings
from search_api.main import create_app

TOKEN = "s3cret-token-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}

ENGLISH = (
    "Science diplomacy brings researchers from many countries together. The Alliance of National "
    "Science Organizations supports joint research on climate change and water security.\n\n"
    "Returning experts help universities build new laboratories and train young scientists."
)
PERSIAN = (
    "دیپلماسی علم و فناوری به همکاریهای بین المللی کمک میکند. نشست نخبگان بازگشته به کشور در "
    "دانشگاه تهران برگزار شد و درباره همکاری‌های علمی گفتگو کردند.\n\n"
    "مرکز تحقیقات سیاست علمی کشور گزارشی درباره دیپلماسی علم منتشر کرد."
)


def write_corpus(folder: Path) -> Path:
    """Three documents in four files: English (twice, byte for byte), the English as Markdown, Persian."""
    folder.mkdir(parents=True)
    (folder / "diplomacy.en.txt").write_text(ENGLISH, encoding="utf-8")
    # Not byte-identical (a different document), but the same passages: a near duplicate.
    (folder / "diplomacy-copy.en.md").write_text("# Science diplomacy\n\n" + ENGLISH, encoding="utf-8")
    (folder / "reposted-diplomacy.en.txt").write_text(ENGLISH, encoding="utf-8")  # same bytes: same document
    (folder / "nokhbegan.fa.txt").write_text(PERSIAN, encoding="utf-8")
    return folder


@pytest.fixture
def corpus_dir(tmp_path) -> Path:
    return write_corpus(tmp_path / "corpus")


@pytest.fixture
def indexed_kavosh(fake_kavosh, corpus_dir):
    """The fake-embedder index (tests/conftest.py) holding ``corpus_dir``."""
    report = fake_kavosh.ingest([corpus_dir])
    assert not report.failed, report.failed
    return fake_kavosh


@pytest.fixture
def api_settings(settings) -> Settings:
    """The test settings with writes enabled and small upload limits."""
    limits = {"api_token": TOKEN, "max_upload_files": 3, "max_upload_bytes": 100_000}
    return settings.model_copy(update=limits)


@pytest.fixture(scope="session")
def client(tmp_path_factory, fake_embedder):
    """The API over the small corpus, shared by the tests that only read (writes enabled)."""
    from index.service import Kavosh

    root = tmp_path_factory.mktemp("api-shared")
    # Every field that matters is explicit: session fixtures run outside the per-test environment.
    settings = Settings(home=root / "home", qdrant_url=None, collection="kavosh", embedder="e5-small",
                        api_token=TOKEN, max_upload_files=3, max_upload_bytes=100_000,
                        allowed_hosts="testserver", max_auth_failures=1000)
    with Kavosh.open(settings, embedder=fake_embedder) as kavosh:
        report = kavosh.ingest([write_corpus(root / "corpus")])
        assert not report.failed, report.failed
        with TestClient(create_app(settings, kavosh)) as test_client:
            yield test_client


@pytest.fixture
def fresh_client(api_settings, indexed_kavosh):
    """The API over its own copy of the small corpus, for tests that change the index."""
    with TestClient(create_app(api_settings, indexed_kavosh)) as test_client:
        yield test_client


@pytest.fixture
def read_only_client(settings, indexed_kavosh):
    """No KAVOSH_API_TOKEN: the API has no write endpoints."""
    with TestClient(create_app(settings, indexed_kavosh)) as test_client:
        yield test_client


def wait_for_job(client, job_id: str, timeout: float = 60.0) -> dict:
    """The job once done or failed, asked through the API."""

    def get() -> dict:
        answer = client.get(f"/jobs/{job_id}", headers=AUTH)
        assert answer.status_code == 200, answer.text
        return answer.json()

    return until_finished(get, job_id, timeout)


def finished_job(jobs, job_id: str, timeout: float = 60.0) -> dict:
    """The job once done or failed, asked of the job manager itself."""
    return until_finished(lambda: jobs.get(job_id), job_id, timeout)


def until_finished(get, job_id: str, timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = get()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.02)
    raise AssertionError(f"job {job_id} still {get()['status']} after {timeout} s")


REPORT_TOPICS = ("climate research", "water security", "laboratory funding", "student exchange", "satellite data")


def write_reports(folder: Path) -> Path:
    """Documents of several passages each: a long English report on science diplomacy (one passage per topic or
    more), a one-passage English brief and a Persian news item."""
    folder.mkdir(parents=True)
    paragraphs = [" ".join(f"Science diplomacy shapes {topic} in partner country number {number}, where the "
                           f"{topic} teams meet every season." for number in range(12))
                  for topic in REPORT_TOPICS]
    (folder / "report.en.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")
    (folder / "brief.en.txt").write_text("A brief on science diplomacy and cooperation between academies.", "utf-8")
    (folder / "khabar.fa.txt").write_text(PERSIAN, encoding="utf-8")
    return folder
