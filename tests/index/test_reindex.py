"""Re-index beside the live collection, switch at once: searches never fail and never come back empty."""

from __future__ import annotations

import threading
from pathlib import Path

from index.service import Kavosh
from index.store import open_live
from kavosh.settings import Settings
from tests.fakes import FakeEmbedder

DOCS = {
    "meeting.fa.txt": "نشست دیپلماسی علم و فناوری در مرکز تحقیقات سیاست علمی کشور برگزار شد. " * 6,
    "newsletter.en.md": "# ANSO Newsletter\n\nANSO supports science cooperation and fellowships for young "
                        "scientists across Asia and Africa. " * 6,
}


class OtherFakeEmbedder(FakeEmbedder):
    """Another embedder (a different name and size), as when a newsroom moves to a larger model."""

    name = "fake-bow-96"
    dim = 96


def indexed(tmp_path: Path, fake_embedder) -> tuple[Settings, Kavosh]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in DOCS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    settings = Settings(home=tmp_path / "home")
    kavosh = Kavosh.open(settings, embedder=fake_embedder)
    kavosh.ingest([corpus])
    return settings, kavosh


def test_reindex_with_another_embedder_switches_and_keeps_every_document(tmp_path, fake_embedder):
    settings, kavosh = indexed(tmp_path, fake_embedder)
    with kavosh:
        before = kavosh.stats()
        report = kavosh.reindex(settings, OtherFakeEmbedder())
        after = kavosh.stats()
        assert report.previous == "kavosh" and report.collection.startswith("kavosh--")
        assert report.documents == before.documents == after.documents == 2
        assert after.embedder.name == "fake-bow-96" and after.chunks == report.chunks > 0
        assert kavosh.search("science cooperation fellowships", k=3).results[0].source == "newsletter.en.md"
        document = kavosh.document(before.sources[0].doc_id)
        assert document is not None and document.pages[0].text
    # Reopened by name, the index is the new collection; the old one is kept until --drop-old.
    store = open_live(settings.home, "kavosh", None, None)
    try:
        assert store.collection == report.collection
        assert store.metadata()["embedder"] == "fake-bow-96"
    finally:
        store.close()
    with Kavosh.open(settings, embedder=OtherFakeEmbedder()) as reopened:
        assert reopened.document_count() == 2
    assert (settings.home / "collections" / "kavosh").exists()


def test_searches_during_a_reindex_never_fail_and_never_come_back_empty(tmp_path, fake_embedder):
    settings, kavosh = indexed(tmp_path, fake_embedder)
    failures, empty, answered = [], [], []
    done = threading.Event()

    def search_until_done() -> None:
        while not done.is_set():
            try:
                results = kavosh.search("دیپلماسی علم", k=2).results
            except Exception as error:  # noqa: BLE001 - the test counts every failure
                failures.append(repr(error))
                continue
            (answered if results else empty).append(1)

    threads = [threading.Thread(target=search_until_done) for _ in range(3)]
    with kavosh:
        for thread in threads:
            thread.start()
        try:
            kavosh.reindex(settings, OtherFakeEmbedder(), drop_old=True)
            kavosh.reindex(settings, fake_embedder, drop_old=True)  # and back, dropping the other
        finally:
            done.set()
            for thread in threads:
                thread.join(timeout=30)
    assert failures == [] and empty == []
    assert len(answered) > 0
    collections = sorted(path.name for path in (settings.home / "collections").iterdir())
    assert len(collections) == 2 and collections[0] == "kavosh"  # the name's own (emptied) and the live one


def test_a_failed_rebuild_leaves_the_live_index_and_nothing_half_built(tmp_path, fake_embedder):
    settings, kavosh = indexed(tmp_path, fake_embedder)

    class BrokenEmbedder(OtherFakeEmbedder):
        def embed_passages(self, texts):
            raise RuntimeError("the model ran out of memory")

    with kavosh:
        try:
            kavosh.reindex(settings, BrokenEmbedder())
        except RuntimeError:
            pass
        else:
            raise AssertionError("the broken re-index should have failed")
        assert kavosh.search("science cooperation", k=1).results
        assert kavosh.store.collection == "kavosh"
    assert [path.name for path in (settings.home / "collections").iterdir()] == ["kavosh"]
