"""People, organizations and places named in English and Persian passages, found offline by rules and names.

No named-entity model runs here offline for Persian (hazm's tagger, spaCy's and stanza's models are
downloads), so entities come from:

- a gazetteer: built-in places and organizations with aliases in both scripts (``pipeline.entities.names``),
  plus names that ``Gazetteer.learn`` finds in a collection, so a name seen once is known everywhere;
- English rules: capitalized runs with an organization word ("Serbian Academy of Sciences and Arts"),
  names after a title or a role ("Prof. BAI Chunli", "President Tamás Sulyok"), "QU Xing, Deputy Director";
- Persian rules: names after a title («دکتر», «مهندس», «آقای», «خانم») or a common first name, and
  organizations from a keyword («سازمان», «دانشگاه», «وزارت», «مرکز», «بنیاد» …) to the first function
  word, role or verb;
- an alias in parentheses ("Chinese Academy of Sciences (CAS)", «… (آیهیت)») joins its name.

Every entity has one canonical id across spellings and scripts: ANSO and آنسو are both ``org:anso``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from pipeline.entities import names
from pipeline.entities.english import english_spans
from pipeline.entities.passage import Passage, Span, name_keys
from pipeline.entities.persian import FIRST_NAMES, persian_spans

KINDS = ("person", "org", "place")


@dataclass(frozen=True)
class Entity:
    """A name in a passage: its kind (person, org, place), its spelling there, and its id in every script."""

    kind: str
    name: str
    canonical: str


class Gazetteer:
    """Names known before a passage is read: each spelling (as search-key tokens) → kind and canonical id."""

    def __init__(self):
        self._names: dict[tuple[str, ...], tuple[str, str]] = {}
        self._longest = 0

    @classmethod
    def builtin(cls) -> Gazetteer:
        """The places and organizations that ship with Kavosh, every alias in both scripts."""
        gazetteer = cls()
        for kind, table in (("place", names.PLACES), ("org", names.ORGANIZATIONS)):
            for canonical, aliases in table:
                for alias in aliases:
                    gazetteer.add(kind, alias, canonical)
        return gazetteer

    def add(self, kind: str, name: str, canonical: str) -> None:
        """Know ``name`` as a ``kind`` with id ``canonical``; a spelling already known keeps its first id."""
        keys = name_keys(name)
        if keys and keys not in self._names:
            self._names[keys] = (kind, canonical)
            self._longest = max(self._longest, len(keys))

    def lookup(self, keys: tuple[str, ...]) -> tuple[str, str] | None:
        return self._names.get(keys)

    def learn(self, text: str, lang: str) -> None:
        """Add the names the rules find in a text of the collection, and a person's surname alone."""
        for entity, keys in _extract(text, lang, self):
            self.add(entity.kind, entity.name, entity.canonical)
            surname = keys[-1]
            if entity.kind == "person" and len(keys) > 1 and surname not in FIRST_NAMES and len(surname) > 2:
                self._names.setdefault((surname,), ("person", entity.canonical))

    def spans(self, passage: Passage) -> list[Span]:
        """Every known name in a passage (Latin spellings only where capitalized, as names are written)."""
        found = []
        keys = [token.key for token in passage.tokens]
        for i in range(len(keys)):
            for length in range(min(self._longest, len(keys) - i), 0, -1):
                entry = self._names.get(tuple(keys[i : i + length]))
                joined = all(
                    passage.joined(j) or passage.gap(j).strip() in (",", "،", "-") for j in range(i + 1, i + length)
                )
                if entry and joined and (not passage.latin(i) or passage.capitalized(i)):
                    found.append(Span(i, i + length, *entry))
                    break
        return found


@functools.lru_cache(maxsize=1)
def builtin_gazetteer() -> Gazetteer:
    """The built-in gazetteer, built once."""
    return Gazetteer.builtin()


def _aliases(p: Passage, spans: list[Span], gazetteer: Gazetteer) -> tuple[list[Span], dict]:
    """Give "Name (ALIAS)" and "ALIAS (Name)" pairs one canonical id, and find the alias elsewhere."""
    canonical_of: dict[tuple[str, ...], str] = {}
    extra = []
    for span in spans:
        if span.kind != "org":
            continue
        alias = None
        if p.parenthesized(span.end) == span.end + 1 and (p.acronym(span.end) or p.persian(span.start)):
            alias = (span.end, span.end + 1)  # "Chinese Academy of Sciences (CAS)", «… (آیهیت)»
        elif (
            span.start >= 1
            and p.parenthesized(span.start) == span.end
            and p.persian(span.start)
            and p.latin(span.start - 1)
        ):
            alias = (span.start - 1, span.start)  # «ihit (خانه نوآوری و فناوری ایران)»
        if alias is None:
            continue
        alias_keys = tuple(p.key(k) for k in range(*alias))
        known = gazetteer.lookup(alias_keys) or gazetteer.lookup(tuple(p.key(k) for k in range(span.start, span.end)))
        canonical = known[1] if known else "org:" + " ".join(alias_keys)
        canonical_of[tuple(p.key(k) for k in range(span.start, span.end))] = canonical
        canonical_of[alias_keys] = canonical
        extra.append(Span(*alias, "org", canonical))
    for i in range(len(p.tokens)):  # the alias alone, later in the passage
        if (p.key(i),) in canonical_of and (p.acronym(i) or p.persian(i)):
            extra.append(Span(i, i + 1, "org", canonical_of[(p.key(i),)]))
    return extra, canonical_of


def _resolve(spans: list[Span]) -> list[Span]:
    """Keep the longest of overlapping spans (a gazetteer's on a tie), in reading order."""
    taken: set[int] = set()
    kept = []
    for span in sorted(spans, key=lambda s: (s.start - s.end, not s.canonical, s.start)):
        if not taken.intersection(range(span.start, span.end)):
            taken.update(range(span.start, span.end))
            kept.append(span)
    return sorted(kept)


def _extract(text: str, lang: str, gazetteer: Gazetteer) -> list[tuple[Entity, tuple[str, ...]]]:
    p = Passage(text)
    known = gazetteer.spans(p)
    places = {k for span in known if span.kind == "place" for k in range(span.start, span.end)}
    spans = [*known]
    if lang in ("en", "mixed"):
        spans += english_spans(p)
    if lang in ("fa", "mixed"):
        spans += persian_spans(p, places)
    extra, canonical_of = _aliases(p, spans, gazetteer)
    found: dict[tuple[str, str], tuple[Entity, tuple[str, ...]]] = {}
    for span in _resolve(spans + extra):
        keys = tuple(p.key(k) for k in range(span.start, span.end))
        entry = gazetteer.lookup(keys)
        canonical = span.canonical or canonical_of.get(keys) or (entry[1] if entry and entry[0] == span.kind else "")
        entity = Entity(span.kind, p.name(span), canonical or f"{span.kind}:{' '.join(keys)}")
        found.setdefault((entity.kind, " ".join(keys)), (entity, keys))
    return list(found.values())


def extract_entities(text: str, lang: str, gazetteer: Gazetteer | None = None) -> list[Entity]:
    """The people, organizations and places named in a passage, one per spelling, in reading order.

    ``lang`` ("fa", "en" or "mixed") picks the rules (English, Persian or both); names from the
    gazetteer (the built-in one unless given) are found in any passage. Spellings of one entity share
    its ``canonical`` id.
    """
    return [entity for entity, _ in _extract(text, lang, gazetteer or builtin_gazetteer())]
