"""The interface's words in English (here) and Persian (``ui.i18n_fa``); ``?ui=fa`` in the link picks Persian.

In Persian the page reads right to left (``apply_direction``). Passages keep their own direction
either way (``ui.render.text_direction``).
"""

from __future__ import annotations

import streamlit as st

from ui.i18n_fa import PERSIAN

UI_LANGUAGES = ("en", "fa")  # the first is the default; the values are the URL's (``?ui=fa``)
UI_KEY = "ui"

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "switch": "Interface · زبان",
        "page_search": "Search",
        "page_document": "Document",
        "page_ops": "Ops",
        "search_label": "Search Persian and English documents",
        "placeholder": "e.g. دیپلماسی علم  ·  science diplomacy",
        "language": "Language",
        "language_help": "all: Persian and English passages together; fa: Persian only; en: English only.",
        "mode": "Mode",
        "mode_help": "hybrid: meaning and exact words together; dense: meaning only, finds paraphrases and the "
                     "other language; lexical: exact words only, for names, acronyms and phrases.",
        "group": "Results by",
        "count": "Results",
        "filters": "Filters",
        "date_from": "From (YYYY-MM-DD)",
        "date_to": "To (YYYY-MM-DD)",
        "sort": "Sort",
        "sort_help": "relevance: best match first; date: the best results, newest first",
        "year": "Year",
        "folder": "Folder",
        "file_type": "File type",
        "entity": "Entity",
        "export_csv": "Export CSV",
        "export_json": "Export JSON",
        "weak": "No strong matches; closest passages below.",
        "open_at_page": "Open the document at page {page}",
        "open": "Open the document",
        "try": "Try:",
        "indexed": "{documents} documents indexed · embedder {embedder}. Ask in Persian or English: a question "
                   "in one language also finds passages in the other.",
        "nothing_indexed": "Nothing is indexed yet. Add files on the **Ops** page, or run `kavosh ingest PATH`.",
        "group_help": "{passage}: the best passages, however many come from one document; {document}: each document "
                      "once, with its best {passages} passages (Results then counts documents).",
        "no_match": "No passages match **{query}**{where} in {mode} mode.",
        "no_match_in": " in {name}",
        "language_fa": "Persian",
        "language_en": "English",
        "try_hybrid": "Try hybrid mode (meaning and exact words)",
        "try_all_languages": "Search all languages",
        "try_other_words": "Try other words, or a question in the other language.",
        "answer_documents": "{count} documents · ",
        "answer_summary": "{documents}{count} passages · {mode} mode{timing}",
        # ops page
        "documents": "Documents",
        "passages_chunks": "Passages (chunks)",
        "persian_counts": "Persian docs / chunks",
        "english_counts": "English docs / chunks",
        "counts_help": "documents / chunks",
        "embedder_and_store": "**Embedder** {name} ({dim} dimensions) · **Store** {backend}, collection `{collection}`",
        "store_location": " at `{location}`",
        "chunks_per_file": "Chunks per file",
        "sources_cut": "The first {shown} of {documents} documents.",
        "nothing_indexed_upload": "Nothing is indexed yet: upload files below, or run `kavosh ingest PATH`.",
        "language_axis": "language",
        "column_title": "title",
        "column_source": "source",
        "column_lang": "lang",
        "column_pages": "pages",
        "column_chunks": "chunks",
        "column_doc_id": "doc_id",
        "all_files": "All files",
        "files_seen": "Files seen",
        "indexed_count": "Indexed",
        "unchanged": "Unchanged",
        "failed": "Failed",
        "chunks_added_deleted": "Chunks +/−",
        "seconds": "Seconds",
        "finished_at": "Finished at {time}",
        "column_file": "file",
        "column_error": "error",
        "last_ingest": "Last ingest",
        "no_ingest_yet": "No ingest has run since this index was made.",
        "index_files": "Index files",
        "upload_label": "PDF, text, Markdown or HTML files, in Persian or English",
        "api_token": "API token",
        "api_token_help": "The KAVOSH_API_TOKEN the API was started with.",
        "choose_files": "Choose at least one file to index.",
        "enter_token": "Enter the API token: uploads need it.",
        "no_uploads": "This API does not take uploads: start it with `KAVOSH_API_TOKEN` set.",
        "job_queued": "Queued {count} file(s)…",
        "job_still_running": "Job {job_id} is still running; reload this page later to see its report.",
        "job_progress": "Indexing: {done} of {total} file(s) done…",
        "job_counts": "{indexed} indexed, {unchanged} unchanged, {failed} failed; "
                      "{added} chunks added, {removed} removed, in {seconds:.1f} s.",
        "no_reason": "no reason given",
        "job_failed": "The upload's indexing failed: {reason}. {counts}",
        "indexed_with_errors": "Indexed with errors: {counts}",
        "indexed_ok": "Indexed: {counts}",
        # document page
        "pick_document": "Open a document (or open one from a search result)",
        "also_in": "The same text is also in: {files}",
        "back_to_results": "Back to the results",
        "no_text": "This document has no text to show.",
        "previous_page": "← Previous page",
        "next_page": "Next page →",
        "page_of": "Page {page} of {last}",
        "passage_not_placed": "The passage could not be placed on this page; here it is as the search found it:",
        "passage_on_page": "The passage you opened is on page {page}.",
        # API errors and the access token (ui.session)
        "api_not_answering": "**The Kavosh API is not answering at** `{url}`.\n\nStart it with `kavosh serve`, or set "
                             "`KAVOSH_API_URL` to where it runs, then reload this page.",
        "what_happened": "What happened: {message}",
        "api_failed": "The API failed ({status}): {detail}",
        "api_refused": "The API refused the request ({status}): {detail}",
        "token_needed": "This Kavosh API needs an access token to search and read documents.",
        "access_token": "Access token",
        "access_token_help": "Ask whoever runs the Kavosh API for it.",
        "use_token": "Use this token",
        # cards and the document header (ui.render)
        "untitled": "untitled",
        "card_page": "page {page}",
        "card_score": "score {score:.3f}",
        "ocr_title": "read from an image by OCR",
        "card_also_in": "also in: {files}",
        "card_matched": "{passages} matched",
        "one_page": "{count} page",
        "pages": "{count} pages",
        "one_passage": "{count} passage",
        "passages": "{count} passages",
    },
    "fa": PERSIAN,
}

RTL_CSS = """
.stApp, [data-testid="stSidebar"], [data-testid="stMain"] { direction: rtl; text-align: right; }
.kv-meta, code { direction: ltr; unicode-bidi: isolate; }
"""


def ui_language() -> str:
    """The interface's language: the switch's value, or the link's ``ui`` on a first visit."""
    value = st.session_state.get(UI_KEY) or st.query_params.get(UI_KEY)
    return value if value in UI_LANGUAGES else UI_LANGUAGES[0]


def words(language: str, key: str, **values: object) -> str:
    """The words for ``key`` in ``language`` (English where it has none), with ``values`` filled in."""
    text = STRINGS.get(language, {}).get(key) or STRINGS["en"][key]
    return text.format(**values) if values else text


def t(key: str, **values: object) -> str:
    """The interface's words for ``key`` in its language, with ``values`` filled in."""
    return words(ui_language(), key, **values)


def show_switch() -> str:
    """The language switch (remembered in the link as ``?ui=fa``); returns the language chosen."""
    # The default is fixed: a bound widget drops its default value from the link, so with the current
    # language as default ``?ui=fa`` vanished on the next rerun and the page went back to English.
    st.sidebar.segmented_control(STRINGS["en"]["switch"], list(UI_LANGUAGES), default=UI_LANGUAGES[0],
                                 required=True, key=UI_KEY, bind="query-params")
    return ui_language()


def apply_direction(language: str) -> None:
    """In Persian the page reads right to left: the app's containers, and ``dir`` on the document."""
    if language != "fa":
        return
    st.html(f"<style>{RTL_CSS}</style>")
    st.html('<div class="kv-ui" dir="rtl" lang="fa"></div>'
            '<script>document.documentElement.dir = "rtl"; document.documentElement.lang = "fa";</script>',
            unsafe_allow_javascript=True)
