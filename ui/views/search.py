"""Search page: a query in Persian or English, filters, and the results as cards.

The search lives in the URL (``?q=...&lang=...&mode=...&k=...&group=...``, and the sidebar's filters):
the widgets are bound to the query parameters, so opening a shared link runs that search. ``group=document`` shows each
document once, with its best passages.
"""

import os
from urllib.parse import urlencode

import streamlit as st

from index.export import DEFAULT_UI_URL, export
from index.records import DEFAULT_GROUP, DEFAULT_MODE, PASSAGES_PER_DOCUMENT, SEARCH_GROUPS, SEARCH_MODES
from pipeline.types import LANGUAGES as INDEXED_LANGUAGES
from ui.filters import facet_params, show_date_and_sort, show_facets
from ui.i18n import t, ui_language
from ui.render import document_card_html, markdown_escape, result_card_html
from ui.session import call_api, get_api, remember_results

# The options are the URL's values too (a bound widget's URL value is its label), so no pretty names.
LANGUAGES = ["all", *INDEXED_LANGUAGES]
MODES = list(SEARCH_MODES)
GROUPS = list(SEARCH_GROUPS)
RESULT_COUNTS = [5, 10, 20, 50]
EXAMPLES = ["دیپلماسی علم و فناوری", "returned experts", "همکاری‌های بین‌المللی", "science diplomacy"]


def set_search(**values: str) -> None:
    """Change the search from a button (the bound widgets then update the URL)."""
    st.session_state.update(values)


def show_welcome() -> None:
    """What a first visit shows: how much is indexed, and a few searches to try."""
    health = call_api(get_api().health)
    if health is None:
        return
    documents = health.get("documents", 0)
    if not documents:
        st.info(t("nothing_indexed"))
        return
    st.caption(t("indexed", documents=documents, embedder=health.get("embedder", "?")))
    st.write(t("try"))
    columns = st.columns(len(EXAMPLES))
    for column, example in zip(columns, EXAMPLES, strict=True):
        column.button(example, on_click=set_search, kwargs={"q": example}, key=f"example-{example}")


def show_no_results(query: str, lang: str, mode: str) -> None:
    """Say nothing matched, and offer the searches most likely to find something."""
    where = "" if lang == "all" else t("no_match_in", name=t(f"language_{lang}"))
    shown = markdown_escape(query)  # the words as typed, not as Markdown
    st.info(t("no_match", query=shown, where=where, mode=mode), icon=":material/search_off:")
    suggestions = []
    if mode != "hybrid":
        suggestions.append((t("try_hybrid"), {"mode": "hybrid"}))
    if lang != "all":
        suggestions.append((t("try_all_languages"), {"lang": "all"}))
    if not suggestions:
        st.caption(t("try_other_words"))
    for label, change in suggestions:
        st.button(label, on_click=set_search, kwargs=change, key=f"suggest-{'-'.join(change)}")


def show_export(answer: dict) -> None:
    """Download buttons: the results as CSV (for a spreadsheet) and as JSON."""
    ui_url = os.environ.get("KAVOSH_UI_URL") or DEFAULT_UI_URL
    csv_column, json_column, _ = st.columns([1, 1, 4])
    csv_column.download_button(t("export_csv"), export(answer, "csv", ui_url), file_name="kavosh-results.csv",
                               mime="text/csv", icon=":material/download:", key="export-csv")
    json_column.download_button(t("export_json"), export(answer, "json", ui_url), file_name="kavosh-results.json",
                                mime="application/json", icon=":material/download:", key="export-json")


def show_results(answer: dict, lang: str, mode: str, k: int, group: str) -> None:
    """Passage cards, or (results by document) one card per document holding its best passages."""
    results = answer.get("results") or []
    documents = answer.get("documents")
    took = answer.get("took_ms")
    timing = f" · {took:.0f} ms" if isinstance(took, int | float) else ""
    shown = t("answer_documents", count=len(documents)) if documents is not None else ""
    st.caption(t("answer_summary", documents=shown, count=len(results), mode=mode, timing=timing))
    if answer.get("weak"):
        st.warning(t("weak"), icon=":material/help:")
    show_export(answer)
    remember_results(results)
    # The document view gets this search as one parameter: q, lang, mode, k and group belong to this page's widgets.
    search = urlencode({"q": answer.get("query", ""), "lang": lang, "mode": mode, "k": k, "group": group})
    if documents is None:
        for result in results:
            st.html(result_card_html(result, language=ui_language()))
            link_to_document(result, search)
        return
    for document in documents:
        st.html(document_card_html(document, language=ui_language()))
        for passage in document.get("passages") or []:
            link_to_document(passage, search)


def link_to_document(result: dict, search: str) -> None:
    """A link to the document view at the passage's page, with the passage marked."""
    page = result.get("page")
    st.page_link(
        "views/document.py",
        label=t("open_at_page", page=page) if page is not None else t("open"),
        icon=":material/menu_book:",
        query_params={
            "doc": result["doc_id"],
            **({"page": str(page)} if page is not None else {}),
            "chunk": result["chunk_id"],
            "search": search,
        },
    )


st.title("Kavosh · کاوش")
query = st.text_input(
    t("search_label"),
    key="q",
    bind="query-params",
    placeholder=t("placeholder"),
)
language_column, mode_column, group_column, count_column = st.columns([2, 3, 2, 1])
lang = language_column.segmented_control(
    t("language"),
    LANGUAGES,
    default="all",
    required=True,
    key="lang",
    bind="query-params",
    help=t("language_help"),
)
mode = mode_column.segmented_control(
    t("mode"),
    MODES,
    default=DEFAULT_MODE,
    required=True,
    key="mode",
    bind="query-params",
    help=t("mode_help"),
)
group = group_column.segmented_control(
    t("group"),
    GROUPS,
    default=DEFAULT_GROUP,
    required=True,
    key="group",
    bind="query-params",
    help=t("group_help", passages=PASSAGES_PER_DOCUMENT, passage="passage", document="document"),
)
k = count_column.selectbox(t("count"), RESULT_COUNTS, index=1, key="k", bind="query-params")
filters_box = st.sidebar.container()
filters_box.subheader(t("filters"))
narrow = show_date_and_sort(filters_box) | facet_params()

if not query.strip():
    show_welcome()
else:
    answer = call_api(
        lambda: get_api().search(query.strip(), k=k, lang=None if lang == "all" else lang, mode=mode, group=group,
                                 filters={key: value for key, value in narrow.items() if key != "sort"},
                                 sort=narrow.get("sort", "relevance"))
    )
    if answer is not None:
        show_facets(filters_box, answer.get("facets") or {})
    if answer is not None and answer.get("results"):
        show_results(answer, lang, mode, k, group)
    elif answer is not None:
        show_no_results(query.strip(), lang, mode)
