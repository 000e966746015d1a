"""Markdown files: lightly de-marked text as one page; the title from front matter or the first heading."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.readers.base import OnePageReader, decode_text

EXTENSIONS = frozenset({".md", ".markdown"})

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
# Every pattern below runs in time linear in its line: no two repeats that can take the same characters
# next to each other, and no scan that can run past the next opener (64 KB of "[" took 50 s before).
_FRONT_MATTER_TITLE = re.compile(r"^title:[ \t]*(.*)$", re.MULTILINE | re.IGNORECASE)
_ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*))?$")
_CLOSING_HASHES = re.compile(r"(?:^|[ \t])#+$")
_RULE_OR_UNDERLINE = re.compile(r"^ {0,3}(?:=+[ \t]*|-{2,}[ \t]*|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
_TABLE_DIVIDER = re.compile(r"^[ \t]*(?:\|[ \t]*)?:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*(?:\|[ \t]*)?$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s+\S")
_BLOCKQUOTE = re.compile(r"^ {0,3}(?:>[ \t]?)+")
_INLINE_REPLACEMENTS = (
    (re.compile(r"!\[([^\][]*)\]\([^()]*\)"), r"\1"),  # image -> alt text
    (re.compile(r"\[([^\][]+)\]\([^()]*\)"), r"\1"),  # [text](url) -> text
    (re.compile(r"\[([^\][]+)\]\[[^\][]*\]"), r"\1"),  # [text][ref] -> text
    (re.compile(r"`([^`\n]+)`"), r"\1"),  # inline code
    (re.compile(r"(\*\*|__)(?=\S)((?:(?!\1).)+?)(?<=\S)\1"), r"\2"),  # strong
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"), r"\1"),  # *emphasis*
    (re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])"), r"\1"),  # _emphasis_
    (re.compile(r"~~(?=\S)((?:(?!~~).)+?)(?<=\S)~~"), r"\1"),  # strikethrough
)


def strip_markdown_inline(text: str) -> str:
    """Remove inline Markdown markup (links, emphasis, code ticks), keeping the words."""
    for pattern, replacement in _INLINE_REPLACEMENTS:
        text = pattern.sub(replacement, text)
    return text


class MarkdownReader(OnePageReader):
    """Read a Markdown file as one page of lightly de-marked text; the title is its first # heading."""

    kind = "markdown"
    empty_reason = "no text content in Markdown file"

    def extract(self, data: bytes, path: Path) -> tuple[str, list[str]]:
        front_matter_title, body = _split_front_matter(decode_text(data, path))
        text, headings = markdown_to_text(body)
        return text, [front_matter_title, _markdown_title(headings)]


def _split_front_matter(source: str) -> tuple[str, str]:
    """Split off a leading YAML front-matter block; return (its title or "", the rest)."""
    match = _FRONT_MATTER.match(source)
    if not match:
        return "", source
    title_match = _FRONT_MATTER_TITLE.search(match.group(1))
    title = title_match.group(1).strip().strip("'\"").strip() if title_match else ""
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
    source = _strip_comments(source)
    lines_out: list[str] = []
    headings: list[tuple[int, str]] = []
    in_fence = ""
    previous = ""
    for line in source.split("\n"):
        fence = _FENCE.match(line)
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
        heading = _ATX_HEADING.match(line)
        if heading:
            text = strip_markdown_inline(_CLOSING_HASHES.sub("", (heading.group(2) or "").rstrip(" \t"))).strip()
            headings.append((len(heading.group(1)), text))
            lines_out.append(text)
            previous = ""
            continue
        if _RULE_OR_UNDERLINE.match(line) or _TABLE_DIVIDER.match(line):
            if previous.strip() and line.strip()[0] in "=-" and "|" not in line:  # setext underline
                headings.append((1 if line.strip()[0] == "=" else 2, previous.strip()))
            previous = ""
            continue
        if _LINK_DEFINITION.match(line):
            continue
        line = strip_markdown_inline(_BLOCKQUOTE.sub("", line))
        lines_out.append(line)
        previous = line
    return "\n".join(lines_out), headings


def _strip_comments(source: str) -> str:
    """Drop HTML comments; an unclosed one stays as text (a regex would rescan the rest for every ``<!--``)."""
    kept = []
    position = 0
    while (start := source.find("<!--", position)) >= 0:
        end = source.find("-->", start + 4)
        if end < 0:
            break  # no comment closes after this one either
        kept.append(source[position:start])
        position = end + 3
    kept.append(source[position:])
    return "".join(kept)
