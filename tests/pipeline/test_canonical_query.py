"""Queries written one way: every spelling variant of a word becomes the collection's usual spelling."""

from __future__ import annotations

from collections import Counter

import pytest

from pipeline.normalize import canonical_query, display_text, spelling_counts

INDEXED = display_text("همکاری‌های بین‌المللی در سال ۲۰۱۸ می‌شود. ANSO و COVID-19 و ذخیره‌گاه‌های آبی")


def usual_spellings(text: str) -> dict[str, str]:
    counts = spelling_counts(text)
    usual: dict[str, tuple[int, str]] = {}
    for (key, written), count in counts.items():
        usual[key] = max(usual.get(key, (0, "")), (count, written))
    return {key: written for key, (_, written) in usual.items()}


VOCABULARY = usual_spellings(INDEXED)


@pytest.mark.parametrize(
    "variants",
    [
        ["همکاری‌های بین‌المللی", "همکاریهای بینالمللی", "همکاری های بین المللی", "همكاري‌هاي بين‌المللي"],
        ["ذخیره‌گاه‌های آبی", "ذخیرهگاههای آبی", "ذخیره گاه های آبی"],
        ["سال ۲۰۱۸", "سال 2018", "سال ٢٠١٨"],
        ["می‌شود", "میشود", "می شود"],
    ],
)  # fmt: skip
def test_spelling_variants_become_one_query(variants):
    canonical = {canonical_query(variant, VOCABULARY.get) for variant in variants}
    assert len(canonical) == 1, canonical


def test_known_words_take_the_collections_spelling():
    assert canonical_query("همکاریهای علمی در سال 2018", VOCABULARY.get) == "همکاری‌های علمی در سال ۲۰۱۸"


def test_unknown_and_latin_words_stay_as_typed_with_persian_letters():
    assert canonical_query("واژه‌اي ناشناخته Zebra anso", VOCABULARY.get) == "واژه‌ای ناشناخته Zebra anso"


def test_spelling_counts_count_each_written_form():
    counts = spelling_counts("همکاری‌ها و همکاریها و همکاری‌ها")
    assert counts == Counter({("همکاریها", "همکاری‌ها"): 2, ("همکاریها", "همکاریها"): 1, ("و", "و"): 2})
