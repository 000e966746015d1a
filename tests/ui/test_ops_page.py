"""The ops page: what is indexed, the last ingest, and uploads with progress and per-file errors."""

from __future__ import annotations

import json

from search_api.client import ApiError
from tests.ui.fake_api import STATS, UNREACHABLE, FakeApi, texts_of

VIEW = "views/ops.py"


def metrics(app) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def upload(app, files, token="secret"):
    app.file_uploader[0].set_value(files)
    next(field for field in app.text_input if field.label == "API token").input(token)
    app.button[0].click().run()  # the form's submit button
    return app


def test_overview_counts_chart_and_store(make_app):
    app = make_app(FakeApi(), view=VIEW)
    assert not app.exception
    shown = metrics(app)
    assert shown["Documents"] == "2" and shown["Passages (chunks)"] == "7"
    assert shown["Persian docs / chunks"] == "1 / 3" and shown["English docs / chunks"] == "1 / 4"
    assert "e5-small (384 dimensions)" in texts_of(app) and "qdrant-edge" in texts_of(app)
    chart = json.loads(app.get("vega_lite_chart")[0].proto.spec)
    assert chart["mark"]["type"] == "bar"
    assert chart["encoding"]["y"]["field"] == "source" and chart["encoding"]["color"]["field"] == "lang"
    assert list(app.dataframe[0].value["source"]) == [
        "nrisp-science-diplomacy-meeting.fa.txt",
        "anso-newsletter.en.pdf",
    ]


def test_a_cut_source_list_says_it_shows_the_first_of_all_documents(make_app):
    assert "documents." not in texts_of(make_app(FakeApi(), view=VIEW))
    app = make_app(FakeApi(stats=STATS | {"documents": 67000, "sources_truncated": True}), view=VIEW)
    assert not app.exception
    assert "The first 2 of 67000 documents." in texts_of(app)


def test_last_ingest_with_its_failed_files(make_app):
    app = make_app(FakeApi(), view=VIEW)
    shown = metrics(app)
    assert shown["Files seen"] == "3" and shown["Indexed"] == "2" and shown["Failed"] == "1"
    assert shown["Chunks +/−"] == "7 / 0" and shown["Seconds"] == "4.2"
    assert "Finished at 2025-11-24T22:40:00Z" in texts_of(app)
    failed = app.table[0].value
    assert list(failed["file"]) == ["broken.pdf"] and list(failed["error"]) == ["not a PDF: no header"]


def test_empty_index(make_app):
    stats = {
        "documents": 0,
        "chunks": 0,
        "languages": {},
        "sources": [],
        "embedder": {"name": "e5-small", "dim": 384},
        "store": {"backend": "qdrant-edge", "collection": "kavosh"},
        "last_ingest": None,
    }
    app = make_app(FakeApi(stats=stats), view=VIEW)
    assert not app.exception
    assert "Nothing is indexed yet" in app.info[0].value
    assert "No ingest has run since this index was made." in texts_of(app)


def test_upload_indexes_files_and_reports(make_app):
    api = FakeApi()
    app = make_app(api, view=VIEW)
    upload(
        app, [("گزارش.txt", "متن گزارش".encode(), "text/plain"), ("notes.md", b"# Notes", "text/markdown")]
    )
    assert not app.exception
    sent = api.calls_to("ingest")[0]
    assert sent["files"] == [("گزارش.txt", "متن گزارش".encode()), ("notes.md", b"# Notes")]
    assert sent["token"] == "secret"
    assert [call["job_id"] for call in api.calls_to("job")] == ["job-1", "job-1"]
    assert (
        app.success[0].value
        == "Indexed: 2 indexed, 0 unchanged, 0 failed; 5 chunks added, 0 removed, in 1.2 s."
    )
    assert len(api.calls_to("stats")) >= 2  # the counts were fetched again after the job


def test_upload_shows_each_failed_file(make_app):
    app = make_app(FakeApi(), view=VIEW)
    upload(app, [("ok.txt", b"fine", "text/plain"), ("broken.pdf", b"%PDF-", "application/pdf")])
    assert "Indexed with errors: 1 indexed, 0 unchanged, 1 failed" in app.warning[0].value
    errors = app.table[-1].value
    assert list(errors["file"]) == ["broken.pdf"] and list(errors["error"]) == ["no text could be read"]


def test_failed_job_says_why(make_app):
    app = make_app(FakeApi(job_steps=("running", "failed")), view=VIEW)
    upload(app, [("ok.txt", b"fine", "text/plain")])
    assert "the store is locked by another process" in app.error[0].value


def test_upload_needs_files_and_a_token(make_app):
    api = FakeApi()
    app = make_app(api, view=VIEW)
    app.button[0].click().run()
    assert "Choose at least one file to index." in texts_of(app)
    upload(app, [("ok.txt", b"fine", "text/plain")], token="")
    assert "Enter the API token: uploads need it." in texts_of(app)
    assert api.calls_to("ingest") == []


def test_wrong_token_shows_the_api_message(make_app):
    app = make_app(FakeApi(), view=VIEW)
    upload(app, [("ok.txt", b"fine", "text/plain")], token="guess")
    assert "Authorization: the token is not valid" in app.warning[0].value


def test_api_without_uploads(make_app):
    api = FakeApi()
    app = make_app(api, view=VIEW)
    api.ingest = lambda paths, collection=None: (_ for _ in ()).throw(
        ApiError("404: Not Found", status_code=404)
    )
    upload(app, [("ok.txt", b"fine", "text/plain")])
    assert "This API does not take uploads: start it with `KAVOSH_API_TOKEN` set." in app.error[0].value


def test_unreachable_api_keeps_the_page_usable(make_app):
    app = make_app(FakeApi(error=UNREACHABLE), view=VIEW)
    assert not app.exception
    assert "not answering" in app.error[0].value
    assert app.file_uploader  # the form is still there
