"""GET /stats: what is indexed (documents, chunks, per language and source) and with what."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter

from index.records import Stats
from search_api.routes.deps import KavoshDep, SettingsDep

router = APIRouter(tags=["status"])


@router.get("/stats", response_model=Stats)
def stats(kavosh: KavoshDep, settings: SettingsDep) -> Stats:
    """Server paths (the store's location, failed files' folders) only with ``KAVOSH_EXPOSE_PATHS``."""
    found = kavosh.stats()
    if settings.expose_paths:
        return found
    found.store.location = None
    if found.last_ingest:
        found.last_ingest = {**found.last_ingest, **{key: _by_name(found.last_ingest.get(key))
                                                     for key in ("failed", "skipped")}}
    return found


def _by_name(files: Any) -> list[dict[str, Any]]:
    return [{**item, "path": Path(str(item.get("path", ""))).name} for item in files or [] if isinstance(item, dict)]
