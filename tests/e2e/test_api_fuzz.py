"""schemathesis with every check on the seeded app: no 5xx, schema-valid input accepted,
schema-invalid input refused, responses as documented (issue 14).

The quick pass (20 examples per operation, in-process through ASGI) runs in CI;
`python benchmarks/fuzz_api.py` is the full run (300 examples per operation, all phases,
against `diplograph serve` on loopback) and prints the counts. Both use the same
configuration, hook and extra check of `benchmarks/fuzz_api.py` (imported here, which
registers them): 422 on `POST /ask` and `POST /articles` only for content that cannot be
used (`CONTENT_REFUSALS`), generated periods kept in order.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from app.main import create_app
from app.settings import Settings

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from fuzz_api import CONFIG  # noqa: E402

pytestmark = pytest.mark.issue(14)


class _SeededApp:
    """An ASGI app that forwards to the seeded app once the fixture has set it (the schema is
    loaded at collection time, from a bare app: the document does not depend on data)."""

    def __init__(self) -> None:
        self.bare = create_app(Settings(_env_file=None,  # type: ignore[call-arg]
                                        data_dir=Path(tempfile.mkdtemp(prefix="dg-fuzz-"))))
        self.target: Any = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await (self.target or self.bare)(scope, receive, send)


PROXY = _SeededApp()
schema = schemathesis.openapi.from_asgi("/openapi.json", PROXY,
                                        config=SchemathesisConfig.from_str(CONFIG))


@pytest.fixture(autouse=True)
def _route_to_seeded_app(seeded_app: Any) -> None:
    PROXY.target = seeded_app


@schema.parametrize()
@settings(max_examples=20, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_fuzz_every_check(case: Any, write_headers: dict[str, str]) -> None:
    # The key goes with every call but one whose case sets the header itself (valid or not).
    own_key = any(name.lower() == "x-api-key" for name in case.headers or {})
    headers = {} if own_key else write_headers
    response = case.call(headers=headers)
    case.validate_response(response, headers=headers)
    assert response.status_code < 500, response.text
