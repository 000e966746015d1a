"""Schemathesis over the OpenAPI schema: no request, valid or not, gets a 5xx (bounded, runs in CI).

Each operation gets generated requests, schema-valid ones and schema-breaking ones (wrong types,
missing fields, odd strings, huge numbers), with the token, against the app over the small index.
(schemathesis' pytest plugin does not load under pytest 9, so the operations are driven here.)
"""

from __future__ import annotations

from collections import Counter

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from search_api.main import create_app
from tests.search_api.conftest import AUTH

EXAMPLES = 100  # per operation and generation mode


@pytest.fixture
def api_schema(api_settings, indexed_kavosh):
    fuzz_settings = api_settings.model_copy(update={"allowed_hosts": "*", "max_auth_failures": 1_000_000,
                                                    "max_queued_jobs": 5})
    app = create_app(fuzz_settings, indexed_kavosh)
    with TestClient(app):  # runs the lifespan: the ingest job worker is up
        yield schemathesis.openapi.from_asgi("/openapi.json", app)


def test_no_request_gets_a_server_error(api_schema):
    answered: Counter[int] = Counter()
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert {operation.label for operation in operations} >= {"GET /search", "POST /ingest", "GET /stats"}
    for operation in operations:
        for mode in GenerationMode:

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
            def call(case):
                response = case.call(headers=AUTH)
                answered[response.status_code] += 1
                case.validate_response(response, checks=[not_a_server_error])

            try:
                call()
            except Unsatisfiable:  # nothing can break the schema of an operation without parameters
                assert mode is GenerationMode.NEGATIVE, operation.label
    print(f"\nschemathesis: {len(operations)} operations, {sum(answered.values())} requests, "
          f"status codes {dict(sorted(answered.items()))}")
    assert not [code for code in answered if code >= 500]
