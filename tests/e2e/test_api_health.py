"""/health, /ready, /metrics and the OpenAPI document."""

from __future__ import annotations

from typing import Any


def test_health_ok(client: Any) -> None:
    assert client.get("/health").json() == {"status": "ok"}


def test_ready_reports_store_and_queue(client: Any) -> None:
    response = client.get("/ready")
    assert response.status_code == 200
    body = response.json()
    assert body["store"] == "ladybug" and body["queue"] == "sqlite"
    assert set(body["models"]) >= {"fr", "ar"}  # loaded by the session's seeding


def test_metrics_prometheus(client: Any) -> None:
    client.get("/health")
    response = client.get("/metrics")
    assert response.status_code == 200
    assert "http_requests_total" in response.text


def test_openapi_declares_errors_and_examples(client: Any) -> None:
    spec = client.get("/openapi.json").json()
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            assert "-" in operation["operationId"], (path, method)
            codes = set(operation["responses"])
            if path not in ("/health",):
                assert {"422", "503"} <= codes or path == "/ready", (path, method, codes)
            for code, response in operation["responses"].items():
                if code.startswith(("4", "5")):
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/ErrorBody"}, (path, code)
    assert spec["paths"]["/meetings"]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"]["$ref"].endswith("MeetingsPage")
    assert "examples" in spec["components"]["schemas"]["MeetingsPage"]


def test_unknown_route_404_error_shape(client: Any) -> None:
    response = client.get("/nope")
    assert response.status_code == 404
    assert set(response.json()) == {"status", "code", "error", "errors"}


def test_method_not_allowed_error_shape(client: Any) -> None:
    response = client.put("/meetings")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
