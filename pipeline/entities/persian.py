"""Persian rules: people after a title or a first name, organizations from a keyword to a function word."""

from __future__ import annotations

import functools

from pipeline.entities import names
from pipeline.entities.passage import Passage, Span, key_set, name_keys
from pipeline.normalize import is_stopword, word_key

_MAX_ORG_TOKENS = 14
_TITLES = frozenset(name_keys(title)[-1] for title in names.PERSIAN_TITLES)  # «حجت الاسلام» ends in الاسلام
_ROLES = key_set(names.PERSIAN_ROLES)
_ORG_WORDS = key_set(names.PERSIAN_ORG_WORDS)
_WEAK_ORG_WORDS = key_set(names.PERSIAN_WEAK_ORG_WORDS)
_QUALIFIERS = key_set(names.PERSIAN_ORG_QUALIFIERS)
_ENDERS = key_set(names.PERSIAN_NAME_ENDERS)
FIRST_NAMES = key_set(names.PERSIAN_FIRST_NAMES)


@functools.lru_cache(maxsize=1)
def _verb_stems() -> frozenset[str]:
    """Past and present stems of hazm's verb list, to tell «می‌پردازد» from a name."""
    from hazm.utils import verbs_list

    return frozenset(word_key(stem) for verb in verbs_list() for stem in verb.split("#") if stem)


_PERSON_ENDINGS = ("م", "ی", "د", "یم", "ید", "ند")


def _is_persian_verb(key: str, sentence_end: bool) -> bool:
    """A verb (می/نمی/ب/ن + stem + ending, or a bare stem ending a sentence): never part of a name."""
    if sentence_end and (key in _verb_stems() or (key.endswith("ند") and key[:-2] in _verb_stems())):
        return True  # «… در این رابطه در مرکز پرداخت.»
    for prefix, endings in (("نمی", ("", *_PERSON_ENDINGS)), ("می", ("", *_PERSON_ENDINGS)), ("ب", _PERSON_ENDINGS)):
        if key.startswith(prefix) and len(key) > len(prefix) + 1:
            for ending in endings:
                stem = key[len(prefix) : len(key) - len(ending)]
                if stem in _verb_stems() or (stem.endswith("ی") and stem[:-1] in _verb_stems()):
                    return True  # «بفرمایید»: the stem فرما, a glide ی, the ending ید
    return False


def _ends_persian_name(p: Passage, i: int) -> bool:
    key = p.key(i)
    return (
        not p.persian(i)
        or is_stopword(key)
        or key in _ROLES
        or key in _ENDERS
        or key in _TITLES
        or _is_persian_verb(key, i + 1 == len(p.tokens) or p.gap(i + 1).strip()[:1] in (".", "؛", "!", "؟"))
    )


def _persian_person(p: Passage, start: int) -> int:
    """The end of a Persian name starting at ``start``: up to three words before a function word or role."""
    end = start
    while end < len(p.tokens) and end - start < 3 and (end == start or p.joined(end)):
        if _ends_persian_name(p, end) or p.key(end) in _ORG_WORDS or p.key(end) in _WEAK_ORG_WORDS:
            break
        end += 1
    return end


def _persian_org(p: Passage, start: int, places: set[int]) -> Span | None:
    """An organization from its keyword at ``start`` to the first function word, role, verb or comma."""
    end, n = start + 1, len(p.tokens)
    while end < n and end - start < _MAX_ORG_TOKENS:
        enumeration = p.gap(end).strip() == "،" and _persian_enumeration_follows(p, end)
        if not (p.joined(end) or p.gap(end).strip() == "-" or enumeration):
            break
        key = p.key(end)
        if key == "و":
            following = end + 1
            names_more = following < n and p.joined(following) and not _ends_persian_name(p, following)
            if names_more and p.key(following) not in _ORG_WORDS | FIRST_NAMES:
                end += 1
                continue
            break
        if _ends_persian_name(p, end):
            break
        end += 1
    while end > start + 1 and p.key(end - 1) == "و":
        end -= 1
    if end == start + 1:
        return None
    if p.key(start) in _WEAK_ORG_WORDS:
        signs = p.key(start + 1) in _QUALIFIERS or any(
            k in places or p.key(k) in _ORG_WORDS for k in range(start + 1, end)
        )
        if not signs and p.parenthesized(end) is None:
            return None
    return Span(start, end, "org")


def _persian_enumeration_follows(p: Passage, i: int) -> bool:
    """Whether «علم، فناوری و نوآوری» goes on at token ``i``: one or two words, then «و» and a word."""
    for j in range(i, min(i + 3, len(p.tokens) - 1)):
        if p.key(j) == "و" and p.joined(j) and not _ends_persian_name(p, j + 1):
            return j > i
        if _ends_persian_name(p, j) or (j > i and not p.joined(j)):
            return False
    return False


def persian_spans(p: Passage, places: set[int]) -> list[Span]:
    spans = []
    for i in range(len(p.tokens)):
        key = p.key(i)
        if key in _TITLES and (end := _persian_person(p, i + 1)) > i + 1 and p.joined(i + 1):
            spans.append(Span(i + 1, end, "person"))
        elif key in FIRST_NAMES and (i == 0 or p.key(i - 1) not in _TITLES):
            if (end := _persian_person(p, i)) > i + 1:
                spans.append(Span(i, end, "person"))
        elif (key in _ORG_WORDS or key in _WEAK_ORG_WORDS) and (org := _persian_org(p, i, places)):
            spans.append(org)
    return spans
