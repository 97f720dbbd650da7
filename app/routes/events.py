"""`GET /events`: events in a period, about a country, of a kind; `GET /events/{id}`: one event."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from app.answers import list_events
from app.deps import ReadKeyDep, ServicesDep
from app.errors import PATTERN_HELP
from app.params import MAX_NAME, DateFrom, DateTo, Offset, check_period, page_limit
from app.responses import errors
from app.schemas import EventDetail, EventsPage
from app.views import event_detail
from ingest.models import EventKind

router = APIRouter(prefix="/events", tags=["events"], dependencies=[ReadKeyDep])

EVENT_ID_PATTERN = r"^event:[A-Za-z0-9_\-.]+$"
PATTERN_HELP[EVENT_ID_PATTERN] = "an event id (event: then letters, digits, '_', '-' or '.')"


@router.get("", response_model=EventsPage, responses=errors(404, 409))
def read_events(
    services: ServicesDep,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    country: Annotated[str | None, Query(
        min_length=1, max_length=MAX_NAME, examples=["Libya"],
        description="A country (name in any script, or id) the event is about, is held in "
                    "(or in one of its places), or one of whose representatives takes part."),
    ] = None,
    kind: Annotated[EventKind | None, Query(
        examples=["meeting"], description="Only events of this kind.")] = None,
    limit: Annotated[int, page_limit(100, 500)] = 100,
    offset: Offset = 0,
) -> EventsPage:
    """Events with their participants, topics, place and sources, in date order (undated
    last)."""
    check_period(date_from, date_to)
    data = list_events(services, date_from=date_from, date_to=date_to, country=country,
                       kind=kind, limit=limit, offset=offset)
    return EventsPage(data=data, count=len(data))


@router.get("/{event_id}", response_model=EventDetail, responses=errors(404, 501))
def read_event(
    services: ServicesDep,
    event_id: Annotated[str, Path(
        max_length=100, pattern=EVENT_ID_PATTERN,
        examples=["event:5f1c2a9e0b7d4e21"],
        description="An event id, as given by `/events`, `/meetings` or a timeline.")],
) -> EventDetail:
    """One event: participants with roles, topics, place, date, and every article that
    reported it with its evidence."""
    return event_detail(services, event_id)
