"""HTML files: the visible text as one page; the title is the <title> or the first <h1>."""

from __future__ import annotations

import codecs
import logging
import re
from html.parser import HTMLParser
from pathlib import Path

from pipeline.readers.base import OnePageReader, decode_text
from pipeline.types import ReadError

logger = logging.getLogger(__name__)

EXTENSIONS = frozenset({".html", ".htm"})

_SKIPPED_ELEMENTS = frozenset(
    {"script", "style", "noscript", "template", "svg", "math", "nav", "aside", "footer", "iframe",
     "object", "canvas", "select", "button"}
)  # fmt: skip
_PARAGRAPH_ELEMENTS = frozenset(
    {"p", "div", "section", "article", "main", "header", "blockquote", "pre", "table", "ul", "ol", "dl",
     "figure", "figcaption", "address", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "form", "fieldset",
     "details", "summary", "body"}
)  # fmt: skip
_LINE_ELEMENTS = frozenset({"br", "li", "tr", "dt", "dd", "caption", "option", "legend"})
_CELL_ELEMENTS = frozenset({"td", "th"})
_VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
# Labels that browsers read as Windows-1252 (WHATWG encoding standard).
_CHARSET_ALIASES = dict.fromkeys(("iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii"), "cp1252")


class _HtmlTextExtractor(HTMLParser):
    """Collects an HTML page's visible text, its <title> and its first <h1>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self.h1_parts: list[str] = []
        self._skipped_tag = ""  # the element whose content is being dropped
        self._skipped_depth = 0
        self._in_title = False
        self._h1_state = "before"  # "before", "inside", "done"
        self._pre_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skipped_tag:
            if tag == self._skipped_tag:
                self._skipped_depth += 1
            return
        if tag == "title":
            self._in_title = True
            return
        if self._in_title and tag in _PARAGRAPH_ELEMENTS:
            self._in_title = False  # an unclosed <title> must not swallow the page
        attributes = dict(attrs)
        style = (attributes.get("style") or "").replace(" ", "").lower()
        hidden = "hidden" in attributes or attributes.get("aria-hidden") == "true" or "display:none" in style
        if tag not in _VOID_ELEMENTS and (tag in _SKIPPED_ELEMENTS or hidden or attributes.get("role") == "navigation"):
            self._skipped_tag, self._skipped_depth = tag, 1
            return
        self._break_for(tag)
        if tag == "pre":
            self._pre_depth += 1
        elif tag == "h1" and self._h1_state == "before":
            self._h1_state = "inside"

    def handle_endtag(self, tag: str) -> None:
        if self._skipped_tag:
            if tag == self._skipped_tag:
                self._skipped_depth -= 1
                if self._skipped_depth == 0:
                    self._skipped_tag = ""
            return
        if tag == "title":
            self._in_title = False
            return
        self._break_for(tag)
        if tag == "pre" and self._pre_depth:
            self._pre_depth -= 1
        elif tag == "h1" and self._h1_state == "inside":
            self._h1_state = "done"

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)
            return
        if self._skipped_tag:
            return
        if not self._pre_depth:
            data = re.sub(r"\s+", " ", data)
        self.parts.append(data)
        if self._h1_state == "inside":
            self.h1_parts.append(data)

    def _break_for(self, tag: str) -> None:
        """Block elements start and end on their own lines; table cells are separated by a space."""
        if tag in _PARAGRAPH_ELEMENTS:
            self.parts.append("\n\n")
        elif tag in _LINE_ELEMENTS:
            self.parts.append("\n")
        elif tag in _CELL_ELEMENTS and self.parts and not self.parts[-1][-1:].isspace():
            self.parts.append(" ")

    def text(self) -> str:
        """The collected text: spaces collapsed, lines stripped, at most one blank line in a row."""
        lines = [re.sub(r"[ \t]+", " ", line).strip() for line in "".join(self.parts).split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def declared_charset(data: bytes) -> str | None:
    """The charset a <meta> tag declares in the first few KB, if Python knows it."""
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    label = match.group(1).decode("ascii").lower()
    label = _CHARSET_ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # A page that says UTF-16 in ASCII bytes cannot be UTF-16; browsers read it as UTF-8.
    return "utf-8" if name.startswith("utf-16") else name


class HtmlReader(OnePageReader):
    """Read an HTML file's visible text as one page; the title is its <title> or first <h1>."""

    kind = "html"
    empty_reason = "no text content in HTML file"

    def extract(self, data: bytes, path: Path) -> tuple[str, list[str]]:
        source = decode_text(data, path, declared_encoding=declared_charset(data))
        extractor = _HtmlTextExtractor()
        try:
            extractor.feed(source)
            if extractor.rawdata.startswith("<"):
                # A tag or comment left open runs to the end of the file: browsers show none of it, and
                # close() would rescan the rest once per "<" in it (128 s for 120 KB of "<a ").
                extractor.rawdata = ""
            extractor.close()
        except Exception as exc:  # html.parser is lenient; this is a last line of defence
            logger.debug("%s: html.parser failed: %r", path, exc)
            raise ReadError(path, "malformed HTML") from exc
        titles = [" ".join("".join(parts).split()) for parts in (extractor.title_parts, extractor.h1_parts)]
        return extractor.text(), titles
