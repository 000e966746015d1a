"""Cross-language search: dense and lexical retrieval per language, fused so the other language is not buried.

Multilingual embedders score same-language passages above relevant passages in the other
language, and keyword matches are same-language by nature. So each language is searched on its
own, scores are made comparable within each language (how far a passage stands out from that
language's candidates), and only then are the languages merged. Keyword matches add evidence
(names, acronyms, exact phrases) on top of the dense score instead of ranking on their own.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Sequence

from index.embedders import Embedder
from index.errors import InvalidQueryError
from index.filtering import facet_counts, newest_first, store_filters, validate_filters
from index.grouping import best_passages_by_document, documents_of, passages_to_rank
from index.lexical import query_vector
from index.records import (
    DEFAULT_SORT,
    MAX_QUERY_CHARS,
    MAX_RESULTS,
    SEARCH_GROUPS,
    SEARCH_MODES,
    PointKind,
    SearchFilters,
    SearchHit,
    SearchResponse,
)
from index.store import Filters, ScoredHit, VectorStore
from index.vocabulary import Vocabulary
from pipeline.normalize import canonical_query, display_text, lookup_keys, terms, tokenize
from pipeline.types import LANGUAGES

CANDIDATES = 60  # per language and per retriever
RERANK_WEIGHT = 1.0  # within a language, holding all the query's words counts as this many standard deviations
LEXICAL_WEIGHT = 0.5  # ... and across languages, a passage holding all of them gains this many
MIN_SPREAD = 0.02  # floor for a language's score spread, so a tight pool does not blow scores up
PRIOR_WEIGHT = 2.0  # how many candidates' worth of the all-language statistics each language starts with
NEAR_DUPLICATE = 0.8  # share of a passage's words found in a better hit that makes it a duplicate


def validate(query: str, k: int, lang: str | None, mode: str, group: str = "passage") -> str:
    """The trimmed query, or InvalidQueryError naming the bad field."""
    query = (query or "").strip()
    if not query:
        raise InvalidQueryError("q: the query is empty")
    if len(query) > MAX_QUERY_CHARS:
        raise InvalidQueryError(f"q: the query is longer than {MAX_QUERY_CHARS} characters")
    if not 1 <= k <= MAX_RESULTS:
        raise InvalidQueryError(f"k: must be between 1 and {MAX_RESULTS}, got {k}")
    if mode not in SEARCH_MODES:
        raise InvalidQueryError(f"mode: must be one of {', '.join(SEARCH_MODES)}, got {mode!r}")
    if group not in SEARCH_GROUPS:
        raise InvalidQueryError(f"group: must be one of {', '.join(SEARCH_GROUPS)}, got {group!r}")
    if lang is not None and lang not in LANGUAGES:
        raise InvalidQueryError(f"lang: must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    return query


def query_keys(query: str) -> set[str]:
    """The search keys of a query's content words (stopwords dropped)."""
    return set(terms(query))


def _matches(word_key: str, keys: set[str]) -> str | None:
    """The query key a text word matches: equal keys, or a query key of four letters or more that begins it."""
    if word_key in keys:
        return word_key
    return next((key for key in keys if len(key) >= 4 and word_key.startswith(key)), None)


def highlight_spans(text: str, keys: set[str]) -> list[tuple[int, int]]:
    """Character spans in ``text`` of words that match the query's words after folding.

    Matching is by search key, so `همکاری‌های` in a query marks `همکاریهای` in a passage, and
    a query word begins a longer text word: `cooperation` marks `cooperations`, `همکاری` marks `همکاریها`.
    """
    if not keys:
        return []
    return [(token.start, token.end) for token in tokenize(text) if _matches(token.key, keys)]


def coverage(passage_keys: set[str], keys: set[str]) -> float:
    """The share of the query's content words (``keys``) found among a passage's content words (0 to 1)."""
    if not keys:
        return 0.0
    found = {_matches(word, keys) for word in passage_keys}
    found.discard(None)
    return len(found) / len(keys)


def standardize(pools: dict[str, list[ScoredHit]], prior_weight: float = PRIOR_WEIGHT) -> dict[str, float]:
    """Each hit's score as standard deviations above the mean of its own language's candidates.

    A language's mean and spread are shrunk towards those of all candidates, as if
    ``prior_weight`` typical candidates were added to its pool: with many candidates a language
    is judged against itself, with one or two (a small collection) against the whole pool.
    """
    scores = [hit.score for pool in pools.values() for hit in pool]
    if not scores:
        return {}
    overall_mean = statistics.fmean(scores)
    overall_var = statistics.pvariance(scores) if len(scores) > 1 else 0.0
    standardized = {}
    for pool in pools.values():
        weight = len(pool) + prior_weight
        mean = (sum(hit.score for hit in pool) + prior_weight * overall_mean) / weight
        var = (sum((hit.score - mean) ** 2 for hit in pool) + prior_weight * overall_var) / weight
        spread = max(math.sqrt(var), MIN_SPREAD)
        standardized.update({hit.id: (hit.score - mean) / spread for hit in pool})
    return standardized


def _passage_keys(payload: dict) -> set[str]:
    """A chunk's content words: stored in its payload, or worked out for chunks indexed without them."""
    stored = payload.get("keys")
    return set(stored) if stored is not None else set(terms(payload.get("text", "")))


class Searcher:
    """Answers a query over a store with an embedder, in one of the three modes."""

    def __init__(self, store: VectorStore, embedder: Embedder, candidates: int = CANDIDATES,
                 rerank_weight: float = RERANK_WEIGHT, lexical_weight: float = LEXICAL_WEIGHT,
                 vocabulary: Vocabulary | None = None):
        if candidates < 1:
            raise ValueError(f"candidates must be at least 1, got {candidates}")
        if rerank_weight < 0 or lexical_weight < 0:
            raise ValueError("rerank_weight and lexical_weight must not be negative")
        self.store = store
        self.embedder = embedder
        self.candidates = candidates
        self.rerank_weight = rerank_weight
        self.lexical_weight = lexical_weight
        self.vocabulary = vocabulary

    def search(self, query: str, k: int = 10, lang: str | None = None, mode: str = "hybrid",
               source: str | None = None, group: str = "passage", filters: SearchFilters | None = None,
               sort: str = DEFAULT_SORT) -> SearchResponse:
        """The best ``k`` passages, or with ``group="document"`` the best ``k`` documents with their best passages;
        ``filters`` narrow them, ``sort="date"`` shows them newest first, and facets count the filtered collection."""
        started = time.perf_counter()
        query = validate(query, k, lang, mode, group)
        validate_filters(filters or SearchFilters(), sort)
        narrow = store_filters(filters)
        normalized = self.canonical(query)
        timings: dict[str, float] = {}
        languages = [lang] if lang else list(LANGUAGES)
        limit = max(self.candidates, 2 * passages_to_rank(k, group))

        query_embedding = None
        if mode != "lexical":
            tick = time.perf_counter()
            query_embedding = self.embedder.embed_query(normalized)
            timings["embed_ms"] = _ms(tick)
        lexical_vector = query_vector(normalized) if mode != "dense" else None
        keys = query_keys(normalized)

        tick = time.perf_counter()
        payloads: dict[str, dict] = {}
        fused: dict[str, float] = {}
        if mode == "lexical":
            # Exact words across languages: plain BM25, no per-language rescaling.
            for hit in self.store.query_lexical(lexical_vector, limit, _filters(lang, source, narrow)):
                payloads[hit.id] = hit.payload
                fused[hit.id] = hit.score
        else:
            pools = {language: self.store.query_dense(query_embedding, limit, _filters(language, source, narrow))
                     for language in languages}
            fused = standardize(pools)
            for pool in pools.values():
                payloads.update((hit.id, hit.payload) for hit in pool)
            if mode == "hybrid":
                for language in languages:
                    self._add_keyword_evidence(lexical_vector, limit, _filters(language, source, narrow),
                                               pools[language], keys, fused, payloads)
        timings["store_ms"] = _ms(tick)

        tick = time.perf_counter()
        ranked = sorted(fused, key=lambda point_id: (-_rounded(fused[point_id]), *_tie_break(point_id, payloads)))
        by_document = group == "document"
        results = self._collapse_duplicates(ranked, payloads, len(ranked) if by_document else k)
        if by_document:
            results = best_passages_by_document(results, k)
        if sort == "date":
            results = newest_first(results)
        for hit in results:
            hit.score = round(fused[hit.chunk_id], 4) if math.isfinite(fused[hit.chunk_id]) else 0.0
            hit.highlights = highlight_spans(hit.text, keys)
        timings["rest_ms"] = _ms(tick)
        tick = time.perf_counter()
        facets = facet_counts(self.store, _filters(lang, source, narrow))
        timings["facets_ms"] = _ms(tick)
        return SearchResponse(query=query, mode=mode, took_ms=_ms(started), results=results, timings=timings,
                              group=group, documents=documents_of(results) if by_document else None,
                              sort=sort, facets=facets)

    def canonical(self, query: str) -> str:
        """The query as it is embedded: each word in the collection's usual spelling.

        A collection indexed before spellings were counted has none; its queries get hazm's display text.
        """
        if self.vocabulary is None or self.vocabulary.is_empty():
            return display_text(query)
        usual = self.vocabulary.spellings(lookup_keys(query))
        return canonical_query(query, usual.get)

    def _add_keyword_evidence(self, vector, limit: int, filters: Filters, dense_pool: list[ScoredHit],
                              keys: set[str], scores: dict[str, float], payloads: dict[str, dict]) -> None:
        """Let the query's words reorder one language's passages without shifting that language as a whole.

        Keyword evidence is the share of the query's content words a passage holds (not a rescaled
        BM25 score, which makes one weak match its language's "best"). BM25 retrieval brings in
        passages the dense side missed, starting from the language's lowest dense score. The
        language's passages are reordered by score + ``rerank_weight`` × share and take the
        language's scores in their new order, so the other language is not pushed aside; then
        ``lexical_weight`` × share is added, so a passage holding all the query's words can rise.
        """
        lexical_hits = self.store.query_lexical(vector, limit, filters)
        floor = min((scores[hit.id] for hit in dense_pool), default=0.0)
        for hit in lexical_hits:
            payloads.setdefault(hit.id, hit.payload)
            scores.setdefault(hit.id, floor)
        candidates = sorted({hit.id: None for hit in [*dense_pool, *lexical_hits]},
                            key=lambda point_id: _tie_break(point_id, payloads))
        share = {point_id: coverage(_passage_keys(payloads[point_id]), keys) for point_id in candidates}
        language_scores = sorted((scores[point_id] for point_id in candidates), reverse=True)
        reordered = sorted(candidates, key=lambda point_id: -_rounded(scores[point_id]
                                                                   + self.rerank_weight * share[point_id]))
        for point_id, score in zip(reordered, language_scores, strict=True):
            scores[point_id] = score + self.lexical_weight * share[point_id]

    @staticmethod
    def _collapse_duplicates(ranked: Sequence[str], payloads: dict[str, dict], k: int) -> list[SearchHit]:
        """The best ``k`` passages, each shown once: a passage indexed from several files lists the others
        in ``also_in``. Near duplicates share most of their content words."""
        kept: list[tuple[SearchHit, set[str]]] = []
        for point_id in ranked:  # to the end: duplicates of the shown hits are listed, and k hits kept
            payload = payloads[point_id]
            words = _passage_keys(payload)
            duplicate_of = next((better for better, better_words in kept
                                 if better.doc_id != payload.get("doc_id") and words
                                 and len(words & better_words) >= NEAR_DUPLICATE * len(words)), None)
            if duplicate_of is None:
                kept.append((_hit(point_id, payload), words))
            elif payload.get("source") not in (duplicate_of.source, *duplicate_of.also_in):
                duplicate_of.also_in.append(payload.get("source", ""))
        return [hit for hit, _ in kept[:k]]


def _rounded(score: float) -> float:
    """A score without the last bits that summing in another order changes (so equal stays equal)."""
    return round(score, 9) if math.isfinite(score) else -math.inf


def _tie_break(point_id: str, payloads: dict[str, dict]) -> tuple:
    """Equal scores rank by file name, document and passage, not by the store's order: the same corpus
    gives the same results however it was ingested, and a duplicate group is shown from its first file."""
    payload = payloads[point_id]
    return payload.get("source", ""), payload.get("doc_id", ""), payload.get("chunk_no", 0), point_id


def _hit(point_id: str, payload: dict) -> SearchHit:
    source = payload.get("source", "")
    return SearchHit(chunk_id=point_id, doc_id=payload.get("doc_id", ""), title=payload.get("title", ""),
                     source=source, lang=payload.get("lang", ""), page=int(payload.get("page", 1)),
                     text=payload.get("text", ""), score=0.0, highlights=[],
                     also_in=[name for name in payload.get("sources", []) if name != source],
                     date=payload.get("date", ""), ocr=bool(payload.get("ocr", False)))


def _filters(lang: str | None, source: str | None, narrow: Filters | None = None) -> Filters:
    filters: Filters = {"kind": PointKind.CHUNK, **(narrow or {})}
    if lang:
        filters["lang"] = lang
    if source:
        filters["sources"] = source  # any of the files holding the passage
    return filters


def _ms(since: float) -> float:
    return round((time.perf_counter() - since) * 1000, 2)
