"""Knowing when nothing matches, and finding names and dates across scripts (the real model, the demo corpus)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow

NO_MATCH = [
    "zzzzqqq nonexistent",
    "ققققق ژژژژ ثثثث",
    "Who is Bartholomew Quigglesworth?",
    "کریستیانو رونالدو در النصر",
    "best chocolate cake recipe",
    "دستور پخت قرمه سبزی",
]
REAL = [
    "second meeting of Iranian experts who returned home",
    "ANSO scholarship for doctoral students",
    "نشست دیپلماسی علم و فناوری در مرکز تحقیقات سیاست علمی",
    "مجمع جهانی علم بوداپست چند شرکت‌کننده داشت؟",
]


@pytest.mark.parametrize("query", NO_MATCH)
def test_nonsense_absent_names_and_off_topic_questions_are_flagged_weak(demo_kavosh, query):
    answer = demo_kavosh.search(query, k=5)
    assert answer.weak
    assert answer.results, "the closest passages are still shown"


@pytest.mark.parametrize("query", REAL)
def test_real_questions_are_not_flagged_and_their_best_hit_is_confident(demo_kavosh, query):
    answer = demo_kavosh.search(query, k=5)
    assert not answer.weak
    confidences = [hit.confidence for hit in answer.results]
    nonsense = demo_kavosh.search("zzzzqqq nonexistent", k=5).results
    assert confidences[0] == max(confidences) > 2 * max(hit.confidence for hit in nonsense)


@pytest.mark.parametrize("mode", ["dense", "lexical"])
def test_every_mode_carries_confidence_and_the_weak_flag(demo_kavosh, mode):
    assert demo_kavosh.search("zzzzqqq nonexistent", k=3, mode=mode).weak
    answer = demo_kavosh.search("ANSO scholarship for doctoral students", k=3, mode=mode)
    assert not answer.weak and all(0 <= hit.confidence <= 1 for hit in answer.results)


def test_a_persian_name_finds_the_english_passage_that_spells_it_in_latin(demo_kavosh):
    hits = demo_kavosh.search("اورهان آیدین توبیتاک", k=5).results
    answer = next(hit for hit in hits if "Orhan" in hit.text)
    assert answer.lang == "en"
    assert any(answer.text[start:end] == "Orhan" for start, end in answer.highlights)


def test_a_gregorian_date_finds_the_persian_passage_with_the_jalali_date(demo_kavosh):
    hits = demo_kavosh.search("Iranian returnees meeting on 21 October 2025", k=5).results
    assert any(hit.lang == "fa" and "۱۴۰۴" in hit.text for hit in hits[:3])
