"""A passage as the entity rules read it: its tokens, the gaps between them, and their scripts."""

from __future__ import annotations

import re
from typing import NamedTuple

from pipeline.language import LATIN_LETTER, PERSIAN_LETTER
from pipeline.normalize import tokenize, word_key

_PLAIN_GAP = re.compile("[ \t\u200c\u200d]*\n?[ \t\u200c\u200d]*")


class Span(NamedTuple):
    """Tokens ``start``..``end`` of a passage that name a ``kind``; ``canonical`` when it is known."""

    start: int
    end: int
    kind: str
    canonical: str = ""  # empty: the gazetteer's id for the name, or one made from it


def name_keys(name: str) -> tuple[str, ...]:
    """A name as the search keys of its words, the form names are compared in."""
    return tuple(token.key for token in tokenize(name))


def key_set(words) -> frozenset[str]:
    """Search keys of a word list, to compare tokens with."""
    return frozenset(word_key(word) for word in words)


class Passage:
    """A passage's tokens with the questions the rules ask about them."""

    def __init__(self, text: str):
        self.text = text
        self.tokens = tokenize(text)

    def word(self, i: int) -> str:
        return self.text[self.tokens[i].start : self.tokens[i].end]

    def key(self, i: int) -> str:
        return self.tokens[i].key

    def gap(self, i: int) -> str:
        """The text between token ``i - 1`` and token ``i``."""
        return self.text[self.tokens[i - 1].end : self.tokens[i].start] if i > 0 else ""

    def joined(self, i: int) -> bool:
        """Whether token ``i`` follows the one before it with only spaces (one line break at most)."""
        return 0 < i < len(self.tokens) and bool(_PLAIN_GAP.fullmatch(self.gap(i)))

    def latin(self, i: int) -> bool:
        return i < len(self.tokens) and bool(LATIN_LETTER.match(self.word(i)))

    def persian(self, i: int) -> bool:
        return i < len(self.tokens) and bool(PERSIAN_LETTER.match(self.word(i)))

    def capitalized(self, i: int) -> bool:
        return self.latin(i) and self.word(i)[0].isupper()

    def acronym(self, i: int) -> bool:
        word = self.word(i)
        return self.latin(i) and len(word) >= 2 and word.isupper()

    def name(self, span: Span) -> str:
        return " ".join(self.text[self.tokens[span.start].start : self.tokens[span.end - 1].end].split())

    def parenthesized(self, i: int) -> int | None:
        """The end of the words in parentheses that start at token ``i``, or None."""
        if i >= len(self.tokens) or not self.gap(i).strip().endswith("("):
            return None
        end = i + 1
        while end < len(self.tokens) and self.joined(end):
            end += 1
        closed = end == len(self.tokens) or self.gap(end).strip().startswith(")")
        return end if closed else None
