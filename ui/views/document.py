"""Document view: one page of a document, the passage of a search result marked in its context.

The URL says what to show: ``?doc=<doc_id>&page=<n>&chunk=<chunk_id>&search=<q=...&lang=...>``;
``search`` is the search the passage came from, to mark it and to lead back to the results.
"""

from urllib.parse import parse_qsl

import streamlit as st

from index.records import DEFAULT_MODE, SEARCH_MODES
from pipeline.types import LANGUAGES
from ui.i18n import t, ui_language
from ui.render import document_header_html, locate_passage, markdown_escape, page_html, result_card_html
from ui.session import call_api, get_api, remembered_result


def search_from_url() -> dict[str, str]:
    """The search this document was opened from (``q``, ``lang``, ``mode``, ``k``), or {}."""
    return dict(parse_qsl(st.query_params.get("search", "")))


def go_to_page(number: int) -> None:
    st.query_params["page"] = str(number)


def open_document() -> None:
    st.query_params.clear()
    st.query_params["doc"] = st.session_state["document-picker"]


def choose_document() -> None:
    """No document in the URL: let the user pick one of the indexed documents."""
    st.title(t("documents"))
    stats = call_api(get_api().stats)
    if stats is None:
        return
    sources = stats.get("sources") or []
    if not sources:
        st.info(t("nothing_indexed"))
        return
    titles = {item["doc_id"]: f"{item.get('title') or item['source']} — {item['source']}" for item in sources}
    st.selectbox(
        t("pick_document"),
        list(titles),
        format_func=titles.get,
        index=None,
        key="document-picker",
        on_change=open_document,
    )


def find_passage(chunk_id: str, document: dict) -> dict | None:
    """The search result to mark: remembered from the results page, or found by searching again."""
    result = remembered_result(chunk_id)
    search = search_from_url()
    query = search.get("q", "").strip()
    if result is None and query:
        mode, lang = search.get("mode"), search.get("lang")
        answer = call_api(
            lambda: get_api().search(
                query,
                k=50,
                source=document["source"],
                mode=mode if mode in SEARCH_MODES else DEFAULT_MODE,
                lang=lang if lang in LANGUAGES else None,
            )
        )
        hits = answer.get("results", []) if answer else []
        result = next((hit for hit in hits if hit.get("chunk_id") == chunk_id), None)
    return result


def show_document(doc_id: str) -> None:
    document = call_api(lambda: get_api().document(doc_id))
    if document is None:
        return
    pages = {page["number"]: page["text"] for page in document.get("pages") or []}
    lang = document.get("lang")
    st.html(document_header_html(document, language=ui_language()))
    also_in = document.get("also_in") or []
    if also_in:
        files = ", ".join(
            f"`{name}`" if "`" not in name else markdown_escape(name) for name in also_in  # code span if safe
        )
        st.info(t("also_in", files=files), icon=":material/content_copy:")

    search = search_from_url()
    if search.get("q"):
        st.page_link(
            "views/search.py", label=t("back_to_results"), icon=":material/arrow_back:", query_params=search
        )
    if not pages:
        st.info(t("no_text"))
        return

    numbers = sorted(pages)
    try:
        current = int(st.query_params.get("page", numbers[0]))
    except ValueError:
        current = numbers[0]
    if current not in pages:
        current = min(numbers, key=lambda number: abs(number - current))
    position = numbers.index(current)

    previous_column, where_column, next_column = st.columns([1, 2, 1])
    previous_column.button(
        t("previous_page"),
        disabled=position == 0,
        key="previous-page",
        on_click=go_to_page,
        args=(numbers[position - 1] if position else current,),
        width="stretch",
    )
    where_column.markdown(
        f"<div style='text-align:center'>{t('page_of', page=current, last=numbers[-1])}</div>",
        unsafe_allow_html=True,
    )
    next_column.button(
        t("next_page"),
        disabled=position == len(numbers) - 1,
        key="next-page",
        on_click=go_to_page,
        args=(numbers[min(position + 1, len(numbers) - 1)],),
        width="stretch",
    )

    chunk_id = st.query_params.get("chunk")
    passage = find_passage(chunk_id, document) if chunk_id else None
    text = pages[current]
    if passage and passage.get("page") in (None, current):
        if locate_passage(text, passage.get("text", "")) is None:
            st.caption(t("passage_not_placed"))
            st.html(result_card_html(passage, language=ui_language()))
            passage = None
    elif passage:
        st.caption(t("passage_on_page", page=passage["page"]))
        passage = None
    st.html(
        page_html(
            text,
            lang,
            passage=passage.get("text") if passage else None,
            highlights=passage.get("highlights") or [] if passage else (),
        )
    )


doc_id = st.query_params.get("doc")
if doc_id:
    show_document(doc_id)
else:
    choose_document()
