"""Settings, read once from the environment (``KAVOSH_*``); tests override them."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import PositiveFloat, PositiveInt, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from index.store.base import check_collection_name
from pipeline.limits import DEFAULT_LIMITS, MB


class Settings(BaseSettings):
    """Where the index lives, which embedder and store to use, where the API is."""

    model_config = SettingsConfigDict(env_prefix="KAVOSH_", extra="ignore")

    home: Path = Path.home() / ".kavosh"
    qdrant_url: str | None = None
    qdrant_api_key: str | None = None
    embedder: str = "e5-small"
    collection: str = "kavosh"
    api_url: str | None = None
    ui_url: str = "http://127.0.0.1:8501"  # where exported links open the document view
    api_token: str | None = None
    # Set: the read endpoints (and so the UI) need this token, or the API token.
    read_token: str | None = None
    # Host header names the API answers besides localhost and the address it is bound to ("*": any).
    allowed_hosts: str = ""
    # Show server paths (store location, files' full paths) in /stats and /documents: for admins only.
    expose_paths: bool = False
    # Wrong or missing tokens a client address may send per minute before it gets 429.
    max_auth_failures: int = 10
    # Limits for POST /ingest uploads.
    max_upload_bytes: int = 50 * 1024 * 1024
    max_upload_files: int = 20
    max_queued_jobs: int = 20
    max_upload_storage_bytes: int = 5 * 1024**3  # all uploaded files kept, together

    @field_validator("collection")
    @classmethod
    def _safe_collection(cls, collection: str) -> str:
        """A collection name becomes a folder name under the home: ``../x`` must not pass."""
        return check_collection_name(collection)
    # What one file may cost an ingest; pipeline/limits.py states these and the other limits.
    seconds_per_file: PositiveFloat = DEFAULT_LIMITS.seconds_per_file
    max_file_mb: PositiveInt = DEFAULT_LIMITS.max_file_bytes // MB
    max_pages: PositiveInt = DEFAULT_LIMITS.max_pages

    @field_validator("home")
    @classmethod
    def _absolute_home(cls, home: Path) -> Path:
        """``~`` expanded and made absolute once, so every part puts its files in the same place."""
        return home.expanduser().resolve()


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings; never built at import time."""
    return Settings()
