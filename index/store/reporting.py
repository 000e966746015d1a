"""Engine failures as one clear error: the embedded shards and the server client are wrapped in this."""

from __future__ import annotations

from index.errors import KavoshError


class ReportingEngine:
    """An engine object (a shard, a client) whose failures become KavoshError naming ``what`` failed.

    ``ReportingEngine(shard, "the index at /x")``: a full disk in ``shard.update`` raises
    ``KavoshError("the index at /x failed (update): ...")``, one line for the CLI, a 503 for the API.
    """

    def __init__(self, target, what: str):
        self._target = target
        self._what = what

    def __getattr__(self, name: str):
        method = getattr(self._target, name)

        def call(*args, **kwargs):
            try:
                return method(*args, **kwargs)
            except Exception as error:
                raise KavoshError(f"{self._what} failed ({name}): {error}") from None

        return call
