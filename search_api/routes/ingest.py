"""POST /ingest and GET /jobs/{id}: upload files to index, in a background job.

This router is mounted only when ``KAVOSH_API_TOKEN`` is set, and every call needs
``Authorization: Bearer <token>``. The token and the upload's size are checked before the
body is read, so a refused upload is not buffered.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Request, Response, Security, UploadFile, status
from fastapi.routing import APIRoute
from fastapi.security import HTTPBearer
from starlette.types import Message

from index.errors import KavoshError
from pipeline.readers import SUPPORTED_EXTENSIONS
from search_api.jobs import QueueFullError
from search_api.models import ErrorResponse, JobResponse
from search_api.routes.deps import ApiSettings, JobsDep, SettingsDep, app_settings, invalid
from search_api.security import require_token
from search_api.upload_names import safe_upload_path

# Room for multipart boundaries and part headers on top of the files' own bytes.
_MULTIPART_SLACK = 64 * 1024
QUEUE_RETRY_AFTER = 60

_JOB_ID = re.compile(r"[0-9a-f]{32}")


def too_large(settings: ApiSettings, size: int | None = None) -> HTTPException:
    got = f" (got {size:,} bytes)" if size is not None else ""
    return HTTPException(
        status.HTTP_413_CONTENT_TOO_LARGE,
        detail=f"files: the upload is too large{got}; at most {settings.max_upload_bytes:,} bytes "
        "per request (KAVOSH_MAX_UPLOAD_BYTES)",
    )


class GuardedRoute(APIRoute):
    """A route that checks the bearer token and caps the body's size before FastAPI reads it."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            settings = app_settings(request.app)
            require_token(request, (settings.api_token,), "the KAVOSH_API_TOKEN")
            limit = settings.max_upload_bytes + _MULTIPART_SLACK
            declared = request.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise too_large(settings, int(declared))
            receive = request.receive
            received = 0

            async def receive_within_limit() -> Message:
                nonlocal received
                message = await receive()
                if message["type"] == "http.request":
                    received += len(message.get("body", b""))
                    if received > limit:
                        raise too_large(settings)
                return message

            return await handler(Request(request.scope, receive_within_limit))

        return guarded


# Declares the scheme in the OpenAPI document ("Authorize" in /docs); GuardedRoute does the check.
bearer_scheme = HTTPBearer(auto_error=False, description="the server's KAVOSH_API_TOKEN")
router = APIRouter(tags=["ingest"], route_class=GuardedRoute, dependencies=[Security(bearer_scheme)])

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "too many files"},
    401: {"model": ErrorResponse, "description": "missing or wrong token"},
    429: {"model": ErrorResponse, "description": "too many wrong tokens, or too many jobs waiting"},
    413: {"model": ErrorResponse, "description": "the upload is larger than KAVOSH_MAX_UPLOAD_BYTES, or the "
          "upload storage is full (KAVOSH_MAX_UPLOAD_STORAGE_BYTES)"},
    415: {"model": ErrorResponse, "description": "no uploaded file is of a kind Kavosh reads"},
    422: {"model": ErrorResponse, "description": "no files, or another collection than the server's"},
}


def _unique(name: str, taken: set[str]) -> str:
    candidate, number = name, 1
    path = Path(name)
    while candidate.lower() in taken:
        number += 1
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}").as_posix()
    taken.add(candidate.lower())
    return candidate


@router.post(
    "/ingest",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=JobResponse,
    responses=_ERRORS,
)
def ingest(
    settings: SettingsDep,
    jobs: JobsDep,
    response: Response,
    files: Annotated[list[UploadFile], File(description="one or more files: PDF, text, Markdown or HTML; each "
                                                        "file's name may hold its relative path (a/report.txt)")],
    collection: Annotated[str | None, Form(description="the collection to index into (the server's)")] = None,
) -> dict:
    """Save the uploads and queue their indexing; poll ``GET /jobs/{id}`` for the result."""
    if collection and collection != settings.collection:
        raise invalid("collection", f"this server indexes into {settings.collection!r}, not {collection!r}")
    if len(files) > settings.max_upload_files:
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST,
            detail=f"files: too many files ({len(files)}); at most {settings.max_upload_files} per request "
            "(KAVOSH_MAX_UPLOAD_FILES)",
        )
    total = sum(upload.size or 0 for upload in files)
    if total > settings.max_upload_bytes:
        raise too_large(settings, total)
    used = jobs.storage_used()
    if used + total > settings.max_upload_storage_bytes:
        raise HTTPException(
            status.HTTP_413_CONTENT_TOO_LARGE,
            detail=f"files: the server's upload storage is full ({used:,} of {settings.max_upload_storage_bytes:,} "
            "bytes used; KAVOSH_MAX_UPLOAD_STORAGE_BYTES)",
        )

    taken: set[str] = set()
    accepted: list[tuple[str, UploadFile]] = []
    rejected: list[dict[str, str]] = []
    for upload in files:
        name = _unique(safe_upload_path(upload.filename), taken)
        if Path(name).suffix.lower() in SUPPORTED_EXTENSIONS:
            accepted.append((name, upload))
        else:
            rejected.append({"path": name, "error": _unsupported(name)})
    if not accepted:
        reasons = "; ".join(f"{item['path']}: {item['error']}" for item in rejected)
        raise HTTPException(
            status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, detail=f"files: nothing to index: {reasons}"
        )

    job_id, directory = None, None
    try:
        job_id, directory = jobs.new_job_dir()
        for name, upload in accepted:
            target = directory / name
            if not target.resolve().is_relative_to(directory):  # cannot happen after safe_upload_path; be sure
                raise invalid("files", f"unsafe file name {upload.filename!r}")
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            with target.open("wb") as out:
                shutil.copyfileobj(upload.file, out, length=1024 * 1024)
        job = jobs.submit(job_id, directory, [name for name, _ in accepted], rejected, settings.collection)
    except QueueFullError as exc:
        _discard(directory)
        raise HTTPException(status.HTTP_429_TOO_MANY_REQUESTS, headers={"Retry-After": str(QUEUE_RETRY_AFTER)},
                            detail=f"files: {exc}; try again in a minute") from exc
    except KavoshError as exc:
        _discard(directory)
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, detail=str(exc)) from exc
    except OSError as exc:
        _discard(directory)
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            detail=f"files: the server could not save the upload ({exc.strerror or type(exc).__name__})",
        ) from exc
    except BaseException:
        _discard(directory)
        raise
    response.headers["Location"] = f"/jobs/{job.id}"
    return job.to_dict()


def _discard(directory: Path | None) -> None:
    """Remove an upload that will not be indexed (a failed save, a refused job)."""
    if directory is not None:
        shutil.rmtree(directory, ignore_errors=True)


def _unsupported(name: str) -> str:
    extension = Path(name).suffix or "(none)"
    return f"unsupported file type {extension}; Kavosh reads {', '.join(sorted(SUPPORTED_EXTENSIONS))}"


@router.get(
    "/jobs/{job_id}",
    response_model=JobResponse,
    responses={
        401: _ERRORS[401],
        404: {"model": ErrorResponse, "description": "no such job"},
        422: {"model": ErrorResponse},
    },
)
def job_status(job_id: str, jobs: JobsDep) -> dict:
    """Where an ingest job stands; once ``done``, ``report.failed`` lists each file that failed."""
    job = jobs.get(job_id) if _JOB_ID.fullmatch(job_id) else None
    if job is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"job_id: no job with id {job_id[:80]!r}")
    return job
