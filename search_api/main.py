"""The Kavosh HTTP API: an app factory whose lifespan opens the store and the embedder once.

``kavosh serve`` calls :func:`serve`; tests call :func:`create_app` with their own settings and
(often) an already open ``Kavosh`` with a fake embedder.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from index.errors import InvalidQueryError, KavoshError, OverloadedError
from index.service import Kavosh
from search_api.jobs import JobManager
from search_api.models import ErrorResponse
from search_api.routes import documents, health, ingest, search, stats
from search_api.routes.deps import ApiSettings, app_settings, require_reader
from search_api.security import FailedAuth, HostGuard, allowed_hosts, check_tokens

logger = logging.getLogger(__name__)
DOCS_ASSETS = "/docs-assets"

DESCRIPTION = """Search Persian and English documents across languages.

`GET /search` finds passages; `GET /documents/{doc_id}` shows a document page by page;
`GET /stats` and `GET /health` report what is indexed. `POST /ingest` (uploads) exists only
when the server has `KAVOSH_API_TOKEN` set, and needs `Authorization: Bearer <token>`. When the
server has `KAVOSH_READ_TOKEN` set, searching and reading need a token too (`/health` does not).
Every error answers `{"detail": "<message>"}`.
"""


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Open Kavosh (unless one was given), start the ingest worker; close both at shutdown."""
    settings = app_settings(app)
    owned: Kavosh | None = None
    if app.state.kavosh is None:
        # Loading the model and opening the store block; keep the event loop free meanwhile.
        owned = await run_in_threadpool(Kavosh.open, settings)
        owned.batch_queries()
        app.state.kavosh = owned
    if settings.api_token:
        app.state.jobs = await run_in_threadpool(JobManager, app.state.kavosh, settings.home / "uploads",
                                                 max_queued=settings.max_queued_jobs)
    try:
        yield
    finally:
        if app.state.jobs is not None:
            await run_in_threadpool(app.state.jobs.shutdown)
            app.state.jobs = None
        if owned is not None:
            app.state.kavosh = None
            await run_in_threadpool(owned.close)


def create_app(settings: ApiSettings, kavosh: Kavosh | None = None, bound_host: str | None = None) -> FastAPI:
    """Build the API.

    Args:
        settings: the index's and the API's settings (the routes get them as a dependency).
        kavosh: an open service to use as it is (the caller closes it); when absent the lifespan
            opens one with ``Kavosh.open(settings)`` and closes it at shutdown.
        bound_host: the address the server listens on; the Host header may name it.

    Raises:
        ValueError: a token is too short to be safe.
    """
    check_tokens(settings)
    app = FastAPI(
        title="Kavosh",
        summary="Bilingual (Persian/English) document search",
        description=DESCRIPTION,
        version="0.1.0",
        lifespan=lifespan,
        responses={429: {"model": ErrorResponse}, 500: {"model": ErrorResponse}, 503: {"model": ErrorResponse}},
        docs_url=None,  # served below from local files: newsroom machines are often offline
        redoc_url=None,
    )
    _add_offline_docs(app)
    app.state.settings = settings
    app.state.kavosh = kavosh
    app.state.jobs = None
    app.state.failed_auth = FailedAuth(settings.max_auth_failures)
    app.add_middleware(HostGuard, hosts=allowed_hosts(settings.allowed_hosts, bound_host))

    app.include_router(health.router)
    readers = [Depends(require_reader)]
    for router in (search.router, documents.router, stats.router):
        app.include_router(router, dependencies=readers, responses=_READ_ERRORS if settings.read_token else None)
    # Writes exist only when a token is configured: without it POST /ingest is simply not there.
    if app_settings(app).api_token:
        app.include_router(ingest.router)

    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(InvalidQueryError, _invalid_query)
    app.add_exception_handler(OverloadedError, _overloaded)
    app.add_exception_handler(KavoshError, _service_error)
    app.add_exception_handler(OSError, _file_error)
    app.add_exception_handler(Exception, _unexpected_error)
    return app


def _add_offline_docs(app: FastAPI) -> None:
    """Swagger UI at /docs with its JavaScript and CSS from the fastapi-offline package, not a CDN."""
    import fastapi_offline

    assets = Path(fastapi_offline.__file__).parent / "static"
    app.mount(DOCS_ASSETS, StaticFiles(directory=assets), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=app.openapi_url, title=f"{app.title} API",
                                   swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
                                   swagger_favicon_url=f"{DOCS_ASSETS}/favicon.png")


def serve(settings: ApiSettings, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the API with uvicorn until interrupted; this process owns the embedded store.

    Raises:
        KavoshError: the store or the embedder cannot be opened (e.g. another process holds
            the store); raised before the server starts, with a message for the user.
    """
    import uvicorn

    check_tokens(settings)  # before the model loads: a weak token is refused at once
    kavosh = Kavosh.open(settings)
    try:
        kavosh.warm_up()
        kavosh.batch_queries()
        app = create_app(settings, kavosh, bound_host=host)
        uvicorn.run(app, host=host, port=port, workers=1, log_level="info")
    finally:
        kavosh.close()


# --- errors: always {"detail": message}, never a traceback -------------------------------------

_READ_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "missing or wrong token (KAVOSH_READ_TOKEN is set)"},
    429: {"model": ErrorResponse, "description": "too many wrong tokens from this address"},
}
_LOCATION_KINDS = {"query", "path", "body", "header", "cookie", "form"}


def _shown(value: Any, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + "...'"


def describe_validation_error(error: dict[str, Any]) -> str:
    """One pydantic error as ``field: what is wrong (got what)``."""
    parts = [str(part) for part in error.get("loc", ()) if part not in _LOCATION_KINDS]
    field = ".".join(parts) or "request"
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind == "missing":
        problem = "is required"
    elif kind in ("int_parsing", "int_type", "int_from_float"):
        problem = f"must be an integer (got {_shown(value)})"
    elif kind in ("float_parsing", "float_type"):
        problem = f"must be a number (got {_shown(value)})"
    elif kind in ("greater_than_equal", "greater_than"):
        bound = ctx.get("ge", ctx.get("gt"))
        problem = f"must be at least {bound} (got {_shown(value)})"
    elif kind in ("less_than_equal", "less_than"):
        bound = ctx.get("le", ctx.get("lt"))
        problem = f"must be at most {bound} (got {_shown(value)})"
    elif kind in ("literal_error", "enum"):
        problem = f"must be one of {ctx.get('expected', '')} (got {_shown(value)})"
    elif kind == "string_too_long":
        length = len(value) if isinstance(value, str) else "?"
        problem = f"must be at most {ctx.get('max_length')} characters (got {length})"
    elif "UploadFile" in str(error.get("msg", "")):
        field = parts[0] if parts else field
        problem = "each part must be a file (a multipart part with a filename)"
    elif kind == "string_too_short":
        problem = f"must be at least {ctx.get('min_length')} characters"
    else:
        problem = str(error.get("msg", "is not valid"))
    return f"{field}: {problem}"


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    message = "; ".join(describe_validation_error(error) for error in exc.errors()) or "invalid request"
    return JSONResponse({"detail": message}, status_code=status.HTTP_422_UNPROCESSABLE_CONTENT)


async def _invalid_query(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=status.HTTP_422_UNPROCESSABLE_CONTENT)


async def _overloaded(request: Request, exc: Exception) -> JSONResponse:
    """Too many searches waiting: answer at once and say when to come back, instead of in seconds."""
    return JSONResponse({"detail": str(exc)}, status_code=status.HTTP_429_TOO_MANY_REQUESTS,
                        headers={"Retry-After": "1"})


async def _service_error(request: Request, exc: Exception) -> JSONResponse:
    """The service cannot work right now (store gone, server unreachable): 503.

    The full message (paths, the Qdrant server's address) goes to the log; the client gets the
    error's public message, which names neither.
    """
    assert isinstance(exc, KavoshError)
    logger.warning("%s %s: %s", request.method, request.url.path, exc)
    return JSONResponse({"detail": exc.public}, status_code=status.HTTP_503_SERVICE_UNAVAILABLE)


async def _file_error(request: Request, exc: Exception) -> JSONResponse:
    """A file the server needs could not be read or written (disk full, permissions): 503, no path."""
    logger.warning("%s %s: %s", request.method, request.url.path, exc)
    return JSONResponse({"detail": "the server could not read or write its files; the server log has the details"},
                        status_code=status.HTTP_503_SERVICE_UNAVAILABLE)


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    """Last resort for bugs: log the traceback here, tell the client only that it happened."""
    logger.error("unexpected error in %s %s", request.method, request.url.path, exc_info=exc)
    return JSONResponse(
        {"detail": f"internal error ({type(exc).__name__}); the server log has the details"},
        status_code=status.HTTP_500_INTERNAL_SERVER_ERROR,
    )
