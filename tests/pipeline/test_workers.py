"""Preparing in worker processes: the same result as in-process; a file that hangs, crashes or eats
memory fails alone, with one line, and the next file is prepared by a fresh worker."""

from __future__ import annotations

import pytest

from pipeline.chunking import Chunker
from pipeline.limits import Limits
from pipeline.prepare import prepare_document
from pipeline.types import ReadError
from pipeline.workers import ChunkerSpec, InProcessPreparer, PrepareJob, PreparePool, default_workers
from tests.fakes import CRASH_NOW, EAT_MEMORY, SLEEP_FOREVER, count_words, misbehaving_counter, word_counter
from tests.pipeline.readers.helpers import PERSIAN_TEXT, make_pdf

LIMITS = Limits(seconds_per_file=10, worker_memory_mb=1_024)


@pytest.fixture(scope="module")
def pool():
    with PreparePool(ChunkerSpec(misbehaving_counter, max_tokens=120, overlap_tokens=20), LIMITS) as pool:
        yield pool


def job(name: str, text: str) -> PrepareJob:
    return PrepareJob(name, text.encode())


def failure(future) -> str:
    error = future.exception(timeout=120)
    assert isinstance(error, ReadError), error
    return error.reason


def test_a_worker_prepares_what_this_process_would(pool, tmp_path):
    pdf = tmp_path / "two-pages.pdf"
    pdf.write_bytes(make_pdf([["The first page of a report."], ["The second page, with its own words."]]))
    chunker = Chunker(count_words, max_tokens=120, overlap_tokens=20)
    for path in (PERSIAN_TEXT, pdf):
        in_worker = pool.submit(PrepareJob(str(path))).result(timeout=120)
        here = prepare_document(path, chunker)
        assert in_worker.document == here.document
        assert in_worker.chunks == here.chunks and here.chunks


def test_a_file_past_its_time_fails_alone_and_the_next_is_prepared(pool):
    hung = pool.submit(job("hung.txt", f"This reader never ends: {SLEEP_FOREVER}."))
    after = pool.submit(job("after.txt", "The next file is prepared by a fresh worker."))
    assert failure(hung) == "took longer than 10 s (the limit per file)"
    assert after.result(timeout=120).chunks[0].display_text == "The next file is prepared by a fresh worker."


def test_a_crashing_reader_costs_its_file_only(pool):
    crashed = pool.submit(job("crash.txt", f"This reader dies: {CRASH_NOW}."))
    after = pool.submit(job("after.txt", "Still here."))
    assert failure(crashed) == "the worker reading it crashed (SIGSEGV)"
    assert after.result(timeout=120).chunks


def test_a_reader_past_the_memory_limit_fails_with_the_limit(pool):
    hungry = pool.submit(job("hungry.txt", f"This reader wants 64 GB: {EAT_MEMORY}."))
    after = pool.submit(job("after.txt", "Memory is back."))
    assert failure(hungry) == "needs more than 1,024 MB of memory"
    assert after.result(timeout=120).chunks


def test_bad_files_fail_in_a_worker_as_they_do_here(pool):
    assert failure(pool.submit(job("empty.txt", "  \n"))) == "empty file (whitespace only)"
    assert failure(pool.submit(job("notes.xyz", "text"))).startswith("unsupported file type .xyz")


def test_workers_that_cannot_start_fail_every_file_with_one_line():
    with PreparePool(ChunkerSpec(_no_tokenizer), LIMITS) as pool:
        futures = [pool.submit(job(f"{n}.txt", "text")) for n in range(3)]
        reasons = {failure(future) for future in futures}
        assert reasons == {"the workers cannot start (ValueError: no tokenizer here)"}
        assert failure(pool.submit(job("later.txt", "text"))) == reasons.pop()


def test_the_in_process_preparer_reports_failures_the_same_way():
    preparer = InProcessPreparer(Chunker(count_words), LIMITS)
    assert failure(preparer.submit(job("empty.txt", ""))) == "empty file"
    assert preparer.submit(job("note.txt", "A short note.")).result().chunks


def test_a_pool_starts_its_workers_with_the_first_file_only():
    pool = PreparePool(ChunkerSpec(word_counter), LIMITS, workers=2)
    pool.close()
    assert not pool._workers  # nothing was started for an ingest with nothing to prepare


@pytest.mark.parametrize("cores, workers", [(1, 1), (2, 1), (8, 7)])
def test_one_core_is_left_to_the_embedder(monkeypatch, cores, workers):
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: set(range(cores)))
    assert default_workers() == workers


def _no_tokenizer():
    raise ValueError("no tokenizer here")
