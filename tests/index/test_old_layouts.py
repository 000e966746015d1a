"""An index built before sentence windows (layouts 1 and 2) is searched as it is, and ``reindex`` adds them."""

from __future__ import annotations

import json

import pytest

from index.service import Kavosh
from index.store.base import SCHEMA_VERSION
from tests.index.test_search import ENGLISH, PERSIAN


def old_index(home, embedder, schema: int) -> None:
    """An empty index as Kavosh created it at layout ``schema``: chunks with dense and keyword vectors only,
    and from layout 2 on the document records in a shard of their own."""
    import qdrant_edge as qe

    directory = home / "collections" / "kavosh"
    directory.mkdir(parents=True)
    chunks = qe.EdgeShard.create(str(directory / "shard"), qe.EdgeConfig(
        vectors={"dense": qe.EdgeVectorParams(size=embedder.dim, distance=qe.Distance.Cosine)},
        sparse_vectors={"lexical": qe.EdgeSparseVectorParams(modifier=qe.Modifier.Idf)}))
    for field in ("kind", "doc_id", "lang", "source", "sources"):
        chunks.update(qe.UpdateOperation.create_field_index(field, qe.PayloadSchemaType.Keyword))
    chunks.close()
    if schema >= 2:
        documents = qe.EdgeShard.create(str(directory / "documents"),
                                        qe.EdgeConfig(sparse_vectors={"lexical": qe.EdgeSparseVectorParams()}))
        documents.update(qe.UpdateOperation.create_field_index("kind", qe.PayloadSchemaType.Keyword))
        documents.close()
    (directory / "collection.json").write_text(json.dumps({"embedder": embedder.name, "dim": embedder.dim,
                                                           "schema": schema}))


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "meeting.fa.txt").write_text(PERSIAN, encoding="utf-8")
    (folder / "assembly.en.txt").write_text(ENGLISH, encoding="utf-8")
    return folder


@pytest.mark.parametrize("schema", [1, 2])
def test_an_index_without_windows_still_ingests_and_searches(settings, fake_embedder, corpus, schema):
    old_index(settings.home, fake_embedder, schema)
    with Kavosh.open(settings, embedder=fake_embedder) as kavosh:
        assert not kavosh.store.has_windows() and kavosh.stats().store.windows is False
        assert kavosh.ingest([corpus]).chunks_added == 2
        candidates, _, _ = kavosh.searcher.candidates_for("general assembly", 5, None, None)
        assert "window" not in candidates.features and "dense_z" in candidates.features
        answer = kavosh.search("general assembly", k=5)
        grouped = kavosh.search("general assembly", k=5, group="document")
    assert answer.results[0].source == "assembly.en.txt"
    assert 0 < answer.results[0].confidence <= 1 and not answer.weak
    assert grouped.documents[0].source == "assembly.en.txt"


def test_reindex_rebuilds_an_old_index_with_windows(settings, fake_embedder, corpus):
    old_index(settings.home, fake_embedder, 2)
    with Kavosh.open(settings, embedder=fake_embedder) as kavosh:
        kavosh.ingest([corpus])
        report = kavosh.reindex(settings)
        assert report.documents == 2 and kavosh.store.collection == report.collection
        assert kavosh.store.has_windows() and kavosh.store.metadata()["schema"] == SCHEMA_VERSION
        assert kavosh.stats().store.windows is True
        candidates, _, _ = kavosh.searcher.candidates_for("general assembly", 5, None, None)
        assert "window" in candidates.features
        assert kavosh.search("general assembly", k=5).results[0].source == "assembly.en.txt"
