"""Typed dependencies shared by the routers: the settings, the open Kavosh, the job manager."""

from __future__ import annotations

from typing import Annotated, Protocol

from fastapi import Depends, FastAPI, HTTPException, Request, status

from index.service import IndexSettings, Kavosh
from search_api.jobs import JobManager
from search_api.security import require_token


class ApiSettings(IndexSettings, Protocol):
    """What the API needs to know besides the index's own settings; the composition root provides it."""

    api_token: str | None
    read_token: str | None
    allowed_hosts: str
    expose_paths: bool
    max_auth_failures: int
    max_upload_bytes: int
    max_upload_files: int
    max_queued_jobs: int
    max_upload_storage_bytes: int


def get_settings(request: Request) -> ApiSettings:
    """The settings the app was built with (``create_app(settings)``)."""
    return request.app.state.settings


def app_settings(app: FastAPI) -> ApiSettings:
    """The settings the routes get, or what ``app.dependency_overrides`` puts instead.

    For code outside dependency injection (the lifespan, checks made before the body is read).
    """
    override = app.dependency_overrides.get(get_settings)
    return override() if override else app.state.settings


def require_reader(request: Request) -> None:
    """With ``KAVOSH_READ_TOKEN`` set, reading needs it (or the API token); otherwise anyone may read."""
    settings = app_settings(request.app)
    if settings.read_token:
        require_token(request, (settings.read_token, settings.api_token), "the KAVOSH_READ_TOKEN")


def get_kavosh(request: Request) -> Kavosh:
    """The service opened by the app's lifespan (or handed to ``create_app``)."""
    kavosh = getattr(request.app.state, "kavosh", None)
    if kavosh is None:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, detail="the search service is not open")
    return kavosh


def get_jobs(request: Request) -> JobManager:
    jobs = getattr(request.app.state, "jobs", None)
    if jobs is None:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, detail="ingest jobs are not available")
    return jobs


SettingsDep = Annotated[ApiSettings, Depends(get_settings)]
KavoshDep = Annotated[Kavosh, Depends(get_kavosh)]
JobsDep = Annotated[JobManager, Depends(get_jobs)]


def invalid(field: str, message: str) -> HTTPException:
    """A 422 whose message names the field, like the validation errors FastAPI raises."""
    return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=f"{field}: {message}")
