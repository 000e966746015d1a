"""Concurrent queries embedded together: one model call for the queries that arrive within a few ms.

A query embeds in about 12 ms alone and a batch of 64 in about 0.54 s on two cores, so under load
batching multiplies throughput, while a lone query waits at most ``window_ms`` more. Past
``max_waiting`` queued queries new ones are refused (OverloadedError → HTTP 429), so answers do
not grow to seconds.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from concurrent.futures import Future

import numpy as np

from index.embedders import Embedder
from index.errors import OverloadedError

log = logging.getLogger(__name__)


class QueryBatcher:
    """Embeds queries for many threads at once; ``embed_query`` blocks until its batch is done.

    Args:
        embedder: does the work (``embed_queries`` on a list).
        window_ms: how long the first query of a batch waits for others.
        max_batch: the most queries in one model call.
        max_waiting: the most queries queued; more are refused with OverloadedError.
    """

    def __init__(self, embedder: Embedder, window_ms: float = 3.0, max_batch: int = 32, max_waiting: int = 256):
        if window_ms < 0 or max_batch < 1 or max_waiting < 1:
            raise ValueError("window_ms must be ≥ 0, max_batch and max_waiting ≥ 1")
        self.embedder = embedder
        self.window = window_ms / 1000
        self.max_batch = max_batch
        self.max_waiting = max_waiting
        self._waiting: deque[tuple[str, Future]] = deque()
        self._ready = threading.Condition()
        self._closed = False
        self._worker = threading.Thread(target=self._run, name="kavosh-query-batcher", daemon=True)
        self._worker.start()

    def embed_query(self, text: str) -> np.ndarray:
        future: Future = Future()
        with self._ready:
            if self._closed:
                raise OverloadedError("the search service is shutting down")
            if len(self._waiting) >= self.max_waiting:
                raise OverloadedError(f"too many searches at once ({self.max_waiting} waiting); retry shortly")
            self._waiting.append((text, future))
            self._ready.notify()
        return future.result()

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    def _next_batch(self) -> list[tuple[str, Future]]:
        with self._ready:
            while not self._waiting and not self._closed:
                self._ready.wait()
            deadline = time.monotonic() + self.window
            while len(self._waiting) < self.max_batch and not self._closed:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._ready.wait(left)
            count = min(self.max_batch, len(self._waiting))
            return [self._waiting.popleft() for _ in range(count)]

    def _run(self) -> None:
        while True:
            batch = self._next_batch()
            if not batch:
                return  # closed and drained
            try:
                vectors = self.embedder.embed_queries([text for text, _ in batch])
            except Exception as error:  # every waiting caller gets the model's failure
                log.exception("embedding a batch of %d queries failed", len(batch))
                for _, future in batch:
                    future.set_exception(error)
                continue
            for (_, future), vector in zip(batch, vectors, strict=True):
                future.set_result(vector)

    def close(self) -> None:
        """Finish the queued queries, then stop the worker."""
        with self._ready:
            self._closed = True
            self._ready.notify_all()
        self._worker.join(timeout=10)
