"""Typed dependencies shared by the routers: the settings, the open Kavosh, the job manager."""

from __future__ import annotations

from typing import Annotated, Protocol

from fastapi import Depends, FastAPI, HTTPException, Request, status

from index.service import IndexSettings, Kavosh
from search_api.jobs import JobManager


class ApiSettings(IndexSettings, Protocol):
    """What the API needs to know besides the index's own settings; the composition root provides it."""

    api_token: str | None
    max_upload_bytes: int
    max_upload_files: int


def get_settings(request: Request) -> ApiSettings:
    """The settings the app was built with (``create_app(settings)``)."""
    return request.app.state.settings


def app_settings(app: FastAPI) -> ApiSettings:
    """The settings the routes get, or what ``app.dependency_overrides`` puts instead.

    For code outside dependency injection (the lifespan, checks made before the body is read).
    """
    override = app.dependency_overrides.get(get_settings)
    return override() if override else app.state.settings


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
