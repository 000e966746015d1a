"""A search's results as rows for a spreadsheet or a script: CSV or JSON, from the CLI and the UI alike.

Each row: rank, title, source, page, date, language, score, passage, and a link that opens the
passage in the UI's document view.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

EXPORT_FORMATS = ("csv", "json")
COLUMNS = ("rank", "title", "source", "page", "date", "lang", "score", "passage", "link")
DEFAULT_UI_URL = "http://127.0.0.1:8501"


def document_link(hit: Mapping[str, Any], ui_url: str = DEFAULT_UI_URL) -> str:
    """The UI's document view at the hit's page with the passage marked."""
    params = {"doc": hit.get("doc_id", ""), "chunk": hit.get("chunk_id", "")}
    if hit.get("page") is not None:
        params["page"] = str(hit["page"])
    return f"{ui_url.rstrip('/')}/document?{urlencode(params)}"


def export_rows(answer: Mapping[str, Any], ui_url: str = DEFAULT_UI_URL) -> list[dict[str, Any]]:
    """One row per passage of a search answer (``SearchResponse.to_dict()``), in rank order."""
    return [{"rank": rank, "title": hit.get("title", ""), "source": hit.get("source", ""),
             "page": hit.get("page"), "date": hit.get("date") or "", "lang": hit.get("lang", ""),
             "score": hit.get("score"), "passage": hit.get("text", ""), "link": document_link(hit, ui_url)}
            for rank, hit in enumerate(answer.get("results") or [], start=1)]


def to_csv(rows: list[dict[str, Any]]) -> str:
    """CSV with a header row; UTF-8 with a byte-order mark so spreadsheet programs read Persian right."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return "\ufeff" + out.getvalue()


def to_json(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2)


def export(answer: Mapping[str, Any], fmt: str, ui_url: str = DEFAULT_UI_URL) -> str:
    """The answer's rows in ``fmt`` (csv or json)."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"format: must be one of {', '.join(EXPORT_FORMATS)}, got {fmt!r}")
    rows = export_rows(answer, ui_url)
    return to_csv(rows) if fmt == "csv" else to_json(rows)


def _cell(value: Any) -> Any:
    """A cell that a spreadsheet will not run as a formula (=, +, -, @ at the start of text)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
