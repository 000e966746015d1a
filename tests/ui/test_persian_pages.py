"""The Persian interface (``?ui=fa``): every string has a translation, and the pages show no English label."""

from __future__ import annotations

import json
import re
from string import Formatter

import pytest

from tests.ui.fake_api import ENGLISH_RESULT, PERSIAN_RESULT, UNREACHABLE, FakeApi, html_of, texts_of
from ui.i18n import STRINGS
from ui.i18n_fa import PERSIAN
from ui.render import document_card_html, document_header_html, result_card_html

OPS, DOCUMENT = "views/ops.py", "views/document.py"
SAME_IN_BOTH = {"switch"}  # the language switch reads "Interface · زبان" in either language, on purpose
TEXT_FIELDS = ("label", "help", "body", "placeholder", "text")
TWO_ENGLISH_WORDS = re.compile(r"\b[A-Za-z]{2,}\s+[A-Za-z]{2,}\b")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name is not None}


def english_phrases() -> set[str]:
    """The literal pieces (between placeholders) of the English strings Persian translates, a few letters or longer."""
    phrases = set()
    for key, english in STRINGS["en"].items():
        if key in SAME_IN_BOTH:
            continue
        for literal, *_ in Formatter().parse(english):
            piece = literal.strip(" `*.:,;()…·←→\n")
            if len(piece) > 5 and re.search("[A-Za-z]", piece):
                phrases.add(piece)
    return phrases


def interface_texts(app) -> list[str]:
    """What the interface itself says: labels, help, messages, headings, table headers, chart titles.

    Not the documents' own text (st.html) nor the choices of a widget (document titles)."""
    texts = []
    for node in (*app.main, *app.sidebar):
        if node.type == "html" or node.proto is None:
            continue
        if node.type == "expandable":
            texts.append(node.proto.expandable.label)
            continue
        texts += [value for field, value in node.proto.ListFields() if field.name in TEXT_FIELDS
                  and isinstance(value, str)]
    for table in (*app.table, *app.dataframe):
        texts += [str(column) for column in table.value.columns]
    for chart in app.get("vega_lite_chart"):
        encoding = json.loads(chart.proto.spec)["encoding"]
        for channel in encoding.values():
            texts += [str(item.get("title")) for item in (channel if isinstance(channel, list) else [channel])
                      if item.get("title")]
    return texts


def assert_no_english_left(app, extra_html: bool = False) -> None:
    """No English string of ``ui.i18n`` on the page, and no two English words in a row outside code and tags."""
    shown = "\n".join(interface_texts(app))
    assert shown, "the page showed nothing"
    searched = shown + ("\n" + re.sub(r"<[^>]*>", " ", html_of(app)) if extra_html else "")  # text, not tags
    leftovers = sorted(phrase for phrase in english_phrases() if phrase in searched)
    assert not leftovers, f"English left on the Persian page: {leftovers}"
    prose = re.sub(r"`[^`]*`|<[^>]*>", "", shown)  # code spans and markup tags are not prose
    english_words = TWO_ENGLISH_WORDS.findall(prose)
    assert not english_words, f"English words on the Persian page: {english_words}"


def test_every_english_string_has_a_persian_one_with_the_same_placeholders():
    assert set(PERSIAN) == set(STRINGS["en"])
    for key, english in STRINGS["en"].items():
        assert PERSIAN[key].strip(), key
        assert placeholders(PERSIAN[key]) == placeholders(english), key
        assert key in SAME_IN_BOTH or PERSIAN[key] != english, f"{key} is not translated"


def test_no_persian_string_keeps_an_english_phrase():
    phrases = english_phrases()
    assert "Choose at least one file to index" in phrases and "Back to the results" in phrases
    for key, persian in PERSIAN.items():
        words = re.sub(r"\{[^}]*\}", "", persian)  # the placeholders' names are not shown
        assert not [phrase for phrase in phrases if phrase in words], key


def test_the_check_finds_english_left_on_a_page(make_app):
    app = make_app(FakeApi(), view=OPS)  # the English interface: the check must fail on it
    with pytest.raises(AssertionError, match="English left on the Persian page"):
        assert_no_english_left(app)


def test_ops_page_in_persian(make_app):
    app = make_app(FakeApi(), view=OPS, ui="fa")
    assert not app.exception
    assert app.title[0].value == "مدیریت"
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["اسناد"] == "2" and metrics["اسناد / قطعه‌های فارسی"] == "1 / 3"
    assert metrics["پرونده‌های بررسی‌شده"] == "3" and metrics["ناموفق"] == "1"
    assert [header.value for header in app.subheader] == ["قطعه‌های هر پرونده", "آخرین نمایه‌سازی",
                                                          "نمایه‌سازی پرونده‌ها"]
    assert "**مدل بردارسازی** e5-small (384 بُعد)" in texts_of(app)
    assert "پایان در 2025-11-24T22:40:00Z" in texts_of(app)
    assert list(app.dataframe[0].value.columns) == ["عنوان", "پرونده", "زبان", "صفحه‌ها", "قطعه‌ها", "شناسهٔ سند"]
    assert list(app.table[0].value.columns) == ["پرونده", "خطا"]
    assert list(app.table[0].value["پرونده"]) == ["broken.pdf"]
    chart = json.loads(app.get("vega_lite_chart")[0].proto.spec)["encoding"]
    assert chart["x"]["title"] == "قطعه‌ها" and chart["color"]["title"] == "زبان"
    assert app.text_input[0].label == "گذرواژهٔ API" and app.button[0].label == "نمایه‌سازی پرونده‌ها"
    assert_no_english_left(app)


def test_ops_upload_in_persian(make_app):
    app = make_app(FakeApi(), view=OPS, ui="fa")
    app.button[0].click().run()
    assert "دست‌کم یک پرونده برای نمایه‌سازی برگزینید." in texts_of(app)
    app.file_uploader[0].set_value([("ok.txt", b"fine", "text/plain"), ("broken.pdf", b"%PDF-", "application/pdf")])
    app.text_input[0].input("secret")
    app.button[0].click().run()
    assert not app.exception
    assert app.warning[0].value == ("نمایه‌سازی با خطا انجام شد: 1 نمایه‌شده، 0 بی‌تغییر، 1 ناموفق؛ "
                                    "5 قطعه افزوده و 0 قطعه حذف شد، در 1.2 ثانیه.")
    assert list(app.table[-1].value["خطا"]) == ["no text could be read"]  # the API's own words stay as they are
    assert_no_english_left(app)


def test_document_page_in_persian(make_app):
    app = make_app(FakeApi(), view=DOCUMENT, ui="fa", doc="doc-fa", page="1", chunk="c-fa-1",
                   search="q=دیپلماسی+علم")
    assert not app.exception
    assert app.get("page_link")[0].proto.label == "بازگشت به نتایج"
    assert app.button(key="previous-page").label == "→ صفحهٔ قبل"
    assert app.button(key="next-page").label == "صفحهٔ بعد ←"
    assert "صفحهٔ 1 از 1" in texts_of(app)
    assert "همین متن در این پرونده‌ها هم هست: `copy-of-nrisp.fa.txt`" in texts_of(app)
    html = html_of(app)
    assert '<span dir="rtl">1 صفحه</span> · <span dir="rtl">3 بخش</span>' in html
    assert '<span class="kv-in-passage">نشست «<mark>دیپلماسی</mark>' in html
    assert_no_english_left(app, extra_html=True)  # the document is Persian: its header's words must be too


def test_document_page_says_where_the_passage_is_in_persian(make_app):
    app = make_app(FakeApi(), view=DOCUMENT, ui="fa", doc="doc-en", page="3", chunk="c-en-2",
                   search="q=science+diplomacy")
    assert "بخشی که باز کردید در صفحهٔ 2 است." in texts_of(app)
    assert "صفحهٔ 3 از 3" in texts_of(app)
    assert_no_english_left(app)


def test_a_passage_that_cannot_be_placed_in_persian(make_app):
    moved = {**ENGLISH_RESULT, "text": "Text that the page does not hold.", "highlights": [[0, 4]]}
    app = make_app(FakeApi(results=[moved]), view=DOCUMENT, ui="fa", doc="doc-en", page="2", chunk="c-en-2",
                   search="q=science+diplomacy")
    assert "جای این بخش در این صفحه پیدا نشد" in texts_of(app)
    assert '<span dir="rtl">صفحهٔ 2</span>' in html_of(app)  # the card as the search found it
    assert_no_english_left(app)


def test_document_picker_in_persian(make_app):
    app = make_app(FakeApi(), view=DOCUMENT, ui="fa")
    assert app.title[0].value == "اسناد"
    assert app.selectbox(key="document-picker").label == "سندی را باز کنید (یا آن را از نتایج جستجو باز کنید)"
    assert_no_english_left(app)


def test_access_token_form_in_persian(make_app):
    app = make_app(FakeApi(read_token="newsroom-reader-token"), view=DOCUMENT, ui="fa")
    assert "این API کاوش برای جستجو و خواندن اسناد، گذرواژهٔ دسترسی می‌خواهد." in texts_of(app)
    assert app.text_input[-1].label == "گذرواژهٔ دسترسی"
    assert_no_english_left(app)


def test_unreachable_api_in_persian(make_app):
    app = make_app(FakeApi(error=UNREACHABLE), view=OPS, ui="fa")
    assert not app.exception
    assert "**API کاوش در** `http://kavosh.test` **پاسخ نمی‌دهد.**" in app.error[0].value
    assert app.caption[0].value.startswith("چه پیش آمد: ")  # the client's own message follows, as it is


def test_cards_in_persian_keep_their_facts_as_right_to_left_runs():
    card = result_card_html({**PERSIAN_RESULT, "ocr": True}, language="fa")
    assert '<span dir="rtl">صفحهٔ 1</span>' in card and '<span class="kv-score">امتیاز 0.910</span>' in card
    assert '<span dir="rtl">همچنین در: copy-of-nrisp.fa.txt</span>' in card
    assert 'title="خوانده‌شده از تصویر با نویسه‌خوان نوری (OCR)"' in card
    document = {**PERSIAN_RESULT, "passages": [PERSIAN_RESULT, PERSIAN_RESULT]}
    assert '<span dir="rtl">2 بخش هم‌خوان</span>' in document_card_html(document, language="fa")
    header = document_header_html({"source": "r.fa.txt", "lang": "fa", "pages": [], "chunks": 1}, language="fa")
    assert '<h2 class="kv-doc-title" dir="rtl">r.fa.txt</h2>' in header and '<span dir="rtl">1 بخش</span>' in header
    assert "بی‌عنوان" in result_card_html({"lang": "fa", "text": "متن"}, language="fa")
