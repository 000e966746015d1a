"""The embedded store (qdrant-edge-py): its data survives a reopen, and one process owns it."""

from __future__ import annotations

import pytest

from index.errors import StoreLockedError
from index.store import EdgeStore, check_embedder
from tests.index.store.sample import fill


def test_embedded_store_reopens_with_its_data(tmp_path):
    store = EdgeStore(tmp_path, "test")
    check_embedder(store, "toy", 3)
    fill(store)
    store.close()
    reopened = EdgeStore(tmp_path, "test")
    try:
        assert reopened.count({"kind": "chunk"}) == 4
        check_embedder(reopened, "toy", 3)
    finally:
        reopened.close()


def test_second_owner_of_an_embedded_store_gets_a_clear_message(tmp_path):
    first = EdgeStore(tmp_path, "test")
    check_embedder(first, "toy", 3)
    try:
        with pytest.raises(StoreLockedError, match=r"in use by process \d+.*KAVOSH_API_URL"):
            EdgeStore(tmp_path, "test")
    finally:
        first.close()
