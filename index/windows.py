"""Sentence windows of a passage: long interview passages hide one-sentence answers.

A chunk of 240 tokens holds several sentences; its one vector averages them, so a question about one
sentence matches the passage weakly. Each window of two consecutive sentences gets its own vector
(stored on the chunk as a multivector, scored by its best window: MaxSim), and the ranking uses the
passage's best window beside its own vector. A passage of one or two sentences is its own window.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from index.embedders import Embedder
from pipeline.chunking import sentence_spans

WINDOW_SENTENCES = 2
MAX_WINDOWS = 32  # per passage; a passage of many short lines (a table, a list) keeps its first windows


def sentence_windows(text: str) -> list[str]:
    """The texts of a passage's windows of two consecutive sentences; none when the passage is one window."""
    spans = sentence_spans(text)
    if len(spans) <= WINDOW_SENTENCES:
        return []
    return [text[spans[first][0] : spans[first + WINDOW_SENTENCES - 1][1]]
            for first in range(min(len(spans) - WINDOW_SENTENCES + 1, MAX_WINDOWS))]


def window_vectors(embedder: Embedder, texts: Sequence[str], vectors: Sequence[np.ndarray]) -> list[list[list[float]]]:
    """Each passage's window vectors, embedded in one batch; a passage that is one window keeps its own vector."""
    windows = [sentence_windows(text) for text in texts]
    embedded = embedder.embed_passages([window for passage in windows for window in passage])
    result, start = [], 0
    for passage, vector in zip(windows, vectors, strict=True):
        result.append(embedded[start : start + len(passage)].tolist() if passage else [np.asarray(vector).tolist()])
        start += len(passage)
    return result
