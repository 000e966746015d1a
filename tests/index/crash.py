"""Run one ingest in a child process that dies (``os._exit``, like kill -9) at its N-th store write.

Used by tests/index/test_crash_consistency.py through a ``forkserver``: each child starts from a
clean process that has imported Kavosh, so hundreds of crashes cost seconds, not minutes.
"""

from __future__ import annotations

import os
from pathlib import Path

KILLED = 137
WRITES = ("_write", "delete", "delete_ids", "set_payload", "write_state")


def ingest_until_write(home: str, folders: list[str], kill_at: int | None) -> int:
    """Ingest ``folders`` (with prune) into ``home``; die before store write number ``kill_at``.

    Returns the number of store writes the ingest made (when it was not killed).
    """
    from index.service import Kavosh
    from index.store import EdgeStore
    from kavosh.settings import Settings
    from tests.fakes import FakeEmbedder

    writes = 0

    def counted(method):
        def write(self, *args, **kwargs):
            nonlocal writes
            writes += 1
            if writes == kill_at:
                os._exit(KILLED)
            return method(self, *args, **kwargs)

        return write

    for name in WRITES:
        setattr(EdgeStore, name, counted(getattr(EdgeStore, name)))
    with Kavosh.open(Settings(home=Path(home)), embedder=FakeEmbedder()) as kavosh:
        kavosh.ingest([Path(folder) for folder in folders], prune=True)
    return writes
