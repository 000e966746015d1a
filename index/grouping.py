"""Results by document: each document once with its best passages, in the order of its best passage.

Grouping works on passages the search has already ranked (``index.search``); it reorders nothing,
so a document ranks where its best passage ranks.
"""

from __future__ import annotations

from collections.abc import Sequence

from index.records import PASSAGES_PER_DOCUMENT, DocumentHit, SearchHit


def passages_to_rank(k: int, group: str, per_document: int = PASSAGES_PER_DOCUMENT) -> int:
    """How many passages a search should rank: ``k``, or by document enough for ``k`` documents' best passages."""
    return k * per_document if group == "document" else k


def best_passages_by_document(hits: Sequence[SearchHit], k: int,
                              per_document: int = PASSAGES_PER_DOCUMENT) -> list[SearchHit]:
    """The best ``per_document`` passages of the first ``k`` documents among ranked ``hits``.

    Documents come in the order of their best passage, each document's passages together and best first.
    """
    if k < 1 or per_document < 1:
        raise ValueError(f"k and per_document must be at least 1, got {k} and {per_document}")
    kept: dict[str, list[SearchHit]] = {}
    for hit in hits:
        passages = kept.get(hit.doc_id)
        if passages is None:
            if len(kept) == k:
                continue  # a document below the first k: its passages are not shown
            passages = kept[hit.doc_id] = []
        if len(passages) < per_document:
            passages.append(hit)
    return [hit for passages in kept.values() for hit in passages]


def documents_of(hits: Sequence[SearchHit]) -> list[DocumentHit]:
    """Ranked passages as documents, in the order each document first appears, scored by their best passage."""
    passages_of: dict[str, list[SearchHit]] = {}
    for hit in hits:
        passages_of.setdefault(hit.doc_id, []).append(hit)
    return [DocumentHit(doc_id=doc_id, title=passages[0].title, source=passages[0].source, lang=passages[0].lang,
                        score=max(hit.score for hit in passages), passages=passages)
            for doc_id, passages in passages_of.items()]
