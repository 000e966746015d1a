"""Errors that users see: each says what went wrong and what to do.

``str(error)`` is for the person running Kavosh (it may name files and servers); ``public`` is what
an API tells its clients, with no paths or addresses in it.
"""


class KavoshError(Exception):
    """Base class; the message is meant for the user as it is."""

    public = "the index store failed or cannot be reached; the server log has the details"


class StoreLockedError(KavoshError):
    """The embedded store is held by another process (one process owns it)."""

    public = "the index is in use by another process; the server log has the details"


class EmbedderMismatchError(KavoshError):
    """The collection was built with another embedder than the one configured."""

    public = "the collection was built with another embedder than the server's; the server log has the details"


class InvalidQueryError(KavoshError, ValueError):
    """A search request has a bad value (empty query, unknown mode or language, k out of range)."""

    @property
    def public(self) -> str:  # names a field and the user's own value, nothing of the server's
        return str(self)

class OverloadedError(KavoshError):
    """Too many searches are waiting; the caller should retry shortly (HTTP 429)."""
