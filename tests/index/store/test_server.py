"""The server store (qdrant-client): failures name the server."""

from __future__ import annotations

import pytest

from index.errors import KavoshError
from index.store import ServerStore


def test_an_unreachable_qdrant_server_is_a_clear_error():
    with pytest.raises(KavoshError, match=r"the Qdrant server at http://127.0.0.1:9 failed"):
        ServerStore("http://127.0.0.1:9", "test")
