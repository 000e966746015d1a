"""Who may talk to the API: the Host header allow-list, bearer tokens, and a brake on wrong tokens.

- Host allow-list: a page on another site can make a browser send requests to an API on
  localhost under its own domain name (DNS rebinding); answering only the names the API is
  reached by stops that. Default: localhost, 127.0.0.1, [::1] and the address it is bound to,
  plus ``KAVOSH_ALLOWED_HOSTS``.
- Tokens: ``KAVOSH_API_TOKEN`` allows everything; ``KAVOSH_READ_TOKEN`` puts the read endpoints
  behind a token too (either token reads). Each must be at least MIN_TOKEN_CHARS long.
- Wrong tokens: after ``max_auth_failures`` wrong or missing tokens in AUTH_WINDOW seconds, a client
  address gets 429 with Retry-After until the window has passed.
"""

from __future__ import annotations

import hmac
import ipaddress
import re
import threading
import time
from collections import defaultdict, deque
from collections.abc import Iterable

from fastapi import HTTPException, Request, status
from starlette.types import ASGIApp, Receive, Scope, Send

MIN_TOKEN_CHARS = 16
AUTH_WINDOW = 60.0
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
_LABEL = r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOST_NAME = re.compile(rf"(?=.{{1,253}}$){_LABEL}(\.{_LABEL})*\.?")
_WILDCARDS = ("0.0.0.0", "::", "")


def check_host(host: str) -> str:
    """An IP address or a host name to bind to, or ValueError saying what is wrong."""
    host = host.strip().strip("[]")
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        pass
    if not _HOST_NAME.fullmatch(host):
        raise ValueError(f"host: must be an IP address or a host name (got {host!r})")
    return host


def check_port(port: int) -> int:
    if not 1 <= port <= 65535:
        raise ValueError(f"port: must be between 1 and 65535 (got {port})")
    return port


def is_loopback(host: str) -> bool:
    """Whether only this machine can reach ``host`` (127.0.0.0/8, ::1, localhost)."""
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def exposure_warning(what: str, host: str, port: int, protected: bool) -> str | None:
    """One line saying what binding beyond loopback makes reachable, or None on loopback."""
    if is_loopback(host):
        return None
    where = "every network this machine is on" if host in _WILDCARDS else f"the network of {host}"
    access = ("reads need KAVOSH_READ_TOKEN" if protected
              else "anyone there can search and read every indexed document (set KAVOSH_READ_TOKEN to require a token)")
    return f"warning: {what} listens on {host}:{port}, reachable from {where}: {access}"


def check_token_strength(name: str, token: str | None) -> None:
    """Refuse a token that is short enough to guess (ValueError naming the setting)."""
    if token is not None and len(token) < MIN_TOKEN_CHARS:
        raise ValueError(f"{name}: must be at least {MIN_TOKEN_CHARS} characters (got {len(token)}); make one with "
                         "python -c 'import secrets; print(secrets.token_urlsafe(24))'")


def check_tokens(settings) -> None:
    """Both tokens strong enough (ValueError naming the setting); checked before anything is opened."""
    check_token_strength("KAVOSH_API_TOKEN", settings.api_token)
    check_token_strength("KAVOSH_READ_TOKEN", settings.read_token)


def allowed_hosts(configured: str | None, bound_host: str | None) -> set[str] | None:
    """The Host header names the API answers (lower case, no port); None when ``*`` allows all."""
    names = {name.strip().lower().strip("[]") for name in (configured or "").split(",") if name.strip()}
    if "*" in names:
        return None
    names |= set(LOOPBACK_NAMES)
    if bound_host and bound_host not in _WILDCARDS:
        names.add(bound_host.lower().strip("[]"))
    return names


def host_name(header: str) -> str:
    """The name in a Host header, without the port: ``[::1]:8000`` → ``::1``."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class HostGuard:
    """ASGI middleware: a request whose Host header is not in the allow-list answers 400."""

    def __init__(self, app: ASGIApp, hosts: set[str] | None):
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.hosts is not None:
            header = next((value.decode("latin-1") for key, value in scope["headers"] if key == b"host"), "")
            if host_name(header) not in self.hosts:
                from fastapi.responses import JSONResponse

                detail = f"Host: {header[:80]!r} is not a name this API answers to; add it to KAVOSH_ALLOWED_HOSTS"
                await JSONResponse({"detail": detail}, status_code=status.HTTP_400_BAD_REQUEST)(scope, receive, send)
                return
        await self.app(scope, receive, send)


class FailedAuth:
    """Wrong or missing tokens per client address in a sliding window (memory only, bounded)."""

    def __init__(self, limit: int, window: float = AUTH_WINDOW, max_clients: int = 10_000):
        self.limit = limit
        self.window = window
        self.max_clients = max_clients
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def retry_after(self, client: str) -> int:
        """Seconds until ``client`` may try again; 0 when it may now."""
        with self._lock:
            failures = self._recent(client)
            if len(failures) < self.limit:
                return 0
            return max(1, int(failures[0] + self.window - time.monotonic()) + 1)

    def record(self, client: str) -> None:
        with self._lock:
            if client not in self._failures and len(self._failures) >= self.max_clients:
                self._failures.pop(next(iter(self._failures)))  # forget the oldest client
            self._recent(client).append(time.monotonic())

    def _recent(self, client: str) -> deque[float]:
        failures = self._failures[client]
        while failures and failures[0] <= time.monotonic() - self.window:
            failures.popleft()
        return failures


def require_token(request: Request, tokens: Iterable[str | None], scope: str) -> None:
    """Raise 401 unless the request has ``Authorization: Bearer <one of tokens>``; 429 when throttled.

    Tokens are compared in constant time; wrong and missing ones count towards the client's limit.
    """
    accepted = [token for token in tokens if token]
    limiter: FailedAuth = request.app.state.failed_auth
    client = request.client.host if request.client else "unknown"
    wait = limiter.retry_after(client)
    if wait:
        raise HTTPException(status.HTTP_429_TOO_MANY_REQUESTS, headers={"Retry-After": str(wait)},
                            detail=f"Authorization: too many wrong tokens from {client}; try again in {wait} s")
    authorization = request.headers.get("authorization")
    scheme, _, credentials = (authorization or "").strip().partition(" ")
    given = credentials.strip().encode()
    if not authorization:
        message = f"Authorization: missing; send 'Authorization: Bearer <token>' ({scope})"
    elif scheme.lower() != "bearer":
        message = "Authorization: must be 'Bearer <token>'"
    elif not any(hmac.compare_digest(given, token.encode()) for token in accepted):
        message = "Authorization: the token is not valid"
    else:
        return
    limiter.record(client)
    raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail=message, headers={"WWW-Authenticate": "Bearer"})
