"""Terminal output of search results: the weak-answer notice and each hit's confidence."""

from __future__ import annotations

from kavosh.console import WEAK_NOTICE, print_results, print_status

HIT = {"chunk_id": "c1", "doc_id": "d1", "title": "Note", "source": "note.en.txt", "lang": "en", "page": 1,
       "text": "Science diplomacy connects researchers.", "score": 1.5, "confidence": 0.82, "highlights": [[0, 7]]}


def answer(weak: bool, results: list[dict]) -> dict:
    return {"query": "science", "mode": "hybrid", "took_ms": 3.0, "results": results, "weak": weak}


def test_a_weak_answer_prints_the_notice_before_the_closest_passages(capsys):
    print_results(answer(True, [HIT]), color=False)
    out = capsys.readouterr().out
    assert WEAK_NOTICE in out
    assert out.index(WEAK_NOTICE) < out.index("1. [en] Note")
    assert "confidence 0.82" in out


def test_a_strong_answer_and_an_answer_from_an_older_server_print_no_notice(capsys):
    print_results(answer(False, [HIT]), color=False)
    older = {key: value for key, value in answer(False, [HIT]).items() if key != "weak"}
    print_results(older, color=False)
    assert WEAK_NOTICE not in capsys.readouterr().out


def _status(store: dict) -> dict:
    return {"documents": 1, "chunks": 1, "store": store, "embedder": {"name": "fake", "dim": 3}, "languages": {},
            "sources": []}


def test_status_says_when_an_index_was_built_before_sentence_windows(capsys):
    print_status(_status({"backend": "embedded", "collection": "kavosh", "windows": False}))
    assert "kavosh reindex" in capsys.readouterr().out
    print_status(_status({"backend": "embedded", "collection": "kavosh", "windows": True}))
    print_status(_status({"backend": "embedded", "collection": "kavosh"}))  # an older server says nothing
    assert "reindex" not in capsys.readouterr().out

