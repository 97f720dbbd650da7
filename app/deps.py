"""Request dependencies as named types: SettingsDep, ServicesDep, QueueDep, WriteKeyDep, ReadKeyDep.

Handlers declare what they need through these aliases; tests swap them with
`app.dependency_overrides`, never by patching modules.
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Header, Request

from app.errors import ServiceUnavailable, Unauthorized
from app.services import Services
from app.settings import Settings
from app.worker import IngestQueue

_LOOPBACK = {"127.0.0.1", "::1", "localhost", "testclient"}


def get_app_settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def get_services(request: Request) -> Services:
    return request.app.state.services  # type: ignore[no-any-return]


def get_queue(request: Request) -> IngestQueue:
    queue = request.app.state.queue
    if queue is None:
        raise ServiceUnavailable("this server has no ingest queue; set DIPLOGRAPH_QUEUE_URL")
    return queue  # type: ignore[no-any-return]


def check_api_key(request: Request, given: str | None, settings: Settings, what: str) -> None:
    """Raise Unauthorized unless `given` is the configured key (no key configured: unless the
    client is on the loopback). `what` ("reads", "writes") names the refused requests."""
    expected = settings.api_key.get_secret_value() if settings.api_key else None
    if expected:
        if given is None or not secrets.compare_digest(given.encode(), expected.encode()):
            raise Unauthorized(f"{what} need the API key in the X-API-Key header")
        return
    host = request.client.host if request.client else ""
    if host not in _LOOPBACK:
        raise Unauthorized(f"{what} are refused from {host or 'unknown clients'}: "
                           "set DIPLOGRAPH_API_KEY on the server and send it as X-API-Key")


def require_write_key(
    request: Request,
    x_api_key: Annotated[str | None, Header(max_length=256,
                                            description="The API key (DIPLOGRAPH_API_KEY).")] = None,
) -> None:
    """Writes need the API key (without one configured: loopback clients only)."""
    check_api_key(request, x_api_key, request.app.state.settings, "writes")


def require_read_key(
    request: Request,
    x_api_key: Annotated[str | None, Header(max_length=256,
                                            description="The API key, when reads need it.")] = None,
) -> None:
    """Reads are open unless `read_requires_key` is set."""
    settings: Settings = request.app.state.settings
    if settings.read_requires_key:
        check_api_key(request, x_api_key, settings, "reads")


SettingsDep = Annotated[Settings, Depends(get_app_settings)]
ServicesDep = Annotated[Services, Depends(get_services)]
QueueDep = Annotated[IngestQueue, Depends(get_queue)]
WriteKeyDep = Depends(require_write_key)
ReadKeyDep = Depends(require_read_key)
