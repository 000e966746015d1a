"""The index behind a running API, with the same methods as the local one (``index.service.Kavosh``).

The CLI opens one or the other once (:func:`kavosh.cli.open_index`) and then does not care which.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from index.ingest import Progress, collect_files
from index.records import DEFAULT_SORT, FailedFile, IngestReport, SearchFilters, SearchResponse, Stats
from search_api.client import ApiClient

UPLOAD_BATCH = 10  # files per upload (the API's default limit is 20)


class RemoteIndex:
    """Searches, describes and adds to the index that a ``kavosh serve`` owns, over HTTP."""

    def __init__(self, client: ApiClient, collection: str | None = None):
        self.client = client
        self.collection = collection

    def search(self, query: str, k: int = 10, lang: str | None = None, mode: str = "hybrid",
               source: str | None = None, group: str = "passage", filters: SearchFilters | None = None,
               sort: str = DEFAULT_SORT) -> SearchResponse:
        answer = self.client.search(query, k=k, lang=lang, mode=mode, source=source, group=group,
                                    filters=filters.params() if filters else None, sort=sort)
        return SearchResponse.model_validate(answer)

    def stats(self) -> Stats:
        return Stats.model_validate(self.client.stats())

    def ingest(self, paths: Sequence[Path], prune: bool = False, progress: Progress | None = None) -> IngestReport:
        """Upload the files in batches (the server indexes them) and add up the jobs' reports."""
        if prune:
            raise ValueError("--prune works on an index this command opens itself: unset KAVOSH_API_URL and "
                             "stop the server, or prune where the server runs")
        if not self.client.token:
            raise ValueError("adding files through the API needs its token: set KAVOSH_API_TOKEN")
        started = time.perf_counter()
        report = IngestReport()
        files = collect_files(paths, report)
        report.files_seen = len(files) + len(report.failed)
        for start in range(0, len(files), UPLOAD_BATCH):
            batch = files[start : start + UPLOAD_BATCH]
            self._upload(batch, report)
            if progress:
                progress(str(batch[-1]), start + len(batch), len(files))
        report.seconds = round(time.perf_counter() - started, 3)
        return report

    def _upload(self, batch: list[Path], report: IngestReport) -> None:
        queued = self.client.ingest(batch, collection=self.collection)
        job = self.client.wait_for_job(queued["id"])
        if job["status"] == "failed":
            report.failed.extend(FailedFile(path=str(path), error=job.get("error") or "the ingest job failed")
                                 for path in batch)
            return
        done = IngestReport.model_validate(job["report"])
        report.indexed += done.indexed
        report.unchanged += done.unchanged
        report.chunks_added += done.chunks_added
        report.chunks_deleted += done.chunks_deleted
        # The server saves the files in the order sent, under safe unique names (a second scan.pdf is scan-2.pdf).
        saved = queued.get("files", [])
        by_name = (dict(zip(saved, map(str, batch), strict=True)) if len(saved) == len(batch)
                   else {path.name: str(path) for path in batch})
        report.failed.extend(FailedFile(path=by_name.get(item.path, item.path), error=item.error)
                             for item in done.failed)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> RemoteIndex:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
