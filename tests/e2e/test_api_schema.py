"""schemathesis against the OpenAPI document: no 500, every response matches its schema."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)


@pytest.fixture(scope="session")
def api_schema(seeded_app: Any) -> Any:
    return schemathesis.openapi.from_asgi("/openapi.json", seeded_app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_conforms_to_openapi(case: Any, write_headers: dict[str, str]) -> None:
    case.call_and_validate(
        headers=write_headers,
        checks=[not_a_server_error, status_code_conformance, content_type_conformance,
                response_schema_conformance],
    )
