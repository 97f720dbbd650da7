"""The error mapping: every error class of every package gets a status and a stable code."""

from __future__ import annotations

import pytest

from app import errors as app_errors
from app.errors import AppError, error_body, status_of
from graph import errors as graph_errors
from ingest import errors as ingest_errors


def _subclasses(root: type) -> list[type]:
    out = [root]
    for sub in root.__subclasses__():
        out.extend(_subclasses(sub))
    return out


@pytest.mark.parametrize("cls", _subclasses(AppError) + _subclasses(graph_errors.GraphError)
                         + _subclasses(ingest_errors.IngestError), ids=lambda c: c.__name__)
def test_status_of_every_error_class(cls: type) -> None:
    status, code = status_of(cls("boom"))
    assert 400 <= status <= 599
    assert code and code == getattr(cls, "code", code)
    assert cls.__doc__, f"{cls.__name__} needs a one-line docstring"


def test_status_of_store_locked_is_503() -> None:
    assert status_of(graph_errors.StoreLocked("x")) == (503, "store_locked")


def test_error_body_shape() -> None:
    assert error_body(404, "not_found", "no", [{"a": 1}]) == {
        "status": 404, "code": "not_found", "error": "no", "errors": [{"a": 1}]}


def test_unexpected_errors_are_500() -> None:
    assert status_of(ValueError("x")) == (500, "internal_error")
    assert app_errors.NotFound("x").status == 404
