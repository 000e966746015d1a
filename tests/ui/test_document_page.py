"""The document view: a page of a document with the result's passage marked, page by page."""

from __future__ import annotations

from tests.ui.fake_api import ENGLISH_RESULT, UNREACHABLE, FakeApi, html_of, texts_of

VIEW = "views/document.py"
FROM_SEARCH = "q=science+diplomacy&lang=all&mode=dense&k=10"


def open_english_result(make_app, api: FakeApi, **extra: str):
    params = {"doc": "doc-en", "page": "2", "chunk": "c-en-2", "search": FROM_SEARCH, **extra}
    return make_app(api, view=VIEW, **params)


def test_a_link_opens_the_page_with_the_passage_marked(make_app):
    api = FakeApi()
    app = open_english_result(make_app, api)
    assert not app.exception
    html = html_of(app)
    assert '<h2 class="kv-doc-title" dir="ltr">ANSO Newsletter</h2>' in html
    assert (
        '<div class="kv-page" dir="ltr" lang="en">Page two starts here. <span class="kv-in-passage">' in html
    )
    assert "<mark>Science</mark> <mark>diplomacy</mark> was a central theme" in html
    assert "Page 2 of 3" in texts_of(app)
    # the passage was not remembered in this new session: found again with the search in the URL
    assert api.calls_to("search") == [
        {
            "query": "science diplomacy",
            "k": 50,
            "lang": None,
            "mode": "dense",
            "source": "anso-newsletter.en.pdf",
            "group": "passage",
        }
    ]


def test_from_the_results_page_the_passage_is_remembered(make_app):
    api = FakeApi()
    app = make_app(api, q="science diplomacy")
    searches = len(api.calls_to("search"))
    app.switch_page(VIEW)
    for name, value in {"doc": "doc-en", "page": "2", "chunk": "c-en-2", "search": FROM_SEARCH}.items():
        app.query_params[name] = value
    app.run()
    assert "<mark>Science</mark>" in html_of(app)
    assert len(api.calls_to("search")) == searches


def test_back_link_returns_to_the_same_search(make_app):
    app = open_english_result(make_app, FakeApi())
    back = app.get("page_link")[0].proto
    assert back.label == "Back to the results" and back.page == ""  # "": the default page, search
    assert back.query_string == "q=science+diplomacy&lang=all&mode=dense&k=10"


def test_previous_and_next_page(make_app):
    app = open_english_result(make_app, FakeApi())
    previous, following = app.button(key="previous-page"), app.button(key="next-page")
    assert not previous.disabled and not following.disabled

    following.click().run()
    assert app.query_params["page"] == "3"
    assert "Capacity building &amp; training." in html_of(app)
    assert "The passage you opened is on page 2." in texts_of(app)
    assert app.button(key="next-page").disabled

    app.button(key="previous-page").click().run()
    app.button(key="previous-page").click().run()
    assert app.query_params["page"] == "1"
    assert "The annual meeting was held in Beijing." in html_of(app)
    assert app.button(key="previous-page").disabled


def test_a_page_number_out_of_range_shows_the_nearest_page(make_app):
    app = make_app(FakeApi(), view=VIEW, doc="doc-en", page="99")
    assert "Page 3 of 3" in texts_of(app)
    app = make_app(FakeApi(), view=VIEW, doc="doc-en", page="two")
    assert "Page 1 of 3" in texts_of(app)


def test_persian_document_is_rtl_and_names_its_copies(make_app):
    app = make_app(FakeApi(), view=VIEW, doc="doc-fa", page="1", chunk="c-fa-1", search="q=دیپلماسی+علم")
    html = html_of(app)
    assert '<div class="kv-page" dir="rtl" lang="fa">' in html
    assert '<span class="kv-in-passage">نشست «<mark>دیپلماسی</mark> <mark>علم</mark>،' in html
    assert "The same text is also in: `copy-of-nrisp.fa.txt`" in texts_of(app)


def test_a_passage_that_cannot_be_placed_is_shown_as_found(make_app):
    moved = {**ENGLISH_RESULT, "text": "Text that the page does not hold.", "highlights": [[0, 4]]}
    app = open_english_result(make_app, FakeApi(results=[moved]))
    assert "The passage could not be placed on this page" in texts_of(app)
    html = html_of(app)
    assert "<mark>Text</mark> that the page does not hold." in html  # as a card
    assert "kv-in-passage" not in html


def test_without_a_document_the_user_picks_one(make_app):
    app = make_app(FakeApi(), view=VIEW)
    picker = app.selectbox(key="document-picker")
    assert picker.options == [
        "نشست دیپلماسی علم — nrisp-science-diplomacy-meeting.fa.txt",
        "ANSO Newsletter — anso-newsletter.en.pdf",
    ]
    picker.select("doc-en").run()
    assert app.query_params["doc"] == "doc-en"
    assert "ANSO Newsletter, December 2024." in html_of(app)


def test_unknown_document_is_a_message(make_app):
    app = make_app(FakeApi(), view=VIEW, doc="nope")
    assert not app.exception
    assert "no document 'nope'" in app.warning[0].value


def test_unreachable_api(make_app):
    app = make_app(FakeApi(error=UNREACHABLE), view=VIEW, doc="doc-en")
    assert not app.exception
    assert "not answering" in app.error[0].value
