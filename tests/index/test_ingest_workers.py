"""Ingest with files prepared in worker processes: the same index as in-process; hostile files and a
crashing reader fail alone while the other files are indexed."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.ingest import Ingester
from index.progress import IngestProgress
from index.store import check_embedder, open_store
from pipeline.limits import Limits
from pipeline.workers import ChunkerSpec
from tests import hostile
from tests.fakes import CRASH_NOW, SLEEP_FOREVER, misbehaving_counter
from tests.index.test_ingest import ENGLISH, PERSIAN, write

LIMITS = Limits(seconds_per_file=20)


def new_store(home: Path, embedder):
    store = open_store(home, "kavosh")
    check_embedder(store, embedder.name, embedder.dim)  # creates the collection
    return store


@pytest.fixture
def store(tmp_path, fake_embedder):
    store = new_store(tmp_path / "home", fake_embedder)
    yield store
    store.close()


def ingester(store, embedder, workers: int) -> Ingester:
    spec = ChunkerSpec(misbehaving_counter, max_tokens=240, overlap_tokens=40)
    return Ingester(store, embedder, limits=LIMITS, workers=workers, chunker_spec=spec)


def everything(store) -> list[tuple[str, dict]]:
    return sorted(((point_id, {key: value for key, value in payload.items() if key != "indexed_at"})
                   for point_id, payload in store.scroll({})), key=lambda item: item[0])


def small_corpus(folder: Path) -> Path:
    folder.mkdir()
    for number in range(6):  # several small files: their chunks are embedded together
        write(folder, f"meeting-{number}.fa.txt", PERSIAN + f"\n\nگزارش شماره {number}.")
        write(folder, f"newsletter-{number}.en.md", ENGLISH + f"\n\nIssue number {number}.")
    write(folder, "copy-of-meeting-0.fa.txt", PERSIAN + "\n\nگزارش شماره 0.")
    return folder


def test_workers_build_the_same_index_as_in_process(tmp_path, fake_embedder):
    corpus = small_corpus(tmp_path / "corpus")
    results = []
    for workers in (0, 1):
        store = new_store(tmp_path / f"home-{workers}", fake_embedder)
        try:
            report = ingester(store, fake_embedder, workers).ingest([corpus])
            assert (report.indexed, report.unchanged, report.failed) == (12, 1, [])
            results.append((report.chunks_added, everything(store)))
        finally:
            store.close()
    assert results[0] == results[1]


def test_hostile_files_fail_alone_with_one_line_and_the_rest_is_indexed(tmp_path, store, fake_embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "bomb.pdf", hostile.flate_bomb_pdf())
    write(corpus, "long.pdf", hostile.many_pages_pdf(100_000))
    write(corpus, "anchors.html", hostile.anchor_soup_html())
    write(corpus, "brackets.md", hostile.pathological_markdown())
    write(corpus, "line.fa.txt", hostile.long_persian_line())
    write(corpus, "hangs.txt", f"A reader that never ends: {SLEEP_FOREVER}.")
    write(corpus, "crashes.txt", f"A reader that dies: {CRASH_NOW}.")
    write(corpus, "meeting.fa.txt", PERSIAN)
    calls = []
    report = ingester(store, fake_embedder, workers=1).ingest([corpus], progress=lambda *call: calls.append(call))
    failed = {Path(failure.path).name: failure.error for failure in report.failed}
    assert failed == {
        "bomb.pdf": "a compressed stream inflates past 64 MB (a decompression bomb?)",
        "long.pdf": "too many pages (at least 100,000; the limit is 2,000)",
        "anchors.html": "no text content in HTML file",
        "hangs.txt": "took longer than 20 s (the limit per file)",
        "crashes.txt": "the worker reading it crashed (SIGSEGV)",
    }
    assert report.indexed == 3  # brackets.md, line.fa.txt, meeting.fa.txt
    assert {record["source"] for _, record in store.scroll({"kind": "document"})} == {
        "brackets.md", "line.fa.txt", "meeting.fa.txt"}
    assert [call[1:3] for call in calls] == [(done, 8) for done in range(1, 9)]
    progress = calls[-1][3]
    assert isinstance(progress, IngestProgress)
    assert 0 < progress.passages <= report.chunks_added and progress.passages_per_second > 0  # the last batch follows
    assert progress.seconds_left == 0


def test_copies_of_a_file_that_fails_fail_with_it(tmp_path, store, fake_embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("a.txt", "b.txt"):
        write(corpus, name, f"A reader that dies: {CRASH_NOW}.")
    write(corpus, "c.txt", "A plain note about science diplomacy.")
    report = ingester(store, fake_embedder, workers=1).ingest([corpus])
    assert sorted(Path(failure.path).name for failure in report.failed) == ["a.txt", "b.txt"]
    assert (report.indexed, report.unchanged) == (1, 0)


def test_a_file_over_the_size_limit_is_not_read(tmp_path, store, fake_embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(corpus, "big.txt", "word " * 300_000)
    write(corpus, "small.txt", "A small note.")
    small = Limits(max_file_bytes=1_000_000)
    report = Ingester(store, fake_embedder, limits=small, workers=0).ingest([corpus])
    assert [(Path(f.path).name, f.error) for f in report.failed] == [
        ("big.txt", "file too large (1.4 MB; the limit is 1 MB)")]
    assert report.indexed == 1
