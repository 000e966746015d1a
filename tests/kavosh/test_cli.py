"""The `kavosh` command as users run it: JSON contracts, exit codes, one-line errors, the store lock."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INGEST_KEYS = {"files_seen", "indexed", "unchanged", "failed", "chunks_added", "chunks_deleted", "seconds"}


def kavosh(*args: str, home: Path, extra_env: dict | None = None) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith("KAVOSH_")}
    env.update({"KAVOSH_HOME": str(home), **(extra_env or {})})
    return subprocess.run([sys.executable, "-m", "kavosh.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def docs(tmp_path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "note.en.txt").write_text("Science diplomacy connects researchers across borders.\n", "utf-8")
    (folder / "khabar.fa.txt").write_text("دیپلماسی علم پژوهشگران کشورها را به هم پیوند می‌دهد.\n", "utf-8")
    return folder


def test_ingest_json_search_json_and_status(docs, tmp_path):
    home = tmp_path / "home"
    result = kavosh("ingest", str(docs), "--json", home=home)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert set(report) >= INGEST_KEYS
    assert (report["indexed"], report["failed"]) == (2, [])

    again = json.loads(kavosh("ingest", str(docs), "--json", home=home).stdout.strip().splitlines()[-1])
    assert (again["indexed"], again["unchanged"], again["chunks_added"]) == (0, 2, 0)

    result = kavosh("search", "science diplomacy", "--k", "2", "--json", home=home)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["query"] == "science diplomacy" and answer["mode"] == "hybrid"
    assert {hit["lang"] for hit in answer["results"]} == {"fa", "en"}

    result = kavosh("search", "دیپلماسی علم", "--k", "2", "--format", "csv", home=home,
                    extra_env={"KAVOSH_UI_URL": "http://newsroom:8501"})
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert len(rows) == 2 and {row["source"] for row in rows} == {"note.en.txt", "khabar.fa.txt"}
    assert all(row["link"].startswith("http://newsroom:8501/document?doc=") for row in rows)

    result = kavosh("status", "--json", home=home)
    status = json.loads(result.stdout)
    assert status["documents"] == 2 and status["embedder"]["name"] == "e5-small"
    assert status["store"]["backend"] == "embedded"

    human = kavosh("status", home=home)
    assert "2 documents" in human.stdout and "e5-small" in human.stdout


def test_search_by_document_in_json_and_for_people(tmp_path):
    from tests.search_api.conftest import write_reports

    home = tmp_path / "home"
    assert kavosh("ingest", str(write_reports(tmp_path / "reports")), home=home).returncode == 0

    result = kavosh("search", "climate research teams", "--group", "document", "--k", "2", "--json", home=home)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["group"] == "document" and len(answer["documents"]) == 2
    report = answer["documents"][0]
    assert report["source"] == "report.en.txt" and len(report["passages"]) == 3
    assert answer["results"] == [hit for document in answer["documents"] for hit in document["passages"]]

    human = kavosh("search", "climate research teams", "--group", "document", "--k", "2", home=home).stdout
    lines = human.splitlines()
    assert lines[0].startswith("2 documents for 'climate research teams' (hybrid, ")
    assert lines[2].startswith("1. [en] ") and "— report.en.txt (score " in lines[2] and lines[2].endswith(
        ", 3 passages)")
    assert sum(line.startswith("   p.1 (score ") for line in lines) == 3 + len(answer["documents"][1]["passages"])
    assert sum(line.startswith(("1. ", "2. ")) for line in lines) == 2  # each document once


def test_a_bad_file_fails_alone_with_one_line_and_exit_code_1(docs, tmp_path):
    (docs / "scan.pdf").write_bytes(b"%PDF-1.7\n%truncated")
    result = kavosh("ingest", str(docs), "--json", home=tmp_path / "home")
    assert result.returncode == 1
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["indexed"] == 2
    assert [Path(failure["path"]).name for failure in report["failed"]] == ["scan.pdf"]
    error_lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(error_lines) == 1 and "scan.pdf" in error_lines[0]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [
    ["search"],
    ["search", "x", "--k", "0"],
    ["search", "x", "--mode", "fuzzy"],
    ["search", "x", "--lang", "de"],
    ["search", "x", "--group", "page"],
    ["ingest"],
    ["frobnicate"],
])
def test_usage_errors_exit_with_code_2(args, tmp_path):
    result = kavosh(*args, home=tmp_path / "home")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "usage" in result.stderr


@pytest.mark.parametrize("query", ["", "   ", "\t\n"])
def test_an_empty_query_is_a_usage_error_on_one_line(query, tmp_path):
    home = tmp_path / "home"
    result = kavosh("search", query, home=home)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == ["kavosh: error: QUERY: the query is empty"]
    assert not home.exists()  # refused before any index was opened


def test_a_bad_embedder_setting_is_a_clear_error(docs, tmp_path):
    result = kavosh("ingest", str(docs), home=tmp_path / "home", extra_env={"KAVOSH_EMBEDDER": "word2vec"})
    assert result.returncode == 2
    assert "unknown embedder 'word2vec'" in result.stderr and "Traceback" not in result.stderr


def test_a_store_held_by_another_process_gets_a_clear_message(docs, tmp_path):
    home = tmp_path / "home"
    assert kavosh("ingest", str(docs), home=home).returncode == 0
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from index.store import EdgeStore; "
         "s = EdgeStore(sys.argv[1], 'kavosh'); print('ready', flush=True); time.sleep(60)", str(home)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        result = kavosh("search", "science", home=home)
        assert result.returncode == 1
        assert f"in use by process {holder.pid}" in result.stderr
        assert "KAVOSH_API_URL" in result.stderr and "Traceback" not in result.stderr
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.1)
    assert kavosh("search", "science", home=home).returncode == 0


def test_with_kavosh_api_url_ingest_and_search_go_through_the_running_server(docs, tmp_path):
    from tests.conftest import free_port, stop, wait_until_up

    port = free_port()
    server_env = {key: value for key, value in os.environ.items() if not key.startswith("KAVOSH_")}
    server_env.update({"KAVOSH_HOME": str(tmp_path / "server-home"), "KAVOSH_API_TOKEN": "cli-token-for-the-test"})
    server = subprocess.Popen([sys.executable, "-m", "kavosh.cli", "serve", "--port", str(port)], cwd=ROOT,
                              env=server_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{url}/health", server)
        client_env = {"KAVOSH_API_URL": url, "KAVOSH_API_TOKEN": "cli-token-for-the-test"}
        (docs / "scan.pdf").write_bytes(b"%PDF-1.7\n%truncated")
        result = kavosh("ingest", str(docs), "--json", home=tmp_path / "unused", extra_env=client_env)
        assert result.returncode == 1, result.stderr
        report = json.loads(result.stdout.strip().splitlines()[-1])
        assert (report["files_seen"], report["indexed"]) == (3, 2)
        assert [Path(item["path"]) for item in report["failed"]] == [docs / "scan.pdf"]

        answer = json.loads(kavosh("search", "science diplomacy", "--json", home=tmp_path / "unused",
                                   extra_env=client_env).stdout)
        assert {hit["source"] for hit in answer["results"]} == {"note.en.txt", "khabar.fa.txt"}

        refused = kavosh("ingest", str(docs), "--prune", home=tmp_path / "unused", extra_env=client_env)
        assert refused.returncode == 2 and "--prune" in refused.stderr
        no_token = kavosh("ingest", str(docs), home=tmp_path / "unused", extra_env={"KAVOSH_API_URL": url})
        assert no_token.returncode == 2 and "KAVOSH_API_TOKEN" in no_token.stderr
    finally:
        stop(server)
    assert not (tmp_path / "unused").exists()


def test_markup_like_text_in_a_query_is_printed_as_it_is(docs, tmp_path):
    home = tmp_path / "home"
    assert kavosh("ingest", str(docs), home=home).returncode == 0
    result = kavosh("search", "[/x] [bold]science[/bold]", "--k", "1", home=home)
    assert result.returncode == 0, result.stderr
    assert "[/x] [bold]science[/bold]" in result.stdout


def test_home_with_a_tilde_is_expanded_once_for_every_part(monkeypatch, tmp_path):
    from kavosh.settings import Settings

    monkeypatch.setenv("HOME", str(tmp_path))
    assert Settings(home="~/kavosh-home").home == tmp_path / "kavosh-home"


def test_nonsense_is_answered_with_the_closest_passages_under_a_notice(docs, tmp_path):
    home = tmp_path / "home"
    assert kavosh("ingest", str(docs), home=home).returncode == 0
    answer = json.loads(kavosh("search", "zzzzqqq nonexistent", "--json", home=home).stdout)
    assert answer["weak"] is True and answer["results"]
    assert all(0.0 <= hit["confidence"] <= 1.0 for hit in answer["results"])
    human = kavosh("search", "zzzzqqq nonexistent", home=home).stdout
    assert "no strong matches; closest passages below" in human
    assert "no strong matches" not in kavosh("search", "science diplomacy", home=home).stdout


def test_reindex_rebuilds_beside_the_live_index_and_switches(docs, tmp_path):
    home = tmp_path / "home"
    assert kavosh("ingest", str(docs), home=home).returncode == 0
    result = kavosh("reindex", "--drop-old", "--json", home=home)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["documents"] == 2 and report["collection"].startswith("kavosh--") and report["dropped_previous"]
    answer = json.loads(kavosh("search", "science diplomacy", "--k", "2", "--json", home=home).stdout)
    assert {hit["source"] for hit in answer["results"]} == {"note.en.txt", "khabar.fa.txt"}
    status = json.loads(kavosh("status", "--json", home=home).stdout)
    assert status["documents"] == 2 and status["store"]["collection"] == report["collection"]


def test_search_filters_sort_by_date_and_shows_facets(tmp_path):
    from tests.index.test_filtering import write_dated_corpus

    home = tmp_path / "home"
    assert kavosh("ingest", str(write_dated_corpus(tmp_path / "corpus")), home=home).returncode == 0
    after = kavosh("search", "science diplomacy", "--date-from", "2020-01-01", "--json", home=home)
    assert after.returncode == 0, after.stderr
    assert [hit["source"] for hit in json.loads(after.stdout)["results"]] == ["nokhbegan.fa.txt"]
    newest = json.loads(kavosh("search", "science diplomacy", "--sort", "date", "--folder", "news",
                               "--folder", "archive", "--json", home=home).stdout)
    assert [hit["date"] for hit in newest["results"]] == ["2024-12-18", "2019-03-12", ""]
    human = kavosh("search", "science diplomacy", "--entity", "org:anso", home=home).stdout
    assert "year: 2019 (1), 2024 (1)" in human or "year: 2024 (1), 2019 (1)" in human
    assert "entities: org:anso (2)" in human
    bad = kavosh("search", "science", "--date-to", "2024-02-30", home=home)
    assert bad.returncode == 2 and bad.stderr.strip().count("\n") == 0 and "date_to" in bad.stderr
