"""Errors of the service and the one place where exceptions become HTTP responses.

Every non-2xx response, 422 included, has one body: `{status, code, error, errors}`
(`app.schemas.ErrorBody`). Routes raise domain errors (ours, `ingest.errors.IngestError`,
`graph.errors.GraphError`); `install_error_handlers` maps them to statuses here and nowhere else.
"""

from __future__ import annotations

from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from graph.errors import GraphError
from ingest.errors import IngestError

log = structlog.get_logger(__name__)


class AppError(Exception):
    """Root of the service's own errors; `status` and `code` are stable."""

    status: int = 500
    code: str = "internal_error"

    def __init__(self, message: str, *, errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or []


class NotFound(AppError):
    """The entity, person, article or path asked for does not exist."""

    status = 404
    code = "not_found"


class AmbiguousName(AppError):
    """A name matches several entities; `errors` lists the candidates."""

    status = 409
    code = "ambiguous_name"


class Unauthorized(AppError):
    """A missing or wrong API key."""

    status = 401
    code = "unauthorized"


class PayloadTooLarge(AppError):
    """A request body over the size limit."""

    status = 413
    code = "payload_too_large"


class UnsupportedMediaType(AppError):
    """A request body in a content type the endpoint does not take."""

    status = 415
    code = "unsupported_media_type"


class InvalidInput(AppError):
    """A request that is well-formed but cannot be used (bad body, bad date)."""

    status = 422
    code = "invalid_input"


class QuestionNotUnderstood(AppError):
    """`/ask` could not parse the question; `errors` gives examples it understands."""

    status = 422
    code = "question_not_understood"


class NotImplementedYet(AppError):
    """The route needs a catalog query that this version of the graph package lacks."""

    status = 501
    code = "not_implemented"


class ExportTooLarge(AppError):
    """An export would need a SKIP that the embedded store does not survive."""

    status = 500
    code = "export_too_large"


class ServiceUnavailable(AppError):
    """The store or the queue cannot be reached."""

    status = 503
    code = "unavailable"


# Foreign roots: status by error code, then a default per root.
_GRAPH_STATUS = {
    "query_not_found": 404,
    "invalid_query_params": 422,
    "store_locked": 503,
    "store_unavailable": 503,
}
_INGEST_STATUS = {"article_too_large": 413, "model_not_found": 503}


def error_body(status: int, code: str, error: str,
               errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The single JSON error body."""
    return {"status": status, "code": code, "error": error, "errors": errors or []}


def error_response(status: int, code: str, error: str,
                   errors: list[dict[str, Any]] | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, code, error, errors), status_code=status,
                        headers=headers)


def status_of(exc: BaseException) -> tuple[int, str]:
    """HTTP status and stable code for any exception (also used by the CLI and worker)."""
    if isinstance(exc, AppError):
        return exc.status, exc.code
    code = str(getattr(exc, "code", "") or type(exc).__name__)
    if isinstance(exc, GraphError):
        return _GRAPH_STATUS.get(code, 500), code
    if isinstance(exc, IngestError):
        return _INGEST_STATUS.get(code, 422), code
    return 500, "internal_error"


PATTERN_HELP: dict[str, str] = {}
"""Regular expression of a parameter → what it asks for, in words (`app.params` registers the
date pattern, routes their id patterns); the 422 message says that instead of the regex."""

# Internal parameter names → the names a client uses (the catalog's date bounds are `from`/`to`).
_PUBLIC_NAMES = {"date_from": "from", "date_to": "to"}
_ECHO = 40  # characters of a refused value repeated in a message


def _shown(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    return repr(text if len(text) <= _ECHO else text[:_ECHO] + "…")


def _public(text: str) -> str:
    for inner, outer in _PUBLIC_NAMES.items():
        text = text.replace(inner, outer)
    return text


def describe_error(err: dict[str, Any]) -> tuple[str, str]:
    """One validation error (pydantic's dict) in a client's terms: (where, what is wrong).

    `where` is the parameter or body field as the client names it (`from`, `body.text`);
    the message names the value (shortened), the limit and what to send instead.
    """
    loc = [str(x) for x in err.get("loc", [])]
    source, path = (loc[0], loc[1:]) if loc and loc[0] in ("query", "path", "header", "body") \
        else ("", loc)
    name = _public(".".join(path)) if path else ("body" if source == "body" else "request")
    where = f"body.{name}" if source == "body" and path else name
    kind, ctx, value = err.get("type", ""), err.get("ctx") or {}, err.get("input")
    if kind == "missing":
        what = "a JSON body is required" if not path and source == "body" else "is required"
    elif kind == "string_too_short":
        least = ctx.get("min_length", 1)
        what = "is empty" if least == 1 else f"needs at least {least} characters"
    elif kind == "string_too_long":
        what = f"has {len(value) if isinstance(value, str) else 'too many'} characters; " \
               f"at most {ctx.get('max_length')} are accepted"
    elif kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        wanted = PATTERN_HELP.get(pattern) or (f"the form {pattern}" if len(pattern) <= 40
                                               else "the documented form")
        what = f"{_shown(value)} is not {wanted}" if pattern in PATTERN_HELP \
            else f"{_shown(value)} does not have {wanted}"
    elif kind in ("int_parsing", "int_type", "int_from_float"):
        what = f"must be a whole number, not {_shown(value)}"
    elif kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = {"greater_than_equal": f"at least {ctx.get('ge')}",
                 "greater_than": f"more than {ctx.get('gt')}",
                 "less_than_equal": f"at most {ctx.get('le')}",
                 "less_than": f"less than {ctx.get('lt')}"}[kind]
        what = f"must be {bound}, not {_shown(value)}"
    elif kind in ("literal_error", "enum"):
        what = f"must be one of {ctx.get('expected', '')}, not {_shown(value)}"
    elif kind == "extra_forbidden":
        what = "is not a field of this body; remove it"
    elif kind == "json_invalid":
        where = "body"
        what = f"is not valid JSON ({ctx.get('error') or err.get('msg', 'syntax error')})"
    elif kind in ("model_attributes_type", "dict_type", "model_type"):
        what = "must be a JSON object"
    elif kind == "string_type":
        what = "must be a string"
    elif kind in ("bool_parsing", "bool_type"):
        what = f"must be true or false, not {_shown(value)}"
    else:
        msg = str(err.get("msg", "is invalid"))
        what = _public(msg.removeprefix("Value error, ").removeprefix("Assertion failed, "))
    return where, what


def _sentence(where: str, what: str) -> str:
    if what.startswith("a JSON body"):
        return what
    verb = what.split(" ", 1)[0]
    return f"{where} {what}" if verb in ("is", "has", "must", "needs") else f"{where}: {what}"


def validation_message(errors: list[dict[str, Any]]) -> str:
    """The `error` text of a 422 from `_jsonable` items: the first three messages."""
    message = "; ".join(e["msg"] for e in errors[:3]) or "invalid request"
    if len(errors) > 3:
        message += f" (and {len(errors) - 3} more in `errors`)"
    return message


def user_errors(errors: list[Any]) -> list[dict[str, Any]]:
    """Pydantic validation errors as `{loc, msg, type}` in a client's terms (no echo of whole
    inputs); `loc` starts with where the value was (`query`, `path`, `body`)."""
    return _jsonable(errors)


def _jsonable(errors: list[Any]) -> list[dict[str, Any]]:
    """Validation errors as `{loc, msg, type}` in a client's terms (no echo of whole inputs)."""
    out = []
    for err in errors:
        item = dict(err)
        where, what = describe_error(item)
        out.append({"loc": [_public(str(x)) for x in item.get("loc", [])],
                    "msg": _sentence(where, what),
                    "type": str(item.get("type", "invalid"))})
    return out


async def _handle_app_error(request: Request, exc: Exception) -> JSONResponse:
    status, code = status_of(exc)
    errors = getattr(exc, "errors", [])
    if status >= 500:
        level = log.warning if status == 503 else log.error
        level("request_failed", path=request.url.path, code=code, error=str(exc))
    headers = {"WWW-Authenticate": "ApiKey"} if status == 401 else None
    message = getattr(exc, "message", None) or str(exc)
    if code == "invalid_query_params":  # what the catalog refused, in the client's terms
        errors = _jsonable(errors if isinstance(errors, list) else [])
        message = validation_message(errors)
        code = "invalid_input"
    return error_response(status, code, message, errors if isinstance(errors, list) else [],
                          headers)


async def _handle_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = _jsonable(list(exc.errors()))
    return error_response(422, "invalid_input", validation_message(errors), errors)


async def _handle_http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400:  # FastAPI's "error parsing the body": invalid input, like the rest
        return error_response(422, "invalid_input", f"body: {exc.detail}",
                              [{"loc": ["body"], "msg": str(exc.detail), "type": "json_invalid"}])
    if exc.status_code == 405:
        allow = ", ".join(allowed_methods(request))
        if request.method == "OPTIONS":  # the path exists: say what it takes
            return Response(status_code=204, headers={"Allow": allow})
        return error_response(405, "method_not_allowed", str(exc.detail),
                              headers={"Allow": allow})
    codes = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized",
             413: "payload_too_large", 415: "unsupported_media_type"}
    code = codes.get(exc.status_code, f"http_{exc.status_code}")
    return error_response(exc.status_code, code, str(exc.detail),
                          headers=getattr(exc, "headers", None))


def allowed_methods(request: Request) -> list[str]:
    """Every method some route takes at the request's path, with OPTIONS (FastAPI has one
    route per method, so a 405 raised by one route would name only its own)."""
    methods = ["OPTIONS"]
    for method in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"):
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] is Match.FULL for route in request.app.router.routes):
            methods.append(method)
    return sorted(methods)


async def _handle_unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled_error", path=request.url.path, error=repr(exc))
    return error_response(500, "internal_error", "internal error; see the server log")


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that turn every exception into the one error body."""
    app.add_exception_handler(AppError, _handle_app_error)
    app.add_exception_handler(GraphError, _handle_app_error)
    app.add_exception_handler(IngestError, _handle_app_error)
    app.add_exception_handler(RequestValidationError, _handle_validation)
    app.add_exception_handler(StarletteHTTPException, _handle_http)
    app.add_exception_handler(Exception, _handle_unexpected)
