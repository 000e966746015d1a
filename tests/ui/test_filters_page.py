"""The search page's filters: date range and sort from a shared link, facet multiselects with counts, cards' dates."""

from __future__ import annotations

from tests.ui.fake_api import ENGLISH_RESULT, PERSIAN_RESULT, FakeApi, html_of

DATED = [{**PERSIAN_RESULT, "date": "2024-12-18", "ocr": True}, {**ENGLISH_RESULT, "date": "2019-03-12"}]


def test_a_shared_link_with_a_date_range_and_date_sort_passes_them_to_the_api(make_app):
    api = FakeApi(results=DATED)
    app = make_app(api, q="science diplomacy", date_from="2020-01-01", sort="date")
    assert not app.exception
    call = api.calls_to("search")[-1]
    assert call["filters"] == {"date_from": "2020-01-01"} and call["sort"] == "date"
    assert app.text_input(key="date_from").value == "2020-01-01"
    assert app.segmented_control(key="sort").value == "date"
    html = html_of(app)
    assert 'data-chunk-id="c-fa-1"' in html and 'data-chunk-id="c-en-2"' not in html  # 2019 is outside


def test_facets_are_multiselects_with_counts_and_choosing_one_searches_again(make_app):
    api = FakeApi(results=DATED)
    app = make_app(api, q="science diplomacy")
    year = app.multiselect(key="year")
    assert year.options == ["2024 (1)", "2019 (1)"]
    assert app.multiselect(key="entity").options == ["org:anso (2)"]
    year.select("2019").run()
    assert api.calls_to("search")[-1]["filters"] == {"year": ["2019"]}


def test_a_shared_link_with_a_facet_value_selects_it_and_filters(make_app):
    api = FakeApi(results=DATED)
    app = make_app(api, q="science diplomacy", folder="news")
    assert not app.exception
    assert api.calls_to("search")[0]["filters"] == {"folder": ["news"]}
    assert app.multiselect(key="folder").value == ["news"]


def test_cards_show_the_date_in_both_calendars_for_persian_and_mark_ocr(make_app):
    html = html_of(make_app(FakeApi(results=DATED), q="science diplomacy"))
    assert "2024-12-18 · ۲۸ آذر ۱۴۰۳" in html
    assert "2019-03-12" in html and "۲۱ اسفند" not in html.split('data-chunk-id="c-en-2"')[1]
    assert html.count('class="kv-ocr"') == 1  # only the Persian passage was read by OCR


def test_a_bad_date_is_the_apis_message_not_a_traceback(make_app):
    from search_api.client import ApiError

    api = FakeApi(error=ApiError("422: date_from: not an ISO date (YYYY-MM-DD): 'soon'", status_code=422))
    app = make_app(api, q="science", date_from="soon")
    assert not app.exception
    assert "not an ISO date" in app.warning[0].value and "date" in app.warning[0].value


def test_the_persian_interface_from_the_link_labels_in_persian_right_to_left(make_app):
    app = make_app(FakeApi(results=DATED), q="science diplomacy", ui="fa")
    assert not app.exception
    assert app.text_input(key="q").label == "جستجو در اسناد فارسی و انگلیسی"
    assert app.segmented_control(key="sort").label == "ترتیب"
    assert app.multiselect(key="year").label == "سال"
    assert app.segmented_control(key="ui").value == "fa"
    html = html_of(app)
    assert '<div class="kv-ui" dir="rtl" lang="fa">' in html and 'document.documentElement.dir = "rtl"' in html


def test_the_english_interface_is_the_default(make_app):
    app = make_app(FakeApi(results=DATED), q="science diplomacy")
    assert app.text_input(key="q").label == "Search Persian and English documents"
    assert 'class="kv-ui"' not in html_of(app)
