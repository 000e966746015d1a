"""What an ingest tells a progress callback: files done, passages embedded, passages per second, time left."""

from __future__ import annotations

import inspect
import time
from collections.abc import Callable
from dataclasses import dataclass, field

Progress = Callable[..., None]  # (path, files done, files in all[, IngestProgress])


@dataclass(frozen=True)
class IngestProgress:
    """How far an ingest is, for a progress bar: given to progress callbacks that take a fourth argument."""

    files_done: int
    files_total: int
    passages: int  # embedded and stored so far
    passages_per_second: float
    seconds_left: float | None  # estimated from the bytes still to do; None until a file is done


@dataclass
class IngestCounts:
    """What an ingest has done so far, counted as it goes."""

    files_total: int = 0
    files_done: int = 0
    bytes_total: int = 0
    bytes_done: int = 0
    passages: int = 0
    started: float = field(default_factory=time.perf_counter)

    def snapshot(self) -> IngestProgress:
        elapsed = time.perf_counter() - self.started
        left = elapsed * (self.bytes_total - self.bytes_done) / self.bytes_done if self.bytes_done else None
        return IngestProgress(self.files_done, self.files_total, self.passages,
                              self.passages / elapsed if elapsed > 0 else 0.0, left)


ProgressCaller = Callable[[str, IngestCounts], None]


def progress_caller(progress: Progress | None) -> ProgressCaller | None:
    """Call ``progress(path, done, total)``, with an IngestProgress too if it takes a fourth argument."""
    if progress is None:
        return None
    try:
        parameters = inspect.signature(progress).parameters.values()
    except (TypeError, ValueError):
        parameters = []
    detailed = len(parameters) >= 4 or any(parameter.kind is parameter.VAR_POSITIONAL for parameter in parameters)

    def tell(path: str, counts: IngestCounts) -> None:
        if detailed:
            progress(path, counts.files_done, counts.files_total, counts.snapshot())
        else:
            progress(path, counts.files_done, counts.files_total)

    return tell
