"""Names, acronyms, dates and numbers across scripts and calendars (index.aliases), and where the index keeps them."""

from __future__ import annotations

import sqlite3
from collections import Counter

import pytest

from index.aliases import (
    calendar_alternatives,
    parenthesis_aliases,
    query_alternatives,
    skeleton,
    vowels_fit,
)
from index.vocabulary import Vocabulary
from pipeline.normalize import spelling_counts, terms, word_key


def keys(text: str) -> list[str]:
    return terms(text)


@pytest.mark.parametrize("query, word, expected", [
    ("Iranian returnees meeting on 21 October 2025", "21", {"29"}),
    ("Iranian returnees meeting on 21 October 2025", "october", {"مهر", "مهرماه"}),
    ("Iranian returnees meeting on 21 October 2025", "2025", {"1404"}),
    ("روز چهارشنبه ۲۸ آذر ۱۴۰۳", "28", {"18"}),
    ("روز چهارشنبه ۲۸ آذر ۱۴۰۳", word_key("آذر"), {"december", word_key("دسامبر")}),
    ("روز چهارشنبه ۲۸ آذر ۱۴۰۳", "1403", {"2024"}),
    ("نشست تیر ۱۳۹۶", word_key("تیر"), {"june", "july"}),
    ("in 2018", "2018", {"1396", "1397"}),
    ("سال ۱۳۹۷", "1397", {"2018", "2019"}),
])  # fmt: skip
def test_dates_years_and_months_meet_their_other_calendar(query, word, expected):
    alternatives = calendar_alternatives(keys(query))
    assert expected <= alternatives[word]


def test_numbers_that_are_not_years_and_common_words_get_no_calendar_alternatives():
    alternatives = calendar_alternatives(keys("218 experts may return within 65 days"))
    assert alternatives == {}


@pytest.mark.parametrize("latin, persian", [
    ("Roozbeh", "روزبه"), ("Hossein", "حسین"), ("Orhan", "اورهان"), ("Aydin", "آیدین"), ("ANSO", "آنسو"),
    ("Chunlin", "چونلین"), ("Vatankhah", "وطن‌خواه"), ("Tubitak", "توبیتاک"), ("Sabbaghpour", "صباغپور"),
])  # fmt: skip
def test_a_name_and_its_transliteration_sound_alike(latin, persian):
    latin_key, persian_key = word_key(latin), word_key(persian)
    assert skeleton(latin_key) == skeleton(persian_key)
    assert vowels_fit(persian_key, latin_key)


@pytest.mark.parametrize("latin, persian", [("Messi", "موسوی"), ("dolor", "دلار"), ("disaster", "دستور")])
def test_words_that_share_consonants_but_not_vowels_do_not_sound_alike(latin, persian):
    assert not vowels_fit(word_key(persian), word_key(latin))


def test_acronyms_in_parentheses_name_what_they_stand_for():
    found = parenthesis_aliases("همکاری با بانک توسعه صادرات (EDBI) و",
                                "the Center for Progress and Development of Iran (CPDI) said",
                                "ANSO (اتحاد بین‌المللی علمی) گفت", "a drought (bulletin) and (AI)")
    assert found == Counter({("edbi", "بانک توسعه صادرات"): 1, ("cpdi", "center progress development iran"): 1,
                             ("anso", "اتحاد بینالمللی علمی"): 1})


class FakeSource:
    """What a collection knows, in memory."""

    def __init__(self, written: list[str], acronyms: list[tuple[str, str]] = ()):
        self.counts = Counter()
        for text in written:
            self.counts.update(spelling_counts(text))
        self.pairs = list(acronyms)

    def sound_alikes(self, skeletons):
        found = {}
        for key, _ in self.counts:
            if skeleton(key) in skeletons:
                found.setdefault(skeleton(key), set()).add(key)
        return found

    def capitalized(self, keys):
        upper, total = Counter(), Counter()
        for (key, written), count in self.counts.items():
            if key in keys:
                total[key] += count
                upper[key] += count if written[0].isupper() else 0
        return {key: 2 * upper[key] > total[key] for key in total}

    def acronyms(self, keys):
        return [(acronym, name) for acronym, name in self.pairs if acronym in keys or set(keys) & set(name.split())]


def test_a_persian_name_meets_its_latin_spelling_in_the_collection_and_common_words_do_not():
    source = FakeSource(["Prof. Orhan Aydin of TUBITAK met the set of three experts."])
    alternatives = query_alternatives(keys("اورهان آیدین توبیتاک"), source)
    assert alternatives == {word_key("اورهان"): {"orhan"}, word_key("آیدین"): {"aydin"},
                            word_key("توبیتاک"): {"tubitak"}}
    assert query_alternatives(keys("ستاره سه"), source) == {}  # «ست», «سه» are no names


def test_an_acronym_gets_its_name_and_a_name_its_acronym():
    source = FakeSource([], acronyms=[("eaeu", "ایران اتحادیه اقتصادی اوراسیا")])
    assert query_alternatives(["eaeu", "trade"], source)["eaeu"] == {"ایران اتحادیه اقتصادی اوراسیا"}
    by_name = query_alternatives(keys("اتحادیه اقتصادی اوراسیا"), source)
    assert by_name[word_key("اوراسیا")] == {"eaeu"}


def test_the_vocabulary_answers_for_names_and_acronyms(tmp_path):
    vocabulary = Vocabulary(tmp_path / "v.sqlite")
    vocabulary.add(spelling_counts("Prof. Orhan Aydin met the set. Orhan spoke."))
    vocabulary.add_acronyms(Counter({("edbi", "بانک توسعه صادرات"): 2}))
    assert vocabulary.sound_alikes({skeleton("orhan")}) == {skeleton("orhan"): {"orhan"}}
    assert vocabulary.capitalized({"orhan", "set", "unknown"}) == {"orhan": True, "set": False}
    assert vocabulary.acronyms({"edbi"}) == [("edbi", "بانک توسعه صادرات")]
    assert vocabulary.acronyms({"صادرات"}) == [("edbi", "بانک توسعه صادرات")]
    assert vocabulary.acronyms({"صادر"}) == []
    vocabulary.close()


def test_a_vocabulary_written_before_skeletons_gets_them_when_opened(tmp_path):
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE spelling (key TEXT NOT NULL, written TEXT NOT NULL, count INTEGER NOT NULL,"
                           " PRIMARY KEY (key, written)) WITHOUT ROWID")
        connection.execute("INSERT INTO spelling VALUES ('roozbeh', 'Roozbeh', 3)")
    vocabulary = Vocabulary(path)
    assert vocabulary.sound_alikes({skeleton("roozbeh")}) == {skeleton("roozbeh"): {"roozbeh"}}
    vocabulary.close()
