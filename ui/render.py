"""Search results and document pages as HTML: escaped text, matches in <mark>, direction by language.

Pure functions (the words come from ``ui.i18n.words``, in the ``language`` each function is given;
English by default). Highlight spans are ``[start, end)`` character offsets into the
*unescaped* text; every piece of text is escaped here, after the spans have been applied.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

import jdatetime

from ui.i18n import words

Span = tuple[int, int]

LANGUAGE_NAMES = {"fa": "فارسی", "en": "English"}

PERSIAN_FONTS = (
    '"Vazirmatn", "Vazir", "Sahel", "Noto Naskh Arabic", "Noto Sans Arabic", '
    '"Tahoma", "DejaVu Sans", sans-serif'
)

STYLE_CSS = f"""
.kv-card {{
  border: 1px solid rgba(49, 51, 63, 0.15); border-radius: 0.6rem;
  padding: 0.8rem 1rem 0.6rem; margin: 0 0 0.2rem; background: rgba(250, 250, 252, 0.6);
}}
.kv-card-head {{ display: flex; align-items: baseline; gap: 0.6rem; }}
.kv-title {{ font-weight: 600; font-size: 1.05rem; flex: 1; }}
.kv-score {{
  font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.8rem;
  color: rgba(49, 51, 63, 0.7); white-space: nowrap;
}}
.kv-badge {{
  display: inline-block; font-size: 0.72rem; font-weight: 600; letter-spacing: 0.03em;
  padding: 0.1rem 0.45rem; border-radius: 0.3rem; white-space: nowrap;
}}
.kv-badge-fa {{ background: #e3f2e8; color: #145a32; }}
.kv-badge-en {{ background: #e3ecfa; color: #1a3f7a; }}
.kv-badge-other {{ background: #eeeeee; color: #444444; }}
.kv-ocr {{ background: #fff3cd; color: #7a5a00; border-radius: 0.3rem; padding: 0 0.3rem; font-weight: 600; }}
.kv-meta {{ font-size: 0.8rem; color: rgba(49, 51, 63, 0.65); margin: 0.2rem 0 0.4rem; }}
.kv-meta .kv-badge {{ margin-inline-end: 0.4rem; }}
.kv-passage, .kv-page {{ line-height: 1.75; margin: 0; }}
.kv-page {{ white-space: pre-line; }}  /* a page keeps its lines; a snippet flows */
.kv-page {{ font-size: 1.02rem; }}
[dir="rtl"].kv-passage, [dir="rtl"].kv-page, [dir="rtl"].kv-title, [dir="rtl"].kv-doc-title {{
  font-family: {PERSIAN_FONTS}; text-align: right; line-height: 2;
}}
[dir="ltr"].kv-passage, [dir="ltr"].kv-page {{ text-align: left; }}
.kv-card mark, .kv-page mark {{
  background: #ffe08a; color: inherit; padding: 0 0.1em; border-radius: 0.2em;
}}
.kv-page .kv-in-passage {{ background: #fff6d6; box-shadow: 0 0 0 2px #fff6d6; }}
.stTextInput input {{ unicode-bidi: plaintext; }}
.kv-ellipsis {{ color: rgba(49, 51, 63, 0.5); }}
.kv-doc-passage {{ border-top: 1px dashed rgba(49, 51, 63, 0.15); padding-top: 0.3rem; margin-top: 0.3rem; }}
"""


def text_direction(lang: str | None) -> str:
    """``rtl`` for Persian, ``ltr`` for English, ``auto`` (let the browser decide) otherwise."""
    if lang == "fa":
        return "rtl"
    if lang == "en":
        return "ltr"
    return "auto"


def normalize_spans(spans: Iterable[Sequence[int]], length: int) -> list[Span]:
    """Spans clipped to ``[0, length)``, sorted, with overlapping and touching ones merged."""
    clipped = sorted((max(0, int(start)), min(length, int(end))) for start, end in spans)
    clipped = [(start, end) for start, end in clipped if end > start]
    merged: list[Span] = []
    for start, end in clipped:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def highlight_html(text: str, spans: Iterable[Sequence[int]]) -> str:
    """Escaped ``text`` with each span wrapped in ``<mark>``.

    >>> highlight_html("a <b> سلام دنیا", [(6, 10)])
    'a &lt;b&gt; <mark>سلام</mark> دنیا'
    """
    return _markup(text, normalize_spans(spans, len(text)), passage=None)


@dataclass(frozen=True)
class Excerpt:
    """A window of a passage: its text, the spans within it, and whether text was cut on each side."""

    text: str
    spans: list[Span]
    cut_start: bool
    cut_end: bool


def excerpt(text: str, spans: Iterable[Sequence[int]], max_chars: int = 700) -> Excerpt:
    """The window of at most ``max_chars`` characters that holds the most matches, cut at word breaks."""
    spans = normalize_spans(spans, len(text))
    if len(text) <= max_chars:
        return Excerpt(text, spans, False, False)
    lead = max_chars // 6  # some context before the first match in the window
    best_start, best_count = 0, -1
    for candidate in [0] + [max(0, start - lead) for start, _ in spans]:
        candidate = min(candidate, len(text) - max_chars)
        count = sum(1 for start, end in spans if start >= candidate and end <= candidate + max_chars)
        if count > best_count:
            best_start, best_count = candidate, count
    start, end = best_start, best_start + max_chars
    if start > 0:  # move forward to the start of a word
        space = text.find(" ", start, start + 40)
        start = space + 1 if space != -1 else start
    if end < len(text):  # move back to the end of a word
        space = text.rfind(" ", end - 40, end)
        end = space if space > start else end
    window = [(max(s, start) - start, min(e, end) - start) for s, e in spans if e > start and s < end]
    return Excerpt(text[start:end], window, start > 0, end < len(text))


def language_badge_html(lang: str | None) -> str:
    """A small coloured tag: ``FA · فارسی`` or ``EN · English``."""
    code = (lang or "?").lower()
    name = LANGUAGE_NAMES.get(code)
    css = f"kv-badge-{code}" if code in LANGUAGE_NAMES else "kv-badge-other"
    label = f"{code.upper()} · {name}" if name else code.upper()
    return f'<span class="kv-badge {css}">{escape(label)}</span>'


def result_card_html(result: Mapping[str, Any], *, max_chars: int = 700, language: str = "en") -> str:
    """One search result as a card: title, language badge, score, source and page, the marked passage."""
    lang = result.get("lang") or ""
    meta = [f"<span>{escape(str(result.get('source') or ''))}</span>", *_passage_facts(result, language)]
    return (
        f'<article class="kv-card" data-lang="{escape(lang)}" '
        f'data-chunk-id="{escape(str(result.get("chunk_id", "")))}">'
        f"{_card_head_html(result, language)}"
        f'<div class="kv-meta" dir="ltr">{" · ".join(meta)}</div>'
        f"{_passage_html(result, max_chars)}"
        "</article>"
    )


def document_card_html(document: Mapping[str, Any], *, max_chars: int = 500, language: str = "en") -> str:
    """One document of results grouped by document: its title, badge, best score and file, then its passages."""
    lang = document.get("lang") or ""
    passages = document.get("passages") or []
    source = escape(str(document.get("source") or ""))
    matched = words(language, "card_matched", passages=_count(len(passages), "passage", language))
    meta = [f"<span>{source}</span>", _fact_html(matched, language)]
    sections = "".join(
        f'<section class="kv-doc-passage" data-chunk-id="{escape(str(passage.get("chunk_id", "")))}">'
        f'<div class="kv-meta" dir="ltr">{" · ".join(_passage_facts(passage, language, with_score=True))}</div>'
        f"{_passage_html(passage, max_chars)}</section>"
        for passage in passages
    )
    return (
        f'<article class="kv-card kv-doc-card" data-lang="{escape(lang)}" '
        f'data-doc-id="{escape(str(document.get("doc_id", "")))}">'
        f"{_card_head_html(document, language)}"
        f'<div class="kv-meta" dir="ltr">{" · ".join(meta)}</div>{sections}'
        "</article>"
    )


def _card_head_html(item: Mapping[str, Any], language: str) -> str:
    """A card's first line: language badge, title in its direction, score."""
    lang = item.get("lang") or ""
    title = str(item.get("title") or item.get("source") or words(language, "untitled"))
    score = item.get("score")
    score_html = (f'<span class="kv-score">{escape(words(language, "card_score", score=float(score)))}</span>'
                  if score is not None else "")
    return (
        f'<div class="kv-card-head">{language_badge_html(lang)}'
        f'<span class="kv-title" dir="{text_direction(lang)}">{escape(title)}</span>{score_html}</div>'
    )


def _fact_html(text: str, language: str) -> str:
    """One fact of a card's line (which reads left to right): in Persian, a right-to-left run of its own."""
    return f'<span dir="rtl">{escape(text)}</span>' if language == "fa" else f"<span>{escape(text)}</span>"


def _passage_facts(result: Mapping[str, Any], language: str, with_score: bool = False) -> list[str]:
    """Where a passage is: its page, the other files holding it, and (inside a document card) its score."""
    facts = []
    if result.get("page") is not None:
        facts.append(_fact_html(words(language, "card_page", page=int(result["page"])), language))
    if result.get("date"):
        facts.append(f"<span>{escape(shown_date(str(result['date']), result.get('lang')))}</span>")
    if result.get("ocr"):
        facts.append(f'<span class="kv-ocr" title="{escape(words(language, "ocr_title"))}">OCR</span>')
    if with_score and result.get("score") is not None:
        facts.append(_fact_html(words(language, "card_score", score=float(result["score"])), language))
    also_in = result.get("also_in") or []
    if also_in:
        facts.append(_fact_html(words(language, "card_also_in", files=", ".join(map(str, also_in))), language))
    return facts


PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def shown_date(iso: str, lang: str | None) -> str:
    """An ISO date as shown on a card; a Persian document's also in the Jalali calendar, in Persian digits."""
    if lang != "fa":
        return iso
    try:
        jalali = jdatetime.date.fromgregorian(date=dt.date.fromisoformat(iso), locale="fa_IR")
    except ValueError:
        return iso
    persian = f"{jalali.day} {jalali.j_months_fa[jalali.month - 1]} {jalali.year}".translate(PERSIAN_DIGITS)
    return f"{iso} · {persian}"


def _passage_html(result: Mapping[str, Any], max_chars: int) -> str:
    """The passage's window with the most matches, matches marked, cuts shown as ellipses."""
    lang = result.get("lang") or ""
    shown = excerpt(str(result.get("text") or ""), result.get("highlights") or [], max_chars)
    passage = highlight_html(shown.text, shown.spans)
    if shown.cut_start:
        passage = '<span class="kv-ellipsis">… </span>' + passage
    if shown.cut_end:
        passage += '<span class="kv-ellipsis"> …</span>'
    return f'<p class="kv-passage" dir="{text_direction(lang)}" lang="{escape(lang)}">{passage}</p>'


def document_header_html(document: Mapping[str, Any], language: str = "en") -> str:
    """A document's title (in its direction), language badge, file, kind and size."""
    lang = document.get("lang") or ""
    source = str(document.get("source") or "")
    title = str(document.get("title") or source or words(language, "untitled"))
    facts = [escape(source), escape(str(document.get("kind") or ""))]
    for number, noun in ((len(document.get("pages") or []), "page"), (int(document.get("chunks") or 0), "passage")):
        count = _count(number, noun, language)
        facts.append(_fact_html(count, language) if language == "fa" else escape(count))
    if document.get("date"):
        facts.append(escape(shown_date(str(document["date"]), lang)))
    facts += [escape(str(document.get(field))) for field in ("author", "site_name") if document.get(field)]
    return (
        f'<h2 class="kv-doc-title" dir="{text_direction(lang)}">{escape(title)}</h2>'
        f'<div class="kv-meta" dir="ltr">{language_badge_html(lang)} '
        f"{' · '.join(fact for fact in facts if fact)}</div>"
    )


def _count(number: int, noun: str, language: str) -> str:
    """``1 page``, ``3 pages``; ``noun`` is ``page`` or ``passage``."""
    return words(language, f"one_{noun}" if number == 1 else f"{noun}s", count=number)


def locate_passage(page_text: str, passage: str) -> Span | None:
    """Where ``passage`` lies in ``page_text``; one that runs on to the next page is found by its start."""
    passage = passage.strip()
    if not passage:
        return None
    start = page_text.find(passage)
    if start != -1:
        return start, start + len(passage)
    for prefix_length in (200, 80):
        prefix = passage[:prefix_length]
        if len(prefix) == prefix_length and (start := page_text.find(prefix)) != -1:
            return start, min(len(page_text), start + len(passage))
    return None


def page_html(
    page_text: str,
    lang: str | None,
    passage: str | None = None,
    highlights: Iterable[Sequence[int]] = (),
) -> str:
    """A document page; the passage (if found on it) shaded, its matched words marked.

    ``highlights`` are spans in ``passage``, as a search result gives them.
    """
    direction = text_direction(lang)
    where = locate_passage(page_text, passage) if passage else None
    marks: list[Span] = []
    if where is not None:
        offset = where[0]
        marks = normalize_spans(((start + offset, end + offset) for start, end in highlights), where[1])
    body = _markup(page_text, marks, passage=where)
    return f'<div class="kv-page" dir="{direction}" lang="{escape(lang or "")}">{body}</div>'


def _markup(text: str, marks: list[Span], passage: Span | None) -> str:
    """Escape ``text``; wrap ``marks`` (sorted, disjoint) in <mark> and ``passage`` in a shaded span."""
    cuts = {0, len(text)}
    for start, end in marks:
        cuts.update((start, end))
    if passage is not None:
        cuts.update(passage)
    points = sorted(cut for cut in cuts if 0 <= cut <= len(text))
    out: list[str] = []
    in_passage = in_mark = False
    for start, end in zip(points, points[1:], strict=False):
        want_passage = passage is not None and passage[0] <= start < passage[1]
        want_mark = any(mark_start <= start < mark_end for mark_start, mark_end in marks)
        if want_passage != in_passage:
            if in_mark:
                out.append("</mark>")
                in_mark = False
            out.append('<span class="kv-in-passage">' if want_passage else "</span>")
            in_passage = want_passage
        if want_mark != in_mark:
            out.append("<mark>" if want_mark else "</mark>")
            in_mark = want_mark
        out.append(escape(text[start:end], quote=False))
    if in_mark:
        out.append("</mark>")
    if in_passage:
        out.append("</span>")
    return "".join(out)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")


def markdown_escape(text: str) -> str:
    """Text shown as itself inside Streamlit Markdown (file names, queries, server messages)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
