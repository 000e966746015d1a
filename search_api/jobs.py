"""Background ingest jobs for uploads: one at a time, in a worker thread, with a per-file report.

Uploaded files are saved under ``<KAVOSH_HOME>/uploads/<job id>/`` and then published into
``uploads/library/`` under the relative path the client sent (``a/report.txt`` and
``b/report.txt`` are two documents); the index points at the library. Job records live in
memory: they answer ``GET /jobs/{id}`` while the server runs.

What the library holds always matches the index: after each job, and after a crash at start-up
(:meth:`JobManager.recover`), a library file is kept only if the index holds its bytes under its
path; otherwise the version it replaced comes back, or it goes.
"""

from __future__ import annotations

import logging
import queue
import shutil
import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index.errors import KavoshError

if TYPE_CHECKING:
    from index.service import Kavosh

logger = logging.getLogger(__name__)

LIBRARY = "library"
SET_ASIDE = ".previous"  # inside a job's folder: the library files its uploads replace, until indexed
SHUTDOWN_GRACE = 10.0  # seconds shutdown waits for a running job


class QueueFullError(Exception):
    """Too many jobs are waiting; the client should come back later."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class Job:
    """One upload's indexing: what was saved, where it stands, and the report once finished."""

    id: str
    directory: Path
    files: list[str]  # relative paths inside the job's folder (and then the library)
    rejected: list[dict[str, str]]
    collection: str
    status: str = "queued"  # queued, running, done, failed
    created_at: str = field(default_factory=_now)
    started_at: str | None = None
    finished_at: str | None = None
    progress: dict[str, int] = field(default_factory=dict)
    report: dict[str, Any] | None = None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "files": list(self.files),
            "rejected": [dict(item) for item in self.rejected],
            "collection": self.collection,
            "created_at": self.created_at,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "progress": dict(self.progress),
            "report": self.report,
            "error": self.error,
        }


class JobManager:
    """Runs ingest jobs one after another in a single background thread.

    Args:
        kavosh: the service that indexes the files (its ``ingest`` is serialized anyway).
        uploads_dir: where each job's files are saved, one folder per job, and the library.
        keep: how many finished jobs to remember; the oldest are forgotten first.
        max_queued: how many jobs may wait; one more is refused (QueueFullError).
    """

    def __init__(self, kavosh: Kavosh, uploads_dir: Path, keep: int = 500, max_queued: int = 20):
        self.kavosh = kavosh
        self.uploads_dir = uploads_dir
        self.keep = keep
        self.max_queued = max_queued
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._closed = False
        self.recover()
        # A daemon: a job still running when shutdown's grace ends must not keep the process alive.
        self._worker = threading.Thread(target=self._work, name="kavosh-ingest", daemon=True)
        self._worker.start()

    @property
    def library(self) -> Path:
        """Where uploaded files live once published; a new upload of the same path replaces the old."""
        return self.uploads_dir / LIBRARY

    def new_job_dir(self) -> tuple[str, Path]:
        """A fresh job id and the empty folder its uploads go to."""
        job_id = uuid.uuid4().hex
        directory = self.uploads_dir / job_id
        directory.mkdir(parents=True, exist_ok=False, mode=0o700)
        return job_id, directory.resolve()

    def storage_used(self) -> int:
        """Bytes of all uploaded files kept (the library and waiting jobs)."""
        if not self.uploads_dir.exists():
            return 0
        return sum(path.stat().st_size for path in self.uploads_dir.rglob("*") if path.is_file())

    def submit(self, job_id: str, directory: Path, files: list[str], rejected: list[dict[str, str]],
               collection: str) -> Job:
        """Queue the indexing of ``files`` (relative paths inside ``directory``); returns the queued job.

        Raises:
            QueueFullError: ``max_queued`` jobs are already waiting.
            KavoshError: the server is shutting down.
        """
        job = Job(id=job_id, directory=directory, files=files, rejected=rejected, collection=collection,
                  progress={"done": 0, "total": len(files)})
        with self._lock:
            if self._closed:
                raise KavoshError("the server is shutting down; no new ingest jobs are accepted")
            waiting = sum(1 for known in self._jobs.values() if known.status == "queued")
            if waiting >= self.max_queued:
                raise QueueFullError(f"{waiting} ingest jobs are waiting already")
            self._jobs[job_id] = job
            self._forget_old_jobs()
            self._queue.put(job)
        return job

    def get(self, job_id: str) -> dict[str, Any] | None:
        """A snapshot of the job, or None when no such job is known."""
        with self._lock:
            job = self._jobs.get(job_id)
            return job.to_dict() if job else None

    def shutdown(self, timeout: float = SHUTDOWN_GRACE) -> bool:
        """Drop the queued jobs (marked failed), give the running one ``timeout`` s; True if it finished."""
        with self._lock:
            self._closed = True
            for job in self._jobs.values():
                if job.status == "queued":
                    job.status = "failed"
                    job.error = "the server stopped before this job ran; upload the files again"
                    job.finished_at = _now()
        self._queue.put(None)
        self._worker.join(timeout)
        if self._worker.is_alive():
            logger.warning("an ingest job is still running after %.0f s; it stops with the server "
                           "(the next start repairs what it leaves)", timeout)
            return False
        return True

    def recover(self) -> None:
        """Undo what a server stopped in the middle of a job left behind.

        A job's folder that is still here belongs to a job that never finished: each library file
        it replaced comes back unless the index holds the new one, the folder goes, and library
        files the index does not hold are removed.
        """
        if not self.uploads_dir.exists():
            return
        for folder in self.uploads_dir.iterdir():
            if folder.name != LIBRARY and folder.is_dir():
                self._restore_set_aside(folder)
                shutil.rmtree(folder, ignore_errors=True)
        if self.library.exists():
            for path in sorted(self.library.rglob("*")):
                if path.is_file() and not self.kavosh.holds(path):
                    logger.warning("removing %s from the upload library: the index does not hold it", path)
                    path.unlink()

    def _work(self) -> None:
        while (job := self._queue.get()) is not None:
            if job.status == "queued":
                self._run(job)

    def _forget_old_jobs(self) -> None:
        finished = [job_id for job_id, job in self._jobs.items() if job.status in ("done", "failed")]
        for job_id in finished[: max(0, len(self._jobs) - self.keep)]:
            del self._jobs[job_id]

    def _run(self, job: Job) -> None:
        with self._lock:
            job.status = "running"
            job.started_at = _now()

        def progress(path: str, done: int, total: int) -> None:
            with self._lock:
                job.progress = {"done": done, "total": total}

        report: dict[str, Any] | None = None
        error: str | None = None
        try:
            paths = self._publish(job)
            report = self.kavosh.ingest(paths, progress=progress).to_dict()
            report["failed"] = list(job.rejected) + [{"path": self._relative(item["path"]), "error": item["error"]}
                                                     for item in report.get("failed", [])]
            report["files_seen"] = int(report.get("files_seen", 0)) + len(job.rejected)
        except KavoshError as exc:
            logger.warning("ingest job %s failed: %s", job.id, exc)
            error = exc.public
        except Exception as exc:  # a bug or an unforeseen file problem: report it, keep the worker alive
            logger.exception("ingest job %s failed", job.id)
            error = f"indexing failed ({type(exc).__name__}); the server log has the details"
        finally:
            self._settle(job)
        with self._lock:
            job.report = report
            job.error = error
            job.status = "failed" if error else "done"
            job.finished_at = _now()
        logger.info("ingest job %s %s", job.id, job.status)

    def _relative(self, path: str) -> str:
        """A library path as the client named it (``a/report.txt``); other paths by their name."""
        try:
            return Path(path).relative_to(self.library.resolve()).as_posix()
        except ValueError:
            return Path(path).name

    def _publish(self, job: Job) -> list[Path]:
        """Move the job's files into the library, setting aside any earlier file of the same path.

        Indexing the same path with new content replaces the old version in the index without a gap,
        so re-uploading a changed ``report.pdf`` updates it instead of adding a second copy.
        """
        published = []
        for name in job.files:
            target, aside = self.library / name, job.directory / SET_ASIDE / name
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            if target.exists():
                aside.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                target.replace(aside)
            (job.directory / name).replace(target)
            published.append(target)
        return published

    def _settle(self, job: Job) -> None:
        """Keep each published file the index holds; for one it does not, put the earlier version back.

        Asks the index, not the job's report: a job that failed half-way keeps what it did index.
        """
        try:
            self._restore_set_aside(job.directory, job.files)
        except KavoshError as exc:  # the store cannot answer now: the next start sorts the files out
            logger.warning("ingest job %s: upload files left for the next start: %s", job.id, exc)
            return
        shutil.rmtree(job.directory, ignore_errors=True)

    def _restore_set_aside(self, folder: Path, names: list[str] | None = None) -> None:
        aside = folder / SET_ASIDE
        if names is None:
            names = [path.relative_to(aside).as_posix() for path in aside.rglob("*") if path.is_file()] \
                if aside.exists() else []
        for name in names:
            published, previous = self.library / name, aside / name
            if published.exists() and self.kavosh.holds(published):
                continue
            if previous.exists():
                previous.replace(published)
            else:
                published.unlink(missing_ok=True)
