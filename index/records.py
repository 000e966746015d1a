"""The records Kavosh answers with, defined once: the library returns them, the API serves them as its
schema, the CLI prints them as JSON, and the API client reads them back.

The JSON contract (DESIGN's ``kavosh search --json``, ``GET /search``, ``kavosh ingest --json``) is
extended, never narrowed: records accept and pass on fields they do not declare.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from pipeline.types import LANGUAGES

SEARCH_MODES = ("hybrid", "dense", "lexical")  # the first is the default
DEFAULT_MODE = SEARCH_MODES[0]
SEARCH_GROUPS = ("passage", "document")  # what one result is; the first is the default
DEFAULT_GROUP = SEARCH_GROUPS[0]
PASSAGES_PER_DOCUMENT = 3  # the most passages a document shows when results are grouped by document
MAX_RESULTS = 100  # the most results one search returns (k)
MAX_QUERY_CHARS = 1000

SEARCH_SORTS = ("relevance", "date")  # date: the best results, newest first; the first is the default
DEFAULT_SORT = SEARCH_SORTS[0]
FILE_TYPES = ("pdf", "text", "markdown", "html", "docx", "image")  # a document's kind (pipeline.types.Document)
FACET_FIELDS = ("lang", "year", "folder", "file_type", "entities")  # counted with every search

SearchMode = Literal[SEARCH_MODES]
SearchSort = Literal[SEARCH_SORTS]
SearchGroup = Literal[SEARCH_GROUPS]
Language = Literal[LANGUAGES]


class PointKind(StrEnum):
    """What a point in a collection is: a passage with vectors, or a document's record."""

    CHUNK = "chunk"
    DOCUMENT = "document"


class Record(BaseModel):
    """A record that passes on fields Kavosh adds later, and has one JSON view."""

    model_config = ConfigDict(extra="allow")

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


class SearchHit(Record):
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
    also_in: list[str] = Field(default_factory=list, description="other sources holding the same text (shown once)")
    confidence: float = Field(0.0, description="probability that the passage answers the query (fitted on dev)")
    date: str = Field(default="", description="the document's ISO date, when known")
    ocr: bool = Field(default=False, description="the passage was read from an image by OCR")


class DocumentHit(Record):
    """One document among grouped results: its best passages, best first; ``score`` is the best passage's."""

    doc_id: str
    title: str
    source: str
    lang: str
    score: float
    passages: list[SearchHit]


class SearchResponse(Record):
    """A search's answer. Grouped by document, ``documents`` holds them and ``results`` their passages in order."""

    query: str
    mode: SearchMode
    took_ms: float
    results: list[SearchHit]
    group: SearchGroup = DEFAULT_GROUP
    documents: list[DocumentHit] | None = Field(
        default=None, description="with group=document: each document once, ordered by its best passage"
    )
    timings: dict[str, float] = Field(
        default_factory=dict, description="where the time went, in ms (embed_ms, store_ms, ...)"
    )
    weak: bool = Field(False, description="no hit is a strong match: the results are only the closest passages")
    sort: SearchSort = DEFAULT_SORT
    facets: dict[str, dict[str, int]] = Field(
        default_factory=dict, description="passages matching the filters, counted by lang, year, folder, "
                                          "file_type and entities (each field's own filter left out)")


def _as_list(value: Any) -> Any:
    return [] if value is None else value if isinstance(value, list | tuple) else [value]


class SearchFilters(Record):
    """What narrows a search besides language and source; an empty list or None leaves a field open.

    Several values of one field match any of them; different fields must all match.
    """

    date_from: str | None = Field(default=None, description="ISO date (YYYY-MM-DD): documents dated on or after it")
    date_to: str | None = Field(default=None, description="ISO date (YYYY-MM-DD): documents dated on or before it")
    year: Annotated[list[int], BeforeValidator(_as_list)] = Field(default_factory=list)
    folder: Annotated[list[str], BeforeValidator(_as_list)] = Field(default_factory=list)
    file_type: Annotated[list[str], BeforeValidator(_as_list)] = Field(default_factory=list)
    entity: Annotated[list[str], BeforeValidator(_as_list)] = Field(default_factory=list)
    ocr: bool | None = None

    def params(self) -> dict[str, Any]:
        """The filters that are set, as query parameters (lists for repeated ones)."""
        return {name: value for name, value in self.model_dump().items() if value not in (None, [])}


class FailedFile(Record):
    """A file that could not be indexed and why; in an API job, ``path`` is the uploaded file's name."""

    path: str
    error: str


class IngestReport(Record):
    """``kavosh ingest --json``'s report, and an ingest job's."""

    files_seen: int = 0
    indexed: int = 0
    unchanged: int = 0
    failed: list[FailedFile] = Field(default_factory=list)
    skipped: list[FailedFile] = Field(default_factory=list, description="files left out on purpose, and why")
    chunks_added: int = 0
    chunks_deleted: int = 0
    seconds: float = 0.0
    tokens_embedded: int = 0
    stage_seconds: dict[str, float] = Field(default_factory=dict, description="seconds spent in each stage")


class DocumentPage(Record):
    number: int
    text: str


class DocumentSummary(Record):
    """What a listing shows of a document: everything but its pages' text."""

    doc_id: str
    title: str = ""
    source: str = ""
    path: str | None = None
    lang: str = ""
    kind: str = ""
    date: str = ""
    date_source: str = ""
    author: str = ""
    site_name: str = ""
    chunks: int = 0
    tokens: int = 0
    indexed_at: str = ""
    also_in: list[str] = Field(default_factory=list)


class DocumentListing(Record):
    """One page of the document listing (``GET /documents``): pass ``next`` as ``after`` for the next page."""

    documents: list[DocumentSummary]
    next: str | None = Field(None, description="the cursor of the next page; null on the last page")
    total: int = Field(description="documents in the collection")


class DocumentRecord(DocumentSummary):
    """A document with each page's display text (``GET /documents/{doc_id}``)."""

    pages: list[DocumentPage]


class LanguageCounts(Record):
    documents: int
    chunks: int


class SourceStats(Record):
    source: str
    doc_id: str
    title: str
    lang: str
    pages: int
    chunks: int
    tokens: int = 0


class EmbedderInfo(Record):
    name: str
    dim: int


class StoreInfo(Record):
    backend: str
    location: str | None = None
    collection: str
    windows: bool = Field(default=True, description="passages carry sentence-window vectors; an index built "
                                                    "before them ranks without, until `kavosh reindex`")


class Stats(Record):
    """What is indexed and with what (``kavosh status``, ``GET /stats``)."""

    documents: int
    chunks: int
    languages: dict[str, LanguageCounts]
    sources: list[SourceStats]
    embedder: EmbedderInfo
    store: StoreInfo
    last_ingest: dict[str, Any] | None = None
    sources_truncated: bool = False  # ``sources`` holds only the first of ``documents`` (a large archive)


class Health(Record):
    status: Literal["ok"] = "ok"
    documents: int
    embedder: str


class ReindexReport(Record):
    """What a re-index built and what searches now use."""

    collection: str
    previous: str
    embedder: str
    documents: int = 0
    chunks: int = 0
    seconds: float = 0.0
    dropped_previous: bool = False
