"""The collection's spellings: for each search key, how its words are written in the indexed text.

A query is rewritten with each word's usual spelling before it is embedded
(``pipeline.normalize.canonical_query``), so `بینالمللی`, `بین المللی` and `بین‌المللی` embed the
same, and a one-off search needs no hazm. The counts live in a small SQLite file beside the index
(one per collection); a query looks up only its own words. Counts only grow: a removed document's
spellings stay counted until ``kavosh reindex`` rebuilds the collection.

The same file answers ``index.aliases``' questions about names across scripts: which words sound alike
(a consonant skeleton per word), which Latin words are written capitalized, and the acronyms the text
spells out in parentheses.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from index.aliases import skeleton

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS spelling (
        key TEXT NOT NULL, written TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (key, written)
    ) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS skeleton (
        skeleton TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (skeleton, key)
    ) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS acronym (
        acronym TEXT NOT NULL, name TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (acronym, name)
    ) WITHOUT ROWID""",
)


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
            for statement in _SCHEMA:
                connection.execute(statement)
            self._connection = connection
            self._fill_skeletons(connection)
        return self._connection

    @staticmethod
    def _fill_skeletons(connection: sqlite3.Connection) -> None:
        """Give a vocabulary written before skeletons were kept its skeletons, once."""
        if connection.execute("SELECT 1 FROM skeleton LIMIT 1").fetchone() is not None:
            return
        keys = [key for (key,) in connection.execute("SELECT DISTINCT key FROM spelling")]
        with connection:
            _insert_skeletons(connection, keys)

    def add(self, counts: Counter[tuple[str, str]]) -> None:
        """Add ``(key, written form) -> count`` pairs (from ``pipeline.normalize.spelling_counts``)."""
        self._add_counts("INSERT INTO spelling (key, written, count) VALUES (?, ?, ?) "
                         "ON CONFLICT (key, written) DO UPDATE SET count = count + excluded.count", counts,
                         lambda connection: _insert_skeletons(connection, {key for key, _ in counts}))

    def _add_counts(self, upsert: str, counts: Counter[tuple[str, str]], then=None) -> None:
        """Add ``(a, b) -> count`` pairs with one upsert statement (and ``then`` in the same transaction)."""
        if not counts:
            return
        with self._lock:
            connection = self._connect(create=True)
            with connection:
                connection.executemany(upsert, ((first, second, count) for (first, second), count in counts.items()))
                if then is not None:
                    then(connection)

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

    def add_acronyms(self, counts: Counter[tuple[str, str]]) -> None:
        """Add ``(acronym key, name's keys) -> count`` pairs (from ``index.aliases.parenthesis_aliases``)."""
        self._add_counts("INSERT INTO acronym (acronym, name, count) VALUES (?, ?, ?) "
                         "ON CONFLICT (acronym, name) DO UPDATE SET count = count + excluded.count", counts)

    def sound_alikes(self, skeletons: Iterable[str]) -> dict[str, set[str]]:
        """The collection's search keys for each consonant skeleton (``index.aliases.skeleton``)."""
        rows = self._select("SELECT skeleton, key FROM skeleton WHERE skeleton IN ({marks})", skeletons)
        found: dict[str, set[str]] = {}
        for value, key in rows:
            found.setdefault(value, set()).add(key)
        return found

    def capitalized(self, keys: Iterable[str]) -> dict[str, bool]:
        """For each known key, whether the collection writes it capitalized more often than not (a name)."""
        rows = self._select("SELECT key, written, count FROM spelling WHERE key IN ({marks})", keys)
        upper: Counter[str] = Counter()
        total: Counter[str] = Counter()
        for key, written, count in rows:
            total[key] += count
            upper[key] += count if written[:1].isupper() else 0
        return {key: 2 * upper[key] > total[key] for key in total}

    def acronyms(self, keys: Iterable[str]) -> list[tuple[str, str]]:
        """``(acronym, name)`` pairs whose acronym or one of the name's words is among ``keys``."""
        keys = sorted(set(keys))
        words = " OR ".join("instr(' ' || name || ' ', ?) > 0" for _ in keys)
        return self._select(f"SELECT acronym, name FROM acronym WHERE acronym IN ({{marks}}) OR {words}", keys,
                            extra=[f" {key} " for key in keys])

    def _select(self, sql: str, values: Iterable[str], extra: list[str] | None = None) -> list[tuple]:
        """Rows of ``sql`` whose ``{marks}`` stand for ``values`` (then ``extra`` parameters); none without a file."""
        values = sorted(set(values))
        with self._lock:
            connection = self._connect(create=False)
            if connection is None or not values:
                return []
            marks = ",".join("?" * len(values))
            return connection.execute(sql.format(marks=marks), [*values, *(extra or [])]).fetchall()

    def is_empty(self) -> bool:
        with self._lock:
            connection = self._connect(create=False)
            return connection is None or connection.execute("SELECT 1 FROM spelling LIMIT 1").fetchone() is None

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None


def _insert_skeletons(connection: sqlite3.Connection, keys: Iterable[str]) -> None:
    rows = [(value, key) for key in keys if (value := skeleton(key))]
    connection.executemany("INSERT OR IGNORE INTO skeleton (skeleton, key) VALUES (?, ?)", rows)
