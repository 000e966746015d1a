"""Web pages (.html, .htm) through trafilatura: the article's text without menus, footers or comments, with
its title, author, publication date and site name. A page where trafilatura finds no article is read whole
by the plain HTML reader (``pipeline.readers.html``), metadata still taken from trafilatura.

The date is, in order: trafilatura's (meta tags such as ``article:published_time``, JSON-LD, the URL),
then the article's dateline element (``<time>``, an element whose class names a date) read by
``pipeline.dates`` (so «سه‌شنبه ۲۸ آذر ۱۴۰۳» counts), never a date in the header or footer (a news
site's top bar shows today's date).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import trafilatura
from lxml import html as lxml_html

from pipeline.dates import DocumentDate, date_from_metadata, date_from_text
from pipeline.readers.base import decode_text, one_page_document
from pipeline.readers.html import EXTENSIONS, HtmlReader, declared_charset
from pipeline.types import Document

__all__ = ["EXTENSIONS", "WebPageReader"]

logger = logging.getLogger(__name__)

# trafilatura drops characters that are not printable, ZWNJ among them («همکاری‌ها» → «همکاریها»): they
# travel through it as this printable stand-in, which Persian text does not use.
_ZWNJ_STAND_IN = "\u2042"
_ZWNJ = re.compile("\u200c|&zwnj;|&#8204;|&#x200c;", re.IGNORECASE)
_TABLE_RULE = re.compile(r"^[|\-:\s]+$")
_DATELINE = (
    "//*[self::article or self::main]//*[self::time or contains(@class, 'date') or contains(@class, 'time')"
    " or contains(@class, 'publish')][not(ancestor::header or ancestor::nav or ancestor::footer or ancestor::aside)]"
)


def _restore(value: str | None) -> str:
    return " ".join((value or "").replace(_ZWNJ_STAND_IN, "\u200c").split())


def _tidy_text(text: str) -> str:
    """trafilatura's text with ZWNJ back and its Markdown-like tables as "cell | cell" lines."""
    lines = []
    for line in text.replace(_ZWNJ_STAND_IN, "\u200c").splitlines():
        if line.lstrip().startswith("|"):
            if _TABLE_RULE.match(line):
                continue
            line = " | ".join(cell.strip() for cell in line.split("|") if cell.strip())
        lines.append(line)
    return "\n".join(lines)


def _dateline(source: str) -> DocumentDate | None:
    """The date of the article's own dateline element: a ``datetime`` attribute, or its text."""
    try:
        tree = lxml_html.fromstring(source)
    except (ValueError, lxml_html.etree.ParserError):
        return None
    for element in tree.xpath(_DATELINE)[:20]:
        found = date_from_metadata(element.get("datetime"), "html") or date_from_text(element.text_content())
        if found:
            return found
    return None


class WebPageReader:
    """Read a saved web page: trafilatura's main text and metadata; the whole visible text if it finds none."""

    kind = "html"

    def read(self, data: bytes, path: Path) -> Document:
        source = decode_text(data, path, declared_encoding=declared_charset(data))
        try:
            extracted = trafilatura.bare_extraction(
                _ZWNJ.sub(_ZWNJ_STAND_IN, source),
                with_metadata=True,
                include_tables=True,
                include_comments=False,
                date_extraction_params={"extensive_search": False, "original_date": True},
            )
        except Exception as exc:  # trafilatura is lenient; a failure falls back to the plain reader
            logger.debug("%s: trafilatura failed: %r", path, exc)
            extracted = None
        text = _tidy_text(extracted.text or "") if extracted else ""
        titles = [_restore(extracted.title)] if extracted else []
        if not text.strip():
            fallback_text, fallback_titles = HtmlReader().extract(data, path)
            text, titles = fallback_text, titles + fallback_titles
        date = (extracted and date_from_metadata(extracted.date, "html")) or _dateline(source)
        return one_page_document(
            path,
            self.kind,
            text,
            titles,
            HtmlReader.empty_reason,
            author=_restore(extracted.author) if extracted else "",
            site_name=_restore(extracted.sitename) if extracted else "",
            date=date.iso if date else "",
            date_source=date.source if date else "",
        )
