"""Pydantic models of the API's answers: the JSON contract of DESIGN.md, plus extension fields."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Mode = Literal["hybrid", "dense", "lexical"]
Language = Literal["fa", "en"]
JobStatus = Literal["queued", "running", "done", "failed"]


class _Open(BaseModel):
    """A model that passes on fields Kavosh adds later (the contract is extended, never narrowed)."""

    model_config = ConfigDict(extra="allow")


class ErrorResponse(BaseModel):
    """Every 4xx and 5xx answer: one human message that names the field or the problem."""

    detail: str = Field(examples=["k: must be at most 100 (got 101)"])


class HealthResponse(BaseModel):
    status: Literal["ok"] = "ok"
    documents: int
    embedder: str


class SearchHit(_Open):
    """One passage: ``text`` is the chunk's display text, ``highlights`` are spans in it."""

    chunk_id: str
    doc_id: str
    title: str
    source: str
    lang: str
    page: int | None = None
    text: str
    score: float
    highlights: list[tuple[int, int]] = Field(
        default_factory=list, description="[start, end) character spans of `text` that matched the query"
    )
    also_in: list[str] = Field(
        default_factory=list, description="other sources holding the same text (shown once)"
    )


class SearchResponse(_Open):
    query: str
    mode: Mode
    took_ms: float
    results: list[SearchHit]
    timings: dict[str, float] | None = Field(
        default=None, description="where the time went, in ms (embed_ms, store_ms, ...)"
    )


class DocumentPage(BaseModel):
    number: int
    text: str


class DocumentResponse(_Open):
    doc_id: str
    title: str
    source: str
    path: str | None = None
    lang: str
    kind: str
    chunks: int
    pages: list[DocumentPage]
    also_in: list[str] = Field(default_factory=list)


class LanguageCounts(_Open):
    documents: int
    chunks: int


class SourceStats(_Open):
    source: str
    doc_id: str
    title: str
    lang: str
    pages: int
    chunks: int


class EmbedderInfo(_Open):
    name: str
    dim: int


class StoreInfo(_Open):
    backend: str
    location: str | None = None
    collection: str


class FileError(BaseModel):
    path: str
    error: str


class IngestReportModel(_Open):
    """``kavosh ingest --json``'s report; in a job, ``path`` is the uploaded file's name."""

    files_seen: int = 0
    indexed: int = 0
    unchanged: int = 0
    failed: list[FileError] = Field(default_factory=list)
    chunks_added: int = 0
    chunks_deleted: int = 0
    seconds: float = 0.0


class StatsResponse(_Open):
    documents: int
    chunks: int
    languages: dict[str, LanguageCounts]
    sources: list[SourceStats]
    embedder: EmbedderInfo
    store: StoreInfo
    last_ingest: dict | None = None


class JobResponse(BaseModel):
    """A background ingest job; ``report`` is set once it is done (or failed part-way)."""

    id: str
    status: JobStatus
    files: list[str] = Field(description="names of the uploaded files the job indexes, as saved")
    rejected: list[FileError] = Field(
        default_factory=list, description="uploaded files refused before indexing (also in report.failed)"
    )
    collection: str
    created_at: str
    started_at: str | None = None
    finished_at: str | None = None
    progress: dict[str, int] = Field(default_factory=dict, description='{"done": n, "total": m} files')
    report: IngestReportModel | None = None
    error: str | None = Field(default=None, description="why the whole job failed, if it did")
