"""The API's own answers (errors, jobs); search, documents and stats answer with ``index.records``."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from index.records import FailedFile, IngestReport

JobStatus = Literal["queued", "running", "done", "failed"]


class ErrorResponse(BaseModel):
    """Every 4xx and 5xx answer: one human message that names the field or the problem."""

    detail: str = Field(examples=["k: must be at most 100 (got 101)"])


class JobResponse(BaseModel):
    """A background ingest job; ``report`` is set once it is done (or failed part-way)."""

    id: str
    status: JobStatus
    files: list[str] = Field(description="names of the uploaded files the job indexes, as saved")
    rejected: list[FailedFile] = Field(
        default_factory=list, description="uploaded files refused before indexing (also in report.failed)"
    )
    collection: str
    created_at: str
    started_at: str | None = None
    finished_at: str | None = None
    progress: dict[str, int] = Field(default_factory=dict, description='{"done": n, "total": m} files')
    report: IngestReport | None = None
    error: str | None = Field(default=None, description="why the whole job failed, if it did")
