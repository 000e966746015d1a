"""The keyword side's sparse vectors: stable term indices, BM25 tf weights, word pairs, Persian spellings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from index.lexical import AVERAGE_TERMS, K1, PHRASE_WEIGHT, document_vector, query_vector, term_index
from pipeline.normalize import terms

ROOT = Path(__file__).resolve().parents[2]


def weights(vector) -> dict[int, float]:
    return dict(zip(vector.indices, vector.values, strict=True))


def weight_of(vector, feature: str) -> float:
    return weights(vector)[term_index(feature)]


def test_term_indices_are_the_same_in_every_python_run():
    """Stored collections hold these indices: they must not depend on Python's per-run string hashing."""
    script = "from index.lexical import term_index; print(term_index('science'), term_index('دیپلماسی'))"
    outputs = set()
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True,
                                text=True, timeout=60, check=True)
        outputs.add(result.stdout.strip())
    assert outputs == {f"{term_index('science')} {term_index('دیپلماسی')}"}
    # Pinned: a change here silently breaks the keyword side of every index already built.
    assert (term_index("science"), term_index("دیپلماسی")) == (1729573288, 1093642034)


def test_term_indices_are_31_bit_and_tell_terms_apart():
    words = terms("science diplomacy researchers countries دیپلماسی علم فناوری همکاری")
    indices = [term_index(word) for word in words]
    assert len(set(indices)) == len(words)
    assert all(0 <= index < 2**31 for index in indices)


def test_vectors_are_sorted_and_each_index_appears_once():
    vector = document_vector(terms("water water security water climate security"))
    assert vector.indices == sorted(set(vector.indices))
    assert len(vector.values) == len(vector.indices)


def test_term_frequency_saturates_towards_k1_plus_1():
    """BM25: each repeat adds less than the one before, and no count reaches K1 + 1."""
    def tf_weight(count: int) -> float:
        # Padding keeps the document's length fixed, so only the count changes.
        words = ["water"] * count + [f"pad{n}" for n in range(20 - count)]
        return weight_of(document_vector(words), "water")

    series = [tf_weight(count) for count in (1, 2, 3, 5, 10)]
    assert all(earlier < later for earlier, later in zip(series, series[1:], strict=False))
    gains = [later - earlier for earlier, later in zip(series, series[1:], strict=False)]
    per_repeat = [gains[0], gains[1], gains[2] / 2, gains[3] / 5]
    assert all(earlier > later for earlier, later in zip(per_repeat, per_repeat[1:], strict=False))
    assert series[-1] < K1 + 1


def test_a_word_in_a_longer_passage_weighs_less():
    """BM25's length normalization (b): one mention in a long passage is weaker evidence."""
    short = document_vector(["water"] + [f"pad{n}" for n in range(9)])
    long = document_vector(["water"] + [f"pad{n}" for n in range(299)])
    assert weight_of(short, "water") > weight_of(long, "water")


def test_a_single_mention_in_an_average_length_passage_weighs_one():
    """At the average length the BM25 tf part of a single mention is (K1 + 1) / (1 + K1) = 1."""
    words = ["water"] + [f"pad{n}" for n in range(int(AVERAGE_TERMS) - 1)]
    assert weight_of(document_vector(words), "water") == pytest.approx(1.0)


def test_adjacent_words_are_added_as_pairs_at_phrase_weight():
    words = terms("water security climate")
    assert words == ["water", "security", "climate"]
    document = weights(document_vector(words))
    assert len(document) == 5  # three words, two pairs
    for pair in ("water security", "security climate"):
        assert document[term_index(pair)] == pytest.approx(PHRASE_WEIGHT * document[term_index("water")])
    assert term_index("water climate") not in document  # not adjacent

    query = weights(query_vector("water security"))
    assert query == {term_index("water"): 1.0, term_index("security"): 1.0,
                     term_index("water security"): PHRASE_WEIGHT}


def test_a_query_counts_each_term_once_and_matches_the_passages_terms():
    text = "Science diplomacy: science and diplomacy for science."
    query = weights(query_vector(text))
    document = weights(document_vector(terms(text)))
    assert set(query) == set(document)  # the same terms and pairs, hashed the same way
    assert set(query.values()) == {1.0, PHRASE_WEIGHT}  # repeats do not add up in a query
    assert document[term_index("science")] > document[term_index("diplomacy")]  # in a passage they do


def test_a_query_scores_the_passage_that_shares_its_phrase_highest():
    def score(query: str, passage: str) -> float:
        q, d = weights(query_vector(query)), weights(document_vector(terms(passage)))
        return sum(value * d.get(index, 0.0) for index, value in q.items())

    phrase = score("science diplomacy", "The meeting was about science diplomacy in Asia.")
    scattered = score("science diplomacy", "Diplomacy was discussed; science was not on the agenda.")
    unrelated = score("science diplomacy", "Rainfall was low this winter.")
    assert phrase > scattered > unrelated == 0.0


@pytest.mark.parametrize("text", ["", "   \n ", "the of and to", "و در به از که", "!!! ... ؟"])
def test_text_without_content_words_gives_an_empty_falsy_vector(text):
    for vector in (query_vector(text), document_vector(terms(text))):
        assert not vector
        assert (vector.indices, vector.values) == ([], [])


@pytest.mark.parametrize("spellings", [
    ("می‌شود", "می شود", "میشود"),  # ZWNJ, space, joined
    ("همکاری‌های علمی", "همکاری های علمی", "همکاریهای علمی"),
    ("بین‌المللی", "بین المللی", "بینالمللی"),
    ("علي", "علی"),  # Arabic and Persian yeh
    ("كتاب", "کتاب"),  # Arabic and Persian kaf
    ("سال ۱۴۰۲", "سال 1402", "سال ١٤٠٢"),  # Persian, ASCII and Arabic-Indic digits
    ("همکاری‌هاي علمي در سال ۱۴۰۲", "همکاری های علمی در سال 1402"),
])
def test_spelling_variants_of_persian_words_map_to_the_same_indices(spellings):
    queries = [query_vector(spelling) for spelling in spellings]
    documents = [document_vector(terms(spelling)) for spelling in spellings]
    assert queries[0]
    assert all(query == queries[0] for query in queries)
    assert all(document == documents[0] for document in documents)
