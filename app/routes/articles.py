"""`/articles`: post an article for ingestion, follow its status, delete it and its facts."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import ValidationError

from app.answers import parse_date
from app.deps import QueueDep, ReadKeyDep, ServicesDep, WriteKeyDep
from app.errors import (
    PATTERN_HELP,
    InvalidInput,
    NotFound,
    ServiceUnavailable,
    UnsupportedMediaType,
    user_errors,
    validation_message,
)
from app.params import DATE_HELP, DATE_PATTERN
from app.responses import errors
from app.schemas import ArticleAccepted, ArticleCreate, ArticleStatus
from ingest.reader import (
    MAX_ARTICLE_CHARS,
    MAX_JSON_DEPTH,
    json_encoding_error,
    json_too_deep,
    raw_article_from_json,
    raw_article_from_text,
)

router = APIRouter(prefix="/articles", tags=["articles"])

ArticleId = Annotated[str, Path(min_length=1, max_length=100, pattern=r"^article:[0-9a-f]{4,64}$",
                                examples=["article:18dc67424a579d86"],
                                description="An article id, as given by `POST /articles` or a "
                                            "source.")]
PATTERN_HELP[r"^article:[0-9a-f]{4,64}$"] = "an article id (article: then 4-64 hex digits)"

_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": ArticleCreate.model_json_schema(
                ref_template="#/components/schemas/{model}")},
            "text/plain": {"schema": {"type": "string", "minLength": 1,
                                      "maxLength": MAX_ARTICLE_CHARS},
                           "example": "Le ministre Ramtane Lamamra a reçu jeudi à Alger…"},
        },
    }
}


def _invalid(exc: ValidationError) -> InvalidInput:
    errs = user_errors([{**e, "loc": ("body", *e["loc"])} for e in exc.errors()])
    return InvalidInput(validation_message(errs), errors=errs)


def _queue_down(exc: Exception) -> ServiceUnavailable:
    return ServiceUnavailable(f"the ingest queue cannot be written ({type(exc).__name__}: "
                              f"{exc}): not done, try again later")


@router.post("", status_code=202, response_model=ArticleAccepted, openapi_extra=_BODY,
             responses=errors(413, 415), dependencies=[WriteKeyDep])
async def create_article(
    request: Request,
    queue: QueueDep,
    services: ServicesDep,
    lang: Annotated[str | None, Query(pattern="^(fr|ar|en)$", examples=["fr"],
                                      description="For text/plain: the language (fr, ar or en; "
                                                  "detected when absent).")] = None,
    date: Annotated[str | None, Query(max_length=10, pattern=DATE_PATTERN, examples=["2021-10-21"],
                                      description="For text/plain: the publication date, "
                                                  f"{DATE_HELP}.")] = None,
) -> JSONResponse:
    """Queue an article (JSON or text/plain); 202 with its id and status URL.
    The same content posted twice is one article.

    Limits: a body of at most 2 MiB (2,097,152 bytes; 413 over it) and an article text of at
    most 200,000 characters. JSON must be UTF-8 (RFC 8259; UTF-16/32 get 422) and nest at most
    32 levels deep (422, checked before parsing). Control characters (C0 but tab, LF and CR,
    and DEL) are stripped from the text and title before the article id is computed, so
    evidence offsets refer to the stored text; more than five of them in the first 5,000
    characters is refused as binary (422). A text with no detectable French, Arabic or English
    (another language, or no words: digits, punctuation) gets 422 `unsupported_language`."""
    parse_date(date, "date")  # a real calendar date, or 422
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await request.body()
    if media == "application/json":
        problem = json_encoding_error(body)  # RFC 8259: UTF-8 only (BodyGuard checks it too)
        if problem is not None:
            raise InvalidInput(f"body: {problem}")
        if json_too_deep(body.decode("utf-8")):
            raise InvalidInput(f"body: JSON nested deeper than {MAX_JSON_DEPTH} levels")
        try:
            data = ArticleCreate.model_validate(json.loads(body.decode("utf-8-sig")))
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"body: invalid JSON ({exc.msg} at {exc.pos})") from exc
        except ValidationError as exc:
            raise _invalid(exc) from exc
        raw = raw_article_from_json(data.model_dump(exclude_none=True), source=data.source)
    elif media == "text/plain":
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidInput("body: text/plain must be UTF-8") from exc
        if not text.strip():
            raise InvalidInput("body: the article is empty")
        raw = raw_article_from_text(text, lang=lang, date=date)
    else:
        raise UnsupportedMediaType(
            f"content type {media or 'none'!r}: post application/json or text/plain")
    existing = queue.status(raw.id)
    if existing is None and raw.source is None and services.get_extraction(raw.id) is not None:
        state = "done"
    else:  # a done article the store lost is queued again; a deleted one is posted anew
        lost = (existing or {}).get("status") == "done" and \
            services.get_extraction(raw.id) is None
        try:
            state = queue.submit(raw, again=lost)["status"]
        except Exception as exc:  # the queue storage cannot be written (full disk, down)
            raise _queue_down(exc) from exc
    if state == "done" and raw.source:  # the same text from another source: one article
        services.add_article_source(raw.id, raw.source)
    url = f"/articles/{raw.id}"
    accepted = ArticleAccepted(id=raw.id, status=state, status_url=url)
    return JSONResponse(accepted.model_dump(), status_code=202, headers={"Location": url})


@router.get("/{id}", response_model=ArticleStatus, responses=errors(404),
            dependencies=[ReadKeyDep])
def read_article(id: ArticleId, queue: QueueDep, services: ServicesDep) -> ArticleStatus:
    """The article's status (queued, processing, done with its Extraction, or failed with
    its error); 404 for an unknown or deleted article."""
    record = queue.status(id)
    if record is not None and record.get("status") == "deleted":
        raise NotFound(f"article {id!r} was deleted")
    if record is None or record.get("status") == "done":
        extraction = services.get_extraction(id)
        if extraction is not None:
            return ArticleStatus(id=id, status="done", extraction=extraction,
                                 attempts=(record or {}).get("attempts", 0))
        if record is None:
            raise NotFound(f"no article has the id {id!r}")
        raise NotFound(f"article {id!r} was processed but is no longer in the store: post it "
                       "again (or restart the worker, which queues it again)")
    return ArticleStatus(id=id, status=record["status"], error=record.get("error"),
                         attempts=record.get("attempts", 0))


@router.delete("/{id}", status_code=204, response_class=Response, responses=errors(404),
               dependencies=[WriteKeyDep])
def delete_article(id: ArticleId, queue: QueueDep, services: ServicesDep) -> Response:
    """Delete an article and the facts only it reported. A queued or running ingest of it
    writes nothing (a tombstone stays in its place); posting the same content again later
    is a fresh submission."""
    try:  # the tombstone first, so that a worker's write cannot outlive the delete
        previous = queue.delete(id)
    except Exception as exc:
        raise _queue_down(exc) from exc
    removed = services.delete_article(id)
    if not removed and (previous is None or previous.get("status") == "deleted"):
        raise NotFound(f"no article has the id {id!r}")
    return Response(status_code=204)
