"""The error the API's client raises, apart from the client so that catching it loads no HTTP library."""

from __future__ import annotations


class ApiError(Exception):
    """The API could not be reached or refused the request; the message says which and why."""

    def __init__(self, message: str, status_code: int | None = None):
        super().__init__(message)
        self.message = message
        self.status_code = status_code
