"""The search page: a shared link runs its search; cards, empty results, API errors."""

from __future__ import annotations

from search_api.client import ApiError
from tests.ui.fake_api import (
    ENGLISH_RESULT,
    PERSIAN_RESULT,
    PERSIAN_SECOND_RESULT,
    UNREACHABLE,
    FakeApi,
    html_of,
    texts_of,
)


def test_first_visit_shows_what_is_indexed_and_examples(make_app):
    api = FakeApi()
    app = make_app(api)
    assert not app.exception
    assert app.title[0].value == "Kavosh · کاوش"
    assert "2 documents indexed" in texts_of(app)
    assert api.calls_to("search") == []
    assert "دیپلماسی علم و فناوری" in [button.label for button in app.button]


def test_an_example_runs_its_search(make_app):
    api = FakeApi()
    app = make_app(api)
    next(button for button in app.button if button.label == "science diplomacy").click().run()
    assert app.text_input(key="q").value == "science diplomacy"
    assert api.calls_to("search")[-1]["query"] == "science diplomacy"
    assert "kv-card" in html_of(app)


def test_a_shared_link_runs_that_search(make_app):
    api = FakeApi()
    app = make_app(api, q="دیپلماسی علم", lang="fa", mode="lexical", k="5")
    assert not app.exception
    assert api.calls_to("search") == [
        {"query": "دیپلماسی علم", "k": 5, "lang": "fa", "mode": "lexical", "source": None, "group": "passage"}
    ]
    assert app.text_input(key="q").value == "دیپلماسی علم"
    assert app.segmented_control(key="lang").value == "fa"
    assert app.segmented_control(key="mode").value == "lexical"
    assert app.selectbox(key="k").value == 5


def test_results_mix_rtl_persian_and_ltr_english_cards(make_app):
    app = make_app(FakeApi(), q="دیپلماسی علم")
    html = html_of(app)
    persian_card, english_card = html.index('data-lang="fa"'), html.index('data-lang="en"')
    assert persian_card < english_card  # in the API's order
    assert '<p class="kv-passage" dir="rtl" lang="fa">' in html
    assert "<mark>دیپلماسی</mark>" in html and "<mark>علم</mark>" in html
    assert '<p class="kv-passage" dir="ltr" lang="en"><mark>Science</mark> <mark>diplomacy</mark>' in html
    assert "2 passages · hybrid mode · 8 ms" in texts_of(app)


def test_each_card_links_to_its_document_page(make_app):
    app = make_app(FakeApi(), q="science diplomacy", k="20")
    links = app.get("page_link")
    assert [link.proto.label for link in links] == [
        "Open the document at page 1",
        "Open the document at page 2",
    ]
    english = links[1].proto
    assert english.page.endswith("document")
    assert "doc=doc-en" in english.query_string and "page=2" in english.query_string
    assert "chunk=c-en-2" in english.query_string and "search=q%3Dscience%2Bdiplomacy" in english.query_string


def test_url_values_that_make_no_sense_fall_back_to_defaults(make_app):
    api = FakeApi()
    app = make_app(api, q="science", lang="xx", mode="fuzzy", k="7", group="pages")
    assert not app.exception
    assert api.calls_to("search")[-1] == {
        "query": "science",
        "k": 10,
        "lang": None,
        "mode": "hybrid",
        "source": None,
        "group": "passage",
    }


def test_no_results_says_so_and_offers_other_searches(make_app):
    api = FakeApi(results=[])
    app = make_app(api, q="کوانتوم", lang="fa", mode="lexical")
    assert "No passages match **کوانتوم** in Persian in lexical mode." in texts_of(app)
    assert "kv-card" not in html_of(app)
    labels = [button.label for button in app.button]
    assert labels == ["Try hybrid mode (meaning and exact words)", "Search all languages"]

    app.button[1].click().run()
    assert app.segmented_control(key="lang").value == "all"
    assert api.calls_to("search")[-1]["lang"] is None
    app.button[0].click().run()
    assert api.calls_to("search")[-1]["mode"] == "hybrid"


def test_no_results_in_hybrid_all_languages_suggests_other_words(make_app):
    app = make_app(FakeApi(results=[]), q="xyzzy")
    assert "Try other words, or a question in the other language." in texts_of(app)
    assert not app.button


def test_unreachable_api_is_a_clear_message_not_a_traceback(make_app):
    app = make_app(FakeApi(error=UNREACHABLE), q="science")
    assert not app.exception
    message = app.error[0].value
    assert "The Kavosh API is not answering at** `http://kavosh.test`" in message
    assert "kavosh serve" in message and "KAVOSH_API_URL" in message
    assert "Connection refused" in app.caption[-1].value


def test_unreachable_api_on_first_visit(make_app):
    app = make_app(FakeApi(error=UNREACHABLE))
    assert not app.exception
    assert "not answering" in app.error[0].value


def test_api_refusal_shows_its_message(make_app):
    refusal = ApiError("422: q: must be at most 1000 characters", status_code=422)
    app = make_app(FakeApi(error=refusal), q="long")
    assert not app.exception
    assert app.warning[0].value == "The API refused the request (422): q: must be at most 1000 characters"


def test_empty_index_points_to_the_ops_page(make_app):
    app = make_app(FakeApi(stats={"documents": 0}))
    assert "Nothing is indexed yet" in app.info[0].value


def test_results_are_remembered_for_the_document_view(make_app):
    app = make_app(FakeApi(), q="science")
    assert app.session_state["kavosh_results"]["c-en-2"]["text"] == ENGLISH_RESULT["text"]


def test_the_query_is_shown_as_typed_not_as_markdown(make_app):
    app = make_app(FakeApi(results=[]), q="*bold* [link](x) <b>")
    assert r"No passages match **\*bold\* \[link\]\(x\) \<b\>** in hybrid mode." in texts_of(app)


def test_a_weak_answer_says_no_strong_matches_above_the_closest_passages(make_app):
    app = make_app(FakeApi(weak=True), q="zzzzqqq nonexistent")
    assert [warning.value for warning in app.warning] == ["No strong matches; closest passages below."]
    assert "kv-card" in html_of(app)


def test_a_strong_answer_shows_no_notice(make_app):
    app = make_app(FakeApi(), q="science diplomacy")
    assert not app.warning


def test_results_can_be_exported_as_csv_and_json(make_app):
    app = make_app(FakeApi(), q="دیپلماسی علم")
    assert not app.exception
    buttons = {button.proto.label: button.proto for button in app.get("download_button")}
    assert set(buttons) == {"Export CSV", "Export JSON"}


GROUPED_RESULTS = [PERSIAN_RESULT, ENGLISH_RESULT, PERSIAN_SECOND_RESULT]  # ranked: fa, en, fa again


def test_a_link_with_group_document_shows_each_document_once_with_its_passages(make_app):
    api = FakeApi(results=GROUPED_RESULTS)
    app = make_app(api, q="دیپلماسی علم", group="document")
    assert not app.exception
    assert api.calls_to("search")[-1]["group"] == "document"
    assert app.segmented_control(key="group").value == "document"
    html = html_of(app)
    assert html.count('data-doc-id="doc-fa"') == 1 and html.count('data-doc-id="doc-en"') == 1
    assert html.index('data-doc-id="doc-fa"') < html.index('data-doc-id="doc-en"')  # by their best passage
    persian_card = html[html.index('data-doc-id="doc-fa"'):html.index('data-doc-id="doc-en"')]
    assert persian_card.index('data-chunk-id="c-fa-1"') < persian_card.index('data-chunk-id="c-fa-3"')
    assert "2 passages matched" in persian_card and "<mark>دیپلماسی</mark>" in persian_card
    assert "2 documents · 3 passages · hybrid mode · 8 ms" in texts_of(app)
    links = [link.proto for link in app.get("page_link")]
    assert ["chunk=c-fa-1" in links[0].query_string, "chunk=c-fa-3" in links[1].query_string,
            "chunk=c-en-2" in links[2].query_string] == [True, True, True]
    assert "group%3Ddocument" in links[0].query_string  # back from the document view, still by document


def test_the_results_by_toggle_switches_to_documents_and_back(make_app):
    api = FakeApi(results=GROUPED_RESULTS)
    app = make_app(api, q="science diplomacy")
    assert "data-doc-id=" not in html_of(app)
    assert html_of(app).count('class="kv-card"') == 3

    app.segmented_control(key="group").set_value("document").run()
    assert api.calls_to("search")[-1]["group"] == "document"
    assert html_of(app).count("kv-doc-card") == 2

    app.segmented_control(key="group").set_value("passage").run()
    assert api.calls_to("search")[-1]["group"] == "passage"
    assert html_of(app).count('class="kv-card"') == 3


def test_k_counts_documents_when_grouped(make_app):
    api = FakeApi(results=GROUPED_RESULTS)
    app = make_app(api, q="دیپلماسی", group="document", k="5")
    assert api.calls_to("search")[-1]["k"] == 5
    assert html_of(app).count("kv-doc-card") == 2  # both documents, three passages, though k was 5
