"""Prepare documents in worker processes, each file bounded in time and memory; a crash costs one file.

    pool = PreparePool(ChunkerSpec(load_counter, max_tokens=240), limits, workers=1)
    future = pool.submit(PrepareJob("report.pdf", data, doc_id))   # returns at once
    prepared = future.result()    # a PreparedDocument, or ReadError with one line saying why
    pool.close()

A worker that is still busy with a file after ``limits.seconds_per_file`` is killed and replaced,
and that file fails ("took longer than N s"); so does a file whose worker crashes or runs out of
its address space (``limits.worker_memory_mb``, set with RLIMIT_AS). The other files go on.
Workers are started with ``forkserver`` (never a fork of a process that runs threads or OpenMP),
so everything a worker needs travels in a picklable ``ChunkerSpec``: the chunker's budgets and a
function that builds the embedder's token counter once in each worker.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import resource
import signal
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Protocol

from pipeline.chunking import Chunker
from pipeline.limits import Limits
from pipeline.prepare import prepare_document
from pipeline.types import ReadError

log = logging.getLogger(__name__)

TokenCounter = Callable[[str], int]


def default_workers() -> int:
    """One worker per core this process may use but one (the embedder needs it), at least one: 1 on 2 cores."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 2
    return max(1, cores - 1)


@dataclass(frozen=True)
class ChunkerSpec:
    """What a worker needs to build the chunker: a picklable token-counter factory and the budgets."""

    token_counter: Callable[[], TokenCounter]  # called once per worker: loads a tokenizer, not a model
    max_tokens: int = 240
    overlap_tokens: int = 40

    def build(self) -> Chunker:
        return Chunker(self.token_counter(), max_tokens=self.max_tokens, overlap_tokens=self.overlap_tokens)


@dataclass(frozen=True)
class PrepareJob:
    """One file to prepare: its path, and its bytes and id when the caller has read and hashed them."""

    path: str
    data: bytes | None = None
    doc_id: str | None = None


class Preparer(Protocol):
    """Prepares documents, now or in the background; ``submit`` returns a future of a PreparedDocument."""

    def submit(self, job: PrepareJob) -> Future: ...

    def close(self) -> None: ...

    def __enter__(self) -> Preparer: ...

    def __exit__(self, *exc_info) -> None: ...


class InProcessPreparer:
    """Prepares each document in this process when it is submitted: for tests and tiny runs (no limits
    on time or memory)."""

    def __init__(self, chunker: Chunker, limits: Limits):
        self.chunker = chunker
        self.limits = limits

    def submit(self, job: PrepareJob) -> Future:
        future: Future = Future()
        try:
            future.set_result(prepare_document(job.path, self.chunker, job.data, job.doc_id, self.limits))
        except ReadError as error:
            future.set_exception(error)
        return future

    def close(self) -> None:
        pass

    def __enter__(self) -> InProcessPreparer:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


# --------------------------------------------------------------------------- the worker process


def _limit_memory(megabytes: int) -> None:
    """Cap this process's address space, so that a runaway file raises MemoryError here."""
    limit = megabytes * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard if hard == resource.RLIM_INFINITY else min(limit, hard)))


def _worker(connection: Connection, spec: ChunkerSpec, limits: Limits) -> None:
    """A worker's life: limit memory, build the chunker, then prepare the jobs that arrive until None does."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    try:
        _limit_memory(limits.worker_memory_mb)
        chunker = spec.build()
    except BaseException as error:  # the pool reports it once and stops
        connection.send(("broken", f"{type(error).__name__}: {error}"))
        return
    connection.send(("ready", None))
    while (job := connection.recv()) is not None:
        try:
            outcome = ("done", prepare_document(job.path, chunker, job.data, job.doc_id, limits))
        except ReadError as error:
            outcome = ("failed", error.reason)
        except MemoryError:
            outcome = ("failed", f"needs more than {limits.worker_memory_mb:,} MB of memory")
        except Exception as error:  # a reader's bug must cost its file only, with one line
            log.debug("unexpected error preparing %s", job.path, exc_info=True)
            outcome = ("failed", f"cannot be read ({type(error).__name__}: {error})")
        try:
            connection.send(outcome)
        except MemoryError:
            connection.send(("failed", f"needs more than {limits.worker_memory_mb:,} MB of memory"))


# --------------------------------------------------------------------------- the pool


class _Worker:
    """One worker process and the file it is busy with."""

    def __init__(self, context, spec: ChunkerSpec, limits: Limits):
        self.connection, child_end = context.Pipe()
        self.process = context.Process(target=_worker, args=(child_end, spec, limits), daemon=True)
        self.process.start()
        child_end.close()
        self.ready = False
        self.job: tuple[PrepareJob, Future] | None = None
        self.deadline = 0.0

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.connection.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)

    def crash_reason(self) -> str:
        self.process.join(5)
        code = self.process.exitcode
        if code is not None and code < 0:
            name = signal.Signals(-code).name
            hint = ", out of memory?" if -code == signal.SIGKILL else ""
            return f"the worker reading it crashed ({name}{hint})"
        return f"the worker reading it exited (code {code})"


class PreparePool:
    """``workers`` processes that prepare documents, one file each at a time, within ``limits``.

    A thread of this process hands the jobs out, kills a worker past its deadline and starts
    another in its place, so that the caller can do other work (embedding) meanwhile.
    """

    def __init__(self, spec: ChunkerSpec, limits: Limits, workers: int = 1, start_method: str = "forkserver"):
        if workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        self.spec = spec
        self.limits = limits
        self._context = multiprocessing.get_context(start_method)
        if start_method == "forkserver":
            self._context.set_forkserver_preload(["pipeline.worker_preload"])
        self._waiting: deque[tuple[PrepareJob, Future]] = deque()
        self._lock = threading.Lock()
        self._wake_reader, self._wake_writer = multiprocessing.Pipe(duplex=False)
        self._closing = False
        self._broken = ""
        self._size = workers
        self._workers: list[_Worker] = []
        self._thread = threading.Thread(target=self._run, name="prepare-pool", daemon=True)

    def submit(self, job: PrepareJob) -> Future:
        """Queue a file; the workers start with the first one (an unchanged corpus starts none)."""
        future: Future = Future()
        with self._lock:
            if self._broken or self._closing:
                future.set_exception(ReadError(job.path, self._broken or "the worker pool is closed"))
                return future
            self._waiting.append((job, future))
            if not self._thread.is_alive():
                self._workers = [_Worker(self._context, self.spec, self.limits) for _ in range(self._size)]
                self._thread.start()
        self._wake_writer.send_bytes(b"")
        return future

    def close(self) -> None:
        """Stop the workers; jobs not finished yet fail."""
        with self._lock:
            self._closing = True
            started = self._thread.is_alive()
        if started:
            self._wake_writer.send_bytes(b"")
            self._thread.join()

    def __enter__(self) -> PreparePool:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # -- the pool's thread

    def _run(self) -> None:
        try:
            while not self._closing:
                self._hand_out()
                self._wait_for_news()
        except Exception as error:  # no worker can be started: every file left fails, none waits forever
            log.exception("the worker pool failed")
            self._broken = f"the worker pool failed ({type(error).__name__}: {error})"
        finally:
            for worker in self._workers:
                if worker.job:
                    worker.job[1].set_exception(ReadError(worker.job[0].path, "ingest stopped before it was read"))
                with contextlib.suppress(OSError, ValueError):
                    worker.connection.send(None)
            for worker in self._workers:
                worker.process.join(2)
                worker.stop()
            with self._lock:
                for job, future in self._waiting:
                    future.set_exception(ReadError(job.path, self._broken or "ingest stopped before it was read"))
                self._waiting.clear()

    def _hand_out(self) -> None:
        for worker in self._workers:
            if worker.ready and worker.job is None:
                with self._lock:
                    if not self._waiting:
                        return
                    worker.job = self._waiting.popleft()
                worker.deadline = time.monotonic() + self.limits.seconds_per_file
                with contextlib.suppress(OSError, ValueError):  # if it died, its sentinel says so in a moment
                    worker.connection.send(worker.job[0])

    def _wait_for_news(self) -> None:
        busy = [worker for worker in self._workers if worker.job]
        timeout = max(0.0, min(worker.deadline for worker in busy) - time.monotonic()) if busy else None
        sources = [self._wake_reader] + [worker.connection for worker in self._workers]
        ready = set(wait(sources + [worker.process.sentinel for worker in self._workers], timeout))
        if self._wake_reader in ready:
            while self._wake_reader.poll():
                self._wake_reader.recv_bytes()
        for index, worker in enumerate(self._workers):
            if worker.connection in ready or worker.process.sentinel in ready:
                self._hear_from(index, worker)
            elif worker.job and time.monotonic() >= worker.deadline:
                self._replace(index, f"took longer than {self.limits.seconds_per_file:g} s (the limit per file)")

    def _hear_from(self, index: int, worker: _Worker) -> None:
        try:
            kind, value = worker.connection.recv()
        except (EOFError, OSError):
            if worker.ready:
                self._replace(index, worker.crash_reason())
            else:  # it died starting: another would too
                self._break(f"the workers cannot start ({worker.crash_reason()})")
            return
        if kind == "ready":
            worker.ready = True
        elif kind == "broken":
            self._break(f"the workers cannot start ({value})")
        elif worker.job:
            job, future = worker.job
            worker.job = None
            if kind == "done":
                future.set_result(value)
            else:
                future.set_exception(ReadError(job.path, value))

    def _replace(self, index: int, reason: str) -> None:
        """Fail the worker's file with ``reason``, stop the worker and start a fresh one."""
        worker = self._workers[index]
        if worker.job:
            job, future = worker.job
            log.info("%s: %s", job.path, reason)
            future.set_exception(ReadError(job.path, reason))
            worker.job = None
        worker.stop()
        self._workers[index] = _Worker(self._context, self.spec, self.limits)

    def _break(self, reason: str) -> None:
        """The workers cannot start: fail every waiting job with ``reason`` and stop."""
        log.error("%s", reason)
        with self._lock:
            self._broken = reason
            self._closing = True
