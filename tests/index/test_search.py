"""Search mechanics with the fake embedder: modes, filters, highlights, validation, duplicates."""

from __future__ import annotations

import pytest

from index.errors import InvalidQueryError
from index.search import highlight_spans
from pipeline.normalize import search_key, tokenize

PERSIAN = ("نشست دیپلماسی علم در پژوهشکده برگزار شد. در این نشست همکاریهای علمی بینالمللی بررسی شد.\n\n"
           "کارشناسان درباره توسعه فناوری و نوآوری گفتگو کردند.")
ENGLISH = ("The Alliance of International Science Organizations held its general assembly in Beijing. "
           "Members discussed fellowships for young scientists and a training program on climate.")


@pytest.fixture
def indexed(fake_kavosh, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "meeting.fa.txt").write_text(PERSIAN, encoding="utf-8")
    (folder / "assembly.en.txt").write_text(ENGLISH, encoding="utf-8")
    fake_kavosh.ingest([folder])
    return fake_kavosh


def test_search_answer_has_the_contract_fields(indexed):
    answer = indexed.search("general assembly", k=5).to_dict()
    assert set(answer) >= {"query", "mode", "took_ms", "results"}
    hit = answer["results"][0]
    assert set(hit) >= {"chunk_id", "doc_id", "title", "source", "lang", "page", "text", "score", "highlights"}
    assert hit["source"] == "assembly.en.txt"
    assert hit["page"] == 1
    for start, end in hit["highlights"]:
        assert hit["text"][start:end].lower() in {"general", "assembly"}


@pytest.mark.parametrize("mode", ["hybrid", "dense", "lexical"])
def test_every_mode_finds_the_exact_words(indexed, mode):
    answer = indexed.search("fellowships for young scientists", k=3, mode=mode)
    assert answer.mode == mode
    assert answer.results[0].source == "assembly.en.txt"


def test_language_and_source_filters(indexed):
    assert {hit.lang for hit in indexed.search("science", k=10, lang="fa").results} == {"fa"}
    assert {hit.source for hit in indexed.search("science", k=10, source="meeting.fa.txt").results} == {
        "meeting.fa.txt"}
    assert indexed.search("science", k=10, source="nothing.pdf").results == []


def test_hybrid_returns_both_languages(indexed):
    langs = {hit.lang for hit in indexed.search("science cooperation", k=10).results}
    assert langs == {"fa", "en"}


@pytest.mark.parametrize("query", ["همکاری‌های علمی", "همکاری های علمی", "همکاریهای علمی"])
def test_a_word_typed_with_zwnj_or_space_marks_the_stored_joined_word(indexed, query):
    hit = indexed.search(query, k=1, lang="fa", mode="lexical").results[0]
    marked = [hit.text[start:end] for start, end in hit.highlights]
    assert any(search_key(word) == "همکاریهای" for word in marked), marked
    assert any(word == "علمی" for word in marked)


def test_highlights_are_spans_of_matching_words():
    text = "Science diplomacy: the diplomacy of science, and scientific cooperation."
    keys = {token.key for token in tokenize("science diplomacy")}
    spans = highlight_spans(text, keys)
    assert [text[start:end] for start, end in spans] == ["Science", "diplomacy", "diplomacy", "science"]
    assert highlight_spans(text, set()) == []


@pytest.mark.parametrize("query, k, lang, mode, field", [
    ("", 10, None, "hybrid", "q"),
    ("   ", 10, None, "hybrid", "q"),
    ("x" * 1001, 10, None, "hybrid", "q"),
    ("science", 0, None, "hybrid", "k"),
    ("science", 101, None, "hybrid", "k"),
    ("science", 10, "de", "hybrid", "lang"),
    ("science", 10, None, "fuzzy", "mode"),
])
def test_bad_requests_name_the_field(indexed, query, k, lang, mode, field):
    with pytest.raises(InvalidQueryError, match=f"^{field}:"):
        indexed.search(query, k=k, lang=lang, mode=mode)


def test_search_on_an_empty_index_returns_nothing(fake_kavosh):
    assert fake_kavosh.search("anything").results == []


def test_the_same_passage_from_two_files_is_shown_once(fake_kavosh, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "report.txt").write_text(ENGLISH, encoding="utf-8")
    (folder / "report-copy.md").write_text("# Copy\n\n" + ENGLISH, encoding="utf-8")
    fake_kavosh.ingest([folder])
    results = fake_kavosh.search("general assembly in Beijing", k=5).results
    assert len(results) == 1
    assert {results[0].source, *results[0].also_in} == {"report.txt", "report-copy.md"}


def test_timings_say_what_the_search_time_is_made_of(indexed):
    answer = indexed.search("science", k=3)
    assert set(answer.timings) == {"embed_ms", "store_ms", "facets_ms", "rest_ms"}
    assert answer.took_ms >= answer.timings["store_ms"]


def test_standardize_removes_a_language_wide_score_shift():
    """A language whose scores all sit higher (same-language bias) does not outrank the other by that alone."""
    from index.search import standardize
    from index.store import ScoredHit

    english = [ScoredHit(f"en{n}", 0.90 - 0.01 * n, {}) for n in range(20)]
    persian = [ScoredHit(f"fa{n}", 0.80 - 0.01 * n, {}) for n in range(20)]  # the same spread, 0.1 lower
    scores = standardize({"en": english, "fa": persian})
    assert scores["fa0"] == pytest.approx(scores["en0"], abs=0.2)  # raw cosine: 0.80 against 0.90
    assert scores["fa0"] > scores["en2"]


def test_standardize_judges_a_tiny_pool_against_all_candidates():
    from index.search import standardize
    from index.store import ScoredHit

    scores = standardize({"en": [ScoredHit("en", 0.9, {})], "fa": [ScoredHit("fa", 0.1, {})]})
    assert scores["en"] > 0 > scores["fa"]


def test_hits_carry_a_confidence_and_nonsense_is_weak(indexed):
    answer = indexed.search("general assembly in Beijing", k=5)
    assert not answer.weak
    assert answer.results[0].confidence == max(hit.confidence for hit in answer.results)
    nonsense = indexed.search("zzzzqqq blorptangle", k=5)
    assert nonsense.weak and nonsense.results
    assert max(hit.confidence for hit in nonsense.results) < answer.results[0].confidence


def test_other_spellings_of_a_query_word_are_marked_in_the_passage(fake_kavosh, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "visit.en.txt").write_text("Prof. Orhan Aydin of TUBITAK visited Tehran on 21 October 2025.", "utf-8")
    fake_kavosh.ingest([folder])
    hit = fake_kavosh.search("اورهان آیدین", k=1).results[0]
    assert [hit.text[start:end] for start, end in hit.highlights] == ["Orhan", "Aydin"]


class _FixedStore:
    """A store that answers with fixed hits in a given order (what differs between two ingests)."""

    def __init__(self, hits):
        self.hits = hits

    def query_batch(self, queries):
        return [[hit for hit in self.hits if hit.payload["lang"] == query.filters.get("lang", hit.payload["lang"])]
                for query in queries]

    def has_windows(self):
        return False


def _tied_hits():
    from index.store import ScoredHit

    def hit(number, doc_id, source, text):
        payload = {"kind": "chunk", "doc_id": doc_id, "chunk_no": number, "source": source, "sources": [source],
                   "lang": "en", "page": 1, "text": text}
        return ScoredHit(f"00000000-0000-0000-0000-{number:012d}", 0.5, payload)

    same = "Water security research in dry regions brings universities together."
    return [hit(1, "d-b", "b.txt", same), hit(2, "d-a", "a.txt", same),
            hit(3, "d-c", "c.txt", "Glacier retreat measured from satellite images."),
            hit(4, "d-d", "d.txt", "Fellowships for young scientists were announced.")]


@pytest.mark.parametrize("mode", ["dense", "hybrid", "lexical"])
def test_equal_scores_give_the_same_results_whatever_the_store_order(fake_embedder, mode):
    from index.search import Searcher

    hits = _tied_hits()
    forward = Searcher(_FixedStore(hits), fake_embedder).search("research", k=3, mode=mode)
    backward = Searcher(_FixedStore(hits[::-1]), fake_embedder).search("research", k=3, mode=mode)
    assert [hit.chunk_id for hit in forward.results] == [hit.chunk_id for hit in backward.results]
    duplicate = next(hit for hit in forward.results if hit.doc_id in ("d-a", "d-b"))
    assert (duplicate.source, duplicate.also_in) == ("a.txt", ["b.txt"])  # the first file represents the group
