"""Concurrent queries embedded together: the same vectors, fewer model calls, a bounded queue."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from index.batching import QueryBatcher
from index.errors import OverloadedError
from tests.fakes import FakeEmbedder


class SlowCountingEmbedder(FakeEmbedder):
    """The fake embedder, taking ``delay`` seconds per model call and counting calls and batch sizes."""

    def __init__(self, delay: float = 0.02, fail: bool = False):
        self.delay, self.fail = delay, fail
        self.batches: list[int] = []
        self.release = threading.Event()
        self.release.set()
        self.entered = threading.Event()

    def embed_queries(self, texts):
        self.entered.set()
        self.release.wait(5)
        time.sleep(self.delay)
        self.batches.append(len(texts))
        if self.fail:
            raise RuntimeError("the model broke")
        return super().embed_queries(texts)


def test_concurrent_queries_get_their_own_vectors_from_fewer_model_calls():
    embedder = SlowCountingEmbedder()
    batcher = QueryBatcher(embedder, window_ms=5)
    queries = [f"query number {n} about science diplomacy" for n in range(48)]
    try:
        with ThreadPoolExecutor(16) as pool:
            vectors = list(pool.map(batcher.embed_query, queries))
    finally:
        batcher.close()
    for query, vector in zip(queries, vectors, strict=True):
        np.testing.assert_allclose(vector, FakeEmbedder().embed_query(query), rtol=1e-6)
    assert sum(embedder.batches) == len(queries)
    assert len(embedder.batches) < len(queries) / 2, embedder.batches


def test_a_lone_query_is_answered_alone():
    embedder = SlowCountingEmbedder(delay=0)
    batcher = QueryBatcher(embedder, window_ms=1)
    try:
        assert batcher.embed_query("one").shape == (FakeEmbedder.dim,)
    finally:
        batcher.close()
    assert embedder.batches == [1]


def test_past_the_queue_limit_searches_are_refused_at_once():
    embedder = SlowCountingEmbedder(delay=0)
    embedder.release.clear()  # the model is busy: queries pile up
    batcher = QueryBatcher(embedder, window_ms=0, max_batch=1, max_waiting=2)
    with ThreadPoolExecutor(4) as pool:
        waiting = [pool.submit(batcher.embed_query, "q0")]
        assert embedder.entered.wait(5)  # the model holds q0; the next two queue up
        waiting += [pool.submit(batcher.embed_query, f"q{n}") for n in (1, 2)]
        deadline = time.monotonic() + 5
        while batcher.waiting < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        with pytest.raises(OverloadedError, match="too many searches"):
            batcher.embed_query("one too many")
        embedder.release.set()
        assert all(future.result(timeout=5).shape == (FakeEmbedder.dim,) for future in waiting)
    batcher.close()


def test_a_model_failure_reaches_every_waiting_caller():
    batcher = QueryBatcher(SlowCountingEmbedder(fail=True), window_ms=5)
    try:
        with ThreadPoolExecutor(4) as pool:
            futures = [pool.submit(batcher.embed_query, f"q{n}") for n in range(4)]
            for future in futures:
                with pytest.raises(RuntimeError, match="the model broke"):
                    future.result(timeout=5)
    finally:
        batcher.close()


def test_a_closed_batcher_refuses_new_queries():
    batcher = QueryBatcher(SlowCountingEmbedder(delay=0))
    batcher.close()
    with pytest.raises(OverloadedError, match="shutting down"):
        batcher.embed_query("late")
