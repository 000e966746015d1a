"""The ingest job queue (search_api.jobs.JobManager) without HTTP: runs, reports, rollbacks, shutdown, memory."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from index.errors import KavoshError
from search_api.jobs import JobManager
from tests.search_api.conftest import finished_job

OLD = "The old annual report on water security in the region."
NEW = "The new annual report on fellowships for young scientists."


@pytest.fixture
def jobs(fake_kavosh, tmp_path):
    manager = JobManager(fake_kavosh, tmp_path / "uploads")
    yield manager
    manager.shutdown()


def upload(jobs: JobManager, files: dict[str, bytes], rejected: list[dict[str, str]] | None = None) -> str:
    """Save ``files`` in a new job folder, as the route does, and queue the job; its id."""
    job_id, directory = jobs.new_job_dir()
    for name, content in files.items():
        (directory / name).write_bytes(content)
    jobs.submit(job_id, directory, list(files), rejected or [], "kavosh")
    return job_id


class BlockingKavosh:
    """Wraps the service: each ingest waits until ``release`` is set (to hold the worker busy)."""

    def __init__(self, inner):
        self.inner = inner
        self.started = threading.Event()
        self.release = threading.Event()

    def ingest(self, paths, prune=False, progress=None):
        self.started.set()
        assert self.release.wait(60), "the test never released the ingest"
        return self.inner.ingest(paths, prune=prune, progress=progress)

    def holds(self, path) -> bool:
        return self.inner.holds(path)


class FailingKavosh:
    """A service whose ingest fails as a whole (the store went away) after what it held before."""

    def __init__(self, inner):
        self.inner = inner

    def ingest(self, paths, prune=False, progress=None):
        raise KavoshError("the store is gone")

    def holds(self, path) -> bool:  # what was indexed before the failure is still there
        return self.inner.holds(path)


def test_a_job_runs_to_done_with_its_report_and_progress(jobs, fake_kavosh):
    rejected = [{"path": "notes.docx", "error": "unsupported file type .docx"}]
    job_id = upload(jobs, {"old.txt": OLD.encode(), "new.txt": NEW.encode()}, rejected)
    queued = jobs.get(job_id)
    assert queued["status"] in ("queued", "running", "done")
    assert queued["files"] == ["old.txt", "new.txt"] and queued["progress"]["total"] == 2

    job = finished_job(jobs, job_id)
    assert (job["status"], job["error"]) == ("done", None)
    assert job["progress"] == {"done": 2, "total": 2}
    assert job["started_at"] and job["finished_at"] and job["created_at"] <= job["started_at"] <= job["finished_at"]
    report = job["report"]
    assert (report["files_seen"], report["indexed"]) == (3, 2)  # the rejected file is seen too
    assert report["failed"] == rejected
    assert fake_kavosh.document_count() == 2
    assert sorted(path.name for path in jobs.library.iterdir()) == ["new.txt", "old.txt"]
    assert not (jobs.uploads_dir / job_id).exists()  # the job's own folder is cleaned up


def test_a_file_that_fails_to_index_puts_the_previous_version_back(jobs, fake_kavosh):
    assert finished_job(jobs, upload(jobs, {"report.txt": OLD.encode()}))["status"] == "done"

    job = finished_job(jobs, upload(jobs, {"report.txt": b"", "fresh.txt": NEW.encode()}))
    assert job["status"] == "done"
    assert [item["path"] for item in job["report"]["failed"]] == ["report.txt"]
    assert job["report"]["failed"][0]["error"] == "empty file"
    assert (jobs.library / "report.txt").read_text(encoding="utf-8") == OLD
    assert (jobs.library / "fresh.txt").read_text(encoding="utf-8") == NEW
    assert fake_kavosh.search("water security", k=1).results[0].source == "report.txt"


def test_a_new_file_that_fails_to_index_is_removed(jobs):
    job = finished_job(jobs, upload(jobs, {"broken.pdf": b"%PDF-1.7\n%truncated", "good.txt": NEW.encode()}))
    assert [item["path"] for item in job["report"]["failed"]] == ["broken.pdf"]
    assert not (jobs.library / "broken.pdf").exists()
    assert (jobs.library / "good.txt").exists()


def test_a_job_whose_ingest_fails_as_a_whole_is_failed_and_keeps_the_library(fake_kavosh, tmp_path):
    uploads = tmp_path / "uploads"
    working = JobManager(fake_kavosh, uploads)
    try:
        assert finished_job(working, upload(working, {"report.txt": OLD.encode()}))["status"] == "done"
    finally:
        working.shutdown()
    broken = JobManager(FailingKavosh(fake_kavosh), uploads)
    try:
        job = finished_job(broken, upload(broken, {"report.txt": NEW.encode(), "other.txt": NEW.encode()}))
    finally:
        broken.shutdown()
    # The client hears what kind of failure it was; the details (paths, addresses) stay in the server log.
    assert (job["status"], job["error"], job["report"]) == ("failed", KavoshError.public, None)
    assert "the server log has the details" in job["error"]
    assert (uploads / "library" / "report.txt").read_text(encoding="utf-8") == OLD
    assert not (uploads / "library" / "other.txt").exists()


def test_shutdown_finishes_the_running_job_and_fails_the_queued_ones(fake_kavosh, tmp_path):
    service = BlockingKavosh(fake_kavosh)
    jobs = JobManager(service, tmp_path / "uploads")
    running = upload(jobs, {"first.txt": OLD.encode()})
    assert service.started.wait(30)
    queued = [upload(jobs, {f"later-{n}.txt": NEW.encode()}) for n in range(2)]

    stopper = threading.Thread(target=jobs.shutdown)
    stopper.start()
    deadline = time.monotonic() + 30
    while not jobs._closed and time.monotonic() < deadline:  # shutdown has begun
        time.sleep(0.01)
    time.sleep(0.2)  # and has dropped the queue (it does so right after closing)
    service.release.set()
    stopper.join(60)
    assert not stopper.is_alive()

    assert jobs.get(running)["status"] == "done"
    for job_id in queued:
        job = jobs.get(job_id)
        assert job["status"] == "failed" and job["finished_at"]
        assert job["error"] == "the server stopped before this job ran; upload the files again"
    assert fake_kavosh.document_count() == 1


def test_submit_after_shutdown_is_refused(jobs):
    jobs.shutdown()
    job_id, directory = jobs.new_job_dir()
    (directory / "late.txt").write_text(NEW, encoding="utf-8")
    with pytest.raises(KavoshError, match="shutting down"):
        jobs.submit(job_id, directory, ["late.txt"], [], "kavosh")
    assert jobs.get(job_id) is None


def test_finished_jobs_beyond_keep_are_forgotten_oldest_first(fake_kavosh, tmp_path):
    jobs = JobManager(fake_kavosh, tmp_path / "uploads", keep=2)
    try:
        ids = []
        for n in range(4):
            ids.append(upload(jobs, {f"note-{n}.txt": f"{NEW} Note {n}.".encode()}))
            finished_job(jobs, ids[-1])
        assert [jobs.get(job_id) is not None for job_id in ids] == [False, False, True, True]
    finally:
        jobs.shutdown()


def test_unfinished_jobs_are_never_forgotten(fake_kavosh, tmp_path):
    service = BlockingKavosh(fake_kavosh)
    jobs = JobManager(service, tmp_path / "uploads", keep=1)
    try:
        ids = [upload(jobs, {f"note-{n}.txt": f"{NEW} Note {n}.".encode()}) for n in range(3)]
        assert all(jobs.get(job_id) is not None for job_id in ids)
        service.release.set()
        for job_id in ids:
            assert finished_job(jobs, job_id)["status"] == "done"
    finally:
        service.release.set()
        jobs.shutdown()


def test_an_unknown_job_is_none(jobs):
    assert jobs.get("0" * 32) is None


def test_job_folders_are_fresh_and_inside_the_uploads(jobs):
    first, second = jobs.new_job_dir(), jobs.new_job_dir()
    assert first[0] != second[0]
    for job_id, directory in (first, second):
        assert directory == (jobs.uploads_dir / job_id).resolve()
        assert directory.is_dir() and not any(directory.iterdir())
    assert isinstance(first[1], Path)
