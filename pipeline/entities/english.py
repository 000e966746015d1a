"""English rules: organizations in capitalized runs, people after titles and roles or before a role."""

from __future__ import annotations

from pipeline.entities import names
from pipeline.entities.passage import Passage, Span, key_set
from pipeline.normalize import is_stopword

_MAX_NAME_TOKENS = 4  # "Helena Bonciani Nader"
_TITLES = key_set(names.ENGLISH_TITLES)
_ROLES = key_set(names.ENGLISH_ROLES)
_ORG_WORDS = key_set(names.ENGLISH_ORG_WORDS)
_CONNECTORS = key_set(names.ENGLISH_CONNECTORS)
_COMPLEMENT_STARTS = frozenset({"of", "for", "on", "in"})


def _english_name_end(p: Passage, i: int) -> int:
    """The end of a person's name starting at token ``i``: capitalized words, initials, hyphenated parts."""
    end = i
    while end < len(p.tokens) and end - i < _MAX_NAME_TOKENS and p.capitalized(end):
        key = p.key(end)
        if key in _ROLES or key in _ORG_WORDS or key in _TITLES or (is_stopword(key) and not p.acronym(end)):
            break  # "Was Invited" is no name; "HE Hongping" is
        if end > i and not (
            p.joined(end) or p.gap(end) == "-" or (len(p.word(end - 1)) == 1 and p.gap(end).strip() == ".")
        ):
            break
        end += 1
    return end


def _capitalized_runs(p: Passage) -> list[tuple[int, int]]:
    """Runs of capitalized words, with lower-case connectors inside and "A, B and C" enumerations."""
    runs, i, n = [], 0, len(p.tokens)
    while i < n:
        if not p.capitalized(i) or p.key(i) in _CONNECTORS:
            i += 1
            continue
        end = i + 1
        while end < n:
            if p.capitalized(end) and (p.joined(end) or p.gap(end) == "-"):
                end += 1
            elif p.key(end) in _CONNECTORS and p.joined(end) and not p.capitalized(end):
                ahead = end + 1 + (p.key(end + 1) == "the" if end + 1 < n else 0)
                if ahead < n and p.joined(ahead) and p.capitalized(ahead):
                    end = ahead
                else:
                    break
            elif p.gap(end).strip() == "," and p.capitalized(end) and _enumeration_follows(p, end):
                end += 1
            else:
                break
        runs.append((i + (p.key(i) == "the"), end))
        i = end
    return runs


def _enumeration_follows(p: Passage, i: int) -> bool:
    """Whether "X, Y and Z" goes on at token ``i``: up to three capitalized words, then "and", then one."""
    for j in range(i, min(i + 4, len(p.tokens) - 1)):
        if p.key(j) == "and" and p.joined(j) and p.joined(j + 1) and p.capitalized(j + 1):
            return j > i
        if not (p.capitalized(j) and (j == i or p.joined(j))):
            return False
    return False


def _split_org_run(p: Passage, start: int, end: int) -> list[tuple[int, int]]:
    """Split "Ministry of X and the Italian Ministry of Y" where "and" starts a second organization."""
    for j in range(start + 1, end - 1):
        if p.key(j) != "and" or not any(p.key(k) in _ORG_WORDS for k in range(start, j)):
            continue
        head = j + 1 + (p.key(j + 1) == "the")
        for k in range(head, end):
            if p.key(k) in _CONNECTORS:
                break
            if p.key(k) in _ORG_WORDS:
                return [(start, j), *_split_org_run(p, head, end)]
    return [(start, end)]


def _org_from_run(p: Passage, start: int, end: int) -> Span | None:
    """The organization in a capitalized run: from its modifiers to the complement after its last org word."""
    org_words = [k for k in range(start, end) if p.key(k) in _ORG_WORDS]
    if not org_words:
        return None
    last = org_words[-1]
    if last + 1 < end and p.key(last + 1) not in _CONNECTORS:
        end = last + 1  # "Romanian Academy Hosted …": a heading's verb, not part of the name
    of = next((k for k in range(start, last) if p.key(k) in ("of", "from")), None)
    if of is not None and all(p.key(k) in _ROLES for k in range(start, of)):
        start = of + 1 + (p.key(of + 1) == "the")  # "Deputy Director of the Shanghai Institute …"
    complement = next((k for k in range(start, end) if p.key(k) in _COMPLEMENT_STARTS), end)
    if not any(p.key(k) in _ORG_WORDS for k in range(start, complement)):
        return None  # "Forum of National Scientific Organizations": the organizations are not its head
    return Span(start, end, "org") if end - start >= 2 else None  # "the Academy's role" names none


def english_spans(p: Passage) -> list[Span]:
    spans = []
    for i in range(len(p.tokens) - 1):
        if p.key(i) in _TITLES and p.capitalized(i) and p.gap(i + 1).strip() in ("", "."):
            end = _english_name_end(p, i + 1)
            if end > i + 1:
                spans.append(Span(i + 1, end, "person"))
    for start, end in _capitalized_runs(p):
        for part in _split_org_run(p, start, end):
            if org := _org_from_run(p, *part):
                spans.append(org)
        roles = [k for k in range(start, end) if p.key(k) in _ROLES]
        if roles and end - roles[-1] > 2 and _english_name_end(p, roles[-1] + 1) == end:
            spans.append(Span(roles[-1] + 1, end, "person"))  # "Hungarian President Tamás Sulyok"
        followed_by_role = end < len(p.tokens) and p.gap(end).strip() == "," and p.key(end) in _ROLES
        if followed_by_role and 2 <= end - start <= 3 and _english_name_end(p, start) == end:
            spans.append(Span(start, end, "person"))  # "QU Xing, Deputy Director-General"
    return spans
