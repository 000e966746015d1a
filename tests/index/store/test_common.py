"""Both store backends behave the same: the embedded engine and a Qdrant server's API (in-memory client)."""

from __future__ import annotations

import uuid

import pytest

from index.errors import EmbedderMismatchError
from index.store import EdgeStore, ServerStore, SparseVector, StorePoint, StoreQuery, check_embedder
from index.store.base import SCHEMA_VERSION
from tests.index.store.sample import chunk, fill


@pytest.fixture(params=["embedded", "server"])
def store(request, tmp_path):
    store = EdgeStore(tmp_path, "test") if request.param == "embedded" else ServerStore(":memory:", "test")
    check_embedder(store, "toy", 3)
    yield store
    store.close()


def test_new_collection_records_its_embedder(store):
    assert store.metadata()["embedder"] == "toy"
    assert store.metadata()["dim"] == 3


def test_another_embedder_is_refused_with_the_reason(store):
    with pytest.raises(EmbedderMismatchError, match="built with embedder 'toy'.*KAVOSH_EMBEDDER=toy"):
        check_embedder(store, "e5-small", 384)


def test_counts_and_scroll_tell_chunks_from_documents(store):
    fill(store)
    assert store.count({"kind": "chunk"}) == 4
    assert store.count({"kind": "chunk", "lang": "fa"}) == 2
    documents = list(store.scroll({"kind": "document"}))
    assert [payload["title"] for _, payload in documents] == ["A"]


def test_dense_query_honours_filters_and_ranks_by_cosine(store):
    fill(store)
    hits = store.query_dense([1, 0, 0], 10, {"kind": "chunk"})
    assert [hit.payload["text"] for hit in hits[:2]] == ["chunk 0", "chunk 1"]
    assert hits[0].score == pytest.approx(1.0, abs=1e-5)
    fa_hits = store.query_dense([1, 0, 0], 10, {"kind": "chunk", "lang": "fa"})
    assert {hit.payload["lang"] for hit in fa_hits} == {"fa"}
    assert store.query_dense([1, 0, 0], 10, {"kind": "chunk", "source": "b.txt"})[0].payload["doc_id"] == "b"


def test_lexical_query_weights_rare_terms_higher(store):
    fill(store)
    hits = store.query_lexical(SparseVector([1, 2], [1.0, 1.0]), 10, {"kind": "chunk"})
    # term 1 is in one chunk, term 2 in three: the chunk with both terms ranks first
    assert hits[0].payload["text"] == "chunk 0"
    assert len(hits) == 3
    assert store.query_lexical(SparseVector([], []), 10, {"kind": "chunk"}) == []


def test_delete_by_document_removes_its_chunks_and_record(store):
    fill(store)
    store.delete({"doc_id": "a"})
    assert store.count({"kind": "chunk"}) == 2
    assert list(store.scroll({"kind": "document"})) == []


def test_state_round_trips(store):
    assert store.read_state("last_ingest") is None
    store.write_state("last_ingest", {"indexed": 3, "note": "گزارش"})
    assert store.read_state("last_ingest") == {"indexed": 3, "note": "گزارش"}


def test_window_query_scores_a_passage_by_its_best_window(store):
    from index.store import StorePoint
    from tests.index.store.sample import POINT_IDS

    assert store.has_windows() and store.metadata()["schema"] == SCHEMA_VERSION
    fill(store)  # chunks without windows are not found by their windows
    assert store.query_windows([0, 0, 1], 10, {"kind": "chunk"}) == []
    payload = {"kind": "chunk", "doc_id": "c", "lang": "en", "source": "c.txt", "text": "two windows"}
    store.upsert([StorePoint(POINT_IDS[5], payload, [1, 0, 0], None, windows=[[1, 0, 0], [0, 0, 1]])])
    hits = store.query_windows([0, 0, 1], 10, {"kind": "chunk", "lang": "en"})
    assert [hit.payload["text"] for hit in hits] == ["two windows"]
    assert hits[0].score == pytest.approx(1.0, abs=1e-5)
    assert store.query_windows([0, 0, 1], 10, {"kind": "chunk", "lang": "fa"}) == []
    batched = store.query_batch([StoreQuery([0, 0, 1], 10, {"kind": "chunk"}, windows=True),
                                 StoreQuery([0, 0, 1], 10, {"kind": "chunk"})])
    assert [hit.id for hit in batched[0]] == [hit.id for hit in hits] and len(batched[1]) == 5


def test_query_batch_answers_each_query_in_order(store):
    fill(store)
    dense_fa, lexical, empty, dense_en = store.query_batch([
        StoreQuery([0, 1, 0], 10, {"kind": "chunk", "lang": "fa"}),
        StoreQuery(SparseVector([1], [1.0]), 10, {"kind": "chunk"}),
        StoreQuery(SparseVector([], []), 10, {"kind": "chunk"}),
        StoreQuery([1, 0, 0], 1, {"kind": "chunk", "lang": "en"}),
    ])
    assert [hit.payload["text"] for hit in dense_fa] == ["chunk 2", "chunk 3"]
    assert [hit.payload["text"] for hit in lexical] == ["chunk 0"]
    assert empty == []
    assert [hit.payload["text"] for hit in dense_en] == ["chunk 0"]
    assert dense_en == store.query_dense([1, 0, 0], 1, {"kind": "chunk", "lang": "en"})


def test_facets_count_values_without_a_scan(store):
    fill(store)
    assert store.facet("lang", {"kind": "chunk"}) == {"en": 2, "fa": 2}
    assert store.facet("lang", {"kind": "chunk", "doc_id": "b"}) == {"fa": 2}
    assert store.facet("doc_id", {"kind": "document"}) == {"a": 1}


def test_document_records_never_come_back_from_a_search(store):
    fill(store)
    hits = store.query_dense([1, 0, 0], 10, {})
    assert len(hits) == 4 and {hit.payload["kind"] for hit in hits} == {"chunk"}
    assert store.count({}) == 5 and store.count({"doc_id": "a"}) == 3


def test_set_payload_reaches_the_right_kind(store):
    fill(store)
    store.set_payload({"kind": "document", "doc_id": "a"}, {"source": "renamed.txt"})
    store.set_payload({"kind": "chunk", "doc_id": "a"}, {"sources": ["renamed.txt"]})
    assert [payload["source"] for _, payload in store.scroll({"kind": "document"})] == ["renamed.txt"]
    assert store.count({"kind": "chunk", "sources": "renamed.txt"}) == 2
    assert store.count({"kind": "chunk", "source": "a.txt"}) == 2


def test_a_new_collection_is_of_the_current_layout(store):
    assert store.metadata()["schema"] == SCHEMA_VERSION


def test_optimizing_keeps_every_point_and_answer(store):
    fill(store)
    before = [hit.id for hit in store.query_dense([1, 0, 0], 10, {"kind": "chunk"})]
    store.optimize()
    assert [hit.id for hit in store.query_dense([1, 0, 0], 10, {"kind": "chunk"})] == before
    assert store.count({"kind": "chunk"}) == 4 and store.count({"kind": "document"}) == 1


def test_a_chunks_content_words_come_back_as_the_list_written(store):
    point = chunk(0, "a", "en", [1, 0, 0], [1])
    point.payload["keys"] = ["cooperation", "همکاری"]
    store.upsert([point])
    assert store.query_dense([1, 0, 0], 1, {"kind": "chunk"})[0].payload["keys"] == ["cooperation", "همکاری"]
    assert [payload["keys"] for _, payload in store.scroll({"kind": "chunk"})] == [["cooperation", "همکاری"]]


def test_chunks_without_a_dense_vector_are_found_and_deleted_by_id(store):
    fill(store)
    broken = StorePoint("6f1c2d3e-8a4b-5c6d-9e0f-a1b2c3d4e5ff", {"kind": "chunk", "doc_id": "c"})
    store.upsert([broken])
    assert store.ids_without_vector({"kind": "chunk"}) == [broken.id]
    store.delete_ids([broken.id])
    assert store.ids_without_vector({"kind": "chunk"}) == []
    assert store.count({"kind": "chunk"}) == 4


def test_counts_without_a_scan_stay_exact_through_overwrites_and_deletes(store):
    fill(store)
    fill(store)  # the same points again
    assert store.count({"kind": "chunk"}) == 4 and store.facet("lang", {"kind": "chunk"}) == {"en": 2, "fa": 2}
    store.delete({"doc_id": "a"})
    store.optimize()
    assert store.count({"kind": "chunk"}) == 2 and store.facet("lang", {"kind": "chunk"}) == {"fa": 2}
    assert store.count({"kind": "document"}) == 0


def test_pages_list_every_record_once_and_say_where_the_next_starts(store):
    records = [StorePoint(str(uuid.uuid5(uuid.NAMESPACE_URL, f"doc-{n}")), {"kind": "document", "doc_id": f"d{n}"})
               for n in range(7)]
    store.upsert(records)
    fill(store)  # chunks, and one more document record
    seen, start, pages = [], None, 0
    while True:
        page, start = store.page({"kind": "document"}, ("doc_id",), start, limit=3)
        assert len(page) <= 3 and all(set(payload) == {"doc_id"} for _, payload in page)
        seen.extend(payload["doc_id"] for _, payload in page)
        pages += 1
        if start is None:
            break
    assert sorted(seen) == sorted([f"d{n}" for n in range(7)] + ["a"])  # each once, no chunk
    assert pages == 3


def test_a_page_of_every_kind_at_once_is_refused(store):
    fill(store)
    with pytest.raises(ValueError, match="one kind"):
        store.page({}, None, None, limit=3)
