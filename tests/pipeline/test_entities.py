"""Entities by rules and names: kinds, boundaries, one canonical id across scripts, and names learned."""

from __future__ import annotations

import pytest

from pipeline.entities import Entity, Gazetteer, extract_entities


def _found(text: str, lang: str, gazetteer: Gazetteer | None = None) -> set[tuple[str, str]]:
    return {(e.kind, e.name) for e in extract_entities(text, lang, gazetteer)}


@pytest.mark.parametrize(
    "first, first_lang, second, second_lang",
    [
        ("ANSO met in Beijing.", "en", "نشست آنسو در پکن برگزار شد.", "fa"),
        ("experts from the Chinese Academy of Sciences", "en", "با دعوت رسمی آکادمی علوم چین", "fa"),
        ("CAS signed the agreement.", "en", "the Chinese Academy of Sciences signed", "en"),
        ("support from UNESCO", "en", "با حمایت یونسکو", "fa"),
        ("a visit to Iran", "en", "سفر به ایران", "fa"),
        ("the Islamic Republic of Iran", "en", "سند جامع روابط علمی جمهوری اسلامی ایران", "fa"),
        ("between Romania and China", "en", "در کشور چین", "fa"),
        ("the UN SDGs", "en", "نمایندگان سازمان ملل متحد", "fa"),
    ],
)
def test_one_canonical_id_across_spellings_and_scripts(first, first_lang, second, second_lang):
    ids = {e.canonical for e in extract_entities(first, first_lang)}
    assert ids & {e.canonical for e in extract_entities(second, second_lang)}


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        (
            "The meeting was chaired by Prof. Sukit Limpijumngong, ANSO President.",
            "en",
            {("person", "Sukit Limpijumngong"), ("org", "ANSO")},
        ),
        ("co-chaired by Prof. HE Hongping, Vice President of CAS.", "en", {("person", "HE Hongping"), ("org", "CAS")}),
        ("Prof. Helena B. Nader, commended the plan.", "en", {("person", "Helena B. Nader")}),
        ("with Hungarian President Tamás Sulyok.", "en", {("person", "Tamás Sulyok")}),
        ("speeches from QU Xing, Deputy Director-General of UNESCO", "en", {("person", "QU Xing"), ("org", "UNESCO")}),
        (
            "hosted by the Ministry of Science and Technology of the People's Republic of China and the Italian "
            "Ministry of University and Research",
            "en",
            {
                ("org", "Ministry of Science and Technology of the People's Republic of China"),
                ("org", "Italian Ministry of University and Research"),
            },
        ),
        (
            "Secretary General of the Serbian Academy of Sciences and Arts",
            "en",
            {("org", "Serbian Academy of Sciences and Arts")},
        ),
        ("the Academy's role in the region", "en", set()),  # a lone organization word names none
        ("the First International Science Forum of National Scientific Organizations", "en", set()),
        ("fine china and Georgian wine", "en", set()),  # lower-case words are no names
        (
            "دکتر باقری، مدیر محترم شبکه، و مهندس استیری، مدیر کل",
            "fa",
            {("person", "باقری"), ("person", "استیری")},
        ),
        (
            "با حضور حسین روزبه رییس سازمان توسعه همکاری‌های علمی و فناورانه بین‌المللی برگزار شد.",
            "fa",
            {("person", "حسین روزبه"), ("org", "سازمان توسعه همکاری‌های علمی و فناورانه بین‌المللی")},
        ),
        ("گفتگو با دکتر سیروس وطن‌خواه رئیس این مرکز", "fa", {("person", "سیروس وطن‌خواه")}),
        ("این مرکز در سال ۱۳۶۲ ایجاد شد و این سازمان نیز", "fa", set()),  # «این مرکز» refers, it does not name
        ("نخبگان ایرانی خارج از کشور", "fa", set()),  # an adjective is no place
        ("آقای دکتر بفرمایید که چه صنایعی", "fa", set()),  # a verb after a title is no name
        ("نیازمند یک شبکه منسجم اقدام مشترک هستیم", "fa", set()),  # «شبکه» alone is no organization
        (
            "گروه پژوهشی سیاست علوم و تحقیقات و دانشگاه تهران",
            "fa",
            {("org", "گروه پژوهشی سیاست علوم و تحقیقات"), ("org", "دانشگاه تهران")},
        ),
        ("فناوری‌های نوین حوزه آب در کشور پاکستان", "fa", {("place", "پاکستان")}),
    ],
)
def test_entities_and_their_boundaries(text, lang, expected):
    assert _found(text, lang) == expected


def test_an_acronym_in_parentheses_joins_its_name_and_is_found_alone_later():
    text = (
        "Representatives from the National Science and Technology Development Agency (NSTDA), Thailand, "
        "attended. The President of NSTDA spoke."
    )
    entities = extract_entities(text, "en")
    assert {(e.kind, e.name) for e in entities} == {
        ("org", "National Science and Technology Development Agency"),
        ("org", "NSTDA"),
        ("place", "Thailand"),
    }
    assert {e.canonical for e in entities if e.kind == "org"} == {"org:nstda"}


def test_a_persian_acronym_in_parentheses():
    text = "در خانه فناوری و نوآوری ایران (آیهیت) برگزار شد."
    entities = extract_entities(text, "fa")
    assert [(e.kind, e.name) for e in entities] == [("org", "خانه فناوری و نوآوری ایران"), ("org", "آیهیت")]
    assert len({e.canonical for e in entities}) == 1


def test_lang_picks_the_rules_while_known_names_are_found_in_any_passage():
    text = "Prof. BAI Chunli visited Cyprus."
    assert _found(text, "fa") == {("place", "Cyprus")}
    assert _found(text, "en") == {("person", "BAI Chunli"), ("place", "Cyprus")}
    assert _found(text, "mixed") == _found(text, "en")


def test_a_learned_gazetteer_knows_a_collection_name_in_another_passage():
    gazetteer = Gazetteer.builtin()
    gazetteer.learn("حسین روزبه، رییس سازمان توسعه همکاری‌های علمی و فناورانه بین‌المللی، گفت:", "fa")
    gazetteer.learn("the Geological Survey Department of Cyprus (GSD) hosted the delegation.", "en")
    later = extract_entities("روزبه همچنین به اهمیت موضوع اشاره کرد.", "fa", gazetteer)
    assert later == [Entity("person", "روزبه", "person:حسین روزبه")]
    assert extract_entities("روزبه همچنین به اهمیت موضوع اشاره کرد.", "fa") == []  # not without learning
    bare = extract_entities("GSD and ANSO signed a memorandum.", "en", gazetteer)
    assert {(e.name, e.canonical) for e in bare} == {("GSD", "org:gsd"), ("ANSO", "org:anso")}


def test_one_entity_per_spelling_in_reading_order():
    text = "ANSO met UNESCO. ANSO and UNESCO agreed. آنسو"
    assert [e.name for e in extract_entities(text, "mixed")] == ["ANSO", "UNESCO", "آنسو"]
