"""The collection's spellings: for each search key, how its words are written in the indexed text.

A query is rewritten with each word's usual spelling before it is embedded
(``pipeline.normalize.canonical_query``), so `بینالمللی`, `بین المللی` and `بین‌المللی` embed the
same, and a one-off search needs no hazm. The counts live in a small SQLite file beside the index
(one per collection); a query looks up only its own words. Counts only grow: a removed document's
spellings stay counted until ``kavosh reindex`` rebuilds the collection.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS spelling (
    key TEXT NOT NULL,
    written TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (key, written)
) WITHOUT ROWID
"""


class Vocabulary:
    """Spelling counts per search key, in ``path`` (created on first write)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None

    def _connect(self, create: bool) -> sqlite3.Connection | None:
        if self._connection is None:
            if not create and not self.path.exists():
                return None
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute(_SCHEMA)
            self._connection = connection
        return self._connection

    def add(self, counts: Counter[tuple[str, str]]) -> None:
        """Add ``(key, written form) -> count`` pairs (from ``pipeline.normalize.spelling_counts``)."""
        if not counts:
            return
        with self._lock:
            connection = self._connect(create=True)
            with connection:
                connection.executemany(
                    "INSERT INTO spelling (key, written, count) VALUES (?, ?, ?) "
                    "ON CONFLICT (key, written) DO UPDATE SET count = count + excluded.count",
                    ((key, written, count) for (key, written), count in counts.items()),
                )

    def spellings(self, keys: Iterable[str]) -> dict[str, str]:
        """The preferred written form of each known key: the careful one, then the usual one.

        Careful means with the most ZWNJs: sources often lose them (`دانشبنیان`) and hazm restores only
        some, while the model reads the ZWNJ form better. Among equals the most frequent form wins, then
        the smallest, so answers are stable.
        """
        keys = sorted(set(keys))
        with self._lock:
            connection = self._connect(create=False)
            if connection is None or not keys:
                return {}
            marks = ",".join("?" * len(keys))
            rows = connection.execute(
                f"SELECT key, written, count FROM spelling WHERE key IN ({marks})", keys
            ).fetchall()
        preferred: dict[str, tuple[int, int, str]] = {}
        for key, written, count in rows:
            rank = (written.count("\u200c"), count, written)
            best = preferred.get(key)
            if best is None or rank[:2] > best[:2] or (rank[:2] == best[:2] and written < best[2]):
                preferred[key] = rank
        return {key: written for key, (_, _, written) in preferred.items()}

    def is_empty(self) -> bool:
        with self._lock:
            connection = self._connect(create=False)
            return connection is None or connection.execute("SELECT 1 FROM spelling LIMIT 1").fetchone() is None

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None
