"""Background ingest jobs for uploads: one at a time, in a worker thread, with a per-file report.

Uploaded files are saved under ``<KAVOSH_HOME>/uploads/<job id>/`` and stay there (the index
points at them). Job records live in memory: they answer ``GET /jobs/{id}`` while the server runs.
"""

from __future__ import annotations

import logging
import shutil
import threading
import uuid
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index.errors import KavoshError

if TYPE_CHECKING:
    from index.service import Kavosh

logger = logging.getLogger(__name__)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class Job:
    """One upload's indexing: what was saved, where it stands, and the report once finished."""

    id: str
    directory: Path
    files: list[str]
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
        uploads_dir: where each job's files are saved, one folder per job.
        keep: how many finished jobs to remember; the oldest are forgotten first.
    """

    def __init__(self, kavosh: Kavosh, uploads_dir: Path, keep: int = 500):
        self.kavosh = kavosh
        self.uploads_dir = uploads_dir
        self.keep = keep
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kavosh-ingest")
        self._closed = False

    def new_job_dir(self) -> tuple[str, Path]:
        """A fresh job id and the empty folder its uploads go to."""
        job_id = uuid.uuid4().hex
        directory = self.uploads_dir / job_id
        directory.mkdir(parents=True, exist_ok=False)
        return job_id, directory.resolve()

    def submit(
        self,
        job_id: str,
        directory: Path,
        files: list[str],
        rejected: list[dict[str, str]],
        collection: str,
    ) -> Job:
        """Queue the indexing of ``files`` (names inside ``directory``); returns the queued job."""
        job = Job(
            id=job_id,
            directory=directory,
            files=files,
            rejected=rejected,
            collection=collection,
            progress={"done": 0, "total": len(files)},
        )
        with self._lock:
            if self._closed:
                raise KavoshError("the server is shutting down; no new ingest jobs are accepted")
            self._jobs[job_id] = job
            self._forget_old_jobs()
            self._executor.submit(self._run, job)
        return job

    def get(self, job_id: str) -> dict[str, Any] | None:
        """A snapshot of the job, or None when no such job is known."""
        with self._lock:
            job = self._jobs.get(job_id)
            return job.to_dict() if job else None

    def shutdown(self) -> None:
        """Finish the running job, drop the queued ones (marked failed), stop the worker."""
        with self._lock:
            self._closed = True
        self._executor.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            for job in self._jobs.values():
                if job.status == "queued":
                    job.status = "failed"
                    job.error = "the server stopped before this job ran; upload the files again"
                    job.finished_at = _now()

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
        failed_names = set(job.files)  # until the ingest says otherwise
        try:
            paths = self._publish(job)
            report = self.kavosh.ingest(paths, progress=progress).to_dict()
            report["failed"] = [{"path": Path(item["path"]).name, "error": item["error"]}
                                for item in report.get("failed", [])]
            failed_names = {item["path"] for item in report["failed"]}
            report["failed"] = list(job.rejected) + report["failed"]
            report["files_seen"] = int(report.get("files_seen", 0)) + len(job.rejected)
        except KavoshError as exc:
            error = str(exc)
        except Exception as exc:  # a bug or an unforeseen file problem: report it, keep the worker alive
            logger.exception("ingest job %s failed", job.id)
            error = f"indexing failed: {type(exc).__name__}: {exc}"
        finally:
            self._settle(job, failed_names)
        with self._lock:
            job.report = report
            job.error = error
            job.status = "failed" if error else "done"
            job.finished_at = _now()
        logger.info("ingest job %s %s", job.id, job.status)

    @property
    def library(self) -> Path:
        """Where uploaded files live once published: one file per name, a new upload replaces the old."""
        return self.uploads_dir / "library"

    def _previous(self, job: Job, name: str) -> Path:
        return job.directory / f".previous-{name}"

    def _publish(self, job: Job) -> list[Path]:
        """Move the job's files into the library, keeping any earlier file of the same name aside.

        Indexing the same path with new content replaces the old version in the index without a gap,
        so re-uploading a changed ``report.pdf`` updates it instead of adding a second copy.
        """
        self.library.mkdir(parents=True, exist_ok=True)
        for name in job.files:
            if (self.library / name).exists():
                (self.library / name).replace(self._previous(job, name))
            (job.directory / name).replace(self.library / name)
        return [self.library / name for name in job.files]

    def _settle(self, job: Job, failed_names: set[str]) -> None:
        """Keep what indexed; for a file that failed, put the earlier version back (or remove it)."""
        for name in job.files:
            previous, published = self._previous(job, name), self.library / name
            if name in failed_names:
                if previous.exists():
                    previous.replace(published)
                else:
                    published.unlink(missing_ok=True)
        shutil.rmtree(job.directory, ignore_errors=True)


