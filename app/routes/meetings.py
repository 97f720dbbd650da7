"""`GET /meetings`: who met a person, optionally about a topic, of a kind, in a period or place."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.answers import find_meetings
from app.deps import ReadKeyDep, ServicesDep
from app.params import MAX_NAME, DateFrom, DateTo, check_period
from app.responses import errors
from app.schemas import MeetingsPage
from ingest.models import EventKind

router = APIRouter(prefix="/meetings", tags=["meetings"], dependencies=[ReadKeyDep])


@router.get("", response_model=MeetingsPage, responses=errors(404, 409))
def list_meetings(
    services: ServicesDep,
    person: Annotated[str, Query(
        min_length=1, max_length=MAX_NAME, examples=["Lamamra"],
        description="A person: a name in any script and accent (لعمامرة, Lamamra), or an id "
                    "(person:ramtane-lamamra).")],
    topic: Annotated[str | None, Query(
        min_length=1, max_length=MAX_NAME, examples=["Libya"],
        description="Only events about this country, organisation, place or topic (name or "
                    "id).")] = None,
    kind: Annotated[EventKind | None, Query(
        examples=["meeting"], description="Only events of this kind.")] = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    place: Annotated[str | None, Query(
        min_length=1, max_length=MAX_NAME, examples=["Algiers"],
        description="Only events held in this place, or in a place of this country (name or "
                    "id).")] = None,
) -> MeetingsPage:
    """Who met `person` (about `topic`): each counterpart with role, kind, date, place, topics
    and the sources with their evidence sentence."""
    check_period(date_from, date_to)
    return find_meetings(services, person, topic, kind=kind, date_from=date_from,
                         date_to=date_to, place=place)
