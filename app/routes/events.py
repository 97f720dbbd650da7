"""`GET /events`: events in a period, about a country, of a kind."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from app.answers import list_events
from app.deps import ReadKeyDep, ServicesDep
from app.responses import errors
from app.schemas import EventDetail, EventsPage
from app.views import event_detail
from ingest.models import EventKind

router = APIRouter(prefix="/events", tags=["events"], dependencies=[ReadKeyDep])

_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"


@router.get("", response_model=EventsPage, responses=errors(404, 409))
def read_events(
    services: ServicesDep,
    date_from: Annotated[str | None, Query(alias="from", max_length=10, pattern=_DATE,
                                           examples=["2021"])] = None,
    date_to: Annotated[str | None, Query(alias="to", max_length=10, pattern=_DATE,
                                         examples=["2022-12-31"])] = None,
    country: Annotated[str | None, Query(min_length=1, max_length=200, examples=["Libya"],
                                         description="A country the event is about or held in.")] = None,
    kind: Annotated[EventKind | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    # LadybugDB 0.22 crashes the process on SKIP beyond ~7000 (reported): keep offsets small.
    offset: Annotated[int, Query(ge=0, le=5000)] = 0,
) -> EventsPage:
    """Events with their participants, newest first."""
    data = list_events(services, date_from=date_from, date_to=date_to, country=country,
                       kind=kind, limit=limit, offset=offset)
    return EventsPage(data=data, count=len(data))


@router.get("/{event_id}", response_model=EventDetail, responses=errors(404, 501))
def read_event(
    services: ServicesDep,
    event_id: Annotated[str, Path(min_length=7, max_length=100, pattern=r"^event:[\w\-.]+$",
                                  examples=["event:5f1c2a9e0b7d4e21"])],
) -> EventDetail:
    """One event: participants with roles, topics, place, date, and every article that
    reported it with its evidence."""
    return event_detail(services, event_id)
