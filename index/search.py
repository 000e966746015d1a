"""Cross-language search: dense, sentence-window and keyword retrieval per language, merged by a fitted ranker.

Multilingual embedders score same-language passages above relevant passages in the other language,
and keyword matches are same-language by nature. So each language is searched on its own, every
candidate gets features comparable across languages (``index.fusion``), and a ranker fitted on dev
questions orders them. Query words also match their other-script spellings (``index.aliases``). Each
hit carries the probability that it answers the query, and a response says when none is strong
(``index.confidence``). Filters narrow every retriever (``index.filtering``); results can be grouped
by document (``index.grouping``) or shown newest first.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence

import numpy as np

from index.aliases import AliasSource, alternative_terms, query_alternatives
from index.confidence import ConfidenceModel, confidence_model
from index.embedders import Embedder
from index.errors import InvalidQueryError
from index.filtering import facet_counts, newest_first, store_filters, validate_filters
from index.fusion import Candidates, LogisticModel, gather, ranker, standardize, word_matches
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
from index.store import Filters, ScoredHit, StoreQuery, VectorStore
from index.vocabulary import Vocabulary
from pipeline.language import dominant_language
from pipeline.normalize import canonical_query, display_text, lookup_keys, terms, tokenize
from pipeline.types import LANGUAGES

__all__ = ["Searcher", "highlight_spans", "standardize", "validate"]

CANDIDATES = 60  # per language and per retriever
NEAR_DUPLICATE = 0.8  # share of a passage's words found in a better hit that makes it a duplicate
RETRIEVERS = ("dense", "windows", "lexical")


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


def highlight_spans(text: str, keys: set[str]) -> list[tuple[int, int]]:
    """Character spans in ``text`` of words that match the query's words after folding.

    Matching is by search key, so `همکاری‌های` in a query marks `همکاریهای` in a passage, and
    a query word begins a longer text word: `cooperation` marks `cooperations`, `همکاری` marks `همکاریها`.
    """
    if not keys:
        return []
    return [(token.start, token.end) for token in tokenize(text) if word_matches(token.key, keys)]


def _passage_keys(payload: dict) -> set[str]:
    """A chunk's content words: stored in its payload, or worked out for chunks indexed without them."""
    stored = payload.get("keys")
    return set(stored) if stored is not None else set(terms(payload.get("text", "")))


class Searcher:
    """Answers a query over a store with an embedder, in one of the three modes.

    ``models`` replaces the fitted ranker and confidence models (``index/ranker.json``), for experiments.
    """

    def __init__(self, store: VectorStore, embedder: Embedder, candidates: int = CANDIDATES,
                 vocabulary: Vocabulary | None = None, models: dict | None = None):
        if candidates < 1:
            raise ValueError(f"candidates must be at least 1, got {candidates}")
        self.store = store
        self.embedder = embedder
        self.embedder_name = embedder.name  # the embedder may later be wrapped (index.batching)
        self.candidates = candidates
        self.vocabulary = vocabulary
        self.models = models

    def search(self, query: str, k: int = 10, lang: str | None = None, mode: str = "hybrid",
               source: str | None = None, group: str = "passage", filters: SearchFilters | None = None,
               sort: str = DEFAULT_SORT) -> SearchResponse:
        """The best ``k`` passages, or with ``group="document"`` the best ``k`` documents with their best passages;
        ``filters`` narrow them, ``sort="date"`` shows them newest first, and facets count the filtered collection."""
        started = time.perf_counter()
        query = validate(query, k, lang, mode, group)
        validate_filters(filters or SearchFilters(), sort)
        narrow = store_filters(filters)
        timings: dict[str, float] = {}
        candidates, keys, alternatives = self.candidates_for(query, passages_to_rank(k, group), lang, source,
                                                             timings, narrow)

        tick = time.perf_counter()
        with_windows = "window" in candidates.features
        ranker_scores = self.ranker(with_windows).logit(candidates.features)
        if mode == "hybrid":
            scores = dict(zip(candidates.ids, ranker_scores.tolist(), strict=True))
        elif mode == "dense":
            scores = candidates.dense_scores
        else:  # exact words across languages: plain BM25, no per-language rescaling
            scores = candidates.bm25
        payloads = candidates.payloads
        ranked = sorted(scores, key=lambda point_id: (-_rounded(scores[point_id]), *_tie_break(point_id, payloads)))
        by_document = group == "document"
        results = self._collapse_duplicates(ranked, payloads, len(ranked) if by_document else k)
        if by_document:
            results = best_passages_by_document(results, k)
        if sort == "date":
            results = newest_first(results)
        confidence = self.confidence(with_windows)
        answerable = self._answerable(candidates, ranker_scores, confidence)
        position = {point_id: index for index, point_id in enumerate(candidates.ids)}
        probabilities = confidence.confidences(np.array([ranker_scores[position[hit.chunk_id]] for hit in results]),
                                               answerable)
        marked = keys | set(alternative_terms(alternatives))
        for hit, probability in zip(results, probabilities, strict=True):
            hit.score = round(scores[hit.chunk_id], 4) if math.isfinite(scores[hit.chunk_id]) else 0.0
            hit.confidence = round(float(probability), 4)
            hit.highlights = highlight_spans(hit.text, marked)
        timings["rest_ms"] = _ms(tick)
        tick = time.perf_counter()
        facets = facet_counts(self.store, _filters(lang, source, narrow))
        timings["facets_ms"] = _ms(tick)
        return SearchResponse(query=query, mode=mode, took_ms=_ms(started), results=results, timings=timings,
                              group=group, documents=documents_of(results) if by_document else None,
                              sort=sort, facets=facets, weak=confidence.is_weak(answerable))

    def candidates_for(self, query: str, k: int, lang: str | None, source: str | None,
                       timings: dict[str, float] | None = None,
                       narrow: Filters | None = None) -> tuple[Candidates, set[str], dict[str, set[str]]]:
        """Every language's candidates for a (valid) query with their features, the query's content words and
        their other spellings. Every mode gathers them: the confidence of a hit is read from them.

        The store answers every language and retriever in one batch; an index without sentence windows
        (an older layout) gives candidates without the window features.
        """
        timings = {} if timings is None else timings
        normalized = self.canonical(query)
        words = terms(normalized)
        alternatives = query_alternatives(words, self._alias_source())
        languages = [lang] if lang else list(LANGUAGES)
        limit = max(self.candidates, 2 * k)

        tick = time.perf_counter()
        embedding = self.embedder.embed_query(normalized)
        timings["embed_ms"] = _ms(tick)
        lexical_vector = query_vector(normalized, alternative_terms(alternatives))

        tick = time.perf_counter()
        retrievers = RETRIEVERS if self.store.has_windows() else ("dense", "lexical")
        queries = {(retriever, language): StoreQuery(lexical_vector if retriever == "lexical" else embedding, limit,
                                                     _filters(language, source, narrow), windows=retriever == "windows")
                   for retriever in retrievers for language in languages}
        answers = dict(zip(queries, self.store.query_batch(list(queries.values())), strict=True))
        timings["store_ms"] = _ms(tick)
        pools: dict[str, dict[str, list[ScoredHit]]] = {retriever: {} for retriever in retrievers}
        for (retriever, language), hits in answers.items():
            pools[retriever][language] = hits
        candidates = gather(pools["dense"], pools.get("windows"), pools["lexical"], dominant_language(query),
                            set(words), alternatives, _passage_keys)
        return candidates, set(words), alternatives

    def ranker(self, with_windows: bool) -> LogisticModel:
        return ranker(with_windows, self.models)

    def confidence(self, with_windows: bool) -> ConfidenceModel:
        return confidence_model(with_windows, self.embedder_name, self.models)

    @staticmethod
    def _answerable(candidates: Candidates, ranker_scores: np.ndarray, confidence: ConfidenceModel) -> float:
        """The chance that the collection answers the query: from its known words and the best passage's cosine."""
        if not len(ranker_scores):
            return 0.0
        top_dense = float(candidates.features["dense"][int(np.argmax(ranker_scores))])
        return confidence.answerable(candidates.known_share, top_dense)

    def canonical(self, query: str) -> str:
        """The query as it is embedded: each word in the collection's usual spelling.

        A collection indexed before spellings were counted has none; its queries get hazm's display text.
        """
        if self.vocabulary is None or self.vocabulary.is_empty():
            return display_text(query)
        usual = self.vocabulary.spellings(lookup_keys(query))
        return canonical_query(query, usual.get)

    def _alias_source(self) -> AliasSource | None:
        """What the collection knows about names across scripts (nothing with a Qdrant server: calendars only)."""
        return None if self.vocabulary is None or self.vocabulary.is_empty() else self.vocabulary

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
