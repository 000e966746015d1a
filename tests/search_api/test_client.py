"""ApiClient's errors when there is no API to talk to (the live-server tests cover the rest)."""

from __future__ import annotations

import pytest

from search_api.client import ApiClient, ApiError
from tests.conftest import free_port


def test_client_reports_an_unreachable_api():
    with ApiClient(f"http://127.0.0.1:{free_port()}", timeout=2) as nobody, pytest.raises(
        ApiError, match="cannot reach the Kavosh API"
    ):
        nobody.health()


def test_client_reports_a_missing_file(tmp_path):
    with ApiClient("http://127.0.0.1:9", token="t") as client, pytest.raises(ApiError, match="cannot read"):
        client.ingest([tmp_path / "missing.pdf"])
