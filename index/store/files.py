"""Files the embedded store keeps beside its shard: private folders, atomic JSON, the owner's lock."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from pathlib import Path
from typing import Any

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def private_dirs(*folders: Path) -> None:
    """Create each folder (parents first) readable by this user only; existing ones are left as they are."""
    for folder in folders:
        if not folder.exists():
            folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
            os.chmod(folder, PRIVATE_DIR)  # mkdir's mode is filtered by the umask


def write_json_atomically(path: Path, value: Any) -> None:
    """Write JSON so that a crash leaves the old file or the new one, never half of one.

    A temporary file in the same folder is written and synced, then renamed over ``path``;
    the folder is synced too, so the rename itself survives a power cut.
    """
    temporary = path.with_name(f".{path.name}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        json.dump(value, out, ensure_ascii=False)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, path)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


class OwnerLock:
    """An exclusive ``flock`` on a file, held while a process owns an embedded store.

    The file says who holds it (pid and command), for the message a second process gets.
    The operating system releases the lock when the process ends, even after kill -9.
    """

    def __init__(self, path: Path):
        self.path = path
        self._descriptor: int | None = None

    def acquire(self, owner: dict[str, Any]) -> bool:
        """Take the lock and record ``owner`` in it; False when another process holds it."""
        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            return False
        os.ftruncate(descriptor, 0)
        os.write(descriptor, json.dumps(owner).encode())
        self._descriptor = descriptor
        return True

    def holder(self) -> dict[str, Any] | None:
        """Who holds the lock, as its holder recorded it, or None when that cannot be read."""
        try:
            owner = json.loads(self.path.read_text())
        except (OSError, ValueError):
            return None
        return owner if isinstance(owner, dict) else None

    def release(self) -> None:
        if self._descriptor is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._descriptor, fcntl.LOCK_UN)
            os.close(self._descriptor)
            self._descriptor = None
