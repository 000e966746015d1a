"""Display text and search keys: Persian spelling variants meet, English passes through untouched."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from pipeline.normalize import (
    HAZM_NORMALIZER_FLAGS,
    Token,
    display_text,
    search_key,
    terms,
    tokenize,
)

SEEDS = Path(__file__).resolve().parents[2] / "corpora" / "seeds"
ZWNJ = "\u200c"
PERSIAN_DIGIT = re.compile("[۰-۹٠-٩]")


# The ZWNJ, space and joined spellings of one word, as scraped text and users' queries give them.
@pytest.mark.parametrize(
    "forms",
    [
        ("می‌شود", "می شود", "میشود"),
        ("نمی‌دانم", "نمی دانم", "نمیدانم"),
        ("می‌توان", "می توان", "میتوان"),
        ("بی‌نظیر", "بی نظیر", "بینظیر"),
        ("همکاری‌های", "همکاری های", "همکاریهای"),
        ("کتاب‌ها", "کتاب ها", "کتابها"),
        ("حوزه‌های", "حوزه های", "حوزههای"),
        ("دانشگاه‌هایی", "دانشگاه هایی", "دانشگاههایی"),
        ("بزرگ‌تر", "بزرگ تر", "بزرگتر"),
        ("بیش‌ترین", "بیش ترین", "بیشترین"),
        ("رفته‌اند", "رفته اند", "رفتهاند"),
        ("ارائه‌ای", "ارائه ای", "ارائهای"),
        ("بین‌المللی", "بین المللی", "بینالمللی"),
        ("بین‌الملل", "بین الملل", "بینالملل"),
        ("فوق‌العاده", "فوق العاده", "فوقالعاده"),
        ("سیاست‌گذاری", "سیاست گذاری", "سیاستگذاری"),
        ("شرکت‌کنندگان", "شرکت کنندگان", "شرکتکنندگان"),
        ("نظام‌مند", "نظام مند", "نظاممند"),
        ("تجاری‌سازی", "تجاری سازی", "تجاریسازی"),
        ("دانش‌بنیان", "دانشبنیان"),
        ("زمینۀ", "زمینهٔ", "زمینه‌ی", "زمینه ی", "زمینه"),
    ],
)
def test_spellings_of_a_word_share_one_key(forms):
    keys = {search_key(form) for form in forms}
    assert len(keys) == 1, keys
    assert " " not in keys.pop()
    # The query path (display text first) gives the same key as well.
    assert {search_key(display_text(form)) for form in forms} == {search_key(forms[0])}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("كتاب علي", "کتاب علی"),  # Arabic kaf and yeh
        ("مصطفى", "مصطفی"),  # alef maksura
        ("مدرسة", "مدرسه"),  # teh marbuta
        ("سال ۱۴۰۴", "سال 1404"),  # Persian digits
        ("عام ٢٠٢٣", "عام 2023"),  # Arabic-Indic digits
        ("۳٫۵ درصد", "3.5 درصد"),  # Persian decimal separator
        ("حَذفِ اِعرابْ", "حذف اعراب"),  # diacritics
        ("دنیـــا", "دنیا"),  # tatweel
        ("عليٰ", "علی"),  # superscript alef
        ("رئیس", "رییس"),  # hamza on yeh
        ("تأکید", "تاکید"),  # hamza on alef
        ("مؤسسه", "موسسه"),  # hamza on waw
        ("آینده", "اینده"),  # madda
        ("ﻻ", "لا"),  # presentation form
        ("COVID-19", "covid 19"),  # hyphens split, one way for documents and queries
        ("Hello, World!", "hello world"),
        ("China's partners don't wait", "china partners dont wait"),
        ("1,000 people, 3.5 GPa", "1000 people 3.5 gpa"),
        ("café Zürich", "cafe zurich"),
        ("ANSO‌ها", "ansoها"),  # a Latin word with a Persian suffix stays one word
    ],
)
def test_search_key_folds(text, expected):
    assert search_key(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("دانش بنیان", "دانش بنیان"),  # a compound written apart, not in the bound-part list
        ("کسب و کار", "کسب و کار"),
        ("ماه می و ژوئیه", "ماه می و ژوییه"),  # می before a particle is not a prefix
        ("الگو الکترونیک", "الگو الکترونیک"),  # words that merely start with ال stay apart
        ("بین دو کشور", "بین دو کشور"),  # بین joins only الملل…
        ("ای کاش", "ای کاش"),  # ای joins only a word ending in ه
    ],
)
def test_search_key_leaves_apart(text, expected):
    assert search_key(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "COVID-19 cases rose 12% in 2023.",
        "The ticket costs $25, or about €23.",
        "See https://www.anso.org.cn/news/2024-12-25?id=7 for details.",
        "Write to info@anso.org.cn or call +86 10 6259 7000.",
        "Dr. Smith's team (e.g. 3.5 GPa) won't stop: \"quotes\" and 'single' ones.",
        "Title\n\nFirst paragraph.\nA second line.",
        "",
    ],
)
def test_display_text_leaves_english_unchanged(text):
    assert display_text(text) == text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a   b\t c", "a b c"),
        ("  padded line  ", "padded line"),
        ("one\n\n\n\ntwo", "one\n\ntwo"),
        ("one \n two", "one\ntwo"),
        ("windows\r\nlines\rold mac", "windows\nlines\nold mac"),
        ("zero\u200bwidth\ufeff mark\u200f", "zerowidth mark"),
        ("ﬁne ligature", "fine ligature"),  # NFKC
    ],
)
def test_display_text_tidies_whitespace(text, expected):
    assert display_text(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("همکاری های علمی", f"همکاری{ZWNJ}های علمی"),
        ("حوزههای علمی", f"حوزه{ZWNJ}های علمی"),
        ("میشود", f"می{ZWNJ}شود"),
        ("كتاب علي", "کتاب علی"),
        ("حَذفِ اِعراب", "حذف اعراب"),
        ("سلام   دنیا", "سلام دنیا"),
        ("اعلام کرد : «سلام»", "اعلام کرد: «سلام»"),
        ("سال ۱۴۰۴ و ۱۵٪ رشد", "سال ۱۴۰۴ و ۱۵٪ رشد"),  # Persian digits stay Persian
        ("در سال 2023 و 3.5 درصد", "در سال 2023 و 3.5 درصد"),  # ASCII digits stay ASCII
    ],
)
def test_display_text_persian(text, expected):
    assert display_text(text) == expected


@pytest.mark.parametrize(
    "text, english_parts",
    [
        ("سازمان ANSO در سال 2023 اعلام کرد COVID-19 پایان یافت.", ["ANSO", "2023", "COVID-19"]),
        ("هزینه $25 است و نشانی https://anso.org.cn/a-b است.", ["$25", "https://anso.org.cn/a-b"]),
        ("ایمیل info@nrisp.ac.ir و تلفن +98 21 8800", ["info@nrisp.ac.ir", "+98 21 8800"]),
        ("گزارش Science Diplomacy, 2nd edition را ببینید.", ["Science Diplomacy, 2nd edition"]),
    ],
)
def test_display_text_mixed_keeps_latin_and_digits(text, english_parts):
    out = display_text(text)
    for part in english_parts:
        assert part in out
    assert not PERSIAN_DIGIT.search(out)


def test_every_hazm_flag_is_set_explicitly():
    from hazm import Normalizer

    parameters = set(inspect.signature(Normalizer.__init__).parameters) - {"self"}
    assert set(HAZM_NORMALIZER_FLAGS) == parameters
    assert HAZM_NORMALIZER_FLAGS["persian_numbers"] is False


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.fa.txt")), ids=lambda p: p.name)
def test_display_text_of_seeds_is_stable(path):
    raw = path.read_text(encoding="utf-8")
    once = display_text(raw)
    assert display_text(once) == once
    assert once.count("\n\n") >= 1 or once.count("\n") >= 1  # paragraphs survive
    assert not PERSIAN_DIGIT.search(search_key(once))


def test_tokenize_spans_cover_the_words():
    text = "سازمان همکاری های علمی، COVID-19 و می شود."
    tokens = tokenize(text)
    assert all(isinstance(token, Token) for token in tokens)
    assert [(text[t.start : t.end], t.key) for t in tokens] == [
        ("سازمان", "سازمان"),
        ("همکاری های", "همکاریهای"),
        ("علمی", "علمی"),
        ("COVID", "covid"),
        ("19", "19"),
        ("و", "و"),
        ("می شود", "میشود"),
    ]


@pytest.mark.parametrize(
    "passage, query, highlighted",
    [
        ("توسعه همکاریهای علمی و فناورانه", "همکاری‌های علمی", ["همکاریهای", "علمی"]),
        ("این کار انجام میشود تا", "می شود", ["می\u200cشود"]),  # display text got its ZWNJ back
        ("توسعه همکاری های بینالمللی", "همکاریهای بین‌المللی", ["همکاری\u200cهای", "بینالمللی"]),
        ("كشور و شركت‌ها", "کشور شرکتها", ["کشور", "شرکت\u200cها"]),
        ("Cases of COVID-19 rose in 2023.", "covid 19 2023", ["COVID", "19", "2023"]),
    ],
)
def test_query_tokens_find_their_spans_in_a_passage(passage, query, highlighted):
    text = display_text(passage)
    wanted = {token.key for token in tokenize(display_text(query))}
    found = [text[t.start : t.end] for t in tokenize(text) if t.key in wanted]
    assert found == highlighted


def test_tokens_do_not_join_across_paragraphs_or_punctuation():
    assert [t.key for t in tokenize("همکاری\n\nهای")] == ["همکاری", "های"]
    assert [t.key for t in tokenize("همکاری، های")] == ["همکاری", "های"]
    assert [t.key for t in tokenize("همکاری\nهای")] == ["همکاریهای"]


@pytest.mark.parametrize(
    "word, is_stopword",
    [("و", True), ("در", True), ("آن", True), ("the", True), ("of", True),
     ("همکاری", False), ("covid", False), ("science", False)],
)  # fmt: skip
def test_terms_leave_out_stopwords(word, is_stopword):
    assert (terms(word) == []) is is_stopword


def test_terms_drop_stopwords_and_keep_order():
    assert terms("این همکاری های علمی در سال ۲۰۲۳ است") == ["همکاریهای", "علمی", "سال", "2023"]
    assert terms("The cooperation of China and Iran") == ["cooperation", "china", "iran"]
