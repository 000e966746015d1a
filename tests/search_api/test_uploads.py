"""Upload jobs: files kept by their relative path, ingest through the API that goes on past a refused
batch, a bounded queue and storage, a library that matches the index after failures and crashes."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from index.errors import KavoshError
from kavosh.remote import RemoteIndex
from search_api.client import ApiClient
from search_api.jobs import SET_ASIDE, JobManager
from search_api.main import create_app
from tests.search_api.conftest import AUTH, finished_job, wait_for_job


@pytest.fixture
def remote(fresh_client):
    """The CLI's RemoteIndex talking to the app in this process (the fake embedder behind it)."""
    api = ApiClient("http://testserver", token="set")
    api._http = TestClient(fresh_client.app, headers=AUTH)
    return RemoteIndex(api)


def _report_folders(root: Path) -> list[Path]:
    folders = []
    for name, words in (("a", "river delta sediment survey"), ("b", "glacier retreat satellite images")):
        folder = root / name
        folder.mkdir(parents=True)
        (folder / "report.txt").write_text(f"The {words} report. " * 20, encoding="utf-8")
        folders.append(folder)
    return folders


def test_same_names_from_different_folders_in_different_batches_stay_two_documents(remote, fresh_client,
                                                                                     api_settings, tmp_path):
    first, second = _report_folders(tmp_path)
    before = fresh_client.get("/stats").json()["documents"]
    assert remote.ingest([first]).indexed == 1
    assert remote.ingest([second]).indexed == 1
    assert fresh_client.get("/stats").json()["documents"] == before + 2
    library = api_settings.home / "uploads" / "library"
    assert (library / "a" / "report.txt").is_file() and (library / "b" / "report.txt").is_file()
    # Uploading the changed file again replaces that one, not the other.
    (first / "report.txt").write_text("The river delta flood warning report. " * 20, encoding="utf-8")
    again = remote.ingest([first])
    assert (again.indexed, again.chunks_deleted > 0) == (1, True)
    assert fresh_client.get("/stats").json()["documents"] == before + 2


def test_a_refused_batch_fails_its_files_and_the_others_go_on(remote, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "small.en.txt").write_text("A short note about libraries.", encoding="utf-8")
    (folder / "huge.en.txt").write_text("word " * 40_000, encoding="utf-8")  # over the 100,000-byte limit
    (tmp_path / "notes.xyz").write_bytes(b"PK not supported")
    report = remote.ingest([folder, tmp_path / "notes.xyz"])
    assert report.indexed == 1
    failed = {Path(item.path).name: item.error for item in report.failed}
    assert set(failed) == {"huge.en.txt", "notes.xyz"}
    assert failed["huge.en.txt"].startswith("413:") and failed["notes.xyz"].startswith("415:")
    assert report.to_dict()["files_seen"] == 3


def test_a_job_past_its_wait_is_a_failed_batch_not_an_abort(remote, fresh_client, monkeypatch, tmp_path):
    release = threading.Event()
    kavosh = fresh_client.app.state.kavosh
    real_ingest = kavosh.ingest

    def slow_ingest(*args, **kwargs):
        release.wait(30)
        return real_ingest(*args, **kwargs)

    monkeypatch.setattr(kavosh, "ingest", slow_ingest)
    remote.job_wait = 0.2
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "one.en.txt").write_text("Water policy in the capital.", encoding="utf-8")
    report = remote.ingest([folder])
    assert [Path(item.path).name for item in report.failed] == ["one.en.txt"]
    assert "still" in report.failed[0].error
    release.set()


def test_the_job_queue_is_bounded(api_settings, indexed_kavosh):
    started, release = threading.Event(), threading.Event()
    real_ingest = indexed_kavosh.ingest

    def slow_ingest(*args, **kwargs):
        started.set()
        release.wait(30)
        return real_ingest(*args, **kwargs)

    indexed_kavosh.ingest = slow_ingest
    settings = api_settings.model_copy(update={"max_queued_jobs": 2})
    with TestClient(create_app(settings, indexed_kavosh)) as client:
        def upload(number):
            return client.post("/ingest", files={"files": (f"n{number}.txt", f"note {number} text".encode())},
                               headers=AUTH)

        assert upload(0).status_code == 202
        assert started.wait(30)
        assert [upload(number).status_code for number in (1, 2)] == [202, 202]
        refused = upload(3)
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0
        assert "waiting" in refused.json()["detail"]
        release.set()


def test_upload_storage_has_a_cap(api_settings, indexed_kavosh):
    settings = api_settings.model_copy(update={"max_upload_storage_bytes": 1000})
    with TestClient(create_app(settings, indexed_kavosh)) as client:
        ok = client.post("/ingest", files={"files": ("a.txt", b"x" * 600)}, headers=AUTH)
        assert ok.status_code == 202
        wait_for_job(client, ok.json()["id"])
        full = client.post("/ingest", files={"files": ("b.txt", b"y" * 600)}, headers=AUTH)
        assert full.status_code == 413
        assert "upload storage is full" in full.json()["detail"]


class _FailingAfterIndexing:
    """The real service, whose ingest indexes the files and then fails (a store error at the end)."""

    def __init__(self, kavosh):
        self.kavosh = kavosh

    def ingest(self, paths, progress=None):
        self.kavosh.ingest(paths, progress=progress)
        raise KavoshError("the index at /secret/home failed (flush): No space left on device")

    def holds(self, path):
        return self.kavosh.holds(path)


def test_a_failed_job_keeps_the_files_it_indexed(fake_kavosh, tmp_path):
    uploads = tmp_path / "uploads"
    library = uploads / "library"
    library.mkdir(parents=True)
    (library / "memo.txt").write_text("The old memo about budgets.", encoding="utf-8")
    fake_kavosh.ingest([library / "memo.txt"])
    jobs = JobManager(_FailingAfterIndexing(fake_kavosh), uploads)
    try:
        job_id, folder = jobs.new_job_dir()
        (folder / "memo.txt").write_text("The new memo about salaries.", encoding="utf-8")
        jobs.submit(job_id, folder, ["memo.txt"], [], "kavosh")
        job = finished_job(jobs, job_id)
    finally:
        jobs.shutdown()
    assert job["status"] == "failed" and "/secret" not in job["error"]
    assert (library / "memo.txt").read_text(encoding="utf-8") == "The new memo about salaries."
    assert fake_kavosh.holds(library / "memo.txt")
    assert sorted(path.name for path in uploads.iterdir()) == ["library"]


def test_leftovers_of_a_crashed_job_are_sorted_out_at_start(fake_kavosh, tmp_path):
    uploads = tmp_path / "uploads"
    library = uploads / "library"
    (library / "a").mkdir(parents=True)
    (library / "a" / "memo.txt").write_text("The indexed memo.", encoding="utf-8")
    fake_kavosh.ingest([library / "a" / "memo.txt"])
    # A job stopped after publishing its new memo (set the old one aside) and before indexing it.
    crashed = uploads / ("0" * 32)
    (crashed / SET_ASIDE / "a").mkdir(parents=True)
    (library / "a" / "memo.txt").replace(crashed / SET_ASIDE / "a" / "memo.txt")
    (library / "a" / "memo.txt").write_text("A new memo never indexed.", encoding="utf-8")
    (library / "stray.txt").write_text("Published, never indexed.", encoding="utf-8")
    (uploads / ("1" * 32)).mkdir()  # a job that never got its files

    JobManager(fake_kavosh, uploads).shutdown()

    assert (library / "a" / "memo.txt").read_text(encoding="utf-8") == "The indexed memo."
    assert not (library / "stray.txt").exists()
    assert sorted(path.name for path in uploads.iterdir()) == ["library"]


def test_shutdown_waits_for_a_running_job_only_so_long(fake_kavosh, tmp_path):
    started, release = threading.Event(), threading.Event()

    class Stuck:
        def ingest(self, paths, progress=None):
            started.set()
            release.wait(30)
            raise KavoshError("stopped")

        def holds(self, path):
            return False

    jobs = JobManager(Stuck(), tmp_path / "uploads")
    job_id, folder = jobs.new_job_dir()
    (folder / "a.txt").write_text("text", encoding="utf-8")
    jobs.submit(job_id, folder, ["a.txt"], [], "kavosh")
    assert started.wait(30)
    queued_id, queued_folder = jobs.new_job_dir()
    jobs.submit(queued_id, queued_folder, [], [], "kavosh")
    try:
        assert jobs.shutdown(timeout=0.3) is False
        assert jobs.get(queued_id)["status"] == "failed"
    finally:
        release.set()
