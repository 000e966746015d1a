"""POST /ingest and GET /jobs/{id}: token, limits, file names, background jobs and their reports."""

from __future__ import annotations

import pytest

from search_api.upload_names import safe_file_name, safe_upload_path
from tests.search_api.conftest import AUTH, TOKEN, wait_for_job

NEW_TEXT = "گزارش تازه درباره رصدخانه ملی ایران و تلسکوپ بزرگ آن در کوه گرگش منتشر شد.".encode()


@pytest.fixture
def client(fresh_client):
    """Ingest tests change the index: each gets its own."""
    return fresh_client


def _upload(client, *files, headers=AUTH, **data):
    parts = [("files", file) for file in files]
    return client.post("/ingest", files=parts, data=data or None, headers=headers)


def test_an_upload_is_indexed_in_the_background_and_becomes_searchable(client, api_settings):
    answer = _upload(client, ("observatory.fa.txt", NEW_TEXT, "text/plain"))

    assert answer.status_code == 202, answer.text
    job = answer.json()
    assert job["status"] in ("queued", "running", "done")
    assert job["files"] == ["observatory.fa.txt"]
    assert answer.headers["location"] == f"/jobs/{job['id']}"

    finished = wait_for_job(client, job["id"])

    assert finished["status"] == "done", finished
    assert finished["report"]["indexed"] == 1
    assert finished["report"]["failed"] == []
    assert finished["finished_at"] >= finished["created_at"]
    assert finished["progress"] == {"done": 1, "total": 1}
    assert (api_settings.home / "uploads" / "library" / "observatory.fa.txt").read_bytes() == NEW_TEXT
    hits = client.get("/search", params={"q": "رصدخانه تلسکوپ", "k": 3}).json()["results"]
    assert hits[0]["source"] == "observatory.fa.txt"


@pytest.mark.parametrize(
    "headers, words",
    [
        ({}, "missing"),
        ({"Authorization": "Bearer wrong-token"}, "not valid"),
        ({"Authorization": f"Bearer {TOKEN}x"}, "not valid"),
        ({"Authorization": "Bearer "}, "not valid"),
        ({"Authorization": f"Basic {TOKEN}"}, "Bearer"),
        ({"Authorization": TOKEN}, "Bearer"),
    ],
)
def test_ingest_without_the_right_token_answers_401(client, api_settings, headers, words):
    answer = _upload(client, ("a.txt", b"hello", "text/plain"), headers=headers)

    assert answer.status_code == 401, answer.text
    assert answer.json()["detail"].startswith("Authorization:")
    assert words in answer.json()["detail"]
    assert answer.headers["www-authenticate"] == "Bearer"
    assert not (api_settings.home / "uploads").exists() or not any((api_settings.home / "uploads").iterdir())


def test_jobs_need_the_token_too(client):
    job_id = _upload(client, ("a.txt", b"hello world", "text/plain")).json()["id"]
    assert client.get(f"/jobs/{job_id}").status_code == 401
    assert wait_for_job(client, job_id)["status"] == "done"


@pytest.mark.parametrize("job_id", ["0" * 32, "nope", "../../etc", "سلام"])
def test_unknown_job_answers_404(client, job_id):
    answer = client.get(f"/jobs/{job_id}", headers=AUTH)
    assert answer.status_code == 404
    detail = answer.json()["detail"]
    assert detail.startswith("job_id: no job") or (job_id.startswith("..") and detail == "Not Found")


def test_too_many_files_answers_400(client):
    files = [(f"f{number}.txt", b"text", "text/plain") for number in range(4)]

    answer = _upload(client, *files)

    assert answer.status_code == 400
    assert answer.json()["detail"] == (
        "files: too many files (4); at most 3 per request (KAVOSH_MAX_UPLOAD_FILES)"
    )


def test_an_upload_over_the_size_limit_answers_413(client):
    answer = _upload(client, ("big.txt", b"a" * 100_001, "text/plain"))

    assert answer.status_code == 413
    assert answer.json()["detail"].startswith("files: the upload is too large (got 100,001 bytes)")


def test_a_body_far_over_the_limit_is_refused_before_it_is_read(client):
    answer = _upload(client, ("huge.txt", b"a" * 1_000_000, "text/plain"))

    assert answer.status_code == 413
    assert "KAVOSH_MAX_UPLOAD_BYTES" in answer.json()["detail"]


def test_a_streamed_body_without_length_is_cut_off_at_the_limit(client):
    """Chunked transfer: no Content-Length to check up front, so the bytes are counted as they come."""
    boundary = "kavosh-test-boundary"

    def body():
        yield (f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="big.txt"\r\n'
               "Content-Type: text/plain\r\n\r\n").encode()
        for _ in range(100):
            yield b"a" * 10_000
        yield f"\r\n--{boundary}--\r\n".encode()

    headers = AUTH | {"content-type": f"multipart/form-data; boundary={boundary}"}
    answer = client.post("/ingest", content=body(), headers=headers)

    assert answer.request.headers.get("transfer-encoding") == "chunked"
    assert answer.status_code == 413
    assert answer.json()["detail"].startswith("files: the upload is too large;")


def test_a_path_traversal_name_stays_inside_the_library(client, api_settings, tmp_path):
    answer = _upload(client, ("../../etc/passwd.txt", b"root is not here", "text/plain"))

    assert answer.status_code == 202, answer.text
    job = wait_for_job(client, answer.json()["id"])
    assert job["files"] == ["etc/passwd.txt"]
    assert (api_settings.home / "uploads" / "library" / "etc" / "passwd.txt").is_file()
    assert not (api_settings.home / "etc").exists()
    assert not (tmp_path / "etc").exists()


def test_only_unsupported_files_answer_415(client):
    answer = _upload(client, ("tool.exe", b"MZ\x90\x00", "application/octet-stream"), ("noext", b"x"))

    assert answer.status_code == 415
    detail = answer.json()["detail"]
    assert detail.startswith("files: nothing to index")
    assert "tool.exe: unsupported file type .exe" in detail and ".pdf" in detail


def test_unsupported_files_beside_good_ones_are_reported_in_the_job(client):
    answer = _upload(client, ("tool.exe", b"MZ\x90\x00"), ("note.en.txt", b"Plain English notes on physics."))

    assert answer.status_code == 202, answer.text
    assert answer.json()["rejected"][0]["path"] == "tool.exe"
    job = wait_for_job(client, answer.json()["id"])
    assert job["status"] == "done"
    assert job["report"]["indexed"] == 1
    assert job["report"]["files_seen"] == 2
    assert [failure["path"] for failure in job["report"]["failed"]] == ["tool.exe"]


def test_a_binary_text_file_is_a_per_file_error_not_a_server_error(client):
    binary = bytes(range(256)) * 20

    answer = _upload(client, ("garbage.txt", binary), ("good.en.txt", b"Solar energy research in deserts."))

    assert answer.status_code == 202, answer.text
    job = wait_for_job(client, answer.json()["id"])
    assert job["status"] == "done"
    failed = job["report"]["failed"]
    assert [failure["path"] for failure in failed] == ["garbage.txt"]
    assert failed[0]["error"]
    assert "/uploads/" not in failed[0]["error"]
    assert job["report"]["indexed"] == 1


def test_an_empty_file_is_a_per_file_error(client):
    job = wait_for_job(client, _upload(client, ("empty.txt", b"")).json()["id"])
    assert job["status"] == "done"
    assert [failure["path"] for failure in job["report"]["failed"]] == ["empty.txt"]


def test_uploading_an_indexed_file_again_changes_nothing(client):
    from tests.search_api.conftest import ENGLISH

    job = wait_for_job(client, _upload(client, ("again.en.txt", ENGLISH.encode())).json()["id"])
    assert job["status"] == "done"
    assert job["report"]["failed"] == []
    assert job["report"]["chunks_added"] == 0
    assert client.get("/stats").json()["documents"] == 3


def test_same_names_in_one_upload_are_kept_apart(client):
    answer = _upload(client, ("a.txt", b"first text about rivers"), ("A.txt", b"second text about lakes"))
    assert answer.json()["files"] == ["a.txt", "A-2.txt"]
    assert wait_for_job(client, answer.json()["id"])["report"]["indexed"] == 2


def test_collection_must_be_the_servers(client):
    ok = _upload(client, ("a.txt", b"hello there"), collection="kavosh")
    assert ok.status_code == 202
    wait_for_job(client, ok.json()["id"])

    answer = _upload(client, ("a.txt", b"hello there"), collection="other")
    assert answer.status_code == 422
    assert answer.json()["detail"].startswith("collection:")


def test_no_files_answers_422(client):
    answer = client.post("/ingest", data={"collection": "kavosh"}, headers=AUTH)
    assert answer.status_code == 422
    assert answer.json()["detail"] == "files: is required"


def test_a_text_field_instead_of_a_file_answers_422(client):
    answer = client.post("/ingest", data={"files": "not a file"}, headers=AUTH)
    assert answer.status_code == 422
    assert answer.json()["detail"].startswith("files")


def test_a_non_multipart_body_answers_4xx(client):
    headers = AUTH | {"content-type": "multipart/form-data"}
    answer = client.post("/ingest", content=b"\x00\x01garbage", headers=headers)
    assert 400 <= answer.status_code < 500
    assert "detail" in answer.json()


def test_openapi_shows_ingest_when_enabled(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert "post" in paths["/ingest"]
    assert "/jobs/{job_id}" in paths


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("report.pdf", "report.pdf"),
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\windows\\win.ini", "win.ini"),
        ("/abs/path/notes.md", "notes.md"),
        ("..", "upload"),
        ("", "upload"),
        (None, "upload"),
        (".hidden.txt", "hidden.txt"),
        ("...txt", "txt"),
        ("a\x00b.txt", "ab.txt"),
        ("evil\u202etxt.exe", "eviltxt.exe"),
        ("گزارش سالانه.pdf", "گزارش سالانه.pdf"),
        ("همکاری\u200cها.txt", "همکاری\u200cها.txt"),
        ("my  report (final)!.PDF", "my report _final_.PDF"),
        ("semi;colon|pipe*.txt", "semi_colon_pipe_.txt"),
        ("x" * 300 + ".txt", "x" * 150 + ".txt"),
        ("ن" * 300 + ".txt", "ن" * 75 + ".txt"),
    ],
)
def test_safe_file_name(raw, expected):
    assert safe_file_name(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("report.pdf", "report.pdf"),
        ("a/report.txt", "a/report.txt"),
        ("../../etc/passwd.txt", "etc/passwd.txt"),
        ("..\\..\\windows\\win.ini", "windows/win.ini"),
        ("/abs/path/notes.md", "abs/path/notes.md"),
        ("./a/./b/../c.txt", "a/b/c.txt"),
        (".git/config.txt", "git/config.txt"),
        ("a//b/", "a/b/upload"),
        ("/".join("abcdefghijk") + "/x.txt", "d/e/f/g/h/i/j/k/x.txt"),
        ("گزارش‌ها/سالانه.pdf", "گزارش‌ها/سالانه.pdf"),
    ],
)
def test_safe_upload_path(raw, expected):
    assert safe_upload_path(raw) == expected


def test_uploading_a_changed_file_replaces_it_and_a_broken_one_keeps_the_old(client, api_settings):
    def upload(content: bytes) -> dict:
        answer = _upload(client, ("bulletin.en.txt", content, "text/plain"))
        assert answer.status_code == 202, answer.text
        return wait_for_job(client, answer.json()["id"])

    def bulletin_hits(query: str) -> list[dict]:
        return client.get("/search", params={"q": query, "source": "bulletin.en.txt", "mode": "lexical"}).json()[
            "results"]

    upload(b"The observatory bulletin announces a new radio telescope.")
    job = upload(b"The observatory bulletin announces a solar eclipse expedition.")
    assert job["report"]["indexed"] == 1 and job["report"]["chunks_deleted"] >= 1
    assert bulletin_hits("eclipse expedition") and not bulletin_hits("radio telescope")

    job = upload(b"\x00\x01\x02 not text at all \x00" * 20)
    assert [item["path"] for item in job["report"]["failed"]] == ["bulletin.en.txt"]
    assert bulletin_hits("eclipse expedition"), "the last good version stays searchable"
    library = api_settings.home / "uploads" / "library"
    assert (library / "bulletin.en.txt").read_bytes().startswith(b"The observatory bulletin")
    assert sorted(path.name for path in (api_settings.home / "uploads").iterdir()) == ["library"]


def test_a_files_part_that_is_not_a_file_gets_a_plain_message(client):
    answer = client.post("/ingest", data={"files": "just text"}, headers=AUTH)
    assert answer.status_code == 422
    assert answer.json()["detail"] == "files: each part must be a file (a multipart part with a filename)"
