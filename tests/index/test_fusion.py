"""The merge of languages (index.fusion) and the confidence of hits (index.confidence), on hand-made candidates."""

from __future__ import annotations

import numpy as np
import pytest

from index.confidence import ConfidenceModel, confidence_model
from index.fusion import LogisticModel, Words, coverage, fit_logistic, gather, load_models, ranker, word_matches
from index.store import ScoredHit


def hit(point_id: str, score: float, lang: str, keys: list[str] = ()) -> ScoredHit:
    return ScoredHit(point_id, score, {"lang": lang, "keys": list(keys), "text": point_id})


def passage_keys(payload: dict) -> set[str]:
    return set(payload["keys"])


def test_coverage_counts_a_words_other_spellings_and_most_of_a_names_words():
    keys = {"anso", "eaeu"}
    alternatives = {"anso": {"انسو"}, "eaeu": {"اتحادیه اقتصادی اوراسیا"}}
    assert coverage({"انسو"}, keys, alternatives) == 0.5
    assert coverage({"انسو", "اتحادیه", "اوراسیا"}, keys, alternatives) == 1.0  # two of three words
    assert coverage({"اوراسیا"}, keys, alternatives) == 0.0
    assert coverage({"ansoscholarship"}, keys) == 0.5  # a query word of four letters begins a longer word
    assert coverage({"anso"}, set()) == 0.0


def test_gather_gives_every_candidate_comparable_features():
    tail = [0.80 - 0.002 * n for n in range(40)]  # both languages: one passage standing out, then a long tail
    dense = {"en": [hit("e1", 0.90, "en", ["anso"])] + [hit(f"e{n + 2}", s, "en") for n, s in enumerate(tail)],
             "fa": [hit("f1", 0.80, "fa", ["انسو"])] + [hit(f"f{n + 2}", s - 0.1, "fa") for n, s in enumerate(tail)]}
    candidates = gather(dense, None, {"en": [], "fa": []}, "en", {"anso"}, {"anso": {"انسو"}}, passage_keys)
    z = dict(zip(candidates.ids, candidates.features["dense_z"], strict=True))
    # the Persian pool sits lower as a whole: its best passage stands out as much as the English one
    assert z["e1"] == pytest.approx(z["f1"], abs=0.3) and z["f1"] > z["e2"] + 2
    same = dict(zip(candidates.ids, candidates.features["same_language"], strict=True))
    assert same["e1"] == 1.0 and same["f1"] == 0.0
    covered = dict(zip(candidates.ids, candidates.features["coverage"], strict=True))
    assert covered["f1"] == 1.0 and covered["f2"] == 0.0
    assert candidates.known_share == 1.0
    assert "window_z" not in candidates.features  # a collection without windows


def test_a_passage_only_keyword_search_found_gets_its_languages_lowest_dense_score():
    dense = {"en": [hit("e1", 0.90, "en"), hit("e2", 0.80, "en")], "fa": [hit("f1", 0.8, "fa")]}
    lexical = {"en": [hit("e9", 3.0, "en", ["anso"])], "fa": []}
    candidates = gather(dense, None, lexical, "en", {"anso"}, {}, passage_keys)
    raw = dict(zip(candidates.ids, candidates.features["dense"], strict=True))
    assert raw["e9"] == 0.80
    assert candidates.bm25 == {"e9": 3.0}
    assert set(candidates.dense_scores) == {"e1", "e2", "f1"}  # `dense` mode ranks what dense search found


def test_known_share_is_low_when_no_candidate_holds_the_querys_words():
    dense = {"en": [hit("e1", 0.8, "en", ["science"])], "fa": [hit("f1", 0.8, "fa", ["علم"])]}
    candidates = gather(dense, {"en": [], "fa": []}, {"en": [], "fa": []}, "en", {"zzzzqqq", "science"}, {},
                        passage_keys)
    assert candidates.known_share == 0.5
    assert "window_z" in candidates.features


def test_fit_logistic_learns_which_feature_tells_and_round_trips():
    rng = np.random.default_rng(0)
    informative, noise = rng.normal(size=400), rng.normal(size=400)
    labels = (informative + 0.3 * rng.normal(size=400) > 0.8).astype(float)
    model = fit_logistic({"informative": informative, "noise": noise}, labels)
    weights = dict(zip(model.features, model.weights, strict=True))
    assert weights["informative"] > 2 and abs(weights["noise"]) < 0.5
    again = LogisticModel.from_dict(model.to_dict())
    columns = {"informative": np.array([2.0, -1.0]), "noise": np.array([0.0, 0.0])}
    assert np.allclose(again.logit(columns), model.logit(columns))
    assert model.logit(columns)[0] > 0 > model.logit(columns)[1]


def test_balanced_weights_let_a_rare_group_count():
    informative = np.array([1.0, 1.0, 0.0, 0.0])
    labels = np.array([1.0, 0.0, 0.0, 0.0])
    light = fit_logistic({"x": informative}, labels, weights=np.array([1.0, 3.0, 1.0, 1.0]))
    heavy = fit_logistic({"x": informative}, labels, weights=np.array([3.0, 1.0, 1.0, 1.0]))
    assert heavy.weights[0] > light.weights[0]


def test_the_committed_models_have_both_variants_with_their_features():
    models = load_models()
    assert ranker(with_windows=True).features == ("dense_z", "window_z", "same_language", "coverage")
    assert ranker(with_windows=False).features == ("dense_z", "same_language", "coverage")
    for variant in ("windows", "plain"):
        model = confidence_model(variant == "windows", models["fitted_on"]["embedder"])
        assert 0 < model.threshold < 1
        assert model.query.features == ("known_share", "top_dense")
        assert confidence_model(variant == "windows", "st:another-model").query.features == ("known_share",)
    assert "dev" in models["fitted_on"]["questions"]


def test_confidence_is_a_probability_and_weak_means_the_collection_likely_holds_no_answer():
    model = ConfidenceModel(hit=LogisticModel(("ranker",), (0.0,), (1.0,), (1.0,), 0.0),
                            query=LogisticModel(("known_share", "top_dense"), (0.0, 0.0), (1.0, 1.0), (6.0, 0.0),
                                                -3.0),
                            threshold=0.3)
    known, unknown = model.answerable(1.0, 0.8), model.answerable(0.0, 0.8)
    assert known == pytest.approx(1 / (1 + np.exp(-3))) and unknown == pytest.approx(1 / (1 + np.exp(3)))
    confidences = model.confidences(np.array([3.0, 0.0]), known)
    assert np.all((confidences >= 0) & (confidences <= 1)) and confidences[0] > confidences[1]
    assert confidences[0] == pytest.approx(known / (1 + np.exp(-3)))
    assert np.all(model.confidences(np.array([3.0, 0.0]), unknown) < confidences)
    assert not model.is_weak(known) and model.is_weak(unknown)


@pytest.mark.parametrize("word, keys, expected", [
    ("cooperation", {"cooperation"}, "cooperation"),
    ("cooperations", {"cooperation", "coop"}, "cooperation"),  # the longest key that begins it
    ("cooperations", {"coo"}, None),  # a key under four letters must match whole
    ("همکاریها", {"همکاری"}, "همکاری"),
    ("science", {"diplomacy"}, None),
])
def test_word_matches_a_query_key_it_equals_or_that_begins_it(word, keys, expected):
    assert word_matches(word, keys) == expected


def test_words_find_a_beginning_by_bisection_as_a_scan_would():
    passage = ["ansoscholarship", "anso", "cooperation", "دیپلماسی", "همکاریهای", "zeta"]
    words = Words(passage)
    for word in ("anso", "ansos", "coop", "coopx", "همکاری", "دیپل", "zet", "zeta", "zetas", "a", ""):
        scanned = word in passage or (len(word) >= 4 and any(w.startswith(word) for w in passage))
        assert words.has(word) == scanned, word
