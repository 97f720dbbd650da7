"""schemathesis against the OpenAPI document: no 5xx, every response matches its schema.

The one server status allowed is a declared 501 `not_implemented` (a route whose catalog
query the graph package does not have yet, e.g. `GET /events/{id}` without `event`).

The schema is loaded at collection time from a bare app (the document does not depend on
data); the calls go to the session's seeded app through `_SeededApp`.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from app.main import create_app
from app.settings import Settings


class _SeededApp:
    """An ASGI app that forwards to the seeded app once the fixture has set it."""

    def __init__(self) -> None:
        self.bare = create_app(Settings(_env_file=None,  # type: ignore[call-arg]
                                        data_dir=Path(tempfile.mkdtemp(prefix="dg-schema-"))))
        self.target: Any = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await (self.target or self.bare)(scope, receive, send)


PROXY = _SeededApp()
schema = schemathesis.openapi.from_asgi("/openapi.json", PROXY)


@pytest.fixture(autouse=True)
def _route_to_seeded_app(seeded_app: Any) -> None:
    PROXY.target = seeded_app


@schema.parametrize()
@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_conforms_to_openapi(case: Any, write_headers: dict[str, str]) -> None:
    response = case.call(headers=write_headers)
    case.validate_response(response, checks=[status_code_conformance, content_type_conformance,
                                             response_schema_conformance])
    if response.status_code >= 500:
        assert response.status_code == 501, response.text
        assert response.json()["code"] == "not_implemented", response.text
