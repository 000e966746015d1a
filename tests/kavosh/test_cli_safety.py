"""The CLI on hostile or broken ground: addresses, ports, odd paths, engine failures, terminal escapes."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from kavosh import cli
from kavosh.console import print_results, print_status, printable
from tests.fakes import FullDisk
from tests.kavosh.test_cli import kavosh


@pytest.fixture
def fake_model(monkeypatch, fake_embedder):
    """The CLI in this process, with the fake embedder instead of the bundled model."""
    monkeypatch.setattr("index.service.make_embedder", lambda name: fake_embedder)


@pytest.fixture
def docs(tmp_path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "note.en.txt").write_text("Science diplomacy connects researchers across borders.\n", "utf-8")
    return folder


@pytest.mark.parametrize("args", [
    ["serve", "--port", "99999"],
    ["serve", "--port", "0"],
    ["serve", "--host", "http://example.org"],
    ["ui", "--port", "70000"],
    ["ui", "--host", "two words"],
    ["ingest", "x", "--collection", "../x"],
    ["search", "x", "--collection", "a/b"],
])
def test_bad_addresses_ports_and_collections_are_usage_errors(args, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(args)
    assert exit_info.value.code == 2
    assert "usage" in capsys.readouterr().err


def test_a_collection_from_the_environment_is_checked_too(monkeypatch, capsys):
    monkeypatch.setenv("KAVOSH_COLLECTION", "../outside")
    assert cli.main(["status"]) == 2
    assert "collection" in capsys.readouterr().err


@pytest.mark.parametrize("command, runner", [("serve", "search_api.main.serve"), ("ui", "ui.launch.run_ui")])
def test_binding_beyond_loopback_says_what_becomes_reachable(command, runner, monkeypatch, capsys):
    monkeypatch.setattr(runner, lambda *args, **kwargs: None)
    assert cli.main([command, "--host", "127.0.0.1", "--port", "8123"]) == 0
    assert capsys.readouterr().err == ""
    assert cli.main([command, "--host", "0.0.0.0", "--port", "8123"]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1
    assert "0.0.0.0:8123" in lines[0] and "every network" in lines[0] and "KAVOSH_READ_TOKEN" in lines[0]


def test_devices_and_fifos_on_the_command_line_are_refused_with_a_line_each(docs, tmp_path, fake_model, capsys):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    code = cli.main(["ingest", "/dev/zero", str(fifo), str(docs), "--json"])
    captured = capsys.readouterr()
    assert code == 1
    report = json.loads(captured.out.strip().splitlines()[-1])
    assert report["indexed"] == 1
    assert {item["path"]: item["error"] for item in report["failed"]} == {
        "/dev/zero": "not a regular file (a device, FIFO or socket)",
        str(fifo): "not a regular file (a device, FIFO or socket)"}
    assert len(captured.err.splitlines()) == 2


def test_a_link_out_of_an_ingested_folder_is_skipped_and_reported(docs, tmp_path, fake_model, capsys):
    secret = tmp_path / "private.en.txt"
    secret.write_text("Salaries of everyone in the newsroom.", "utf-8")
    (docs / "innocent.en.txt").symlink_to(secret)
    (docs / "inside.en.txt").symlink_to(docs / "note.en.txt")  # stays inside: same bytes, same document
    assert cli.main(["ingest", str(docs), "--json"]) == 0
    captured = capsys.readouterr()
    report = json.loads(captured.out.strip().splitlines()[-1])
    outside = {"path": str(docs / "innocent.en.txt"), "error": "a link to a file outside the folder"}
    assert report["skipped"] == [outside]
    assert "skipped" in captured.err and "innocent.en.txt" in captured.err
    assert cli.main(["search", "salaries newsroom", "--json"]) == 0
    assert "Salaries" not in capsys.readouterr().out


def test_an_engine_failure_is_one_line_and_exit_1(docs, fake_model, monkeypatch, capsys):
    assert cli.main(["ingest", str(docs)]) == 0
    capsys.readouterr()
    from index.store import EdgeStore

    real_load = EdgeStore._load

    def load_then_break(self, path):
        shard = real_load(self, path)
        shard._target = FullDisk()
        return shard

    monkeypatch.setattr(EdgeStore, "_load", load_then_break)
    for args in (["search", "science"], ["status"], ["ingest", str(docs)]):
        assert cli.main(args) == 1
        lines = capsys.readouterr().err.splitlines()
        assert len(lines) == 1 and "No space left on device" in lines[0], lines


def test_an_os_error_from_the_store_is_one_line_and_exit_1(docs, fake_model, monkeypatch, capsys):
    def full(self, name, value):
        raise OSError(28, "No space left on device", "last_ingest.json")

    monkeypatch.setattr("index.store.EdgeStore.write_state", full)
    assert cli.main(["ingest", str(docs)]) == 1
    assert capsys.readouterr().err.splitlines() == ["kavosh: error: last_ingest.json: No space left on device"]


def test_a_corrupt_collection_description_is_exit_1_naming_the_file(docs, fake_model, capsys):
    assert cli.main(["ingest", str(docs)]) == 0
    home = Path(os.environ["KAVOSH_HOME"])
    (home / "collections" / "kavosh" / "collection.json").write_text('{"embedder": "fa')
    assert cli.main(["status"]) == 1
    err = capsys.readouterr().err
    assert "collection.json" in err and len(err.splitlines()) == 1


def test_kavosh_check_reports_and_repairs(docs, fake_model, capsys):
    assert cli.main(["ingest", str(docs)]) == 0
    from index.service import Kavosh
    from kavosh.settings import get_settings

    with Kavosh.open(get_settings()) as index:
        record_id, _ = next(index.store.scroll({"kind": "document"}))
        index.store.delete_ids([record_id])
    capsys.readouterr()
    assert cli.main(["check"]) == 1
    assert "orphan chunks (no document record): 1" in capsys.readouterr().out
    assert cli.main(["check", "--repair", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["repaired"] is True and len(report["orphan_chunks"]) == 1
    assert cli.main(["check"]) == 0
    assert "the index is consistent" in capsys.readouterr().out


def test_files_under_the_home_are_private(docs, tmp_path):
    home = tmp_path / "home"
    assert kavosh("ingest", str(docs), home=home).returncode == 0
    readable = [path for path in [home, *home.rglob("*")] if stat.S_IMODE(path.stat().st_mode) & 0o077]
    assert readable == []


ESCAPES = "\x1b]0;owned\x07\x1b[2J\x1b[31mred\x9b1m"


def test_terminal_escapes_in_indexed_text_are_not_printed(capsys):
    hit = {"chunk_id": "c", "doc_id": "d", "title": f"T{ESCAPES}", "source": f"s{ESCAPES}.txt", "lang": "en",
           "page": 1, "text": f"before {ESCAPES} after", "score": 1.0, "highlights": [[0, 6]], "also_in": [ESCAPES]}
    print_results({"query": f"q{ESCAPES}", "mode": "hybrid", "took_ms": 1.0, "results": [hit]}, color=False)
    print_status({"documents": 1, "chunks": 1, "store": {"backend": "embedded", "location": None,
                                                          "collection": "kavosh"},
                  "embedder": {"name": "fake", "dim": 3}, "languages": {},
                  "sources": [{"source": f"s{ESCAPES}", "lang": "en", "pages": 1, "chunks": 1, "title": ESCAPES}]})
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert "before" in out and "after" in out and "red" in out


def test_status_of_a_large_archive_says_the_sources_listed_are_the_first_of_all(capsys):
    source = {"source": "a.txt", "lang": "en", "pages": 1, "chunks": 15, "title": "A"}
    stats = {"documents": 67000, "chunks": 1000000, "store": {"backend": "embedded", "collection": "kavosh"},
             "embedder": {"name": "fake", "dim": 3}, "languages": {}, "sources": [source]}
    print_status(stats)
    assert "documents)" not in capsys.readouterr().out
    print_status(stats | {"sources_truncated": True})
    assert "(the first 1 of 67000 documents)" in capsys.readouterr().out


def test_printable_keeps_text_and_lines():
    assert printable("سلام\tworld\nnext") == "سلام\tworld\nnext"
    assert printable("a\x1bb") == "a\ufffdb"


def test_serve_refuses_a_short_token_before_loading_anything(monkeypatch, capsys):
    monkeypatch.setenv("KAVOSH_API_TOKEN", "short")
    monkeypatch.setattr("index.service.Kavosh.open", lambda *args, **kwargs: pytest.fail("opened the index"))
    assert cli.main(["serve"]) == 2
    assert "KAVOSH_API_TOKEN: must be at least 16 characters (got 5)" in capsys.readouterr().err


def test_through_the_api_the_read_token_searches_but_does_not_upload(monkeypatch):
    monkeypatch.setenv("KAVOSH_API_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("KAVOSH_READ_TOKEN", "reader-token-for-the-newsroom")
    from kavosh.settings import get_settings

    index = cli.open_index(get_settings())
    try:
        assert index.client.token == "reader-token-for-the-newsroom"
        with pytest.raises(ValueError, match="KAVOSH_API_TOKEN"):
            index.ingest([Path(".")])
    finally:
        index.close()
