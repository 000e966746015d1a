"""Kill ingest at every store write; the next ingest must leave exactly what a clean ingest leaves.

The index is built from a first version of a corpus, then an ingest of the second version (files
changed, removed, added, copied under another name) is killed before its 1st, 2nd, ... store
write. After each crash an ordinary ingest runs, and its records, chunk ids and payloads must
equal those of a clean index of the second version. ``kavosh check`` must find each crash's damage.
"""

from __future__ import annotations

import multiprocessing
import shutil
from pathlib import Path
from typing import Any

import pytest

from index.check import check_index
from index.records import PointKind
from index.service import Kavosh
from kavosh.settings import Settings
from tests.index.crash import KILLED, ingest_until_write
from tests.search_api.conftest import ENGLISH, PERSIAN

VOLATILE = {"indexed_at"}  # differs from run to run by nature


def first_version(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "diplomacy.en.txt").write_text(ENGLISH, encoding="utf-8")
    (folder / "nokhbegan.fa.txt").write_text(PERSIAN, encoding="utf-8")
    (folder / "gone.en.txt").write_text("This file is removed later. " * 30, encoding="utf-8")
    (folder / "renamed.en.md").write_text("# Water\n\nWater security research in dry regions. " * 20, encoding="utf-8")
    return folder


def second_version(folder: Path) -> None:
    (folder / "diplomacy.en.txt").write_text(ENGLISH + "\n\nA new paragraph about laboratories.", encoding="utf-8")
    (folder / "gone.en.txt").unlink()
    (folder / "renamed.en.md").rename(folder / "water.en.md")
    shutil.copy(folder / "nokhbegan.fa.txt", folder / "nokhbegan-copy.fa.txt")  # the same bytes twice
    sub = folder / "new"
    sub.mkdir()
    (sub / "fresh.en.txt").write_text("Fellowships for young scientists were announced. " * 40, encoding="utf-8")


def snapshot(home: Path) -> dict[str, Any]:
    """Every record and chunk of the collection, without the fields that differ by nature."""
    with Kavosh.open(Settings(home=home), embedder=_fake()) as kavosh:
        points = {point_id: {key: value for key, value in payload.items() if key not in VOLATILE}
                  for point_id, payload in kavosh.store.scroll({})}
        assert kavosh.store.ids_without_vector({"kind": PointKind.CHUNK}) == []
    return points


def _fake():
    from tests.fakes import FakeEmbedder

    return FakeEmbedder()


@pytest.fixture(scope="module")
def forkserver():
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["index.service", "kavosh.settings", "tests.fakes", "tests.index.crash"])
    with context.Pool(1, maxtasksperchild=1) as pool:
        yield pool


def run_child(pool, home: Path, folder: Path, kill_at: int | None):
    try:
        return pool.apply(ingest_until_write, (str(home), [str(folder)], kill_at))
    except Exception as error:  # noqa: BLE001 - the pool reports a dead worker as an exception
        return error


def test_every_crash_point_is_repaired_by_the_next_ingest(tmp_path):
    folder = first_version(tmp_path / "corpus")
    base_home = tmp_path / "base"
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["index.service", "kavosh.settings", "tests.fakes", "tests.index.crash"])

    def child(home: Path, kill_at: int | None) -> int:
        process = context.Process(target=_child_main, args=(str(home), str(folder), kill_at))
        process.start()
        process.join(120)
        return process.exitcode

    assert child(base_home, None) == 0  # the first version, indexed cleanly
    second_version(folder)
    clean_home = tmp_path / "clean"
    assert child(clean_home, None) == 0
    clean = snapshot(clean_home)
    assert {payload["kind"] for payload in clean.values()} == {"chunk", "document"}

    writes_home = tmp_path / "count"
    shutil.copytree(base_home, writes_home)
    writes = _count_writes(context, writes_home, folder)
    assert writes >= 8, writes

    damaged = 0
    for kill_at in range(1, writes + 1):
        home = tmp_path / f"crash-{kill_at}"
        shutil.copytree(base_home, home)
        assert child(home, kill_at) == KILLED
        with Kavosh.open(Settings(home=home), embedder=_fake()) as kavosh:
            damaged += check_index(kavosh.store).problems > 0
        assert child(home, None) == 0  # the next, ordinary ingest
        assert snapshot(home) == clean, f"killed before store write {kill_at} of {writes}"
        shutil.rmtree(home)
    print(f"\ncrash points tried: {writes}; damage found by check: {damaged}")
    assert damaged > 0


def _child_main(home: str, folder: str, kill_at: int | None) -> None:
    ingest_until_write(home, [folder], kill_at)


def _count_writes(context, home: Path, folder: Path) -> int:
    with context.Pool(1) as pool:
        return pool.apply(ingest_until_write, (str(home), [str(folder)], None))
