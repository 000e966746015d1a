"""The remote index (kavosh.remote.RemoteIndex) against the real API app in-process, beside the local index."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

import kavosh.remote
from kavosh.remote import RemoteIndex
from search_api.client import ApiClient
from search_api.main import create_app
from tests.search_api.conftest import ENGLISH, PERSIAN, TOKEN, write_corpus

BROKEN_PDF = b"%PDF-1.7\n%truncated"


def api_client(test_client: TestClient, token: str | None) -> ApiClient:
    """An ApiClient whose requests go to the in-process app instead of the network."""
    client = ApiClient("http://testserver", token=token)
    client._http.close()
    if token:
        test_client.headers["Authorization"] = f"Bearer {token}"
    client._http = test_client
    return client


@pytest.fixture
def local(fake_kavosh, tmp_path):
    """The local index (fake embedder, embedded store) holding the small bilingual corpus."""
    report = fake_kavosh.ingest([write_corpus(tmp_path / "corpus")])
    assert not report.failed, report.failed
    return fake_kavosh


@pytest.fixture
def app_client(settings, local):
    """The API serving ``local``, with uploads enabled."""
    api_settings = settings.model_copy(update={"api_token": TOKEN})
    with TestClient(create_app(api_settings, local)) as test_client:
        yield test_client


@pytest.fixture
def remote(app_client, settings):
    return RemoteIndex(api_client(app_client, TOKEN), collection=settings.collection)


@pytest.fixture
def fast_polls(monkeypatch):
    """Poll jobs every 20 ms instead of every half second."""
    wait = ApiClient.wait_for_job
    monkeypatch.setattr(ApiClient, "wait_for_job",
                        lambda self, job_id, timeout=600.0, poll=0.5: wait(self, job_id, timeout, 0.02))


@pytest.mark.parametrize(("query", "options"), [
    ("science diplomacy", {}),
    ("دیپلماسی علم", {"k": 3}),
    ("همکاری های علمی", {"mode": "lexical"}),
    ("laboratories", {"mode": "dense", "lang": "en"}),
    ("research", {"source": "nokhbegan.fa.txt"}),
    ("science diplomacy", {"k": 2, "group": "document"}),
])
def test_search_answers_as_the_local_index_does(remote, local, query, options):
    here, there = local.search(query, **options), remote.search(query, **options)
    assert type(there) is type(here)
    assert (there.query, there.mode) == (here.query, here.mode)
    assert [hit.chunk_id for hit in there.results] == [hit.chunk_id for hit in here.results]
    assert there.results == here.results  # scores, texts, highlights: field for field
    assert (there.group, there.documents) == (here.group, here.documents)


def test_stats_are_the_local_ones_without_the_servers_paths(remote, local):
    there, here = remote.stats(), local.stats()
    assert here.store.location and there.store.location is None  # the server keeps its paths to itself
    here.store.location = None
    assert there == here


def test_ingest_uploads_in_batches_and_adds_up_the_jobs_reports(remote, local, tmp_path, monkeypatch,
                                                                  fast_polls):
    monkeypatch.setattr(kavosh.remote, "UPLOAD_BATCH", 2)
    folder = tmp_path / "new"
    for relative, content in {
        "a/rivers.en.txt": b"Rivers and lakes of the plateau are drying out.",
        "a/water.fa.txt": "کم‌آبی دریاچه‌ها و رودخانه‌های فلات ایران را تهدید می‌کند.".encode(),
        "b/scan.pdf": BROKEN_PDF,
        "b/wells.md": b"# Wells\n\nGroundwater wells are drilled deeper every year.",
        "c/scan.pdf": BROKEN_PDF,
    }.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_bytes(content)
    documents, chunks = local.document_count(), local.stats().chunks
    calls = []

    report = remote.ingest([folder, tmp_path / "missing"], progress=lambda *call: calls.append(call))
    assert (report.files_seen, report.indexed, report.unchanged) == (6, 3, 0)
    assert [(item.path, item.error) for item in report.failed] == [
        (str(tmp_path / "missing"), "no such file or directory"),
        (str((folder / "b" / "scan.pdf").resolve()), report.failed[1].error),
        (str((folder / "c" / "scan.pdf").resolve()), report.failed[2].error),
    ]
    assert all("PDF" in item.error for item in report.failed[1:])
    assert local.document_count() == documents + 3
    assert report.chunks_added == local.stats().chunks - chunks > 0
    assert report.seconds > 0
    assert [(done, total) for _, done, total in calls] == [(2, 5), (4, 5), (5, 5)]
    assert remote.search("groundwater wells", k=1).results[0].source == "wells.md"

    again = remote.ingest([folder])
    assert (again.indexed, again.unchanged, again.chunks_added, len(again.failed)) == (0, 3, 0, 2)


def test_failures_of_files_with_the_same_name_map_back_to_each_path(remote, tmp_path, fast_polls):
    """The server saves a second ``scan.pdf`` of one upload as ``scan-2.pdf``; the report names the local files."""
    folder = tmp_path / "scans"
    for relative in ("first/scan.pdf", "second/scan.pdf"):
        (folder / relative).parent.mkdir(parents=True)
        (folder / relative).write_bytes(BROKEN_PDF)
    (folder / "note.en.txt").write_text(ENGLISH + " And one more line.", encoding="utf-8")
    (folder / "empty #1.txt").write_bytes(b"")  # saved under a safe name, without the '#'

    report = remote.ingest([folder])
    assert report.indexed == 1
    assert sorted(item.path for item in report.failed) == [str((folder / name).resolve()) for name in (
        "empty #1.txt", "first/scan.pdf", "second/scan.pdf")]


def test_prune_through_the_api_is_refused_before_anything_is_sent(remote, local, tmp_path):
    folder = write_corpus(tmp_path / "more")
    (folder / "extra.fa.txt").write_text(PERSIAN + " گزارش تازه.", encoding="utf-8")
    with pytest.raises(ValueError, match="--prune") as refused:
        remote.ingest([folder], prune=True)
    assert "KAVOSH_API_URL" in str(refused.value)
    assert local.document_count() == 3


def test_ingest_without_a_token_is_refused_with_what_to_set(app_client, local, tmp_path):
    remote = RemoteIndex(api_client(app_client, token=None))
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "extra.en.txt").write_text("Something new about glaciers.", encoding="utf-8")
    with pytest.raises(ValueError, match="KAVOSH_API_TOKEN"):
        remote.ingest([folder])
    assert local.document_count() == 3
    assert remote.search("glaciers", mode="lexical").results == []  # reading needs no token


def test_closing_the_remote_index_closes_its_client(app_client, settings):
    with RemoteIndex(api_client(app_client, TOKEN), collection=settings.collection) as remote:
        assert remote.stats().documents == 3
    assert app_client.is_closed


def test_the_document_listing_pages_as_the_local_one_without_paths(remote, local):
    here, there = local.documents(limit=2), remote.documents(limit=2)
    assert [summary.doc_id for summary in there.documents] == [summary.doc_id for summary in here.documents]
    assert (there.next, there.total) == (here.next, here.total) and here.next is not None
    assert all(summary.path is None for summary in there.documents)
    rest = remote.documents(after=there.next, limit=2)
    assert rest.next is None
    assert len({summary.doc_id for summary in [*there.documents, *rest.documents]}) == here.total
