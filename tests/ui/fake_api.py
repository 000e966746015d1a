"""A fake Kavosh API with canned Persian and English answers, for the UI tests.

Every answer passes through the real records (``index.records``, ``search_api.models``), so the
fake cannot drift from the API's contract: a canned answer missing a field fails here.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

from index.grouping import best_passages_by_document, documents_of
from index.records import DocumentRecord, Health, SearchHit, SearchResponse, Stats
from search_api.client import ApiError
from search_api.models import JobResponse

APP_PATH = Path(__file__).resolve().parents[2] / "ui" / "app.py"


def span_of(text: str, word: str) -> list[int]:
    """The ``[start, end)`` span of the first ``word`` in ``text``, as the API reports highlights."""
    start = text.index(word)
    return [start, start + len(word)]


PERSIAN_TEXT = "نشست «دیپلماسی علم، فناوری و نوآوری» در مرکز تحقیقات سیاست علمی کشور برگزار شد."
ENGLISH_TEXT = (
    "Science diplomacy was a central theme: members agreed to expand cooperation <between> institutes."
)
PERSIAN_RESULT = {
    "chunk_id": "c-fa-1",
    "doc_id": "doc-fa",
    "title": "نشست دیپلماسی علم",
    "source": "nrisp-science-diplomacy-meeting.fa.txt",
    "lang": "fa",
    "page": 1,
    "text": PERSIAN_TEXT,
    "score": 0.91,
    "highlights": [span_of(PERSIAN_TEXT, "دیپلماسی"), span_of(PERSIAN_TEXT, "علم")],
    "also_in": ["copy-of-nrisp.fa.txt"],
}
ENGLISH_RESULT = {
    "chunk_id": "c-en-2",
    "doc_id": "doc-en",
    "title": "ANSO Newsletter",
    "source": "anso-newsletter.en.pdf",
    "lang": "en",
    "page": 2,
    "text": ENGLISH_TEXT,
    "score": 0.72,
    "highlights": [span_of(ENGLISH_TEXT, "Science"), span_of(ENGLISH_TEXT, "diplomacy")],
    "also_in": [],
}
PERSIAN_TEXT_2 = "مرکز تحقیقات سیاست علمی کشور گزارشی درباره دیپلماسی علم منتشر کرد."
PERSIAN_SECOND_RESULT = {  # a second passage of the Persian document, ranked below the English one
    **PERSIAN_RESULT,
    "chunk_id": "c-fa-3",
    "text": PERSIAN_TEXT_2,
    "score": 0.55,
    "highlights": [span_of(PERSIAN_TEXT_2, "دیپلماسی")],
    "also_in": [],
}
DOCUMENTS = {
    "doc-fa": {
        "doc_id": "doc-fa",
        "title": "نشست دیپلماسی علم",
        "source": "nrisp-science-diplomacy-meeting.fa.txt",
        "path": "corpora/seeds/nrisp-science-diplomacy-meeting.fa.txt",
        "lang": "fa",
        "kind": "text",
        "chunks": 3,
        "pages": [{"number": 1, "text": "به گزارش روابط عمومی مرکز.\n" + PERSIAN_TEXT + "\nپایان گزارش."}],
        "also_in": ["copy-of-nrisp.fa.txt"],
    },
    "doc-en": {
        "doc_id": "doc-en",
        "title": "ANSO Newsletter",
        "source": "anso-newsletter.en.pdf",
        "path": "corpora/seeds/anso-newsletter.en.pdf",
        "lang": "en",
        "kind": "pdf",
        "chunks": 4,
        "pages": [
            {"number": 1, "text": "ANSO Newsletter, December 2024. The annual meeting was held in Beijing."},
            {"number": 2, "text": "Page two starts here. " + ENGLISH_TEXT + " More text follows."},
            {"number": 3, "text": "Capacity building & training."},
        ],
        "also_in": [],
    },
}
STATS = {
    "documents": 2,
    "chunks": 7,
    "languages": {"fa": {"documents": 1, "chunks": 3}, "en": {"documents": 1, "chunks": 4}},
    "sources": [
        {
            "source": "nrisp-science-diplomacy-meeting.fa.txt",
            "doc_id": "doc-fa",
            "title": "نشست دیپلماسی علم",
            "lang": "fa",
            "pages": 1,
            "chunks": 3,
        },
        {
            "source": "anso-newsletter.en.pdf",
            "doc_id": "doc-en",
            "title": "ANSO Newsletter",
            "lang": "en",
            "pages": 3,
            "chunks": 4,
        },
    ],
    "embedder": {"name": "e5-small", "dim": 384},
    "store": {"backend": "qdrant-edge", "location": "/tmp/kavosh/store", "collection": "kavosh"},
    "last_ingest": {
        "files_seen": 3,
        "indexed": 2,
        "unchanged": 0,
        "chunks_added": 7,
        "chunks_deleted": 0,
        "seconds": 4.2,
        "failed": [{"path": "broken.pdf", "error": "not a PDF: no header"}],
        "finished_at": "2025-11-24T22:40:00Z",
    },
}


FACETS = {"lang": {"fa": 1, "en": 1}, "year": {"2024": 1, "2019": 1}, "folder": {"news": 2},
          "file_type": {"pdf": 1, "text": 1}, "entities": {"org:anso": 2}}


class FakeApi:
    """Answers like ``search_api.client.ApiClient`` would, from the canned data above; records every call.

    Args:
        results: what ``search`` returns (Persian and English results by default).
        error: raised by every call instead of answering (e.g. UNREACHABLE).
        job_steps: the statuses ``job`` goes through, one per call.
        stats: what ``stats`` returns.
        weak: whether search answers say no hit is a strong match.
    """

    base_url = "http://kavosh.test"

    def __init__(
        self,
        results: list[dict] | None = None,
        error: Exception | None = None,
        job_steps: tuple[str, ...] = ("running", "done"),
        stats: dict | None = None,
        weak: bool = False,
        read_token: str | None = None,
    ) -> None:
        self.results = [PERSIAN_RESULT, ENGLISH_RESULT] if results is None else results
        self.error = error
        self.job_steps = list(job_steps)
        self.stats_answer = STATS if stats is None else stats
        self.weak = weak
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.token: str | None = None
        self.read_token = read_token  # set: reading needs this token, like KAVOSH_READ_TOKEN

    def client(self, base_url: str | None = None, token: str | None = None, timeout: float = 30.0) -> FakeApi:
        """Stands in for ``ApiClient(base_url, token=...)``: a view of this fake, holding the token."""
        view = copy.copy(self)  # shares the recorded calls and the job's steps
        view.token = token
        return view

    def __enter__(self) -> FakeApi:
        return self

    def __exit__(self, *exc_info: object) -> None:
        pass

    def _answer(self, name: str, **arguments: Any) -> None:
        self.calls.append((name, arguments))
        if self.error is not None:
            raise self.error
        if self.read_token and name in ("search", "document", "stats") and self.token != self.read_token:
            raise ApiError("401: Authorization: missing; send 'Authorization: Bearer <token>'", status_code=401)

    def calls_to(self, name: str) -> list[dict[str, Any]]:
        return [arguments for called, arguments in self.calls if called == name]

    def health(self) -> dict:
        self._answer("health")
        return Health(documents=self.stats_answer["documents"], embedder="e5-small").to_dict()

    def search(self, query: str, k: int = 10, lang=None, mode: str = "hybrid", source=None,
               group: str = "passage", filters: dict | None = None, sort: str = "relevance") -> dict:
        """The canned results filtered (a date range by each result's ``date``); ``group="document"`` groups
        them as the library does. Filters and sort are recorded only when set."""
        narrowing = {"filters": filters} if filters else {}
        self._answer("search", query=query, k=k, lang=lang, mode=mode, source=source, group=group, **narrowing,
                     **({"sort": sort} if sort != "relevance" else {}))
        results = [r for r in self.results if (lang is None or r["lang"] == lang)]
        low, high = (filters or {}).get("date_from"), (filters or {}).get("date_to")
        if low or high:  # undated results never fall in a range
            results = [r for r in results if r.get("date") and (not low or r["date"] >= low)
                       and (not high or r["date"] <= high)]
        results = [SearchHit.model_validate(r) for r in results if source is None or r["source"] == source]
        if group == "document":
            results = best_passages_by_document(results, k)
            return SearchResponse(query=query, mode=mode, took_ms=8.5, results=results, group=group,
                                  documents=documents_of(results), weak=self.weak).to_dict()
        return SearchResponse(query=query, mode=mode, took_ms=8.5, results=results[:k], facets=FACETS,
                              sort=sort, weak=self.weak).to_dict()

    def document(self, doc_id: str) -> dict:
        self._answer("document", doc_id=doc_id)
        if doc_id not in DOCUMENTS:
            raise ApiError(f"404: doc_id: no document {doc_id!r}", status_code=404)
        return DocumentRecord.model_validate(DOCUMENTS[doc_id]).to_dict()

    def stats(self) -> dict:
        self._answer("stats")
        return Stats.model_validate(self.stats_answer).to_dict()

    def ingest(self, paths, collection=None) -> dict:
        files = [(Path(path).name, Path(path).read_bytes()) for path in paths]
        self._answer("ingest", files=files, token=self.token, collection=collection)
        if self.token != "secret":
            raise ApiError("401: Authorization: the token is not valid", status_code=401)
        return _job(id="job-1", status="queued", files=[name for name, _ in files],
                    progress={"done": 0, "total": len(files)})

    def job(self, job_id: str) -> dict:
        self._answer("job", job_id=job_id, token=self.token)
        status = self.job_steps.pop(0) if len(self.job_steps) > 1 else self.job_steps[0]
        files = self.calls_to("ingest")[-1]["files"]
        done = status in ("done", "failed")
        report = None
        if done:
            failed = [
                {"path": name, "error": "no text could be read"} for name, _ in files if "broken" in name
            ]
            report = {
                "files_seen": len(files),
                "indexed": len(files) - len(failed),
                "unchanged": 0,
                "failed": failed,
                "chunks_added": 5,
                "chunks_deleted": 0,
                "seconds": 1.25,
            }
        return _job(id=job_id, status=status, files=[name for name, _ in files],
                    progress={"done": len(files) if done else 0, "total": len(files)}, report=report,
                    error="the store is locked by another process" if status == "failed" else None)


def _job(**fields: Any) -> dict:
    """A job as ``GET /jobs/{id}`` answers it."""
    job = {"collection": "kavosh", "created_at": "2026-11-24T22:40:00.000Z", **fields}
    return JobResponse.model_validate(job).model_dump(mode="json")


UNREACHABLE = ApiError(
    "cannot reach the Kavosh API at http://kavosh.test ([Errno 111] Connection refused); "
    "is `kavosh serve` running and KAVOSH_API_URL right?"
)


def html_of(app: AppTest) -> str:
    """All the custom HTML (st.html) the app rendered, joined; the style sheet left out."""
    blocks = (str(element.value) for element in app.get("html"))
    return "\n".join(block for block in blocks if not block.startswith("<style>"))


def texts_of(app: AppTest) -> str:
    """The text of every message, caption and markdown element, joined (to look for what users read)."""
    kinds = ("markdown", "caption", "info", "warning", "error", "success")
    return "\n".join(str(element.value) for kind in kinds for element in app.get(kind))
