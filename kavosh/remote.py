"""The index behind a running API, with the same methods as the local one (``index.service.Kavosh``).

The CLI opens one or the other once (:func:`kavosh.cli.open_index`) and then does not care which.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from index.ingest import Progress, collect_files
from index.records import (
    DEFAULT_SORT,
    DocumentListing,
    FailedFile,
    IngestReport,
    SearchFilters,
    SearchResponse,
    Stats,
)
from search_api.client import ApiClient, ApiError
from search_api.upload_names import safe_upload_path

UPLOAD_BATCH = 10  # files per upload (the API's default limit is 20)
JOB_WAIT = 600.0  # seconds to wait for one batch's job


def upload_names(arguments: Sequence[Path], files: Sequence[Path]) -> dict[Path, str]:
    """The name the server keeps each file under: its path from the folder named on the command line,
    with that folder's name (``docs/a/report.txt``); a file named on its own keeps its base name.

    The same command gives the same names, so uploading a changed file replaces its old version.
    """
    roots = [Path(argument).expanduser().resolve() for argument in arguments]
    names = {}
    for file in files:
        root = next((root for root in roots if root.is_dir() and file.is_relative_to(root)), None)
        names[file] = (Path(root.name) / file.relative_to(root)).as_posix() if root else file.name
    return names


class RemoteIndex:
    """Searches, describes and adds to the index that a ``kavosh serve`` owns, over HTTP."""

    def __init__(self, client: ApiClient, collection: str | None = None, job_wait: float = JOB_WAIT,
                 can_upload: bool = True):
        self.client = client
        self.collection = collection
        self.job_wait = job_wait
        self.can_upload = can_upload and bool(client.token)

    def search(self, query: str, k: int = 10, lang: str | None = None, mode: str = "hybrid",
               source: str | None = None, group: str = "passage", filters: SearchFilters | None = None,
               sort: str = DEFAULT_SORT) -> SearchResponse:
        answer = self.client.search(query, k=k, lang=lang, mode=mode, source=source, group=group,
                                    filters=filters.params() if filters else None, sort=sort)
        return SearchResponse.model_validate(answer)

    def stats(self) -> Stats:
        return Stats.model_validate(self.client.stats())

    def documents(self, after: str | None = None, limit: int = 50) -> DocumentListing:
        return DocumentListing.model_validate(self.client.documents(after=after, limit=limit))

    def ingest(self, paths: Sequence[Path], prune: bool = False, progress: Progress | None = None) -> IngestReport:
        """Upload the files in batches (the server indexes them) and add up the jobs' reports.

        A batch the API refuses (413, 415, any 4xx), a job that fails or outlasts ``job_wait``, or
        an API that stops answering marks that batch's files as failed; the other batches go on.
        """
        if prune:
            raise ValueError("--prune works on an index this command opens itself: unset KAVOSH_API_URL and "
                             "stop the server, or prune where the server runs")
        if not self.can_upload:
            raise ValueError("adding files through the API needs its token: set KAVOSH_API_TOKEN")
        started = time.perf_counter()
        report = IngestReport()
        files = collect_files(paths, report)
        names = upload_names(paths, files)
        report.files_seen = len(files) + len(report.failed)
        for start in range(0, len(files), UPLOAD_BATCH):
            batch = files[start : start + UPLOAD_BATCH]
            self._upload(batch, [names[path] for path in batch], report)
            if progress:
                progress(str(batch[-1]), start + len(batch), len(files))
        report.seconds = round(time.perf_counter() - started, 3)
        return report

    def _upload(self, batch: list[Path], names: list[str], report: IngestReport) -> None:
        try:
            job = self.client.wait_for_job(self.client.ingest(batch, collection=self.collection, names=names)["id"],
                                           timeout=self.job_wait)
        except ApiError as error:
            if error.status_code == 413 and len(batch) > 1:  # one file too large: send them one by one
                for path, name in zip(batch, names, strict=True):
                    self._upload([path], [name], report)
                return
            report.failed.extend(FailedFile(path=str(path), error=error.message) for path in batch)
            return
        if job["status"] == "failed":
            report.failed.extend(FailedFile(path=str(path), error=job.get("error") or "the ingest job failed")
                                 for path in batch)
            return
        done = IngestReport.model_validate(job["report"])
        report.indexed += done.indexed
        report.unchanged += done.unchanged
        report.chunks_added += done.chunks_added
        report.chunks_deleted += done.chunks_deleted
        # The server reports each file under the safe name it kept it as (``empty #1.txt`` → ``empty _1.txt``).
        by_name = {safe_upload_path(name): str(path) for path, name in zip(batch, names, strict=True)}
        report.failed.extend(FailedFile(path=by_name.get(item.path, item.path), error=item.error)
                             for item in done.failed)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> RemoteIndex:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
