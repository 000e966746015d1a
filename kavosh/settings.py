"""Settings, read once from the environment (``KAVOSH_*``); tests override them."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import PositiveFloat, PositiveInt, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

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
    api_token: str | None = None
    # Limits for POST /ingest uploads.
    max_upload_bytes: int = 50 * 1024 * 1024
    max_upload_files: int = 20
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
