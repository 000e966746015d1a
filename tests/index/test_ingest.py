"""Incremental ingest with the fake embedder: skip unchanged files, replace changed ones, prune, report bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

PERSIAN = ("نشست دیپلماسی علم در پژوهشکده برگزار شد. در این نشست همکاری‌های علمی بین‌المللی بررسی شد.\n\n"
           "کارشناسان درباره توسعه فناوری و نوآوری گفت‌وگو کردند.")
ENGLISH = ("# ANSO Newsletter\n\nThe Alliance of International Science Organizations held its assembly. "
           "Members discussed fellowships for young scientists.\n\nA training program on climate was announced.")


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


class CountingEmbedder:
    """Wraps an embedder and counts the passages it embeds."""

    def __init__(self, inner):
        self.inner = inner
        self.name, self.dim, self.max_tokens = inner.name, inner.dim, inner.max_tokens
        self.passages = 0

    def embed_passages(self, texts):
        self.passages += len(texts)
        return self.inner.embed_passages(texts)

    def embed_query(self, text):
        return self.inner.embed_query(text)

    def count_tokens(self, text):
        return self.inner.count_tokens(text)


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    write(folder, "meeting.fa.txt", PERSIAN)
    write(folder, "newsletter.en.md", ENGLISH)
    return folder


@pytest.fixture
def counting_kavosh(settings, fake_embedder):
    from index.service import Kavosh

    with Kavosh.open(settings, embedder=CountingEmbedder(fake_embedder)) as kavosh:
        yield kavosh


def test_ingest_indexes_each_file_with_pages_languages_and_titles(counting_kavosh, corpus):
    report = counting_kavosh.ingest([corpus])
    assert (report.files_seen, report.indexed, report.unchanged, report.failed) == (2, 2, 0, [])
    assert report.chunks_added == counting_kavosh.store.count({"kind": "chunk"}) > 0
    stats = counting_kavosh.stats().to_dict()
    assert stats["documents"] == 2
    assert {source["source"]: source["lang"] for source in stats["sources"]} == {
        "meeting.fa.txt": "fa", "newsletter.en.md": "en"}
    assert stats["languages"]["fa"]["chunks"] >= 1 and stats["languages"]["en"]["chunks"] >= 1
    titles = {source["source"]: source["title"] for source in stats["sources"]}
    assert titles["newsletter.en.md"] == "ANSO Newsletter"
    assert stats["last_ingest"]["indexed"] == 2 and stats["last_ingest"]["finished_at"]


def test_reingesting_an_unchanged_corpus_embeds_nothing(counting_kavosh, corpus):
    counting_kavosh.ingest([corpus])
    embedded = counting_kavosh.embedder.passages
    chunks = counting_kavosh.store.count({"kind": "chunk"})
    report = counting_kavosh.ingest([corpus])
    assert (report.indexed, report.unchanged, report.chunks_added, report.chunks_deleted) == (0, 2, 0, 0)
    assert counting_kavosh.embedder.passages == embedded
    assert counting_kavosh.store.count({"kind": "chunk"}) == chunks


def test_a_changed_file_is_replaced_without_a_gap(counting_kavosh, corpus):
    counting_kavosh.ingest([corpus])
    old = {doc["source"]: doc["doc_id"] for doc in counting_kavosh.stats().to_dict()["sources"]}
    write(corpus, "newsletter.en.md", ENGLISH + "\n\nA new prize for science cooperation was launched.")

    store = counting_kavosh.store
    seen_at_delete = []
    original_delete = store.delete

    def delete_checking_new_version_is_there(filters):
        seen_at_delete.append(store.count({"kind": "chunk", "source": "newsletter.en.md"}))
        original_delete(filters)

    store.delete = delete_checking_new_version_is_there
    report = counting_kavosh.ingest([corpus])
    del store.delete

    assert (report.indexed, report.unchanged) == (1, 1)
    assert report.chunks_deleted >= 1
    # When the old version was deleted, the new version's chunks were already searchable.
    assert seen_at_delete and seen_at_delete[0] > report.chunks_deleted - 1
    new = {doc["source"]: doc["doc_id"] for doc in counting_kavosh.stats().to_dict()["sources"]}
    assert new["newsletter.en.md"] != old["newsletter.en.md"]
    assert new["meeting.fa.txt"] == old["meeting.fa.txt"]
    assert counting_kavosh.document(old["newsletter.en.md"]) is None
    hits = counting_kavosh.search("new prize for science cooperation", k=3, lang="en").results
    assert "prize" in hits[0].text


def test_prune_removes_documents_whose_files_are_gone(counting_kavosh, corpus):
    counting_kavosh.ingest([corpus])
    (corpus / "meeting.fa.txt").unlink()
    report = counting_kavosh.ingest([corpus])
    assert counting_kavosh.stats().to_dict()["documents"] == 2, "without --prune nothing is removed"
    report = counting_kavosh.ingest([corpus], prune=True)
    assert report.chunks_deleted >= 1
    assert [doc["source"] for doc in counting_kavosh.stats().to_dict()["sources"]] == ["newsletter.en.md"]
    assert counting_kavosh.store.count({"kind": "chunk", "lang": "fa"}) == 0


def test_the_same_bytes_under_two_names_are_one_document(counting_kavosh, corpus):
    write(corpus, "copy-of-meeting.fa.txt", PERSIAN)
    report = counting_kavosh.ingest([corpus])
    assert (report.indexed, report.unchanged) == (2, 1)
    stats = counting_kavosh.stats().to_dict()
    assert stats["documents"] == 2
    document = next(doc for doc in stats["sources"] if doc["source"].endswith("meeting.fa.txt"))
    names = {"meeting.fa.txt", "copy-of-meeting.fa.txt"}
    described = counting_kavosh.document(document["doc_id"])
    assert {described.source, *described.also_in} == names
    for name in names:  # either file name finds the passages, and each hit names the other file
        hit = counting_kavosh.search("دیپلماسی علم", k=1, source=name).results[0]
        assert {hit.source, *hit.also_in} == names

    (corpus / "copy-of-meeting.fa.txt").unlink()
    counting_kavosh.ingest([corpus], prune=True)
    hit = counting_kavosh.search("دیپلماسی علم", k=1, lang="fa").results[0]
    assert (hit.source, hit.also_in) == ("meeting.fa.txt", [])


def test_bad_files_are_reported_and_the_rest_indexed(counting_kavosh, corpus, tmp_path):
    write(corpus, "empty.txt", "")
    write(corpus, "binary.txt", bytes(range(256)) * 8)
    write(corpus, "broken.pdf", b"%PDF-1.4\n" + b"\x00garbage" * 50)
    missing = tmp_path / "no-such-folder"
    report = counting_kavosh.ingest([corpus, missing])
    failed = {Path(failure.path).name: failure.error for failure in report.failed}
    assert set(failed) == {"empty.txt", "binary.txt", "broken.pdf", "no-such-folder"}
    assert all(reason for reason in failed.values())
    assert "no such file" in failed["no-such-folder"]
    assert report.indexed == 2
    assert report.files_seen == 6


def test_document_returns_pages_as_display_text(counting_kavosh, corpus):
    counting_kavosh.ingest([corpus])
    doc_id = next(doc["doc_id"] for doc in counting_kavosh.stats().to_dict()["sources"] if doc["lang"] == "fa")
    document = counting_kavosh.document(doc_id)
    assert document.source == "meeting.fa.txt"
    assert document.pages[0].number == 1
    assert "دیپلماسی علم" in document.pages[0].text
    assert counting_kavosh.document("0" * 64) is None


def test_progress_is_reported_per_file(counting_kavosh, corpus):
    calls = []
    counting_kavosh.ingest([corpus], progress=lambda path, done, total: calls.append((Path(path).name, done, total)))
    assert [call[1:] for call in calls] == [(1, 2), (2, 2)]


def test_a_qdrant_server_store_does_the_same_jobs(tmp_path, corpus, fake_embedder):
    """KAVOSH_QDRANT_URL switches to qdrant-client; ":memory:" speaks the server's API in-process."""
    from index.service import Kavosh
    from kavosh.settings import Settings

    with Kavosh.open(Settings(home=tmp_path / "unused", qdrant_url=":memory:"), embedder=fake_embedder) as kavosh:
        assert kavosh.store.backend == "server"
        report = kavosh.ingest([corpus])
        assert (report.indexed, report.failed) == (2, [])
        assert kavosh.ingest([corpus]).unchanged == 2
        hit = kavosh.search("fellowships for young scientists", k=1).results[0]
        assert hit.source == "newsletter.en.md" and hit.highlights
        stats = kavosh.stats().to_dict()
        assert stats["store"]["backend"] == "server" and stats["last_ingest"]["unchanged"] == 2
    assert not (tmp_path / "unused").exists()


def test_two_files_changed_to_the_same_content_both_leave_their_old_versions(counting_kavosh, corpus):
    counting_kavosh.ingest([corpus])
    merged = "A joint statement on science cooperation replaced both documents."
    write(corpus, "meeting.fa.txt", merged)
    write(corpus, "newsletter.en.md", merged)
    counting_kavosh.ingest([corpus])
    stats = counting_kavosh.stats().to_dict()
    assert stats["documents"] == 1
    assert counting_kavosh.search("fellowships for young scientists", k=5, mode="lexical").results == []
    assert counting_kavosh.store.count({"kind": "chunk", "lang": "fa"}) == 0
