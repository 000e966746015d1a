"""The embedded store (qdrant-edge-py): its data survives a reopen, and one process owns it."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from index.errors import KavoshError, StoreLockedError
from index.store import EdgeStore, check_embedder
from tests.fakes import FullDisk
from tests.index.store.sample import fill, sample_points

ROOT = Path(__file__).resolve().parents[3]


def test_embedded_store_reopens_with_its_data(tmp_path):
    store = EdgeStore(tmp_path, "test")
    check_embedder(store, "toy", 3)
    fill(store)
    store.close()
    reopened = EdgeStore(tmp_path, "test")
    try:
        assert reopened.count({"kind": "chunk"}) == 4
        check_embedder(reopened, "toy", 3)
    finally:
        reopened.close()


def test_second_owner_of_an_embedded_store_gets_a_clear_message(tmp_path):
    first = EdgeStore(tmp_path, "test")
    check_embedder(first, "toy", 3)
    try:
        with pytest.raises(StoreLockedError, match=r"in use by process \d+.*KAVOSH_API_URL"):
            EdgeStore(tmp_path, "test")
    finally:
        first.close()


def _layout_1_index(home, schema: int = 1) -> None:
    """An index as Kavosh wrote it before document records moved apart: one shard holds both kinds."""
    import qdrant_edge as qe

    directory = home / "collections" / "test"
    shard = qe.EdgeShard.create(str(directory / "shard"), qe.EdgeConfig(
        vectors={"dense": qe.EdgeVectorParams(size=3, distance=qe.Distance.Cosine)},
        sparse_vectors={"lexical": qe.EdgeSparseVectorParams(modifier=qe.Modifier.Idf)}))
    for field in ("kind", "doc_id", "lang", "source", "sources"):
        shard.update(qe.UpdateOperation.create_field_index(field, qe.PayloadSchemaType.Keyword))
    points = []
    for point in sample_points():
        vector = {"dense": list(point.dense), "lexical": qe.SparseVector(point.sparse.indices, point.sparse.values)} \
            if point.dense else {}
        points.append(qe.Point(id=point.id, vector=vector, payload=point.payload))
    shard.update(qe.UpdateOperation.upsert_points(points))
    shard.close()
    (directory / "collection.json").write_text(json.dumps({"embedder": "toy", "dim": 3, "schema": schema}))


def test_an_index_of_the_first_layout_is_read_as_it_is(tmp_path):
    _layout_1_index(tmp_path)
    store = EdgeStore(tmp_path, "test")
    try:
        check_embedder(store, "toy", 3)
        assert store.count({"kind": "chunk"}) == 4 and store.count({"kind": "document"}) == 1
        assert [payload["title"] for _, payload in store.scroll({"kind": "document"})] == ["A"]
        assert {hit.payload["kind"] for hit in store.query_dense([1, 0, 0], 10, {"kind": "chunk"})} == {"chunk"}
        store.delete({"doc_id": "a"})
        assert store.count({"kind": "chunk"}) == 2 and store.count({"kind": "document"}) == 0
        assert not (tmp_path / "collections" / "test" / "documents").exists()
    finally:
        store.close()


def test_an_index_of_a_newer_layout_is_refused_with_what_to_do(tmp_path):
    _layout_1_index(tmp_path, schema=99)
    with pytest.raises(KavoshError, match=r"newer Kavosh \(index layout 99.*kavosh reindex"):
        EdgeStore(tmp_path, "test")


def test_document_records_are_kept_apart_from_the_chunks(tmp_path):
    store = EdgeStore(tmp_path, "test")
    check_embedder(store, "toy", 3)
    fill(store)
    store.close()
    directory = tmp_path / "collections" / "test"
    assert (directory / "shard").is_dir() and (directory / "documents").is_dir()
    reopened = EdgeStore(tmp_path, "test")
    try:
        assert reopened.count({"kind": "document"}) == 1 and reopened.count({"kind": "chunk"}) == 4
    finally:
        reopened.close()


def test_two_processes_on_an_empty_home_do_not_both_create_the_store(tmp_path):
    """The first-run race: the second opener is refused before it can remove the first one's shard."""
    first = EdgeStore(tmp_path, "test")  # nothing created yet: no collection.json
    try:
        with pytest.raises(StoreLockedError, match=rf"in use by process {os.getpid()}"):
            EdgeStore(tmp_path, "test")
        check_embedder(first, "toy", 3)
        fill(first)
        assert first.count({"kind": "chunk"}) == 4
    finally:
        first.close()
    reopened = EdgeStore(tmp_path, "test")  # the lock goes with its owner
    reopened.close()


def test_a_second_process_gets_the_holders_pid(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from index.store import EdgeStore; "
         "s = EdgeStore(sys.argv[1], 'test'); print('ready', flush=True); time.sleep(30)", str(tmp_path)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreLockedError, match=rf"in use by process {holder.pid}"):
            EdgeStore(tmp_path, "test")
    finally:
        holder.kill()
        holder.wait()
    EdgeStore(tmp_path, "test").close()  # kill -9 releases the lock


@pytest.mark.parametrize("content", ["", '{"embedder": "toy", "di', "[1, 2]"])
def test_a_corrupt_collection_description_names_the_file(tmp_path, content):
    store = EdgeStore(tmp_path, "test")
    check_embedder(store, "toy", 3)
    store.close()
    (tmp_path / "collections" / "test" / "collection.json").write_text(content)
    with pytest.raises(KavoshError, match=r"collection\.json: the collection's description"):
        EdgeStore(tmp_path, "test")  # read when the index is opened, to know its layout
    EdgeStore(tmp_path, "other").close()  # the failed open left no lock or shard behind
    with pytest.raises(KavoshError, match=r"collection\.json"):
        EdgeStore(tmp_path, "test")


def test_the_collection_description_is_replaced_atomically(tmp_path, monkeypatch):
    """A crash while writing leaves no half-written file: the write goes to a temporary file first."""
    replaced = []
    monkeypatch.setattr("index.store.files.os.replace", lambda src, dst: replaced.append((src, dst)))
    store = EdgeStore(tmp_path, "test")
    try:
        check_embedder(store, "toy", 3)
    finally:
        store.close()
    target = tmp_path / "collections" / "test" / "collection.json"
    assert [dst for _, dst in replaced] == [target]
    assert not target.exists()  # never written in place


def test_engine_failures_become_one_clear_error(tmp_path):
    store = EdgeStore(tmp_path, "test")
    check_embedder(store, "toy", 3)
    real_shard = store._chunks._target
    store._chunks._target = FullDisk()
    try:
        with pytest.raises(KavoshError, match=r"the index at .*test failed \(update\): .*No space left"):
            fill(store)
        with pytest.raises(KavoshError, match=r"failed \(query_batch\)"):
            store.query_dense([1, 0, 0], 3, {"kind": "chunk"})
    finally:
        store._chunks._target = real_shard
        store.close()


@pytest.mark.parametrize("name", ["../x", "a/b", "", "x" * 65, "ok name"])
def test_collection_names_cannot_leave_the_home(tmp_path, name):
    with pytest.raises(ValueError, match="collection: must be 1 to 64 letters"):
        EdgeStore(tmp_path, name)
    assert not (tmp_path / "x").exists()


def test_the_store_folders_are_private(tmp_path):
    home = tmp_path / "home"
    store = EdgeStore(home, "test")
    check_embedder(store, "toy", 3)
    store.close()
    for folder in (home, home / "collections", home / "collections" / "test"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE((home / "collections" / "test" / "collection.json").stat().st_mode) == 0o600
