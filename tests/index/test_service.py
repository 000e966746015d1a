"""The service (index.service.Kavosh) with the fake embedder and the embedded store: its records and its checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index import service
from index.errors import EmbedderMismatchError
from index.records import DocumentRecord, SearchResponse, Stats
from index.service import Kavosh
from pipeline.types import document_id
from tests.fakes import FakeEmbedder
from tests.pipeline.readers.helpers import make_pdf

ENGLISH = "Science diplomacy brings researchers from many countries together to work on water security."
PERSIAN = "دیپلماسی علم و فناوری به همکاریهای بین المللی کمک میکند و پژوهشگران را به هم پیوند میدهد."
MIXED = PERSIAN + "\n\n" + "The Alliance of National Science Organizations met in Tehran this week."
# DESIGN.md, "kavosh search --json and GET /search return": the keys every answer and every hit has.
RESPONSE_KEYS = {"query", "mode", "took_ms", "results"}
HIT_KEYS = {"chunk_id", "doc_id", "title", "source", "lang", "page", "text", "score", "highlights"}


class OtherEmbedder(FakeEmbedder):
    name = "other-bow"
    dim = 32


class CountingEmbedder(FakeEmbedder):
    """The fake embedder, counting the queries it embeds."""

    def __init__(self):
        self.queries = 0

    def embed_query(self, text):
        self.queries += 1
        return super().embed_query(text)


@pytest.fixture
def corpus(tmp_path) -> Path:
    """Files whose path order (zeta before alpha) differs from their names' order."""
    root = tmp_path / "corpus"
    (root / "a").mkdir(parents=True)
    (root / "b").mkdir()
    (root / "a" / "zeta.en.txt").write_text(ENGLISH, encoding="utf-8")
    (root / "b" / "alpha.fa.txt").write_text(PERSIAN, encoding="utf-8")
    (root / "b" / "middle.md").write_text(MIXED, encoding="utf-8")
    (root / "b" / "report.pdf").write_bytes(make_pdf([["Annual report on water security"],
                                                      ["Fellowships for young scientists"]]))
    return root


@pytest.fixture
def indexed(fake_kavosh, corpus):
    report = fake_kavosh.ingest([corpus])
    assert (report.indexed, report.failed) == (4, [])
    return fake_kavosh


def test_stats_of_an_empty_index(fake_kavosh, settings):
    stats = fake_kavosh.stats()
    assert isinstance(stats, Stats)
    assert (stats.documents, stats.chunks, stats.sources, stats.last_ingest) == (0, 0, [], None)
    assert {language: (counts.documents, counts.chunks) for language, counts in stats.languages.items()} == {
        "fa": (0, 0), "en": (0, 0)}
    assert (stats.embedder.name, stats.embedder.dim) == ("fake-bow", 64)
    assert (stats.store.backend, stats.store.collection) == ("embedded", settings.collection)
    assert stats.store.location and stats.store.location.startswith(str(settings.home))


def test_stats_count_documents_and_chunks_per_language_and_list_sources_sorted(indexed):
    stats = indexed.stats()
    assert stats.documents == 4 == indexed.document_count()
    assert [source.source for source in stats.sources] == ["alpha.fa.txt", "middle.md", "report.pdf", "zeta.en.txt"]
    by_source = {source.source: source for source in stats.sources}
    assert {name: source.lang for name, source in by_source.items()} == {
        "alpha.fa.txt": "fa", "middle.md": "mixed", "report.pdf": "en", "zeta.en.txt": "en"}
    assert by_source["report.pdf"].pages == 2
    assert by_source["alpha.fa.txt"].doc_id == document_id(PERSIAN.encode("utf-8"))

    languages = {language: (counts.documents, counts.chunks) for language, counts in stats.languages.items()}
    assert set(languages) == {"fa", "en", "mixed"}
    assert [languages[language][0] for language in ("fa", "en", "mixed")] == [1, 2, 1]
    assert languages["mixed"][1] == 0  # chunks carry fa or en, never mixed
    assert languages["fa"][1] >= 1 and languages["en"][1] >= 3  # the mixed file adds to both
    assert languages["fa"][1] + languages["en"][1] == stats.chunks == sum(s.chunks for s in stats.sources)
    assert not stats.sources_truncated


def test_stats_of_a_large_archive_list_a_bounded_number_of_sources_and_still_count_all(indexed, monkeypatch):
    complete = indexed.stats()
    monkeypatch.setattr(service, "SOURCES_LIMIT", 2)
    stats = indexed.stats()
    assert stats.sources_truncated and len(stats.sources) == 2
    assert {source.doc_id for source in stats.sources} < {source.doc_id for source in complete.sources}
    assert [source.source for source in stats.sources] == sorted(source.source for source in stats.sources)
    assert (stats.documents, stats.chunks, stats.languages) == (4, complete.chunks, complete.languages)


def test_stats_remember_the_last_ingest(indexed, corpus):
    first = indexed.stats().last_ingest
    assert first is not None and first["indexed"] == 4 and first["failed"] == []
    assert first["finished_at"].endswith("Z")

    (corpus / "a" / "broken.pdf").write_bytes(b"%PDF-1.7\n%truncated")
    indexed.ingest([corpus])
    last = indexed.stats().last_ingest
    assert (last["indexed"], last["unchanged"]) == (0, 4)
    assert [Path(item["path"]).name for item in last["failed"]] == ["broken.pdf"]


def test_document_count_counts_the_same_bytes_once(fake_kavosh, tmp_path):
    assert fake_kavosh.document_count() == 0
    folder = tmp_path / "twice"
    folder.mkdir()
    (folder / "one.txt").write_text(ENGLISH, encoding="utf-8")
    (folder / "two.txt").write_text(ENGLISH, encoding="utf-8")
    fake_kavosh.ingest([folder])
    assert fake_kavosh.document_count() == 1


def test_document_returns_a_record_with_its_pages(indexed):
    doc_id = next(source.doc_id for source in indexed.stats().sources if source.source == "report.pdf")
    record = indexed.document(doc_id)
    assert isinstance(record, DocumentRecord)
    assert (record.doc_id, record.source, record.kind, record.lang) == (doc_id, "report.pdf", "pdf", "en")
    assert [page.number for page in record.pages] == [1, 2]
    assert "water security" in record.pages[0].text and "young scientists" in record.pages[1].text
    assert record.path and record.path.endswith("report.pdf")

    persian = indexed.document(document_id(PERSIAN.encode("utf-8")))
    assert "همکاریهای بین‌المللی" in persian.pages[0].text  # display text (hazm), not the raw file


@pytest.mark.parametrize("doc_id", ["0" * 64, "not-an-id", ""])
def test_document_of_an_unknown_id_is_none(indexed, doc_id):
    assert indexed.document(doc_id) is None


def test_a_collection_built_with_another_embedder_is_refused(settings, fake_embedder):
    with Kavosh.open(settings, embedder=fake_embedder):
        pass
    with pytest.raises(EmbedderMismatchError) as refused:
        Kavosh.open(settings, embedder=OtherEmbedder())
    message = str(refused.value)
    assert "'fake-bow'" in message and "'other-bow'" in message
    assert "KAVOSH_EMBEDDER=fake-bow" in message
    # The refused open closed the store again: the collection opens with its own embedder.
    with Kavosh.open(settings, embedder=fake_embedder) as kavosh:
        assert kavosh.document_count() == 0


def test_warm_up_embeds_a_query_and_loads_the_persian_normalizer(settings):
    from pipeline.normalize import _persian_normalizer

    _persian_normalizer.cache_clear()
    embedder = CountingEmbedder()
    with Kavosh.open(settings, embedder=embedder) as kavosh:
        kavosh.warm_up()
    assert embedder.queries == 1
    assert _persian_normalizer.cache_info().currsize == 1


def test_search_returns_a_response_record_whose_json_is_the_contract(indexed):
    answer = indexed.search("water security", k=3)
    assert isinstance(answer, SearchResponse)
    assert answer.results and answer.results[0].source in {"zeta.en.txt", "report.pdf"}

    data = json.loads(json.dumps(answer.to_dict(), ensure_ascii=False))
    assert set(data) >= RESPONSE_KEYS
    assert (data["query"], data["mode"]) == ("water security", "hybrid")
    assert isinstance(data["took_ms"], float)
    assert len(data["results"]) <= 3
    for hit in data["results"]:
        assert set(hit) >= HIT_KEYS
        assert isinstance(hit["page"], int) and isinstance(hit["score"], float)
        for span in hit["highlights"]:
            assert isinstance(span, list) and len(span) == 2
            start, end = span
            assert 0 <= start < end <= len(hit["text"])
    assert data["results"][0]["highlights"], "the best hit shares the query's words"
