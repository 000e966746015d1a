"""The two forms of every text: display text people read, and search keys that matching compares.

``display_text`` applies NFKC, then hazm's Normalizer on Persian-script runs only (hazm's spacing rules
corrupt Latin text: ``COVID-19`` → ``COVID- 19``), then tidies whitespace.

``search_key``/``tokenize`` fold the spellings one word is found in, by rule:

- case; Arabic ي/ى → ی, ك → ک, ة/ۀ/هٔ → ه; hamza carriers and madda (أ إ ؤ ئ آ) to their base letter;
  Persian and Arabic-Indic digits → ASCII (٫ → "."); diacritics, tatweel and Latin accents dropped;
- ZWNJ removed, so ``می‌شود`` and ``میشود`` meet; a written-apart affix joins its word:
  prefixes می/نمی/بی to the next word, plural/comparative suffixes (ها، های، هایی، هایم…، تر، ترین، تری)
  to the previous one, and after a word ending in ه the clitics ای/ام/ات/اش/ایم/اید/اند; the ezafe ی
  after ه (``خانه‌ی``, ``خانه ی``) is dropped, so it meets ``خانۀ`` and ``خانه``;
- compounds written with a space meet their joined form only through a short list of bound parts:
  ``بین`` + ``الملل…``, ``فوق`` + ``العاده``, and the second parts گذاری، پذیر(ی)، مند(ی/ان)، کننده،
  کنندگان، سازی (with a plural or ی after them). Other compounds (``دانش بنیان``, ``کسب و کار``) stay two
  words; their ZWNJ and joined forms do meet;
- English: hyphens and other punctuation split words (``COVID-19`` → ``covid`` ``19``), a possessive
  ``'s`` is dropped and other apostrophes removed (``don't`` → ``dont``), thousands commas removed.

Queries go through the same functions: ``tokenize(display_text(query))``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from typing import NamedTuple

from pipeline.language import ARABIC_RANGES, PERSIAN_LETTER
from pipeline.limits import DEFAULT_LIMITS

# hazm 0.10 Normalizer flags, every one chosen (its defaults corrupt digits and Latin text).
HAZM_NORMALIZER_FLAGS = {
    "correct_spacing": True,  # ZWNJ into affixes it knows (کتاب ها → کتاب‌ها), spacing around punctuation
    "remove_diacritics": True,  # harakat are rare in news and only get in the way of matching
    "remove_specials_chars": True,  # Quranic marks and superscript signs nobody types
    "decrease_repeated_chars": False,  # its lexicon guesses rewrite spellings; news text is edited
    "persian_style": False,  # would rewrite quotes and decimal points (3.5 → 3٫5): keep the author's
    "persian_numbers": False,  # digits stay as written: no Persian digits injected
    "unicodes_replacement": True,  # ligature words spelled out (﷼ → ریال, ﻻ → لا)
    "seperate_mi": True,  # می/نمی + a verb hazm knows gets its ZWNJ back (میشود → می‌شود)
}

# Soft hyphen, zero-width space, direction marks and embeddings, word joiner, BOM: display text drops them,
# so a word they split is one word for search keys too.
_INVISIBLES = "\u00ad\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff"
_INVISIBLE = re.compile(f"[{_INVISIBLES}]")
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n{3,}")
# Persian-script text with its spaces, ZWNJs and punctuation; Latin letters, ASCII digits and the
# punctuation hazm re-spaces badly (- / % quotes) end a run.
_PERSIAN_RUN = re.compile(f"[{ARABIC_RANGES}\u200c\u200d «»()\\[\\].:!?…]+")
# hazm's tokenizer puts a space between a number and ٪; Persian typography writes them together.
_SPACE_BEFORE_PERCENT = re.compile(r"(?<=\d) (?=٪)")


@functools.lru_cache(maxsize=1)
def _persian_normalizer():
    """The hazm Normalizer, built once on first use (it loads word lists and takes seconds)."""
    from hazm import Normalizer

    return Normalizer(**HAZM_NORMALIZER_FLAGS)


def _normalize_piece(run: str) -> str:
    """hazm-normalize one Persian run, keeping the spaces around it."""
    core = run.strip()
    if not PERSIAN_LETTER.search(core):
        return run
    lead = run[: len(run) - len(run.lstrip())]
    trail = run[len(run.rstrip()) :]
    normalized = _SPACE_BEFORE_PERCENT.sub("", _persian_normalizer().normalize(core).strip())
    return lead + normalized + trail


def _pieces(text: str, size: int) -> list[str]:
    """``text`` cut at spaces into pieces of at most ``size`` characters (a piece without a space is cut anywhere).

    hazm's rules grow faster than the text (its ``seperate_mi`` rescans the whole run for every
    verb it fixes: 10 s on one 0.44 MB line); pieces bound what one rule call costs.
    """
    pieces = []
    start = 0
    while len(text) - start > size:
        cut = text.rfind(" ", start + 1, start + size)
        cut = cut if cut > start else start + size
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def display_text(text: str, max_line_chars: int = DEFAULT_LIMITS.max_line_chars) -> str:
    """Readable text: NFKC, hazm on Persian runs only, one space between words, paragraphs kept.

    Lines longer than ``max_line_chars`` are normalized in pieces of at most that length.
    """
    text = unicodedata.normalize("NFKC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)

    def normalize_run(match: re.Match) -> str:
        return "".join(_normalize_piece(piece) for piece in _pieces(match.group(), max_line_chars))

    lines = []
    for line in text.split("\n"):
        if PERSIAN_LETTER.search(line):
            line = _PERSIAN_RUN.sub(normalize_run, line)
        lines.append(_SPACES.sub(" ", line).strip())
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


# --- search keys -------------------------------------------------------------------------------------

# Combining marks: Latin accents, Arabic harakat, hamza/madda above and below, superscript alef,
# Quranic signs.
_MARKS = (
    "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670"
    "\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u08d3-\u08ff"
)
_MARK = re.compile(f"[{_MARKS}]")
_FOLD = str.maketrans(
    {
        "ي": "ی",
        "ى": "ی",
        "ك": "ک",
        "ة": "ه",
        "ە": "ه",  # what ۀ leaves after NFKD drops its hamza
        "ہ": "ه",  # what ۂ leaves
        "ٱ": "ا",
        "٫": ".",
        "٬": ",",
        "٪": "%",
        "\u0640": None,  # tatweel
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Persian digits
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
    }
)
_WORD_CHAR = f"(?:[^\\W_]|[{_MARKS}])"
# Inside a word: ZWNJ/ZWJ, an apostrophe before a letter, a decimal or thousands separator between digits.
_JOINER = f"(?:[\u200c\u200d{_INVISIBLES}]|['’](?=[\u200c\u200d{_INVISIBLES}]*[^\\W\\d_])|(?<=\\d)[.,٫٬](?=\\d))"
_WORD = re.compile(f"{_WORD_CHAR}+(?:{_JOINER}+{_WORD_CHAR}+)*")
_ZW = re.compile("[\u200c\u200d]+")
_POSSESSIVE = re.compile("['’]s$")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d)")
# What may separate two parts of one word: whitespace and ZWNJ/ZWJ (at most one line break, checked apart).
_WORD_GAP = re.compile(f"[\\s\u200c\u200d{_INVISIBLES}]+")
_HAS_ARABIC = re.compile(f"[{ARABIC_RANGES}]")


def _fold(part: str) -> str:
    """Fold one piece of a word: compatibility forms, marks, Arabic letters and digits, case."""
    if part.isascii():
        return part.lower()
    part = _MARK.sub("", unicodedata.normalize("NFKD", part))
    return part.translate(_FOLD).lower()


@functools.lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """The search key of one written word (no spaces inside); ZWNJ-separated parts are joined (cached).

    A compatibility character that stands for several words (``¼``, ``⑵``) gets the keys of the words
    it becomes in display text, joined by a space.
    """
    if not word.isascii():
        word = _INVISIBLE.sub("", word)
        compatible = unicodedata.normalize("NFKC", word)
        if compatible != word and not _WORD.fullmatch(compatible):
            return " ".join(key for key in map(word_key, _WORD.findall(compatible)) if key)
        word = compatible  # as display text has it
    parts: list[str] = []
    for piece in _ZW.split(word):
        folded = _fold(piece)
        if folded == "ی" and parts and parts[-1].endswith("ه"):
            continue  # ezafe ی after ه: خانه‌ی → خانه
        parts.append(folded)
    key = "".join(parts)
    if "'" in key or "’" in key:
        key = _POSSESSIVE.sub("", key).replace("'", "").replace("’", "")
    if "," in key:
        key = _THOUSANDS.sub("", key)
    return key


_PERSIAN_STOPWORDS = """
و در به از که این آن را با برای است بود هم تا یا بر نیز اما ولی اگر هر چه چون پس سپس زیرا نه یک
ای او وی ما من تو شما ایشان آنها اینها خود همه همین همان دیگر باید شد شده شود می نمی بوده باشد هست
هستند نیست آیا البته درباره روی یعنی
"""
_ENGLISH_STOPWORDS = """
a an the and or but if then than so of to in on at by for with from into onto about as is are was were
be been being am do does did has have had having it its this that these those there here he she they we
you i me my our your their his her them us not no nor can could will would shall should may might must
which who whom whose what when where why how also such both each other all any some only very more most
"""
_STOPWORDS = frozenset(word_key(w) for w in (_PERSIAN_STOPWORDS + _ENGLISH_STOPWORDS).split())


# Particles that never take a prefix or a bound second part (ماه می و … stays three words).
_PARTICLES = frozenset(
    word_key(w) for w in ("و", "در", "به", "از", "که", "را", "با", "تا", "یا", "بر", "این", "آن")
)
_PREFIXES = frozenset({"می", "نمی", "بی"})
_SUFFIXES = frozenset(
    word_key(s)
    for s in (
        "ها", "های", "هایی", "هایم", "هایت", "هایش", "هایمان", "هایتان", "هایشان", "تر", "ترین", "تری",
    )
)  # fmt: skip
_CLITICS_AFTER_HEH = frozenset(word_key(s) for s in ("ای", "ام", "ات", "اش", "ایم", "اید", "اند"))
# A first word and the start of the bound second part that always belongs to it.
_BOUND_PAIRS = {word_key("بین"): word_key("الملل"), word_key("فوق"): word_key("العاده")}
# Second parts of compounds that do not stand alone as words.
_BOUND_SECOND = re.compile(
    "(?:" + "|".join(word_key(s) for s in ("گذاری", "پذیر", "پذیری", "مند", "مندی", "مندان", "کننده",
                                            "کنندگان", "سازی")) + ")(?:ها|های|هایی|ای|ی)?"
)  # fmt: skip


class Token(NamedTuple):
    """A word of a text: its character span and its search key (one word may span 'همکاری های')."""

    start: int
    end: int
    key: str


def _joined_key(previous: str, key: str) -> str | None:
    """The key of two space-separated words read as one (an affix written apart), or None."""
    if previous in _PREFIXES:
        return previous + key if key not in _PARTICLES and _HAS_ARABIC.search(key) else None
    if key in _SUFFIXES:
        return previous + key if _HAS_ARABIC.search(previous) else None
    if previous.endswith("ه"):
        if key == "ی":
            return previous
        if key in _CLITICS_AFTER_HEH:
            return previous + key
    if previous in _BOUND_PAIRS:
        return previous + key if key.startswith(_BOUND_PAIRS[previous]) else None
    if _BOUND_SECOND.fullmatch(key) and previous not in _PARTICLES and _HAS_ARABIC.search(previous):
        return previous + key
    return None


def _is_word_gap(gap: str) -> bool:
    """Whether two words this far apart may be parts of one word: only spaces, at most one line break."""
    return bool(_WORD_GAP.fullmatch(gap)) and gap.count("\n") <= 1


def tokenize(text: str) -> list[Token]:
    """Word tokens of ``text`` with spans into it and folded keys; affixes written apart join their word."""
    tokens: list[Token] = []
    for match in _WORD.finditer(text):
        key = word_key(match.group())
        if not key:
            continue
        if tokens:
            joined = _joined_key(tokens[-1].key, key)
            if joined is not None and _is_word_gap(text[tokens[-1].end : match.start()]):
                tokens[-1] = Token(tokens[-1].start, match.end(), joined)
                continue
        tokens.append(Token(match.start(), match.end(), key))
    return tokens


def search_key(text: str) -> str:
    """The folded form of ``text`` for lexical matching: the token keys joined by single spaces."""
    return " ".join(token.key for token in tokenize(text))


def is_stopword(key: str) -> bool:
    """Whether a search key is a function word (left out of lexical terms; never an entity)."""
    return key in _STOPWORDS


def terms(text: str) -> list[str]:
    """The lexical terms of ``text``: its token keys without stopwords, in order, repeats kept."""
    return [token.key for token in tokenize(text) if token.key not in _STOPWORDS]


# --- canonical queries -------------------------------------------------------------------------------


def spelling_counts(text: str) -> Counter[tuple[str, str]]:
    """How often each word of ``text`` is written each way: ``(search key, written form) -> count``.

    Ingest counts these over display text; queries then take each word's usual spelling in the
    collection (see :func:`canonical_query`).
    """
    return Counter((token.key, text[token.start : token.end]) for token in tokenize(text))


def _query_text(query: str) -> str:
    return _SPACES.sub(" ", _INVISIBLE.sub("", unicodedata.normalize("NFKC", query))).strip()


def _spaced_pairs(text: str, tokens: list[Token]) -> list[str | None]:
    """For each token, the key of it joined with the next one when only a space or ZWNJ parts them."""
    pairs: list[str | None] = []
    for token, following in zip(tokens, tokens[1:], strict=False):
        spaced = bool(_HAS_ARABIC.search(token.key)) and _is_word_gap(text[token.end : following.start])
        pairs.append(token.key + following.key if spaced else None)
    return [*pairs, None]


def lookup_keys(query: str) -> set[str]:
    """The search keys :func:`canonical_query` may ask about: each word's, and two spaced words joined."""
    text = _query_text(query)
    tokens = tokenize(text)
    return {token.key for token in tokens} | {pair for pair in _spaced_pairs(text, tokens) if pair}


def canonical_query(query: str, spelling: Callable[[str], str | None]) -> str:
    """The query with each word written one way, so every spelling variant embeds the same.

    ``spelling(key)`` gives the collection's usual written form of a search key, or None for a word
    the collection does not know. Two Persian words parted by a space become one when the collection
    knows them joined (`ذخیره گاه‌های` → `ذخیره‌گاه‌های`). Latin words, and words the collection does not
    know, stay as typed (Arabic ي/ك made Persian). Numbers take the digits of the query's own language
    (`سال 2018` and `سال ۲۰۱۸` meet). No hazm: a one-off search starts fast.
    """
    text = _query_text(query)
    persian_query = _script_share(text) > 0.5
    tokens = tokenize(text)
    pairs = _spaced_pairs(text, tokens)
    parts, position, index = [], 0, 0
    while index < len(tokens):
        token, end = tokens[index], tokens[index].end
        written = spelling(pairs[index]) if pairs[index] else None
        if written is not None:
            end = tokens[index + 1].end
            index += 1
        elif _NUMBER.fullmatch(token.key):
            written = token.key.translate(_PERSIAN_DIGITS) if persian_query else token.key
        elif not _LATIN.search(token.key):
            written = spelling(token.key)
        if written is None:
            written = text[token.start : end]
        parts += [text[position : token.start], written]
        position = end
        index += 1
    parts.append(text[position:])
    return "".join(parts).translate(_FOLD_LETTERS)


_LATIN = re.compile("[a-z]")
_NUMBER = re.compile(r"[\d.,]+")
_PERSIAN_DIGITS = str.maketrans({str(digit): chr(0x06F0 + digit) for digit in range(10)})


def _script_share(text: str) -> float:
    """The share of ``text``'s letters that are Persian script."""
    persian = len(PERSIAN_LETTER.findall(text))
    latin = len(re.findall("[A-Za-z]", text))
    return persian / (persian + latin) if persian + latin else 0.0
# Outside words too (punctuation, digits next to words), Arabic letter variants become Persian ones.
_FOLD_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"})
