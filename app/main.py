"""`create_app(settings)`: the FastAPI application, with one router per resource.

Nothing is built at import time. The app holds one `Services` (store + extractor) and one
`IngestQueue`; with `run_worker=True` (what `diplograph serve` does on the embedded store)
the huey consumer runs as threads of this process, so one process owns the LadybugDB store.
"""

from __future__ import annotations

import os
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.routing import APIRoute
from prometheus_client import CollectorRegistry
from prometheus_fastapi_instrumentator import Instrumentator

from app.deps import check_api_key
from app.errors import Unauthorized, error_body, install_error_handlers
from app.logs import configure_logging
from app.routes import (
    articles,
    ask,
    docs,
    entities,
    events,
    health,
    meetings,
    network,
    people,
    places,
    sources,
    web,
)
from app.services import Services
from app.settings import Settings, get_settings
from app.worker import IngestQueue
from ingest.reader import MAX_JSON_DEPTH, json_encoding_error, json_too_deep

log = structlog.get_logger(__name__)

MAX_BODY_BYTES = 2 * 1024 * 1024
# Content types each body-taking path accepts (anything else: 415).
_MEDIA = {"/ask": ("application/json",), "/articles": ("application/json", "text/plain")}

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]],
                   Awaitable[None]]


def _operation_id(route: APIRoute) -> str:
    return f"{route.tags[0]}-{route.name}" if route.tags else route.name


class BodyGuard:
    """413 for bodies over the limit, 415 for content types a path does not take, 422 for a
    JSON body that is not UTF-8 or nests deeper than MAX_JSON_DEPTH (checked before parsing)."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope.get("headers", [])}
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_bytes:
            await self._reject(send, 413, "payload_too_large",
                               f"body of {length} bytes is over the {self.max_bytes}-byte limit")
            return
        allowed = _MEDIA.get(scope["path"].rstrip("/") or "/")
        media = headers.get("content-type", "").split(";")[0].strip().lower()
        if allowed and media not in allowed:
            await self._reject(send, 415, "unsupported_media_type",
                               f"content type {media or 'none'!r}: use {' or '.join(allowed)}")
            return
        if media == "application/json" or media.endswith("+json"):
            await self._json(scope, receive, send)
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge()
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLarge:
            await self._reject(send, 413, "payload_too_large",
                               f"body over the {self.max_bytes}-byte limit")

    async def _json(self, scope: Scope, receive: Any, send: Any) -> None:
        """Read the whole JSON body (under the limit), check it is UTF-8 and nested no deeper
        than MAX_JSON_DEPTH before any parser sees it (422 otherwise), then pass it on."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._reject(send, 413, "payload_too_large",
                                   f"body over the {self.max_bytes}-byte limit")
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        problem = json_encoding_error(body)
        if problem is None and json_too_deep(body.decode("utf-8")):
            problem = f"JSON nested deeper than {MAX_JSON_DEPTH} levels"
        if problem is not None:
            await self._reject(send, 422, "invalid_input", f"body: {problem}",
                               [{"loc": ["body"], "msg": problem, "type": "json_invalid"}])
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # type: ignore[no-any-return]

        await self.app(scope, replay, send)

    @staticmethod
    async def _reject(send: Any, status: int, code: str, message: str,
                      errors: list[dict[str, Any]] | None = None,
                      headers: list[tuple[bytes, bytes]] | None = None) -> None:
        import json

        body = json.dumps(error_body(status, code, message, errors)).encode()
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode()),
                                *(headers or [])]})
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass


OPEN_PATHS = frozenset({"/health", "/ready"})
"""Paths that never need the API key (probes); with `read_requires_key` every other does."""


class KeyGuard:
    """With `read_requires_key`, 401 for any request without the key except OPEN_PATHS.

    Routes check the key too (`ReadKeyDep`, `WriteKeyDep`); this guard also covers what no
    route dependency reaches: `/metrics`, `/openapi.json`, `/docs`, `/redoc`, `/` and
    `/static/…`, and methods or paths that would otherwise answer 404/405 without a key.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        owner = scope.get("app")
        settings: Settings | None = getattr(getattr(owner, "state", None), "settings", None)
        if (scope["type"] != "http" or settings is None or not settings.read_requires_key
                or scope["path"] in OPEN_PATHS):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        what = "reads" if scope["method"] in ("GET", "HEAD", "OPTIONS") else "writes"
        try:
            check_api_key(request, request.headers.get("x-api-key"), settings, what)
        except Unauthorized as exc:
            await BodyGuard._reject(send, 401, exc.code, exc.message,
                                    headers=[(b"www-authenticate", b"ApiKey")])
            return
        await self.app(scope, receive, send)


def create_app(settings: Settings | None = None, *, services: Services | None = None,
               queue: IngestQueue | None = None, run_worker: bool = False,
               worker_threads: int = 1) -> FastAPI:
    """Build the application.

    Args:
        settings: configuration; `get_settings()` when omitted.
        services: a shared store/extractor holder (tests, `serve`); built lazily when omitted.
        queue: the ingest queue; built from the settings when omitted.
        run_worker: run the huey consumer as threads of this process (embedded default).
        worker_threads: consumer threads when `run_worker`.
    """
    settings = settings or get_settings()
    configure_logging(settings.log_level)
    own_services = services is None
    services = services or Services(settings)
    if run_worker:  # the HTTP threads keep the GIL and a core: NLP in a child process
        services.nlp_in_child = settings.nlp_process
        if services.nlp_threads is None:
            services.nlp_threads = max(1, (os.cpu_count() or 2) - 1)
    queue = queue or IngestQueue(settings, services)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if run_worker:
            warm = threading.Thread(target=_warm, args=(app,), name="warm-models", daemon=True)
            app.state.background.append(warm)
            warm.start()
            queue.requeue_interrupted()
            queue.start_consumer(workers=worker_threads)
        try:
            yield
        finally:
            # Order: stop taking tasks and wait (bounded) for the one in progress, then close
            # the store once, under the write lock (`Services.close`).
            idle = queue.stop_consumer(timeout=settings.shutdown_timeout) if run_worker else True
            app.state.busy_at_shutdown = not idle or any(
                t.is_alive() for t in app.state.background)
            if own_services:
                services.close(busy=app.state.busy_at_shutdown)

    app = FastAPI(
        title="diplograph",
        version="0.1.0",
        summary="Who met whom, when, where and about what, from fr/ar/en news.",
        description="A diplomatic knowledge graph. Every error response has the body "
                    "`{status, code, error, errors}`. Writes need `X-API-Key`; with "
                    "`DIPLOGRAPH_READ_REQUIRES_KEY=true` every path but `/health` and `/ready` "
                    "needs it (`/metrics`, `/openapi.json`, `/docs` and the web page included). "
                    "Request bodies: at most 2 MiB (413); JSON must be UTF-8 (RFC 8259) and "
                    "nest at most 32 levels (422, checked before parsing).",
        lifespan=lifespan,
        generate_unique_id_function=_operation_id,
        docs_url=None,  # /docs and /redoc come from app.routes.docs, with local assets
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.services = services
    app.state.queue = queue
    app.state.run_worker = run_worker
    app.state.models_ready = threading.Event()
    app.state.models_error = None
    app.state.background = []  # threads started by the lifespan (model warm-up)
    app.state.busy_at_shutdown = False  # set by the lifespan: a thread outlived the shutdown
    install_error_handlers(app)
    for module in (meetings, entities, people, network, events, articles, ask, health, web,
                   sources, places, docs):
        app.include_router(module.router)
    Instrumentator(registry=CollectorRegistry(), excluded_handlers=["/metrics"]).instrument(
        app).expose(app, endpoint="/metrics", include_in_schema=False)
    app.add_middleware(BodyGuard)  # type: ignore[arg-type]
    app.add_middleware(KeyGuard)  # type: ignore[arg-type]  # outermost: the key before the body
    return app


def _warm(app: FastAPI) -> None:
    """Load the extractor and the NLP models once, so the first article is fast."""
    services: Services = app.state.services
    try:
        services.warm_up()
        log.info("models_ready", process="child" if services.nlp_in_child else "this")
    except Exception as exc:  # reported by /ready; the worker retries and fails loudly
        log.error("models_failed", error=repr(exc))
        app.state.models_error = str(exc)
        return
    app.state.models_ready.set()

