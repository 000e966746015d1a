"""The interface's words in English and Persian, in one place; ``?ui=fa`` in the link picks Persian.

In Persian the page reads right to left (``apply_direction``). Passages keep their own direction
either way (``ui.render.text_direction``).
"""

from __future__ import annotations

import streamlit as st

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
    },
    "fa": {
        "switch": "Interface · زبان",
        "page_search": "جستجو",
        "page_document": "سند",
        "page_ops": "مدیریت",
        "search_label": "جستجو در اسناد فارسی و انگلیسی",
        "placeholder": "مثلاً دیپلماسی علم  ·  science diplomacy",
        "language": "زبان",
        "language_help": "all: بخش‌های فارسی و انگلیسی با هم؛ fa: فقط فارسی؛ en: فقط انگلیسی.",
        "mode": "روش",
        "mode_help": "hybrid: معنا و واژه‌ها با هم؛ dense: فقط معنا، بازنویسی‌ها و زبان دیگر را هم می‌یابد؛ "
                     "lexical: فقط واژه‌های دقیق، برای نام‌ها، سرواژه‌ها و عبارت‌ها.",
        "group": "نتایج بر پایهٔ",
        "count": "تعداد نتایج",
        "filters": "پالایه‌ها",
        "date_from": "از تاریخ (YYYY-MM-DD)",
        "date_to": "تا تاریخ (YYYY-MM-DD)",
        "sort": "ترتیب",
        "sort_help": "relevance: مرتبط‌ترین نخست؛ date: بهترین نتایج، تازه‌ترین نخست",
        "year": "سال",
        "folder": "پوشه",
        "file_type": "نوع پرونده",
        "entity": "نام‌ها (افراد، سازمان‌ها، مکان‌ها)",
        "export_csv": "خروجی CSV",
        "export_json": "خروجی JSON",
        "weak": "هیچ تطابق قوی‌ای یافت نشد؛ نزدیک‌ترین بخش‌ها در زیر آمده‌اند.",
        "open_at_page": "باز کردن سند در صفحهٔ {page}",
        "open": "باز کردن سند",
        "try": "نمونه‌ها:",
        "indexed": "{documents} سند نمایه شده · مدل {embedder}. به فارسی یا انگلیسی بپرسید: پرسشی به یک زبان "
                   "بخش‌های زبان دیگر را هم می‌یابد.",
        "nothing_indexed": "هنوز چیزی نمایه نشده است. در صفحهٔ **مدیریت** پرونده بیفزایید "
                           "یا `kavosh ingest PATH` را اجرا کنید.",
    },
}

RTL_CSS = """
.stApp, [data-testid="stSidebar"], [data-testid="stMain"] { direction: rtl; text-align: right; }
.kv-meta, code { direction: ltr; unicode-bidi: isolate; }
"""


def ui_language() -> str:
    """The interface's language: the switch's value, or the link's ``ui`` on a first visit."""
    value = st.session_state.get(UI_KEY) or st.query_params.get(UI_KEY)
    return value if value in UI_LANGUAGES else UI_LANGUAGES[0]


def t(key: str, **values: object) -> str:
    """The interface's words for ``key`` in its language, with ``values`` filled in."""
    text = STRINGS[ui_language()].get(key) or STRINGS["en"][key]
    return text.format(**values) if values else text


def show_switch() -> str:
    """The language switch (remembered in the link as ``?ui=fa``); returns the language chosen."""
    st.sidebar.segmented_control(STRINGS["en"]["switch"], list(UI_LANGUAGES), default=ui_language(),
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
