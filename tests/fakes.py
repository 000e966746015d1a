"""A deterministic stand-in for the real embedder, for fast unit tests only."""

from __future__ import annotations

import hashlib
import os
import signal
import time

import numpy as np

from pipeline.normalize import tokenize


class FakeEmbedder:
    """Hashes a text's folded words into a normalized bag-of-words vector.

    Texts that share words get similar vectors; there is no cross-language meaning. Integration
    tests use the real bundled model instead.
    """

    name = "fake-bow"
    dim = 64
    max_tokens = 512

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dim, dtype=np.float32)
        for token in tokenize(text):
            bucket = int.from_bytes(hashlib.blake2b(token.key.encode(), digest_size=4).digest(), "little")
            vector[bucket % self.dim] += 1.0
        vector[0] += 0.01  # never the zero vector
        return vector / np.linalg.norm(vector)

    def embed_passages(self, texts):
        return np.array([self._vector(text) for text in texts], dtype=np.float32).reshape(-1, self.dim)

    def embed_query(self, text: str) -> np.ndarray:
        return self._vector(text)

    def embed_queries(self, texts):
        return self.embed_passages(texts)

    def count_tokens(self, text: str) -> int:
        return len(text.split()) + 2


class FullDisk:
    """Stands in for an embedded shard whose every call fails the way the engine reports a full disk."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise RuntimeError("Service internal error: No space left on device (os error 28)")

        return fail


def count_words(text: str) -> int:
    """The fake embedder's token count: words, plus two for the special tokens."""
    return len(text.split()) + 2


def word_counter():
    """A token-counter factory that worker processes can unpickle and call: counts words."""
    return count_words


SLEEP_FOREVER, CRASH_NOW, EAT_MEMORY = "SLEEP-FOREVER", "CRASH-NOW", "EAT-MEMORY"


def _misbehaving_count(text: str) -> int:
    if SLEEP_FOREVER in text:
        time.sleep(3600)
    if CRASH_NOW in text:
        os.kill(os.getpid(), signal.SIGSEGV)
    if EAT_MEMORY in text:
        hog = bytearray(64 * 1024 * 1024 * 1024)  # more than any worker may have
        hog[-1] = 1
    return count_words(text)


def misbehaving_counter():
    """A token counter that hangs, crashes or eats memory on a marker word: a reader gone wrong, in a worker."""
    return _misbehaving_count
