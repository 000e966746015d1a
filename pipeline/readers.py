"""Read PDF, plain-text, Markdown and HTML files into Documents of raw, logical-order pages.

Every failure becomes a ``ReadError`` naming the file and a short reason, so a batch
ingest can report the bad file and go on. Persian normalization happens later
(``pipeline.normalize``); this module only gets the characters out in reading order.
"""

from __future__ import annotations

import codecs
import io
import logging
import re
import unicodedata
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Protocol

import charset_normalizer
import pdfplumber
from bidi import get_display
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.psparser import PSEOF
from pdfplumber.utils import extract_text as extract_text_from_chars

from pipeline.types import Document, Page, ReadError, document_id

logger = logging.getLogger(__name__)

PDF_EXTENSIONS = frozenset({".pdf"})
TEXT_EXTENSIONS = frozenset({".txt"})
MARKDOWN_EXTENSIONS = frozenset({".md", ".markdown"})
HTML_EXTENSIONS = frozenset({".html", ".htm"})
SUPPORTED_EXTENSIONS = PDF_EXTENSIONS | TEXT_EXTENSIONS | MARKDOWN_EXTENSIONS | HTML_EXTENSIONS

MAX_TITLE_CHARS = 150


class Reader(Protocol):
    """Anything that turns one file into a Document."""

    def read(self, path: Path) -> Document: ...


def read_document(path: Path | str) -> Document:
    """Read one file with the reader for its extension; raise ReadError if it cannot be read."""
    path = Path(path)
    _check_is_file(path)
    extension = path.suffix.lower()
    if extension not in SUPPORTED_EXTENSIONS:
        shown = extension or "(no extension)"
        supported = " ".join(sorted(SUPPORTED_EXTENSIONS))
        raise ReadError(path, f"unsupported file type {shown} (supported: {supported})")
    return _reader_for(extension).read(path)


def _reader_for(extension: str) -> Reader:
    """The reader that handles files with this (lower-case) extension."""
    if extension in PDF_EXTENSIONS:
        return PdfReader()
    if extension in MARKDOWN_EXTENSIONS:
        return MarkdownReader()
    if extension in HTML_EXTENSIONS:
        return HtmlReader()
    return TextReader()


# --------------------------------------------------------------------------- files


def _check_is_file(path: Path) -> None:
    """Fail early, with a clear reason, on paths that are missing, directories or special files."""
    try:
        if path.is_dir():
            raise ReadError(path, "is a directory, not a file")
        if not path.exists():
            raise ReadError(path, "file not found")
        if not path.is_file():
            raise ReadError(path, "not a regular file")
    except OSError as exc:  # e.g. a parent directory without search permission
        raise ReadError(path, f"cannot access file ({exc.strerror or exc})") from exc


def _read_bytes(path: Path) -> bytes:
    """The file's bytes; empty and unreadable files become ReadError."""
    _check_is_file(path)
    try:
        data = path.read_bytes()
    except PermissionError as exc:
        raise ReadError(path, "permission denied") from exc
    except OSError as exc:
        raise ReadError(path, f"cannot read file ({exc.strerror or exc})") from exc
    if not data.strip():
        raise ReadError(path, "empty file" if not data else "empty file (whitespace only)")
    return data


_DATE = re.compile(r"\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b|\b\d{1,2}[-/.]\d{1,2}[-/.]\d{4}\b")


def _title_from_text(text: str) -> str:
    """The first line that reads like a headline or a lead, trimmed to a title's length; "" if none.

    Scraped pages often start with furniture (a date line, "live", "today: -"): lines of fewer
    than three words or with a date in them are passed over, and a long lead is cut at its first
    sentence end.
    """
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if any(ch.isalpha() for ch in line)]
    if not lines:
        return ""
    line = next((line for line in lines[:10] if len(line.split()) >= 3 and not _DATE.search(line)), lines[0])
    first_sentence = re.split(r"(?<=[.!?؟])\s", line, maxsplit=1)[0]
    return _shorten(first_sentence)


def _shorten(title: str, limit: int = MAX_TITLE_CHARS) -> str:
    """Cut a long title at a word boundary so that it fits in ``limit`` characters."""
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    cut = title[: limit - 1].rsplit(" ", 1)[0] or title[: limit - 1]
    return cut.rstrip(" ,،;:-") + "…"


# --------------------------------------------------------------------------- text decoding

# Longest BOM first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v\x1b")
_MAX_CONTROL_SHARE = 0.02
# Labels that browsers read as Windows-1252 (WHATWG encoding standard).
_HTML_CHARSET_ALIASES = dict.fromkeys(("iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii"), "cp1252")


def decode_text(data: bytes, path: Path, declared_encoding: str | None = None) -> str:
    """Decode a text file's bytes: BOM, then a declared charset, UTF-8, Windows-1256, a detector.

    Newlines come back as ``\\n``. Binary data and undecodable bytes raise ReadError.
    """
    text = _decode(data, path, declared_encoding)
    if _looks_binary(text):
        raise ReadError(path, "binary data, not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes, path: Path, declared_encoding: str | None) -> str:
    """Pick the encoding of ``data`` and decode it (newlines untouched)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise ReadError(path, f"undecodable text (invalid {encoding.upper()} after its BOM)") from exc
    if b"\x00" in data:
        raise ReadError(path, "binary data, not text")
    if declared_encoding:
        try:
            return data.decode(declared_encoding)
        except (UnicodeDecodeError, LookupError):
            logger.debug("%s: declared charset %s does not fit, guessing", path, declared_encoding)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    as_utf8 = data.decode("utf-8", errors="replace")
    bad_sequences = as_utf8.count("\ufffd")
    good_sequences = sum(1 for ch in as_utf8 if ord(ch) > 0x7F) - bad_sequences
    if good_sequences >= 10 * bad_sequences:  # UTF-8 but for a stray byte or two
        logger.debug("%s: UTF-8 with %d undecodable bytes replaced", path, bad_sequences)
        return as_utf8
    # Persian and Arabic files from Windows: charset detectors often misjudge short ones.
    as_arabic_windows = data.decode("cp1256")  # every byte is defined in Windows-1256
    if _mostly_arabic_script(as_arabic_windows):
        logger.debug("%s: decoded as Windows-1256", path)
        return as_arabic_windows
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise ReadError(path, "undecodable text (unknown encoding)")
    logger.debug("%s: charset-normalizer chose %s", path, best.encoding)
    return str(best)


def _mostly_arabic_script(text: str) -> bool:
    """Whether most non-ASCII characters of ``text`` are Arabic-script letters, marks or ZWNJ."""
    non_ascii = [ch for ch in text if ord(ch) > 0x7F]
    if not non_ascii:
        return False
    arabic = sum(1 for ch in non_ascii if ch == "\u200c" or unicodedata.name(ch, "").startswith("ARABIC"))
    return arabic / len(non_ascii) >= 0.7


def _looks_binary(text: str) -> bool:
    """Whether decoded text holds NULs or more control characters than any real text does."""
    sample = text[:20_000]
    if "\x00" in sample:
        return True
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS)
    return controls > _MAX_CONTROL_SHARE * max(len(sample), 1)


# --------------------------------------------------------------------------- plain text


class TextReader:
    """Read a plain-text file as one page; the title is its first line with letters."""

    kind = "text"

    def read(self, path: Path) -> Document:
        data = _read_bytes(path)
        text = decode_text(data, path).strip()
        if not text:
            raise ReadError(path, "empty file (whitespace only)")
        title = _title_from_text(text) or path.stem
        return Document(
            doc_id=document_id(data), path=path, title=title, pages=[Page(1, text)], kind=self.kind
        )


# --------------------------------------------------------------------------- Markdown

_MD_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_MD_FRONT_MATTER_TITLE = re.compile(r"^title:\s*(.+?)\s*$", re.MULTILINE | re.IGNORECASE)
_MD_ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_MD_RULE_OR_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-{2,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})[ \t]*$")
_MD_TABLE_DIVIDER = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$")
_MD_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_MD_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s+\S")
_MD_BLOCKQUOTE = re.compile(r"^ {0,3}(?:>[ \t]?)+")
_MD_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_MD_INLINE_REPLACEMENTS = (
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # image -> alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # [text](url) -> text
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # [text][ref] -> text
    (re.compile(r"`([^`\n]+)`"), r"\1"),  # inline code
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # strong
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"), r"\1"),  # *emphasis*
    (re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])"), r"\1"),  # _emphasis_
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),  # strikethrough
)


def strip_markdown_inline(text: str) -> str:
    """Remove inline Markdown markup (links, emphasis, code ticks), keeping the words."""
    for pattern, replacement in _MD_INLINE_REPLACEMENTS:
        text = pattern.sub(replacement, text)
    return text


class MarkdownReader:
    """Read a Markdown file as one page of lightly de-marked text; the title is its first # heading."""

    kind = "markdown"

    def read(self, path: Path) -> Document:
        data = _read_bytes(path)
        source = decode_text(data, path)
        front_matter_title, body = _split_front_matter(source)
        text, headings = markdown_to_text(body)
        text = text.strip()
        if not text:
            raise ReadError(path, "no text content in Markdown file")
        title = front_matter_title or _markdown_title(headings) or _title_from_text(text) or path.stem
        return Document(
            doc_id=document_id(data), path=path, title=_shorten(title), pages=[Page(1, text)], kind=self.kind
        )


def _split_front_matter(source: str) -> tuple[str, str]:
    """Split off a leading YAML front-matter block; return (its title or "", the rest)."""
    match = _MD_FRONT_MATTER.match(source)
    if not match:
        return "", source
    title_match = _MD_FRONT_MATTER_TITLE.search(match.group(1))
    title = title_match.group(1).strip("'\"").strip() if title_match else ""
    return title, source[match.end() :]


def _markdown_title(headings: list[tuple[int, str]]) -> str:
    """The first level-1 heading, else the first heading of any level, else ""."""
    for level, heading in headings:
        if level == 1 and heading:
            return heading
    return next((heading for _, heading in headings if heading), "")


def markdown_to_text(source: str) -> tuple[str, list[tuple[int, str]]]:
    """Markdown to readable text, plus its headings as (level, text) in order.

    Heading markers, rules, fences and link definitions go; code blocks stay as they are.
    """
    source = _MD_COMMENT.sub("", source)
    lines_out: list[str] = []
    headings: list[tuple[int, str]] = []
    in_fence = ""
    previous = ""
    for line in source.split("\n"):
        fence = _MD_FENCE.match(line)
        if in_fence:
            if fence and fence.group(1)[0] == in_fence[0] and len(fence.group(1)) >= len(in_fence):
                in_fence = ""
            else:
                lines_out.append(line)
            previous = ""
            continue
        if fence:
            in_fence = fence.group(1)
            continue
        heading = _MD_ATX_HEADING.match(line)
        if heading:
            text = strip_markdown_inline(heading.group(2) or "").strip()
            headings.append((len(heading.group(1)), text))
            lines_out.append(text)
            previous = ""
            continue
        if _MD_RULE_OR_UNDERLINE.match(line) or _MD_TABLE_DIVIDER.match(line):
            if previous.strip() and line.strip()[0] in "=-" and "|" not in line:  # setext underline
                headings.append((1 if line.strip()[0] == "=" else 2, previous.strip()))
            previous = ""
            continue
        if _MD_LINK_DEFINITION.match(line):
            continue
        line = strip_markdown_inline(_MD_BLOCKQUOTE.sub("", line))
        lines_out.append(line)
        previous = line
    return "\n".join(lines_out), headings


# --------------------------------------------------------------------------- HTML

_HTML_SKIPPED_ELEMENTS = frozenset(
    {"script", "style", "noscript", "template", "svg", "math", "nav", "aside", "footer", "iframe",
     "object", "canvas", "select", "button"}
)  # fmt: skip
_HTML_PARAGRAPH_ELEMENTS = frozenset(
    {"p", "div", "section", "article", "main", "header", "blockquote", "pre", "table", "ul", "ol", "dl",
     "figure", "figcaption", "address", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "form", "fieldset",
     "details", "summary", "body"}
)  # fmt: skip
_HTML_LINE_ELEMENTS = frozenset({"br", "li", "tr", "dt", "dd", "caption", "option", "legend"})
_HTML_CELL_ELEMENTS = frozenset({"td", "th"})
_HTML_VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
_HTML_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)


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
        if self._in_title and tag in _HTML_PARAGRAPH_ELEMENTS:
            self._in_title = False  # an unclosed <title> must not swallow the page
        attributes = dict(attrs)
        style = (attributes.get("style") or "").replace(" ", "").lower()
        hidden = "hidden" in attributes or attributes.get("aria-hidden") == "true" or "display:none" in style
        if tag not in _HTML_VOID_ELEMENTS and (
            tag in _HTML_SKIPPED_ELEMENTS or hidden or attributes.get("role") == "navigation"
        ):
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
        if tag in _HTML_PARAGRAPH_ELEMENTS:
            self.parts.append("\n\n")
        elif tag in _HTML_LINE_ELEMENTS:
            self.parts.append("\n")
        elif tag in _HTML_CELL_ELEMENTS and self.parts and not self.parts[-1][-1:].isspace():
            self.parts.append(" ")

    def text(self) -> str:
        """The collected text: spaces collapsed, lines stripped, at most one blank line in a row."""
        lines = [re.sub(r"[ \t]+", " ", line).strip() for line in "".join(self.parts).split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _html_declared_charset(data: bytes) -> str | None:
    """The charset a <meta> tag declares in the first few KB, if Python knows it."""
    match = _HTML_META_CHARSET.search(data[:4096])
    if not match:
        return None
    label = match.group(1).decode("ascii").lower()
    label = _HTML_CHARSET_ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # A page that says UTF-16 in ASCII bytes cannot be UTF-16; browsers read it as UTF-8.
    return "utf-8" if name.startswith("utf-16") else name


class HtmlReader:
    """Read an HTML file's visible text as one page; the title is its <title> or first <h1>."""

    kind = "html"

    def read(self, path: Path) -> Document:
        data = _read_bytes(path)
        source = decode_text(data, path, declared_encoding=_html_declared_charset(data))
        extractor = _HtmlTextExtractor()
        try:
            extractor.feed(source)
            extractor.close()
        except Exception as exc:  # html.parser is lenient; this is a last line of defence
            logger.debug("%s: html.parser failed: %r", path, exc)
            raise ReadError(path, "malformed HTML") from exc
        text = extractor.text()
        if not text:
            raise ReadError(path, "no text content in HTML file")
        title = (
            " ".join("".join(extractor.title_parts).split())
            or " ".join("".join(extractor.h1_parts).split())
            or _title_from_text(text)
            or path.stem
        )
        return Document(
            doc_id=document_id(data), path=path, title=_shorten(title), pages=[Page(1, text)], kind=self.kind
        )


# --------------------------------------------------------------------------- PDF

_RTL_CLASSES = frozenset({"R", "AL"})
_RTL_GLYPH_CLASSES = frozenset({"R", "AL", "NSM"})
_PLACEHOLDER_TITLES = re.compile(
    r"^(?:untitled|title|no title|document\d*|doc\d*|none|unknown|\W*)$", re.IGNORECASE
)
_OFFICE_TITLE_PREFIX = re.compile(r"^microsoft (?:word|powerpoint|excel) - ", re.IGNORECASE)
_FILE_EXTENSION_SUFFIX = re.compile(r"\.(?:docx?|pptx?|xlsx?|odt|rtf|pdf|indd|tex|txt)$", re.IGNORECASE)
_PAGE_NUMBER_LINE = re.compile(
    r"""^[\s\-–—|.]*
        (?:(?:page|p\.|pg\.|صفحه|ص)\s*)?            # "Page 3", "صفحه ۳"
        (?:\d+|(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3}))    # 3, ۳ or a roman numeral up to xxxix
        (?:\s*(?:/|of|از|-)\s*\d+)?                  # "3 / 11", "3 of 11", "۳ از ۱۱"
        [\s\-–—|.]*$""",
    re.IGNORECASE | re.VERBOSE,
)
_DIGITS = re.compile(r"\d+")


def to_logical_order(line: str) -> str:
    """Reorder one visual-order PDF line to logical order if it holds right-to-left letters.

    pdfplumber returns an RTL line as it is drawn, left to right. The bidi algorithm turns that
    back into reading order with digit runs and Latin words kept left-to-right. Lines without
    RTL letters are returned unchanged.
    """
    rtl_letters = sum(1 for ch in line if unicodedata.bidirectional(ch) in _RTL_CLASSES)
    if not rtl_letters:
        return line
    ltr_letters = sum(1 for ch in line if unicodedata.bidirectional(ch) == "L")
    base_direction = "R" if rtl_letters >= ltr_letters else "L"
    return unicodedata.normalize("NFKC", get_display(line, base_dir=base_direction))


def _visual_order_char(char: dict) -> dict:
    """A copy of a pdfplumber char with NFKC text, RTL ligature text flipped to visual order.

    A ligature glyph such as lam-alef carries its text in logical order ("لا") inside a line that
    is otherwise in visual order; flipping it keeps the later bidi reordering from turning
    ``اجلال`` into ``اجالل``.
    """
    text = unicodedata.normalize("NFKC", char["text"])
    if len(text) > 1 and all(unicodedata.bidirectional(ch) in _RTL_GLYPH_CLASSES for ch in text):
        text = text[::-1]
    return {**char, "text": text}


def _furniture_key(line: str) -> str:
    """A line's identity for spotting running headers and footers: digits masked, case folded."""
    return _DIGITS.sub("#", " ".join(line.split())).casefold()


def strip_page_furniture(page_texts: list[str], min_pages: int = 3, edge_lines: int = 3) -> list[str]:
    """Drop running headers/footers and bare page numbers from the top and bottom of each page.

    A line counts as a running header or footer when it (with digits masked) sits among the
    first or last ``edge_lines`` lines of more than half of the pages. Documents shorter than
    ``min_pages`` pages are returned unchanged: there is too little evidence.
    """
    if len(page_texts) < min_pages:
        return page_texts
    pages_lines = [[line for line in text.split("\n") if line.strip()] for text in page_texts]
    seen_on_pages: Counter[str] = Counter()
    for lines in pages_lines:
        edges = lines[:edge_lines] + lines[-edge_lines:]
        seen_on_pages.update({_furniture_key(line) for line in edges})
    # Only lines with letters: rows of figures that differ in their digits are content, not headers.
    repeated = {
        key
        for key, pages in seen_on_pages.items()
        if pages * 2 > len(page_texts) and any(ch.isalpha() for ch in key)
    }

    def is_furniture(line: str) -> bool:
        return _furniture_key(line) in repeated or bool(_PAGE_NUMBER_LINE.match(line))

    cleaned = []
    for lines in pages_lines:
        start, end = 0, len(lines)
        while start < min(edge_lines, end) and is_furniture(lines[start]):
            start += 1
        while end > max(start, len(lines) - edge_lines) and is_furniture(lines[end - 1]):
            end -= 1
        cleaned.append("\n".join(lines[start:end]))
    return cleaned


def _meaningful_pdf_title(raw_title: object) -> str:
    """The PDF's metadata Title cleaned up, or "" when it is a placeholder or a file name."""
    if not isinstance(raw_title, str):
        return ""
    title = " ".join(unicodedata.normalize("NFKC", raw_title).split())
    if any(unicodedata.category(ch) in ("Cc", "Co", "Cs") or ch == "\ufffd" for ch in title):
        return ""  # mis-decoded metadata
    title = _OFFICE_TITLE_PREFIX.sub("", title)
    title = _FILE_EXTENSION_SUFFIX.sub("", title).strip()
    if _PLACEHOLDER_TITLES.match(title):
        return ""
    return _shorten(title)


class PdfReader:
    """Read a PDF page by page with pdfplumber, in logical reading order, page numbers kept.

    Args:
        x_tolerance_ratio: largest gap inside a word, as a share of the font size; smaller than
            a space so that words placed without space characters are not glued together.
        strip_furniture: drop running headers/footers and page numbers (documents of 3+ pages).
    """

    kind = "pdf"

    def __init__(self, x_tolerance_ratio: float = 0.15, strip_furniture: bool = True):
        if not 0 < x_tolerance_ratio < 1:
            raise ValueError(f"x_tolerance_ratio must be between 0 and 1, got {x_tolerance_ratio}")
        self.x_tolerance_ratio = x_tolerance_ratio
        self.strip_furniture = strip_furniture

    def read(self, path: Path) -> Document:
        data = _read_bytes(path)
        if b"%PDF-" not in data[:1024]:
            raise ReadError(path, "not a PDF (corrupt file: no PDF header)")
        try:
            page_texts, metadata = self._extract(data)
        except Exception as exc:
            raise ReadError(path, _pdf_failure_reason(path, exc, data)) from exc
        if not any(text.strip() for text in page_texts):
            raise ReadError(path, "no text layer (scanned PDF?)")
        if self.strip_furniture:
            page_texts = strip_page_furniture(page_texts)
        pages = [Page(number, text) for number, text in enumerate(page_texts, start=1)]
        title = _meaningful_pdf_title(metadata.get("Title")) or _title_from_text("\n".join(page_texts))
        logger.debug("%s: %d PDF pages read", path, len(pages))
        return Document(
            doc_id=document_id(data), path=path, title=title or path.stem, pages=pages, kind=self.kind
        )

    def _extract(self, data: bytes) -> tuple[list[str], dict]:
        """Every page's text (empty for a page without text) and the document metadata."""
        page_texts = []
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            metadata = dict(pdf.metadata or {})
            for page in pdf.pages:
                page_texts.append(self._page_text(page))
                page.close()  # frees pdfplumber's per-page object cache
        return page_texts, metadata

    def _page_text(self, page: pdfplumber.page.Page) -> str:
        """One page's text, line by line, in logical order, blank lines dropped."""
        chars = [_visual_order_char(char) for char in page.chars]
        text = extract_text_from_chars(chars, x_tolerance_ratio=self.x_tolerance_ratio)
        lines = (to_logical_order(line).strip() for line in text.split("\n"))
        return "\n".join(line for line in lines if line)


def _pdf_failure_reason(path: Path, exc: Exception, data: bytes) -> str:
    """A short, human reason for a PDF that pdfplumber/pdfminer could not read."""
    cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc  # PdfminerException wraps
    logger.debug("%s: PDF parsing failed: %r", path, cause)
    if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
        return "encrypted PDF (password required)"
    if isinstance(cause, PSEOF) or b"%%EOF" not in data[-2048:]:
        return "truncated PDF (file ends too early)"
    return "corrupt PDF (cannot be parsed)"
