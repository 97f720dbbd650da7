"""OpenAPI declarations of the error responses each route can give (all `ErrorBody`)."""

from __future__ import annotations

from typing import Any

from app.schemas import ErrorBody

_TEXT = {
    401: "Missing or wrong API key.",
    404: "Unknown id or name; `errors` may hold suggestions.",
    409: "Ambiguous name; `errors` lists the candidates.",
    413: "Body over 2 MB.",
    415: "Unsupported content type.",
    422: "Invalid parameter or body.",
    501: "Needs a catalog query this version of the graph package does not have.",
    503: "Store or queue unavailable.",
}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route: the given statuses plus 401, 422 and 503."""
    wanted = sorted({401, 422, 503, *statuses})
    return {s: {"model": ErrorBody, "description": _TEXT[s]} for s in wanted}
