"""Split a document's pages into passages that fit the embedder's window, on sentence boundaries."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from typing import NamedTuple

from pipeline.language import dominant_language
from pipeline.normalize import terms
from pipeline.types import Chunk, Document

logger = logging.getLogger(__name__)

# multilingual-e5 reads 512 tokens, specials and the "passage: " prefix included.
MAX_TOKENS_LIMIT = 510
MAX_CHARS_PER_TOKEN = 16  # generous: subword tokens of real text are rarely longer than a few characters

_LINE = re.compile(r"[^\n]+")
_NON_SPACE = re.compile(r"\S+")
_LETTER = re.compile(r"[^\W\d_]")
# A line ending like this closes its sentence; a following line break is then a boundary.
_LINE_END_PUNCT = '.!?؟:;…»"”)]'
_LIST_ITEM = re.compile(r"(?:[-•*▪●◦·–—]|\d{1,3}[.)]|[a-zA-Z][.)])\s")
_SHORT_LINE = 40  # characters; shorter lines are headings, list items or page furniture
# English sentence end: terminal punctuation, closing quotes/brackets, then whitespace.
_EN_SENTENCE_END = re.compile("[.!?؟…]+[\"'”’)\\]]*(?=\\s)")
_ABBREVIATIONS = frozenset(
    {
        "dr", "mr", "mrs", "ms", "prof", "st", "vs", "inc", "ltd", "co", "corp", "jr", "sr", "no", "nos",
        "fig", "figs", "vol", "vols", "pp", "p", "al", "approx", "dept", "est", "gen", "gov", "jan", "feb",
        "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "cf", "ed", "eds", "rev",
        "sec", "art", "para", "ch", "resp", "mt", "ft",
    }
)  # fmt: skip
_INITIALS = re.compile(r"[a-z]|(?:[a-z]\.)+[a-z]")  # "J", "e.g", "i.e", "u.s"


class _Unit(NamedTuple):
    """A sentence (or a piece of a long one): its span in the page and the tokens it adds to a passage."""

    start: int
    end: int
    cost: int


@functools.lru_cache(maxsize=1)
def _persian_sentence_tokenizer():
    """hazm's sentence tokenizer, built once (importing hazm takes seconds)."""
    from hazm import SentenceTokenizer

    return SentenceTokenizer()


def _blocks(text: str) -> list[tuple[int, int]]:
    """Spans of text between hard line breaks: blank lines always, single breaks unless a line wraps on."""
    blocks: list[tuple[int, int]] = []
    previous: tuple[int, int] | None = None
    for match in _LINE.finditer(text):
        line = match.group()
        if not line.strip():
            continue
        start = match.start() + len(line) - len(line.lstrip())
        end = match.end() - (len(line) - len(line.rstrip()))
        if previous is not None and _wraps_on(text, previous, (start, end)):
            blocks[-1] = (blocks[-1][0], end)
        else:
            blocks.append((start, end))
        previous = (start, end)
    return blocks


def _wraps_on(text: str, previous: tuple[int, int], line: tuple[int, int]) -> bool:
    """Whether ``line`` continues the sentence of the line before it (a wrapped line, as PDFs give)."""
    gap = text[previous[1] : line[0]]
    if gap.count("\n") > 1:
        return False
    before = text[previous[0] : previous[1]]
    return (
        len(before) >= _SHORT_LINE
        and before[-1] not in _LINE_END_PUNCT
        and not _LIST_ITEM.match(text, line[0])
        and line[1] - line[0] >= 2  # a lone character (a page number) is not a continuation
    )


def _align(text: str, pieces: list[str], offset: int) -> list[tuple[int, int]] | None:
    """Find ``pieces`` (sentences, whitespace may differ) in order in ``text``; None if one is missing."""
    spans = []
    position = 0
    for piece in pieces:
        while position < len(text) and text[position].isspace():
            position += 1
        start = i = position
        j = 0
        while j < len(piece):
            if piece[j].isspace():
                if i >= len(text) or not text[i].isspace():
                    return None
                while j < len(piece) and piece[j].isspace():
                    j += 1
                while i < len(text) and text[i].isspace():
                    i += 1
            elif i < len(text) and text[i] == piece[j]:
                i += 1
                j += 1
            else:
                return None
        spans.append((offset + start, offset + i))
        position = i
    return spans


def _english_sentences(text: str, offset: int) -> list[tuple[int, int]]:
    """Sentence spans of English text; no split after abbreviations, initials, or before a lowercase word."""
    spans = []
    start = 0
    for match in _EN_SENTENCE_END.finditer(text):
        following = _NON_SPACE.search(text, match.end())
        if following is None or following.group()[0].islower():
            continue
        if match.group()[0] == "." and not match.group().startswith(".."):
            word = text[text.rfind(" ", 0, match.start()) + 1 : match.start()]
            word = word.split("\n")[-1].lstrip("(\"'“‘[").lower()
            if word in _ABBREVIATIONS or _INITIALS.fullmatch(word):
                continue
        spans.append((offset + start, offset + match.end()))
        start = following.start()
    spans.append((offset + start, offset + len(text)))
    return spans


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a page: hazm's splitter for Persian blocks, a regex for English ones."""
    spans: list[tuple[int, int]] = []
    for start, end in _blocks(text):
        block = text[start:end]
        if dominant_language(block) == "fa":
            found = _align(block, _persian_sentence_tokenizer().tokenize(block), start)
            if found is None:
                logger.debug("could not align hazm's sentences in %r; kept the block whole", block[:80])
                found = [(start, end)]
            spans.extend(found)
        else:
            spans.extend(_english_sentences(block, start))
    return [(s, e) for s, e in spans if e > s]


class Chunker:
    """Pack whole sentences of each page into passages of at most ``max_tokens`` tokens, with overlap."""

    def __init__(self, count_tokens: Callable[[str], int], max_tokens: int = 240, overlap_tokens: int = 40):
        if not callable(count_tokens):
            raise ValueError("count_tokens must be a function from text to its number of tokens")
        if isinstance(max_tokens, bool) or not isinstance(max_tokens, int):
            raise ValueError(
                f"max_tokens must be an integer from 1 to {MAX_TOKENS_LIMIT}, got {max_tokens!r}"
            )
        if not 1 <= max_tokens <= MAX_TOKENS_LIMIT:
            raise ValueError(f"max_tokens must be from 1 to {MAX_TOKENS_LIMIT}, got {max_tokens}")
        if isinstance(overlap_tokens, bool) or not isinstance(overlap_tokens, int):
            raise ValueError(f"overlap_tokens must be an integer below max_tokens, got {overlap_tokens!r}")
        if not 0 <= overlap_tokens < max_tokens:
            raise ValueError(
                f"overlap_tokens must be from 0 to max_tokens - 1 ({max_tokens - 1}), got {overlap_tokens}"
            )
        # What every text costs whatever its content (special tokens, a prefix the counter adds), measured
        # as count(w) + count(w) - count("w w"): the empty text is no good, a tokenizer may give it a token.
        overhead = 2 * count_tokens("a") - count_tokens("a a")
        if overhead >= max_tokens:
            raise ValueError(
                f"max_tokens must be above the {overhead} tokens the counter gives empty text, "
                f"got {max_tokens}"
            )
        self.count_tokens = count_tokens
        self.max_tokens = max_tokens
        self.overlap_tokens = overlap_tokens
        self._overhead = overhead
        self._budget = max_tokens - overhead

    def split(self, doc: Document) -> list[Chunk]:
        """The chunks of ``doc``, numbered from 0 across its pages; none crosses a page or lacks letters."""
        chunks: list[Chunk] = []
        for page in doc.pages:
            if not page.text.strip():
                continue
            units = self._units(page.text)
            for start, end, n_tokens in self._pack(page.text, units, self.overlap_tokens):
                text = page.text[start:end]
                if not _LETTER.search(text):
                    continue
                chunks.append(
                    Chunk(
                        doc_id=doc.doc_id,
                        chunk_no=len(chunks),
                        page=page.number,
                        start=start,
                        end=end,
                        lang=dominant_language(text),
                        display_text=text,
                        terms=terms(text),
                        n_tokens=n_tokens,
                        ocr=page.ocr,
                    )
                )
        return chunks

    def _cost(self, text: str) -> int:
        """Tokens ``text`` adds to a passage: its count less the counter's fixed overhead."""
        return self.count_tokens(text) - self._overhead

    def _units(self, text: str) -> list[_Unit]:
        """The page's sentences, each counted once; those over budget are split on word boundaries."""
        units = []
        for start, end in sentence_spans(text):
            cost = self._cost(text[start:end])
            if cost <= self._budget:
                units.append(_Unit(start, end, cost))
            else:
                units.extend(self._split_long(text, start, end))
        return units

    def _split_long(self, text: str, start: int, end: int) -> list[_Unit]:
        """Pieces of a sentence over the budget, cut between words (inside a word if one is too long)."""
        words: list[_Unit] = []
        for match in _NON_SPACE.finditer(text, start, end):
            cost = self._cost(match.group())
            if cost <= self._budget:
                words.append(_Unit(match.start(), match.end(), cost))
            else:
                words.extend(self._split_word(text, match.start(), match.end()))
        return [
            _Unit(s, e, n_tokens - self._overhead) for s, e, n_tokens in self._pack(text, words, overlap=0)
        ]

    def _split_word(self, text: str, start: int, end: int) -> list[_Unit]:
        """Pieces of one word (a long URL, say) that fit the budget, found by binary search on length.

        A token covers at most a few characters, so no piece is searched for beyond
        ``MAX_CHARS_PER_TOKEN`` × budget: without that cap a huge unbroken string (base64, a log line)
        is counted whole at every step and takes minutes.
        """
        pieces = []
        while start < end:
            low, high = start + 1, min(end, start + MAX_CHARS_PER_TOKEN * self._budget)
            while low < high:
                middle = (low + high + 1) // 2
                if self._cost(text[start:middle]) <= self._budget:
                    low = middle
                else:
                    high = middle - 1
            pieces.append(_Unit(start, low, self._cost(text[start:low])))
            start = low
        return pieces

    def _pack(self, text: str, units: list[_Unit], overlap: int) -> list[tuple[int, int, int]]:
        """Greedy runs of consecutive units within budget, each checked with one exact count.

        Returns (start, end, n_tokens) per passage. A passage starts with the trailing units of the one
        before, up to ``overlap`` tokens, and always adds at least one unit of its own.
        """
        passages = []
        first, fresh = 0, 0  # first unit of the passage; first unit not in the passage before
        while first < len(units):
            last, cost = first, 0
            while last < len(units) and (last == first or cost + units[last].cost <= self._budget):
                cost += units[last].cost
                last += 1
            n_tokens = self.count_tokens(text[units[first].start : units[last - 1].end])
            while n_tokens > self.max_tokens and last - first > 1:
                # The estimate was short (tokens merged across a join): give up a unit and count again.
                if last - 1 > fresh:
                    last -= 1
                else:
                    first += 1
                n_tokens = self.count_tokens(text[units[first].start : units[last - 1].end])
            passages.append((units[first].start, units[last - 1].end, n_tokens))
            if last >= len(units):
                break
            next_first, carried = last, 0
            while (
                next_first - 1 > first
                and carried + units[next_first - 1].cost <= overlap
                and carried + units[next_first - 1].cost + units[last].cost <= self._budget
            ):
                next_first -= 1
                carried += units[next_first].cost
            first, fresh = next_first, last
        return passages
