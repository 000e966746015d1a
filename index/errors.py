"""Errors that users see: each says what went wrong and what to do."""


class KavoshError(Exception):
    """Base class; the message is meant for the user as it is."""


class StoreLockedError(KavoshError):
    """The embedded store is held by another process (one process owns it)."""


class EmbedderMismatchError(KavoshError):
    """The collection was built with another embedder than the one configured."""


class InvalidQueryError(KavoshError, ValueError):
    """A search request has a bad value (empty query, unknown mode or language, k out of range)."""


class OverloadedError(KavoshError):
    """Too many searches are waiting; the caller should retry shortly (HTTP 429)."""
