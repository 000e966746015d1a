"""The keyword side: sparse vectors of hashed search-key terms with BM25 term-frequency weights.

Qdrant multiplies these by IDF (the collection's sparse vector has the IDF modifier), so a
document vector carries the BM25 tf part and a query vector carries one weight per term.
Adjacent word pairs are added as extra terms, so exact phrases and names outrank scattered words.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterable

from index.store import SparseVector
from pipeline.normalize import terms

K1 = 1.2
B = 0.75
AVERAGE_TERMS = 150.0  # a typical chunk's term count; fixed so vectors need no corpus statistics
PHRASE_WEIGHT = 0.5  # a word pair counts half as much as a word


def term_index(term: str) -> int:
    """A stable 31-bit index for a term (the same on every machine and Python run)."""
    return zlib.crc32(term.encode("utf-8")) & 0x7FFFFFFF


def _features(words: list[str]) -> Counter[str]:
    features: Counter[str] = Counter(words)
    features.update(f"{first} {second}" for first, second in zip(words, words[1:], strict=False))
    return features


def _to_vector(weights: dict[int, float]) -> SparseVector:
    indices = sorted(weights)
    return SparseVector(indices, [weights[index] for index in indices])


def document_vector(words: list[str]) -> SparseVector:
    """BM25-weighted sparse vector of a passage's terms (``pipeline.normalize.terms``) and word pairs."""
    features = _features(words)
    length = sum(count for feature, count in features.items() if " " not in feature)
    norm = K1 * (1 - B + B * length / AVERAGE_TERMS)
    weights: dict[int, float] = {}
    for feature, count in features.items():
        weight = count * (K1 + 1) / (count + norm)
        if " " in feature:
            weight *= PHRASE_WEIGHT
        index = term_index(feature)
        weights[index] = weights.get(index, 0.0) + weight
    return _to_vector(weights)


def query_vector(text: str, other_spellings: Iterable[str] = ()) -> SparseVector:
    """Sparse vector of a query: each distinct term once (word pairs at phrase weight), and the search keys of
    its words' other spellings (``index.aliases``) as words of their own."""
    weights: dict[int, float] = {}
    for feature in _features(terms(text)):
        index = term_index(feature)
        weights[index] = PHRASE_WEIGHT if " " in feature else 1.0
    for key in other_spellings:
        weights.setdefault(term_index(key), 1.0)
    return _to_vector(weights)
